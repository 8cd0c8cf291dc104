import { conflictLine } from './conflict-markers.js';
import { say } from './messages.js';
import { MAX_TEXT, SCAN_LIMITS, type Repo } from './repo.js';
import { nameFinding, tokenFindings, type SecretFinding } from './secrets.js';

/**
 * One pass over the content of every file that would be committed, for the checks that read
 * them all (secrets, conflict markers, Python code). Each file is read once and dropped, except
 * Python sources; the total read is bounded (SCAN_LIMITS.maxContentBytes), and what the budget
 * or the listing's limits left out is counted so that those checks can say they are incomplete.
 */
export interface TextFile {
  path: string;
  text: string;
}

export interface ContentScan {
  python: TextFile[];
  secrets: SecretFinding[];
  conflicts: { path: string; line: number }[];
  /** Files under the size limit left unread because the content budget ran out. */
  unread: number;
  /** The first of them. */
  firstUnread?: string;
  /** Files over MAX_TEXT, taken for data and not read (a secret inside one is not seen). */
  large: number;
  /** The first of them. */
  firstLarge?: string;
}

/** 50000 → 50,000 (without Intl: its data costs a load). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const scans = new WeakMap<Repo, ContentScan>();

export function contentScan(repo: Repo): ContentScan {
  const cached = scans.get(repo);
  if (cached) return cached;
  const scan: ContentScan = { python: [], secrets: [], conflicts: [], unread: 0, large: 0 };
  let budget = SCAN_LIMITS.maxContentBytes;
  for (const file of repo.files()) {
    const byName = nameFinding(repo, file);
    if (byName) {
      scan.secrets.push(byName);
      continue;
    }
    if (file.size > MAX_TEXT) {
      // data, not code or configuration: not read, but counted (the report says so)
      scan.firstLarge ??= file.path;
      scan.large++;
      continue;
    }
    if (file.size > budget) {
      scan.firstUnread ??= file.path;
      scan.unread++;
      continue;
    }
    budget -= file.size;
    const text = repo.readTextUncached(file.path);
    if (text === undefined) continue;
    scan.secrets.push(...tokenFindings(file.path, text));
    const line = conflictLine(text);
    if (line !== undefined) scan.conflicts.push({ path: file.path, line });
    if (file.path.endsWith('.py')) scan.python.push({ path: file.path, text });
  }
  scans.set(repo, scan);
  return scan;
}

/** A path of a few thousand characters (a tree thousands deep) shortened for one line of a report. */
const shorten = (p: string) => (p.length > 100 ? `${p.slice(0, 48)}…${p.slice(-48)}` : p);

/** The note saying which files were too large to read, or undefined when none was. */
export function largeFilesNote(repo: Repo): string | undefined {
  const { large, firstLarge } = contentScan(repo);
  if (large === 0) return undefined;
  const params = { count: thousands(large), size: MAX_TEXT / 1024 / 1024, first: shorten(firstLarge as string) };
  return say(large === 1 ? 'scan_largeOne' : 'scan_largeMany', params);
}

/** Why a scan of every file is not the whole repository, or undefined when it is. */
export function incompleteScan(repo: Repo): string | undefined {
  const reasons = repo.scan.reached.map(({ at, ...r }) => ({ ...r, at: shorten(at) })).map((r) =>
    r.limit === 'depth'
      ? say('scan_depth', { max: r.max, at: r.at })
      : r.limit === 'files'
        ? say('scan_files', { max: thousands(r.max), at: r.at })
        : say('scan_entries', { max: thousands(r.max), at: r.at }),
  );
  const { unread } = contentScan(repo);
  if (unread > 0) {
    reasons.push(say(unread === 1 ? 'scan_unreadOne' : 'scan_unreadMany', { count: unread, size: SCAN_LIMITS.maxContentBytes / 1024 / 1024 }));
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
