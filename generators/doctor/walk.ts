import { lstatSync, opendirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/**
 * doctor's one directory walker: iterative (a tree 2,000 folders deep is a loop, not a stack
 * overflow), never following a symbolic link, and bounded in depth, files and entries read, so
 * that a runaway tree (a forgotten virtualenv under another name, a generated folder of a
 * million files) costs a bounded time and memory. What a limit stopped is reported, never
 * silently dropped: a check must not call a partial scan complete.
 */
export interface WalkLimits {
  /** Folders deeper than this (counted from the root) are not entered. */
  maxDepth: number;
  /** Files kept. */
  maxFiles: number;
  /** Directory entries read, files, folders and skipped ones alike. */
  maxEntries: number;
}

export type LimitName = 'depth' | 'files' | 'entries';

export interface LimitReached {
  limit: LimitName;
  max: number;
  /** The first path the limit left out. */
  at: string;
}

export interface WalkedFile {
  path: string;
  size: number;
}

export interface WalkOptions {
  limits: WalkLimits;
  /** A folder not to enter (environments, caches, ignored folders). */
  skipDir(rel: string, name: string): boolean;
  /** A file to leave out (ignored). */
  skipFile(rel: string): boolean;
}

export interface WalkResult {
  files: WalkedFile[];
  reached: LimitReached[];
}

function kindOf(entry: Dirent, abs: string): { dir: boolean; file: boolean; size: number } | undefined {
  // lstat for the size (and when the file system does not report the type): never follows a link.
  try {
    if (entry.isSymbolicLink()) return undefined;
    if (entry.isDirectory()) return { dir: true, file: false, size: 0 };
    const stat = lstatSync(abs);
    if (stat.isDirectory()) return { dir: true, file: false, size: 0 };
    return stat.isFile() ? { dir: false, file: true, size: stat.size } : undefined;
  } catch {
    return undefined; // removed while we walk, or unreadable: nothing to audit
  }
}

export function walkTree(root: string, options: WalkOptions): WalkResult {
  const { limits } = options;
  const files: WalkedFile[] = [];
  const reached = new Map<LimitName, LimitReached>();
  const reach = (limit: LimitName, max: number, at: string) => {
    if (!reached.has(limit)) reached.set(limit, { limit, max, at });
  };
  let entries = 0;
  // Depth-first, names in order: the stack holds folders still to read, the next one on top.
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  walk: while (stack.length > 0) {
    const { rel, depth } = stack.pop() as { rel: string; depth: number };
    let dir;
    try {
      dir = opendirSync(rel ? path.join(root, rel) : root);
    } catch {
      continue;
    }
    const here: Dirent[] = [];
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
        if (entries >= limits.maxEntries) {
          reach('entries', limits.maxEntries, rel ? `${rel}/${entry.name}` : entry.name);
          break;
        }
        entries++;
        here.push(entry);
      }
    } catch {
      // a folder that vanished or cannot be read part-way: keep what was read
    } finally {
      dir.closeSync();
    }
    here.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of here) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const kind = kindOf(entry, path.join(root, child));
      if (!kind) continue;
      if (kind.dir) {
        if (options.skipDir(child, entry.name)) continue;
        if (depth + 1 > limits.maxDepth) {
          reach('depth', limits.maxDepth, child);
          continue;
        }
        subdirs.push(child);
      } else if (!options.skipFile(child)) {
        if (files.length >= limits.maxFiles) {
          reach('files', limits.maxFiles, child);
          break walk;
        }
        files.push({ path: child, size: kind.size });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ rel: subdirs[i] as string, depth: depth + 1 });
    if (reached.has('entries')) break;
  }
  return { files, reached: [...reached.values()] };
}
