import path from 'node:path';
import { oneShotCommand, type Answers, type DatasetFlags } from '../core/answers.js';
import { deliverablesOf } from '../core/deliverables.js';
import { t } from '../core/i18n.js';

/** The target as the user would type it from where they ran us: relative when below, else absolute. */
export function shownPath(target: string, cwd: string): string {
  const relative = path.relative(cwd, target) || '.';
  return relative.startsWith('..') ? target : relative;
}

/**
 * What to run next, the same commands the generated README gives, in its order: a Quarto
 * deliverable needs its `quarto` dependency group (Jupyter) before anything renders, so
 * `uv sync --group quarto` comes first for report and website even after an install.
 */
export function nextStepCommands(answers: Answers, installed: boolean): string[] {
  const deliverables = deliverablesOf(answers);
  const quarto = deliverables.includes('report') || deliverables.includes('website');
  const sync = quarto ? ['uv sync --group quarto'] : installed ? [] : ['uv sync'];
  const run: Record<Answers['deliverable'], string> = {
    api: `uv run uvicorn ${answers.package}.api:app --reload`,
    app: 'uv run streamlit run app/streamlit_app.py',
    report: 'uv run --group quarto quarto render report/report.qmd',
    website: 'uv run --group quarto quarto preview website/',
  };
  // One command per deliverable, the primary first (each a server or a render of its own).
  return [...sync, `uv run python -m ${answers.package}.pipeline`, 'uv run pytest', ...deliverables.map((d) => run[d])];
}

export function nextSteps(target: string, answers: Answers, installed: boolean, cwd: string, dataset?: DatasetFlags): string {
  const shown = shownPath(target, cwd);
  const cd = shown === '.' ? [] : [`cd ${shown.includes(' ') ? `"${shown}"` : shown}`];
  return [
    t('created', { name: answers.name, deliverable: deliverablesOf(answers).join(' + '), phase: answers.phase, target }),
    '',
    t('nextSteps'),
    ...[...cd, ...nextStepCommands(answers, installed)].map((step) => `  ${step}`),
    '',
    t('sameProject'),
    `  ${oneShotCommand(answers, shown, dataset)}`,
  ].join('\n');
}
