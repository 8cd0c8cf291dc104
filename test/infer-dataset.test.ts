import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv, type Table } from '../generators/core/csv.js';
import type { DatasetSpec } from '../generators/core/dataset.js';
import {
  buildDataset,
  checkColumns,
  humanLabel,
  inferChoices,
  MAX_SAMPLE_BYTES,
  MAX_SAMPLE_ROWS,
  profileColumns,
  sampleFileName,
  sampleRows,
  titleFromFile,
  usableRows,
  widenedBounds,
  type ColumnRole,
  type DatasetChoices,
} from '../generators/core/infer-dataset.js';
import { readDatasetChoice } from '../generators/engine/dataset-choice.js';
import { cleanTmpDirs, ROOT, tmpDir, userError } from './helpers.js';

// The inference rules of --dataset (README "Your own data"), on tables made here.

afterAll(cleanTmpDirs);

const META = { title: 'T', sampleFile: 't.csv' };

/** A table of `n` rows from one generator per column. */
function table(n: number, columns: Record<string, (i: number) => string | null>): Table {
  const names = Object.keys(columns);
  return { columns: names, rows: Array.from({ length: n }, (_, i) => names.map((name) => columns[name]!(i))) };
}

function infer(t: Table, target: string, change?: (c: DatasetChoices) => DatasetChoices): { spec: DatasetSpec; choices: DatasetChoices } {
  checkColumns(t.columns, target);
  const { rows } = usableRows(t, target);
  const profile = profileColumns(t.columns, rows);
  const inferred = inferChoices(profile, target);
  const choices = change ? change(inferred) : inferred;
  return { spec: buildDataset(profile, rows, choices, META), choices };
}

function withRole(column: string, role: ColumnRole) {
  return (c: DatasetChoices): DatasetChoices => ({ ...c, roles: new Map(c.roles).set(column, role) });
}

const passengers = table(40, {
  PassengerId: (i) => String(100 + i),
  Survived: (i) => String(i % 2),
  Pclass: (i) => String(1 + (i % 3)),
  Name: (i) => `Person ${i}`,
  Sex: (i) => (i % 3 ? 'male' : 'female'),
  Age: (i) => (i % 5 === 0 ? null : (18.5 + i).toFixed(1)),
  SibSp: (i) => String(i % 8),
  Country: () => 'FR',
  Member: (i) => (i % 2 ? 'True' : 'False'),
});

describe('inference rules', () => {
  it('a 0/1 target is a classification with integer labels; each column gets its role', () => {
    const { spec, choices } = infer(passengers, 'Survived');
    expect(spec.target).toEqual({ name: 'Survived', label: 'Survived', task: 'classification', labelType: 'integer', labels: [0, 1] });
    expect(Object.fromEntries(choices.roles)).toEqual({
      PassengerId: 'id',
      Pclass: 'categorical',
      Name: 'ignored',
      Sex: 'categorical',
      Age: 'numeric',
      SibSp: 'numeric',
      Country: 'ignored',
      Member: 'boolean',
    });
    expect(choices.reasons.get('Country')).toBe('constant');
    expect(choices.reasons.get('Name')).toBe('free text (every value different)');
    expect(spec.idColumn).toBe('PassengerId');
    expect(spec.ignored).toEqual(['Name', 'Country']);
    expect(spec.features).toEqual([
      { name: 'Pclass', nullable: false, label: 'Pclass', kind: 'categorical', codes: 'integer', values: [1, 2, 3] },
      { name: 'Sex', nullable: false, label: 'Sex', kind: 'categorical', codes: 'text', values: ['female', 'male'] },
      { name: 'Age', nullable: true, label: 'Age', kind: 'numeric', integer: false, min: 0, max: 77 },
      { name: 'SibSp', nullable: false, label: 'Sib sp', kind: 'numeric', integer: true, min: 0, max: 11 },
      { name: 'Member', nullable: false, label: 'Member', kind: 'boolean' },
    ]);
    // The first row with every feature present (row 0 has no Age).
    expect(spec.example).toEqual({ Pclass: 2, Sex: 'male', Age: 19.5, SibSp: 1, Member: true });
    expect(spec.rows).toBe(40);
  });

  it('the task: text and booleans are classes; integers with few values too; other numbers regression', () => {
    const base = { x: (i: number) => String(i % 7) };
    const task = (values: (i: number) => string) => infer(table(30, { ...base, y: values }), 'y').spec.target;
    expect(task((i) => ['Adelie', 'Gentoo', 'Chinstrap'][i % 3]!)).toMatchObject({ labelType: 'text', labels: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(task((i) => (i % 2 ? 'TRUE' : 'false'))).toMatchObject({ labelType: 'boolean', labels: [false, true] });
    expect(task((i) => String(3 + (i % 10)))).toMatchObject({ task: 'classification', labelType: 'integer' });
    expect(task((i) => String(3 + (i % 11)))).toEqual({ name: 'y', label: 'Y', task: 'regression' });
    expect(task((i) => (i / 3).toFixed(2))).toMatchObject({ task: 'regression' });
  });

  it('integers: codes up to 6 distinct values, a quantity beyond; 1.0 is not written as an integer', () => {
    const t = table(30, { y: (i) => String(i % 2), six: (i) => String(i % 6), seven: (i) => String(i % 7), floaty: (i) => `${i % 3}.0` });
    const { choices, spec } = infer(t, 'y');
    expect(choices.roles.get('six')).toBe('categorical');
    expect(choices.roles.get('seven')).toBe('numeric');
    expect(spec.features.find((f) => f.name === 'floaty')).toMatchObject({ kind: 'numeric', integer: false });
  });

  it('text: a category up to 50 values, free text beyond; an id only when unique, present and named like one', () => {
    const t = table(120, {
      y: (i) => String(i % 2),
      city: (i) => `c${i % 50}`,
      comment: (i) => `c${i % 51}`,
      order_id: (i) => (i === 3 ? null : String(i)),
      id: (i) => `k${i}`,
    });
    const { choices } = infer(t, 'y');
    expect(choices.roles.get('city')).toBe('categorical');
    expect(choices.roles.get('comment')).toBe('ignored');
    expect(choices.reasons.get('comment')).toBe('free text (51 distinct values)');
    expect(choices.roles.get('order_id')).toBe('numeric');
    expect(choices.roles.get('id')).toBe('id');
  });

  it('0/1 stays an integer code unless declared boolean, then its values are booleans', () => {
    const t = table(30, { y: (i) => String(i % 3), flag: (i) => String(i % 2), n: (i) => String(i) });
    expect(infer(t, 'y').spec.features[0]).toMatchObject({ kind: 'categorical', codes: 'integer', values: [0, 1] });
    const { spec } = infer(t, 'y', withRole('flag', 'boolean'));
    expect(spec.features[0]).toEqual({ name: 'flag', nullable: false, label: 'Flag', kind: 'boolean' });
    expect(spec.example.flag).toBe(false);
  });

  it('rows without a target are left out, and the sample is what the spec describes', () => {
    const t = table(30, { y: (i) => (i < 5 ? null : String(i % 2)), x: (i) => String(i) });
    expect(usableRows(t, 'y').dropped).toBe(5);
    expect(infer(t, 'y').spec.rows).toBe(25);
  });
});

describe('a correction is checked against the values', () => {
  const t = table(30, { y: (i) => ['a', 'b'][i % 2]!, text: (i) => `t${i % 4}`, n: (i) => String(i * 1.5), many: (i) => String(i), key: (i) => String(i % 10) });
  const refused = (change: (c: DatasetChoices) => DatasetChoices) => userError(() => infer(t, 'y', change)).message;

  it('each impossible choice is refused with one line naming the column', () => {
    expect(refused(withRole('text', 'numeric'))).toBe('"text" cannot be numeric: it holds text ("t0")');
    expect(refused(withRole('n', 'boolean'))).toBe('"n" cannot be boolean: its values are not only true/false or 0/1');
    expect(refused(withRole('key', 'id'))).toBe('"key" cannot be the id: its values are not unique and present in every row');
    expect(refused((c) => ({ ...c, task: 'regression' }))).toBe('regression needs a numeric target: "y" holds text ("a")');
    expect(refused((c) => ({ ...c, roles: new Map([...c.roles.keys()].map((k) => [k, 'ignored' as const])) }))).toBe(
      'no column is left as a feature: at least one is needed besides the target "y"',
    );
    expect(refused((c) => ({ ...c, roles: new Map(c.roles).set('many', 'id').set('n', 'id') }))).toBe('only one id column: "n" is one already, "many" cannot be');
    expect(refused(withRole('n', 'categorical'))).toBe('"n" cannot be categorical: its codes are decimal numbers (keep it numeric)');
  });

  it('a category of more than 50 values is refused', () => {
    const wide = table(60, { y: (i) => String(i % 2), code: (i) => `k${i}` });
    expect(userError(() => infer(wide, 'y', withRole('code', 'categorical'))).message).toBe('"code" cannot be categorical: it has 60 distinct values (at most 50)');
  });

  it('classification of decimal numbers is refused; a target of one value, or a class of one row, too', () => {
    const decimals = table(30, { y: (i) => (i / 4).toFixed(2), x: (i) => String(i) });
    expect(userError(() => infer(decimals, 'y', (c) => ({ ...c, task: 'classification' }))).message).toBe(
      'classification needs text, boolean or integer labels: "y" holds decimal numbers; choose regression',
    );
    expect(userError(() => infer(table(30, { y: () => 'yes', x: (i) => String(i) }), 'y')).message).toBe('the target "y" has a single value ("yes"): there is nothing to predict');
    expect(userError(() => infer(table(30, { y: (i) => (i === 7 ? 'rare' : String(i % 2)), x: (i) => String(i) }), 'y')).message).toBe(
      'the class "rare" of "y" has a single row in the sample: a class needs at least 2 (merge or remove it)',
    );
  });
});

describe('the header and the rows', () => {
  it('refuses empty, duplicated, multi-line and overlong names, a single column, and a target not in the header', () => {
    const refused = (columns: string[], target = 'y') => userError(() => checkColumns(columns, target)).message;
    expect(refused(['y', ' '])).toBe('column 2 has no name: every column needs one in the header');
    expect(refused(['', 'y'])).toBe('column 1 has no name: every column needs one in the header (a pandas index? write the file with to_csv(..., index=False))');
    expect(refused(['y', 'x', 'x'])).toBe('two columns are named "x": column names must be unique');
    expect(refused(['y', 'a\nb'])).toBe('the name of column 2 ("a\\nb") holds a line break or control character');
    expect(refused(['y', 'z'.repeat(201)])).toBe('the name of column 2 is longer than 200 characters');
    expect(refused(['y'])).toBe('it has 1 column: a target and at least one feature are needed');
    expect(refused(['species', 'bill_length_mm'], 'specie')).toBe('the target "specie" is not a column. Did you mean "species"? Columns: "species", "bill_length_mm"');
    expect(refused(['a', 'b'], 'zzzzzz')).toBe('the target "zzzzzz" is not a column. Columns: "a", "b"');
  });

  it('refuses a header alone, and too few rows with a target', () => {
    expect(userError(() => usableRows({ columns: ['y', 'x'], rows: [] }, 'y')).message).toBe('it has a header but no data row');
    expect(userError(() => usableRows(table(25, { y: (i) => (i < 6 ? null : 'a'), x: () => '1' }), 'y')).message).toBe(
      'only 19 rows have a value for "y": at least 20 are needed to train and test a model',
    );
  });

  it('the sample: every row up to 5000, then a seeded random draw in file order; smaller when wide', () => {
    const columns = ['y', 'x'];
    const few = Array.from({ length: 30 }, (_, i) => ['a', String(i)]);
    expect(sampleRows(columns, few).rows).toEqual(few);
    const many = Array.from({ length: 12_345 }, (_, i) => [String(i % 2), String(i)]);
    const first = sampleRows(columns, many);
    expect(first.rows).toHaveLength(MAX_SAMPLE_ROWS);
    const positions = first.rows.map((row) => Number(row[1]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(MAX_SAMPLE_ROWS);
    // Not every n/k-th row: an alternating column keeps both values, in about equal numbers.
    const ones = first.rows.filter((row) => row[0] === '1').length;
    expect(ones).toBeGreaterThan(2200);
    expect(ones).toBeLessThan(2800);
    expect(first.csv).toBe(sampleRows(columns, many).csv);
    const wide = Array.from({ length: 3000 }, (_, i) => ['a', `${i}${'w'.repeat(2000)}`]);
    const small = sampleRows(columns, wide);
    expect(Buffer.byteLength(small.csv)).toBeLessThanOrEqual(MAX_SAMPLE_BYTES);
    expect(small.rows.length).toBeGreaterThan(900);
    expect(parseCsv(small.csv).rows).toEqual(small.rows);
    expect(userError(() => sampleRows(columns, Array.from({ length: 30 }, () => ['a', 'w'.repeat(200_000)]))).message).toBe(
      'its rows are too wide: 20 of them take more than 2 MiB, the limit of the sample',
    );
  });
});

describe('names for people and files', () => {
  it('labels, titles and the sample file name come from names, safely', () => {
    expect(humanLabel('bill_length_mm')).toBe('Bill length mm');
    expect(humanLabel('PassengerId')).toBe('Passenger id');
    expect(humanLabel('__')).toBe('__');
    expect(titleFromFile('/data/titanic_train.csv')).toBe('Titanic train');
    expect(titleFromFile('C:\\data\\Wine-Quality.parquet')).toBe('Wine quality');
    expect(sampleFileName('/data/Données été.csv')).toBe('donnees_ete.csv');
    expect(sampleFileName('{{x}}"; rm -rf.csv')).toBe('x_rm_rf.csv');
    expect(sampleFileName('2024.csv')).toBe('data_2024.csv');
    expect(sampleFileName('😀.csv')).toBe('data.csv');
    expect(sampleFileName(`${'a'.repeat(100)}.csv`)).toBe(`${'a'.repeat(60)}.csv`);
  });

  it('bounds: half the range wider on each side, not below 0 for non-negative data, integers for integers', () => {
    expect(widenedBounds(32.1, 59.6, false)).toEqual({ min: 18, max: 74 });
    expect(widenedBounds(0.12, 0.31, false)).toEqual({ min: 0.02, max: 0.41 });
    expect(widenedBounds(2700, 6300, true)).toEqual({ min: 900, max: 8100 });
    expect(widenedBounds(1, 3, true)).toEqual({ min: 0, max: 4 });
    expect(widenedBounds(-5, 5, false)).toEqual({ min: -10, max: 10 });
    expect(widenedBounds(7, 7, false)).toEqual({ min: 3.5, max: 10.5 });
  });

  it('hostile column names stay data: quotes, braces, unicode, __proto__', () => {
    const names = ['y', '__proto__', '{{x}}', 'a "b"', 'été ☃', 'constructor'];
    const t = table(30, Object.fromEntries(names.map((n, k) => [n, (i: number) => (k === 0 ? String(i % 2) : String(i * k))])));
    const { spec } = infer(t, 'y');
    expect(spec.features.map((f) => f.name)).toEqual(names.slice(1));
    expect(Object.keys(spec.example)).toEqual(names.slice(1));
    expect(Object.getPrototypeOf(spec.example)).toBe(Object.prototype);
    const csv = toCsv(t.columns, t.rows);
    expect(parseCsv(csv).columns).toEqual(names);
  });
});

describe('readDatasetChoice', () => {
  it('from the Parquet fixture: the spec, and the sample as CSV pandas reads back', async () => {
    const { spec, sample } = await readDatasetChoice('test/fixtures/dataset/passengers.parquet', 'survived', ROOT);
    expect(spec.title).toBe('Passengers');
    expect(spec.sampleFile).toBe('passengers.csv');
    expect(spec.idColumn).toBe('passenger_id');
    expect(spec.target).toMatchObject({ task: 'classification', labelType: 'integer', labels: [0, 1] });
    expect(spec.features.map((f) => `${f.name}:${f.kind}${f.nullable ? '?' : ''}`)).toEqual([
      'pclass:categorical',
      'sex:categorical',
      'age:numeric?',
      'fare:numeric?',
      'embarked:categorical?',
      'alone:boolean',
    ]);
    expect(spec.ignored).toEqual(['boarded']);
    const text = sample.toString('utf8');
    expect(text.split('\n')[0]).toBe('passenger_id,survived,pclass,sex,age,fare,embarked,alone,boarded');
    expect(text.split('\n')[1]).toBe('1,0,1,female,,7.25,S,true,2023-11-14T22:13:20.000Z');
  });

  it('names the file in every refusal', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'two.csv'), 'y,x\n1,2\n');
    await expect(readDatasetChoice('two.csv', 'y', dir)).rejects.toThrow('Cannot use the dataset "two.csv": only 1 rows have a value for "y": at least 20 are needed to train and test a model.');
    await expect(readDatasetChoice('nope.csv', 'y', dir)).rejects.toThrow('Cannot use the dataset "nope.csv": no such file.');
  });
});

describe('fuzzed column names through a file', () => {
  it('every name either comes back as it was written or is refused with a header message', async () => {
    const dir = tmpDir();
    const alphabet = ['a', 'Z', ' ', '"', "'", ',', ';', '\t', '\n', '\r', '{{', '}}', '\\', 'é', '☃', '😀', '\u0000', '\u202e', 'id', '_', '-'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes = { kept: 0, refused: 0 };
    for (let n = 0; n < 150; n++) {
      const name = Array.from({ length: 1 + Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const rows = Array.from({ length: 24 }, (_, i) => [String(i % 2), String(i * 2.5)]);
      writeFileSync(path.join(dir, 'f.csv'), toCsv(['y', name], rows));
      try {
        const { spec } = await readDatasetChoice('f.csv', 'y', dir);
        expect(spec.features.map((f) => f.name)).toEqual([name]);
        expect(Object.keys(spec.example)).toEqual([name]);
        outcomes.kept++;
      } catch (error) {
        expect((error as Error).message).toMatch(
          /^Cannot use the dataset "f\.csv": (column 2 has no name|the name of column 2 \(.*\) holds a line break|it is neither CSV text nor Parquet|two columns are named|it has 1 column)/s,
        );
        expect((error as Error).name).toBe('UserError');
        outcomes.refused++;
      }
    }
    // Both outcomes happen, so the loop tests something either way.
    expect(outcomes.kept).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(5);
  });
});
