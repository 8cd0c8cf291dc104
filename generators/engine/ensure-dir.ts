import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Missing parent folders of dir, deepest first, after creating them one level at a time. */
export function ensureDir(dir: string): string[] {
  const created: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    created.push(current);
    current = path.dirname(current);
  }
  // One level at a time, not mkdir -p: on a read-only mount Node's recursive mkdir reports ENOENT,
  // where a plain mkdir reports the real cause (EROFS, EACCES) for the one-line message.
  for (const level of [...created].reverse()) mkdirSync(level);
  return created;
}
