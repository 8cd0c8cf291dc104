// Free text that only a strict parser refuses: every combination planned with a name, description
// and author full of non-characters and controls (forced past validation, which refuses them), and
// every YAML (workflows, manifests, Quarto metadata and front matter), TOML and JSON file read by
// Python's own parsers: PyYAML (installed with yamllint), which enforces YAML's printable set on
// what it reads as libyaml does, tomllib and json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CI_PROVIDERS, DELIVERABLES, PHASES } from '../../generators/core/domain.js';
import { resolveAnswers, type Answers } from '../../generators/core/answers.js';
import { createFsStore } from '../../generators/engine/fs-store.js';
import { plan } from '../../generators/engine/plan.js';
import { ENV, ROOT, run } from './harness.js';

const HOSTILE = 'x\uFFFE y\uFFFF z\uFDD0 \u{1FFFE} bom\uFEFF nel\u0085 c1\u0080 del\u007f "q" \'s\' #h k: v \\ end';
const store = createFsStore(path.join(ROOT, 'templates'));
const work = mkdtempSync(path.join(os.tmpdir(), 'livrable-hostile-text-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Reads each file given as JSON on stdin; prints how many parsed and how many held the text. */
const PARSE_ALL = String.raw`
import json, sys, tomllib, yaml
files, needle = json.load(sys.stdin)
parsed = found = 0
def holds(node):
    if isinstance(node, str):
        return needle in node
    if isinstance(node, dict):
        return any(holds(k) or holds(v) for k, v in node.items())
    if isinstance(node, list):
        return any(holds(v) for v in node)
    return False
for path, kind, text in files:
    if kind == "yaml":
        docs = list(yaml.safe_load_all(text))
    elif kind == "toml":
        docs = [tomllib.loads(text)]
    else:
        docs = [json.loads(text)]
    parsed += 1
    if holds(docs):
        found += 1
print(json.dumps({"parsed": parsed, "found": found}))
`;

function kindOf(file: string, text: string): { kind: string; text: string } | undefined {
  if (/\.ya?ml$/.test(file)) return { kind: 'yaml', text };
  if (/\.(qmd|md)$/.test(file) && text.startsWith('---\n')) return { kind: 'yaml', text: text.slice(4, text.indexOf('\n---\n', 4) + 1) };
  if (file.endsWith('.toml')) return { kind: 'toml', text };
  if (file.endsWith('.json')) return { kind: 'json', text };
  return undefined;
}

describe('hostile free text, read by strict parsers', () => {
  const combos = DELIVERABLES.flatMap((d) => PHASES.flatMap((p) => CI_PROVIDERS.map((ci) => [d, p, ci] as const)));
  test.each(combos)('%s × %s × %s', (deliverable, phase, ci) => {
    const valid = resolveAnswers({ deliverable, phase, ci }, { directoryName: 'hostile-text', defaultAuthor: 'A' });
    const answers: Answers = { ...valid, name: HOSTILE, description: HOSTILE, author: HOSTILE };
    const files = plan(answers, { store, generatorVersion: '0.0.0', year: 2026 }).flatMap((f) => {
      const parsed = kindOf(f.path, f.content.toString('utf8'));
      return parsed ? [[f.path, parsed.kind, parsed.text]] : [];
    });
    const input = path.join(work, `${deliverable}-${phase}-${ci}.json`);
    writeFileSync(input, JSON.stringify([files, HOSTILE]));
    const { stdout } = run('python3', ['-c', `import sys; sys.stdin = open(${JSON.stringify(input)}, encoding="utf-8"); exec(${JSON.stringify(PARSE_ALL)})`], work, ENV);
    const result = JSON.parse(stdout) as { parsed: number; found: number };
    expect(result.parsed).toBe(files.length);
    // pyproject.toml, .livrable.json and the YAML metadata (README front matter, Quarto) hold it
    expect(result.found).toBeGreaterThanOrEqual(2);
  });
});
