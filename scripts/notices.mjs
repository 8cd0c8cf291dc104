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
    if (files.length === 0) throw new Error(`${pkg.name}@${pkg.version} is bundled but ships no licence file: add its notice by hand.`);
    const texts = files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
    return [`${pkg.name}@${pkg.version} (${pkg.license})`, '-'.repeat(72), ...texts].join('\n');
  });
  return [
    'create-livrable bundles the following packages into dist/. Their licences follow.',
    '',
    ...sections.map((s) => `${'='.repeat(72)}\n${s}\n`),
  ].join('\n');
}
