import { createHash } from 'node:crypto';
import type { Answers } from '../core/answers.js';
import type { DatasetSpec } from '../core/dataset.js';
import type { Addition } from './addition-types.js';

/**
 * .livrable.json: what upgrade and doctor build on. It holds the answers (so the old plan
 * can be recomputed) and a hash of every generated file (so a user's edit can be told apart
 * from a file nobody touched).
 */
export const RECORD_PATH = '.livrable.json';

export interface ProjectRecord {
  generator: { name: 'create-livrable'; version: string };
  answers: Answers;
  layers: string[];
  files: Record<string, string>;
  /** What `add` grew the project with, in order (absent when nothing was added). */
  added?: Addition[];
  /** The project's data when it is not the default penguins (see core/dataset.ts). */
  dataset?: DatasetSpec;
}

export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The bytes of .livrable.json for these answers, layers and generated files. */
export function recordContent(
  answers: Answers,
  layers: string[],
  generatorVersion: string,
  files: readonly { path: string; content: Buffer }[],
  added: readonly Addition[] = [],
  dataset?: DatasetSpec,
): Buffer {
  const record: ProjectRecord = {
    generator: { name: 'create-livrable', version: generatorVersion },
    answers,
    layers,
    files: Object.fromEntries(files.map((f) => [f.path, `sha256:${sha256(f.content)}`])),
    // Only when there is something: a project nothing was added to keeps its record byte for byte.
    ...(added.length > 0 ? { added: [...added] } : {}),
    // Likewise: a project on the default data keeps its record byte for byte.
    ...(dataset === undefined ? {} : { dataset }),
  };
  return Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
}
