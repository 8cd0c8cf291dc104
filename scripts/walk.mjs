import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Same walk as generators/engine/fs-store.ts: posix paths, sorted, with the executable bit. */
export function walkTemplates(root, dir = '') {
  const out = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    const stat = statSync(path.join(root, rel));
    if (stat.isDirectory()) out.push(...walkTemplates(root, rel));
    else out.push({ path: rel, executable: (stat.mode & 0o111) !== 0 });
  }
  return out;
}
