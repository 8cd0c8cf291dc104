import { readFileSync } from 'node:fs';
import type { DatasetSpec } from './dataset.js';

/**
 * The default data: the Palmer penguins sample every template ships
 * (templates/base/src/__package__/data/penguins.csv, 344 rows), described in
 * templates/datasets/penguins.json. The plan reads that file through its template store (so the
 * spec stays out of the entry bundle); this is the same spec for tests and scripts.
 */
export const PENGUINS: DatasetSpec = JSON.parse(
  readFileSync(new URL('../../templates/datasets/penguins.json', import.meta.url), 'utf8'),
);
