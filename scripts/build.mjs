// Build the published bundle: one ESM file with every .hbs template precompiled into it,
// so the create path neither walks templates/ nor loads the Handlebars compiler.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { walkTemplates } from './walk.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const templatesDir = path.join(root, 'templates');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// The template compiler is TypeScript shared with the tests; bundle it for this script first.
async function loadTemplateCompiler() {
  const outfile = path.join(root, 'node_modules/.cache/create-livrable/template-compiler.mjs');
  await build({
    entryPoints: [path.join(root, 'generators/engine/template-compiler.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

const { compileTemplate } = await loadTemplateCompiler();

// Every .hbs compiled to a JSON program, stored as a string so only the templates a run uses are
// parsed. Verbatim files stay in templates/ and are read from there.
function templateIndexModule() {
  const files = walkTemplates(templatesDir);
  const programs = Object.fromEntries(
    files
      .filter((f) => f.path.endsWith('.hbs'))
      .map((f) => {
        const source = readFileSync(path.join(templatesDir, f.path), 'utf8');
        return [f.path, JSON.stringify(compileTemplate(source, `templates/${f.path}`))];
      }),
  );
  return `export default ${JSON.stringify({ files, programs })};`;
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
  // Bundled CommonJS (yaml) may call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
