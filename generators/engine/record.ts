import { createHash } from 'node:crypto';
import type { Answers } from '../core/answers.js';
import type { PlannedFile } from './plan.js';

/**
 * .livrable.json: what upgrade, add and doctor build on. It holds the answers (so the old plan
 * can be recomputed) and a hash of every generated file (so a user's edit can be told apart
 * from a file nobody touched).
 */
export const RECORD_PATH = '.livrable.json';

export interface ProjectRecord {
  generator: { name: 'create-livrable'; version: string };
  answers: Answers;
  layers: string[];
  files: Record<string, string>;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

export function recordFile(
  answers: Answers,
  layers: string[],
  generatorVersion: string,
  files: PlannedFile[],
): PlannedFile {
  const record: ProjectRecord = {
    generator: { name: 'create-livrable', version: generatorVersion },
    answers,
    layers,
    files: Object.fromEntries(files.map((f) => [f.path, `sha256:${sha256(f.content)}`])),
  };
  return {
    path: RECORD_PATH,
    layer: 'record',
    template: '',
    content: Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8'),
    executable: false,
  };
}
