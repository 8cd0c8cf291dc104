/**
 * What the generated-repo tier's sampling of real image builds rests on, and the Dockerfile's
 * portability rules. The tier builds api and app images at both phases, and the report and
 * website images once (at maintenance): that covers every distinct Dockerfile only while the
 * Dockerfile depends on the deliverable and the Python version, not on the phase.
 */
import { describe, expect, it } from 'vitest';
import { DELIVERABLES, PYTHONS } from '../generators/core/domain.js';
import { createFsStore } from '../generators/engine/fs-store.js';
import { plan } from '../generators/engine/plan.js';
import { makeAnswers, TEMPLATES } from './helpers.js';

const store = createFsStore(TEMPLATES);

function dockerfile(deliverable: string, phase: string, python = '3.11', ci = 'github'): string {
  const files = plan(makeAnswers({ deliverable, phase, python, ci }), { store, generatorVersion: '9.9.9-test', year: 2026 });
  const file = files.find((f) => f.path === 'Dockerfile');
  if (!file) throw new Error(`no Dockerfile for ${deliverable} at ${phase}`);
  return file.content.toString('utf8');
}

describe.each(DELIVERABLES)('the %s Dockerfile', (deliverable) => {
  it('is byte-identical at production and maintenance (one real build covers both)', () => {
    for (const python of PYTHONS) {
      expect(dockerfile(deliverable, 'maintenance', python)).toBe(dockerfile(deliverable, 'production', python));
    }
  });

  it('mounts with absolute targets only (podman 4 / buildah < 1.29 reject relative ones)', () => {
    const targets = [...dockerfile(deliverable, 'production').matchAll(/--mount=\S*?target=([^,\s]+)/g)].map((m) => m[1]);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target).toMatch(/^\//);
  });

  if (deliverable === 'report' || deliverable === 'website') {
    it('takes Quarto from the checked release download unless QUARTO_FROM names another image', () => {
      const text = dockerfile(deliverable, 'production');
      expect(text).toMatch(/^ARG QUARTO_FROM=quarto-release$/m);
      expect(text.indexOf('ARG QUARTO_FROM=')).toBeLessThan(text.search(/^FROM /m));
      expect(text).toMatch(/^FROM python AS quarto-release$/m);
      expect(text).toMatch(/sha256sum --check --strict/);
      expect(text).toMatch(/^FROM \$\{QUARTO_FROM\} AS quarto$/m);
      expect(text).toMatch(/^COPY --from=quarto \/opt\/quarto \/opt\/quarto$/m);
    });
  } else {
    it('has no Quarto stage', () => {
      expect(dockerfile(deliverable, 'production')).not.toMatch(/QUARTO/);
    });
  }
});

describe('the api,website Dockerfile (one image: the API served, the website rendered)', () => {
  it('is byte-identical at production and maintenance, on GitHub and on GitLab (multi.test.ts builds the GitHub one, gitlab.test.ts the GitLab one)', () => {
    const github = dockerfile('api,website', 'production');
    for (const [phase, ci] of [['maintenance', 'github'], ['production', 'gitlab'], ['maintenance', 'gitlab']] as const) {
      expect(dockerfile('api,website', phase, '3.11', ci)).toBe(github);
    }
    expect(github).toMatch(/^ARG QUARTO_FROM=quarto-release$/m);
    expect(github).toMatch(/^CMD \["uvicorn"/m);
  });
});

describe("every deliverable's Dockerfile on GitLab", () => {
  // Comments may name the platform ("GitLab Pages"); what builds is the same.
  const instructions = (text: string) => text.split('\n').filter((line) => !line.startsWith('#')).join('\n');
  it("builds what GitHub's builds: its instructions are the same, only comments differ", () => {
    for (const deliverable of DELIVERABLES) {
      expect(instructions(dockerfile(deliverable, 'production', '3.11', 'gitlab'))).toBe(instructions(dockerfile(deliverable, 'production')));
    }
  });
});

describe("the report's Dockerfile and the website's", () => {
  it('differ only by the folder they copy and a comment (the tier builds the website one; its command is the same)', () => {
    for (const phase of ['production', 'maintenance']) {
      const differing = (a: string, b: string) => a.split('\n').filter((line, i) => line !== b.split('\n')[i]);
      const report = dockerfile('report', phase);
      const website = dockerfile('website', phase);
      expect(report.split('\n')).toHaveLength(website.split('\n').length);
      expect(differing(report, website)).toEqual([
        expect.stringMatching(/^# The container image of .*: it renders the report, and it runs the pipeline$/),
        'COPY --chown=app:app report /app/report',
      ]);
    }
  });
});
