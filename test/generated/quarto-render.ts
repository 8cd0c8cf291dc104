/**
 * The real `quarto render` on a generated report or website, for the generated-repo tier.
 *
 * Quarto is the real CLI (1.10.16, built from its source by `.ci/run` from ../shared/quarto into
 * ~/.cache/quarto-1.10.16 and put on PATH; `QUARTO=/path/to/quarto` overrides). It runs the
 * documents' Python cells in a Jupyter kernel of the project's own environment
 * (`QUARTO_PYTHON=.venv/bin/python`, synced with the `quarto` dependency group), exactly as the
 * project's render workflow does. A missing Quarto is an error, never a skip.
 *
 * Checked: exit 0; no warning or error in Quarto's output (one known line of ipykernel excepted,
 * see KNOWN_NOISE); the output files exist with their tables and figures; nothing in the output
 * fetches from the web at view time (fonts, scripts) beyond the links in the text; for a report,
 * a `-P focus:…` parameter reaches the document; for a website, every page of the navbar is
 * rendered and every local link of every page resolves to a rendered file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV } from './harness.js';

export const QUARTO = process.env.QUARTO ?? 'quarto';
const INSTALL = 'bash .ci/run installs it (Quarto 1.10.16 from ../shared/quarto), or set QUARTO=/path/to/quarto';

/**
 * Lines of Quarto's output that are not about the project: ipykernel ≥ 7 warns that the kernel
 * Quarto starts talks over loopback TCP without encryption (Quarto chooses the transport).
 */
const KNOWN_NOISE = [/^.*\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption\..*$/];
const PROBLEM = /\bWARN(ING)?\b|\bERROR\b|Traceback|Could not fetch/i;

/** Quarto's version; throws if it cannot run. */
export function quartoVersion(): string {
  const result = spawnSync(QUARTO, ['--version'], { encoding: 'utf8', env: ENV });
  if (result.error || result.status !== 0) {
    throw new Error(`quarto could not run (${result.error?.message ?? result.stderr}): ${INSTALL}`);
  }
  return result.stdout.trim();
}

/**
 * `quarto render ARGS` in `dir` with the project's Python (and `extraEnv` on top of the usual
 * environment); returns its output, checked for warnings.
 */
export function render(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  const env = { ...ENV, ...extraEnv, QUARTO_PYTHON: path.join(dir, '.venv/bin/python') };
  const result = spawnSync(QUARTO, ['render', ...args], {
    cwd: dir,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  if (result.error) throw new Error(`quarto could not start (${result.error.message}): ${INSTALL}`);
  // Quarto colours its messages; strip the escapes before reading them.
  const output = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  if (result.status !== 0) throw new Error(`quarto render ${args.join(' ')} exited ${result.status}:\n${output.slice(-4000)}`);
  const problems = output
    .split('\n')
    .map((line) => KNOWN_NOISE.reduce((l, noise) => l.replace(noise, ''), line))
    .filter((line) => PROBLEM.test(line));
  if (problems.length > 0) {
    throw new Error(`quarto render ${args.join(' ')} warned:\n${problems.join('\n')}\n--- output\n${output.slice(-4000)}`);
  }
  return output;
}

/** Web requests a page would make when opened (not links to click): stylesheets, scripts, fonts. */
export function remoteFetches(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<(?:link|script|img)\b[^>]*\b(?:href|src)="(https?:\/\/[^"]+)"/gi)) found.add(m[1]!);
  for (const m of html.matchAll(/@import\s+url\(\s*["']?(https?:\/\/[^"')]+)/gi)) found.add(m[1]!);
  for (const m of html.matchAll(/https?:\/\/fonts\.(?:googleapis|gstatic)\.com[^"')\s]*/gi)) found.add(m[0]);
  return [...found].sort();
}

function count(html: string, pattern: RegExp): number {
  return html.match(pattern)?.length ?? 0;
}

/**
 * A report: `quarto render report/report.qmd -P focus:<class>` (default: Chinstrap, a penguin; the
 * parameter goes through papermill; the render with the defaults runs in the image, see
 * production-checks.ts): one self-contained HTML file with its tables and inlined figures, focused
 * on that class. `focus: null` renders with the defaults (a regression has no class to focus on).
 */
export function renderReport(dir: string, focus: string | null = 'Chinstrap'): string[] {
  const html = path.join(dir, 'report/report.html');
  const args = focus === null ? [] : ['-P', `focus:${focus}`];
  render(dir, ['report/report.qmd', ...args]);
  if (!existsSync(html)) throw new Error('quarto render wrote no report/report.html');
  const text = readFileSync(html, 'utf8');
  if (focus !== null && !text.includes(`<strong>${focus}</strong>`)) {
    throw new Error(`report.html does not focus on ${focus} (parameters not applied)`);
  }
  const tables = count(text, /<table\b/g);
  const figures = count(text, /<img\b[^>]*src="data:image\/png;base64,/g);
  if (tables < 3 || figures < 1) throw new Error(`report.html has ${tables} tables and ${figures} inlined figures`);
  const remote = remoteFetches(text);
  if (remote.length > 0) throw new Error(`report.html is not self-contained: it fetches ${remote.join(', ')}`);
  return [`quarto render report/report.qmd ${args.join(' ')}: ${tables} tables, ${figures} figures, self-contained`];
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/**
 * Every page of a rendered site (`site`: the output folder) exists for each navbar entry of
 * `_quarto.yml`, and every local href/src of every page resolves to a file of the site.
 */
export function checkSite(site: string, quartoYml: string): string[] {
  if (!existsSync(path.join(site, 'index.html'))) throw new Error(`${site}: no index.html`);
  const config = parse(readFileSync(quartoYml, 'utf8')) as { website?: { navbar?: { left?: { href: string }[] } } };
  const navbar = (config.website?.navbar?.left ?? []).map((item) => item.href.replace(/\.qmd$/, '.html'));
  if (navbar.length === 0) throw new Error(`${quartoYml}: no navbar pages`);
  const pages = filesUnder(site).filter((f) => f.endsWith('.html'));
  const missing = navbar.filter((page) => !pages.includes(page));
  if (missing.length > 0) throw new Error(`${site}: navbar pages not rendered: ${missing.join(', ')}`);
  const broken: string[] = [];
  let links = 0;
  for (const page of pages) {
    const html = readFileSync(path.join(site, page), 'utf8');
    for (const m of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
      const target = m[1]!.split('#')[0]!.split('?')[0]!;
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // anchor, http:, data:, mailto:
      links += 1;
      const resolved = path.join(site, path.dirname(page), decodeURIComponent(target));
      if (!existsSync(resolved) || (statSync(resolved).isDirectory() && !existsSync(path.join(resolved, 'index.html')))) {
        broken.push(`${page} → ${m[1]}`);
      }
    }
    const remote = remoteFetches(html).filter((url) => !url.startsWith('https://quarto.org'));
    if (remote.length > 0) broken.push(`${page} fetches ${remote.join(', ')} when opened`);
  }
  for (const css of filesUnder(site).filter((f) => f.endsWith('.css'))) {
    const remote = remoteFetches(readFileSync(path.join(site, css), 'utf8'));
    if (remote.length > 0) broken.push(`${css} imports ${remote.join(', ')}`);
  }
  if (broken.length > 0) throw new Error(`${site}: broken links or web fetches:\n${broken.join('\n')}`);
  return [`${pages.length} pages (${navbar.join(', ')}), ${links} local links resolved, no web fetch`];
}

/** A website: `quarto render website/` → website/_site/, every page and link checked. */
export function renderWebsite(dir: string): string[] {
  render(dir, ['website/']);
  const site = path.join(dir, 'website/_site');
  const done = checkSite(site, path.join(dir, 'website/_quarto.yml'));
  for (const page of ['index.html', 'data-card.html', 'model-card.html', 'results.html']) {
    const html = readFileSync(path.join(site, page), 'utf8');
    if (count(html, /<table\b/g) + count(html, /<img\b/g) === 0) throw new Error(`${page} has no table and no figure`);
  }
  return [`quarto render website/: ${done.join('; ')}`];
}
