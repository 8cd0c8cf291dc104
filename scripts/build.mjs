// Build the published bundle: one ESM file with every .hbs template precompiled into it,
// so the create path neither walks templates/ nor loads the Handlebars compiler.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { walkTemplates } from './walk.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const templatesDir = path.join(root, 'templates');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const HANDLEBARS_OPTIONS = { noEscape: true, strict: true };

function templateIndexModule() {
  const files = walkTemplates(templatesDir);
  const specs = files
    .filter((f) => f.path.endsWith('.hbs'))
    .map((f) => {
      const source = readFileSync(path.join(templatesDir, f.path), 'utf8');
      return `${JSON.stringify(f.path)}: ${Handlebars.precompile(source, HANDLEBARS_OPTIONS)}`;
    });
  return `export default { files: ${JSON.stringify(files)}, precompiled: {\n${specs.join(',\n')}\n} };`;
}

const templateIndexPlugin = {
  name: 'template-index',
  setup(b) {
    b.onResolve({ filter: /^virtual:template-index$/ }, () => ({ path: 'template-index', namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: templateIndexModule(), loader: 'js' }));
  },
};

await build({
  entryPoints: [path.join(root, 'generators/bundle.ts')],
  outfile: path.join(root, 'dist/create-livrable.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  plugins: [templateIndexPlugin],
  // Bundled CommonJS (handlebars) may call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
