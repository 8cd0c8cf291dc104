import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CI_PROVIDERS, DELIVERABLES, PHASES } from '../generators/core/domain.js';
import { planWithAdditions } from '../generators/engine/additions.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan, type PlannedFile } from '../generators/engine/plan.js';
import { configComments, englishWords, HASH_COMMENTED } from './french-text.js';
import { makeAnswers, ROOT, TEMPLATES } from './helpers.js';

/**
 * The comments a person reads in a French project's configuration (CI workflows, Kubernetes, Argo
 * and Argo CD manifests, the Dockerfile, .gitignore, .dockerignore, .env.example, pre-commit, the
 * Quarto and Streamlit settings, CODEOWNERS): French in every deliverable × phase × CI provider,
 * read from the plan (no disk). The configuration around them is the English one's, which
 * test/config-variants.test.ts holds.
 */

const store = createFsStore(TEMPLATES);
const OPTIONS = { store, generatorVersion: '9.9.9-test', year: 2026 };


function configurationComments(files: PlannedFile[]): { path: string; comments: string }[] {
  return files
    // A shell script's comments are code comments, English like the Python's.
    .filter((f) => HASH_COMMENTED.test(f.path))
    .map((f) => ({ path: f.path, comments: configComments(f.content.toString('utf8')) }))
    .filter((f) => f.comments.trim() !== '');
}

/** The line length yamllint holds the generated YAML to (the generated tier's settings). */
const YAML_LINE_LENGTH = Number(
  /line-length:\s*\{\s*max:\s*(\d+)/.exec(readFileSync(path.join(ROOT, 'test/generated/yamllint.yaml'), 'utf8'))?.[1],
);

const COMBINATIONS = DELIVERABLES.flatMap((deliverable) =>
  PHASES.flatMap((phase) => CI_PROVIDERS.map((ci) => ({ deliverable, phase, ci }))),
);

describe('configuration comments of a French project', () => {
  it('reads the line length yamllint allows', () => {
    expect(YAML_LINE_LENGTH).toBeGreaterThanOrEqual(80);
  });

  it('catches English: the English project of the same combinations has English comments in its CI, deploy/ and ignore files', () => {
    const files = plan(makeAnswers({ deliverable: 'api', phase: 'maintenance', ci: 'gitlab' }), OPTIONS);
    const english = configurationComments(files).filter((f) => englishWords(f.comments).length > 0).map((f) => f.path);
    for (const expected of ['.gitlab-ci.yml', '.gitlab/ci/image.yml', 'deploy/kubernetes/deployment.yaml', 'deploy/argo/workflow-template.yaml', '.dockerignore', '.pre-commit-config.yaml']) {
      expect(english).toContain(expected);
    }
  });

  it.each(COMBINATIONS)('$deliverable, $phase, $ci: every comment of every configuration file is French', ({ deliverable, phase, ci }) => {
    const files = plan(makeAnswers({ deliverable, phase, ci, lang: 'fr', name: 'Projet Démo' }), OPTIONS);
    const checked = configurationComments(files);
    // Not vacuous: CI, .gitignore and pre-commit at every phase, deploy/ from production on.
    expect(checked.length).toBeGreaterThanOrEqual(phase === 'development' ? 3 : 10);
    const english = checked.map(({ path, comments: text }) => ({ path, english: englishWords(text) })).filter((f) => f.english.length > 0);
    expect(english).toEqual([]);
    // A translation is longer than its English: it must still pass yamllint's line length (a line
    // the English file has too is the configuration's, not the translation's).
    const englishLines = new Set(
      plan(makeAnswers({ deliverable, phase, ci, name: 'Projet Démo' }), OPTIONS).flatMap((f) => f.content.toString('utf8').split('\n')),
    );
    const long = files
      .filter((f) => /\.ya?ml$/.test(f.path))
      .flatMap((f) => f.content.toString('utf8').split('\n').map((line) => ({ path: f.path, line })))
      .filter(({ line }) => [...line].length > YAML_LINE_LENGTH && !englishLines.has(line));
    expect(long).toEqual([]);
  });
});

describe('an addition into a French manifest', () => {
  it.each(['en', 'fr'] as const)('add step (%s): its Argo template goes before the exit handler and the comment that describes it', (lang) => {
    const answers = makeAnswers({ deliverable: 'report', phase: 'production', lang });
    const files = planWithAdditions(answers, [{ kind: 'step', name: 'features', after: ['validate'] }], OPTIONS);
    const text = files.find((f) => f.path === 'deploy/argo/workflow-template.yaml')?.content.toString('utf8') ?? '';
    const template = text.indexOf('\n    - name: features\n');
    const handler = text.indexOf('\n    - name: exit-handler\n');
    expect(template).toBeGreaterThan(0);
    expect(handler).toBeGreaterThan(template);
    // Between them: the step's template, then the handler's own comment, nothing else.
    const between = text.slice(template, handler).split('\n');
    const comment = between.findIndex((line) => line.startsWith('    #'));
    expect(comment).toBeGreaterThan(0);
    expect(between.slice(comment).every((line) => line.startsWith('    #'))).toBe(true);
    expect(between.slice(comment).join('\n')).toMatch(lang === 'fr' ? /Pas une étape du pipeline/ : /Not a pipeline step/);
  });
});
