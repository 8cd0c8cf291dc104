// The licence notices of the packages bundled into dist/: the published package ships their code,
// so it must ship their licences too. Which packages are bundled is read from esbuild's metafile
// (the inputs that actually went into an output), not from package.json, so a new dependency
// pulled in by an import is listed without anyone remembering to.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Package folders (…/node_modules/<name> or <@scope/name>) of every input that reached an output. */
export function bundledPackageDirs(root, metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const output of Object.values(metafile.outputs)) {
      for (const input of Object.keys(output.inputs)) {
        const at = input.lastIndexOf('node_modules/');
        if (at < 0) continue;
        const rest = input.slice(at + 'node_modules/'.length).split('/');
        const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
        dirs.add(path.join(root, input.slice(0, at), 'node_modules', name));
      }
    }
  }
  return [...dirs].sort();
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

/** One notice per package: name, version, licence id, then the text of its licence file(s). */
export function noticesText(packageDirs) {
  const sections = packageDirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => LICENSE_FILE.test(f)).sort() : [];
    if (files.length === 0) {
      // A few MIT packages (node-plop and some of its dependencies) state the licence in
      // package.json only. The MIT text is fixed, so the notice is that text with the author the
      // package names; any other licence without its file stops the build for a human to look.
      if (pkg.license !== 'MIT') throw new Error(`${pkg.name}@${pkg.version} is bundled but ships no licence file: add its notice by hand.`);
      return [`${pkg.name}@${pkg.version} (${pkg.license})`, '-'.repeat(72), mitText(authorOf(pkg))].join('\n');
    }
    const texts = files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
    return [`${pkg.name}@${pkg.version} (${pkg.license})`, '-'.repeat(72), ...texts].join('\n');
  });
  return [
    'create-livrable bundles the following packages into dist/. Their licences follow.',
    '',
    ...sections.map((s) => `${'='.repeat(72)}\n${s}\n`),
  ].join('\n');
}

function authorOf(pkg) {
  const author = pkg.author;
  if (!author) return `the authors of ${pkg.name}`;
  return typeof author === 'string' ? author : [author.name, author.email && `<${author.email}>`].filter(Boolean).join(' ');
}

/** The MIT licence, for a package whose package.json says MIT but which ships no licence file. */
export function mitText(holder) {
  return `(The package ships no licence file; its package.json states the MIT licence.)

MIT License

Copyright (c) ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`;
}
