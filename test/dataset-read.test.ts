import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, sniffDelimiter, toCsv } from '../generators/core/csv.js';
import { MAX_CSV_READ_BYTES, MAX_READ_ROWS, readTable } from '../generators/engine/read-table.js';
import { cleanTmpDirs, ROOT, tmpDir, userError } from './helpers.js';

// Reading the table given to --dataset: CSV dialects, Parquet written by pyarrow
// (test/fixtures/dataset/make-fixtures.py), and the files a user should be refused.

const FIXTURES = path.join(ROOT, 'test/fixtures/dataset');

afterAll(cleanTmpDirs);

async function refusal(file: string): Promise<string> {
  try {
    await readTable(file);
  } catch (error) {
    expect((error as Error).name).toBe('UserError');
    return (error as Error).message;
  }
  throw new Error(`${file} was read`);
}

describe('CSV', () => {
  it('reads quotes, doubled quotes, newlines inside quotes, CRLF, and a BOM', () => {
    const text = '\ufeffname,"note"\r\n"Smith, J.","said ""hi""\r\nthen left"\r\nLee,plain\r\n';
    expect(parseCsv(text)).toEqual({ columns: ['name', 'note'], rows: [['Smith, J.', 'said "hi"\r\nthen left'], ['Lee', 'plain']] });
  });

  it('reads old Mac CR line endings and a last line without a line break', () => {
    expect(parseCsv('a,b\r1,2\r3,4')).toEqual({ columns: ['a', 'b'], rows: [['1', '2'], ['3', '4']] });
  });

  it('sniffs ; and tab from the header, ignoring delimiters inside quotes', () => {
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3')).toBe(';');
    expect(sniffDelimiter('"x,y,z";b\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n')).toBe('\t');
    expect(sniffDelimiter('a,b;c\n')).toBe(',');
    expect(parseCsv('a;b\n1,5;x\n').rows).toEqual([['1,5', 'x']]);
  });

  it('reads what pandas reads as missing as missing (empty, NA, NaN, null, None…), and nothing else', () => {
    const { rows } = parseCsv('a,b,c,d,e,f,g\n,NA,NaN,null,None,n/a,na\n');
    expect(rows).toEqual([[null, null, null, null, null, null, 'na']]);
  });

  it('skips blank lines, keeps a quoted empty line', () => {
    expect(parseCsv('a,b\n\n1,2\n\n').rows).toEqual([['1', '2']]);
    expect(parseCsv('a\n""\nx\n').rows).toEqual([[null], ['x']]);
  });

  it('refuses a row with another number of fields, and an unterminated quote, naming where', () => {
    expect(userError(() => parseCsv('a,b\n1,2\n3\n')).message).toBe('data row 2 has 1 fields, the header has 2');
    expect(userError(() => parseCsv('a,b\n1,"2\n3,4\n')).message).toBe('a quoted field opened on line 2 is never closed');
  });

  it('stops at a row limit without building the rest, and refuses more than 1000 columns', () => {
    expect(parseCsv('a\n1\n2\n3\n4\n', true, 2).rows).toEqual([['1'], ['2']]);
    expect(userError(() => parseCsv(`${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n`)).message).toBe('it has more than 1000 columns');
    expect(parseCsv(`${Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',')}\n`).columns).toHaveLength(1000);
  });

    it('drops the last, possibly partial, record of a text cut at the read limit', () => {
    expect(parseCsv('a,b\n1,2\n3,"unfinished', false).rows).toEqual([['1', '2']]);
  });

  it('writes back what it reads: quotes, delimiters, line breaks, edge spaces, missing cells', () => {
    const columns = ['a "q"', 'b,c', 'd\ne'];
    const rows = [['x', ' lead', 'multi\r\nline'], [null, 'trail ', '"']];
    const csv = toCsv(columns, rows);
    expect(csv).toBe('"a ""q""","b,c","d\ne"\nx," lead","multi\r\nline"\n,"trail ",""""\n');
    expect(parseCsv(csv)).toEqual({ columns, rows });
  });
});

describe('readTable', () => {
  it('reads a CSV file', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'x.csv'), 'a;b\r\n1;x\r\n');
    expect(await readTable(path.join(dir, 'x.csv'))).toEqual({ table: { columns: ['a', 'b'], rows: [['1', 'x']] }, format: 'csv', truncated: false });
  });

  it('reads Parquet written by pyarrow: integers, floats with null and NaN, text, booleans, timestamps', async () => {
    const { table, format, truncated } = await readTable(path.join(FIXTURES, 'passengers.parquet'));
    expect(format).toBe('parquet');
    expect(truncated).toBe(false);
    expect(table.columns).toEqual(['passenger_id', 'survived', 'pclass', 'sex', 'age', 'fare', 'embarked', 'alone', 'boarded']);
    expect(table.rows).toHaveLength(30);
    expect(table.rows[0]).toEqual(['1', '0', '1', 'female', null, '7.25', 'S', 'true', '2023-11-14T22:13:20.000Z']);
    expect(table.rows[4]?.[5]).toBeNull();
    expect(table.rows[3]?.[6]).toBeNull();
  });

  it('refuses what it cannot read with one line, never a crash', async () => {
    expect(await refusal(path.join(FIXTURES, 'nested.parquet'))).toBe('its column "tags" is nested (a list, map or struct): flatten it first');
    expect(await refusal(path.join(FIXTURES, 'passengers-lz4.parquet'))).toBe(
      'its Parquet data cannot be read (parquet unsupported compression codec: LZ4_RAW): write it uncompressed or with Snappy, gzip or Brotli',
    );
  });

  it('reads gzip-compressed Parquet through node:zlib, and zstd where this Node has it', async () => {
    const snappy = await readTable(path.join(FIXTURES, 'passengers.parquet'));
    expect(await readTable(path.join(FIXTURES, 'passengers-gzip.parquet'))).toEqual(snappy);
    const zstd = path.join(FIXTURES, 'passengers-zstd.parquet');
    if ('zstdDecompressSync' in zlib) expect(await readTable(zstd)).toEqual(snappy);
    else expect(await refusal(zstd)).toMatch(/unsupported compression codec: ZSTD\): write it uncompressed or with Snappy, gzip or Brotli$/);
  });

  it('refuses a missing file, a directory, an empty file, a binary file, non-UTF-8 text, a damaged Parquet file', async () => {
    const dir = tmpDir();
    const file = (name: string, content: string | Buffer) => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    expect(await refusal(path.join(dir, 'none.csv'))).toBe('no such file');
    mkdirSync(path.join(dir, 'folder'));
    expect(await refusal(path.join(dir, 'folder'))).toBe('it is a directory');
    expect(await refusal(file('empty.csv', ''))).toBe('it is empty');
    expect(await refusal(file('nul.csv', Buffer.from('a,b\n1,\u00002\n')))).toBe('it is neither CSV text nor Parquet (it holds NUL bytes)');
    expect(await refusal(file('latin1.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x31, 0x0a])))).toBe('it is not UTF-8 text: save it as CSV in UTF-8');
    expect(await refusal(file('cut.parquet', 'PAR1 and then nothing'))).toBe('it starts like Parquet but is cut short or damaged');
    expect(await refusal(file('junk.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from([1, 0, 0, 0]), Buffer.from('PAR1')])))).toMatch(
      /^it is not a readable Parquet file \(.+\)$/,
    );
  });

  it('refuses a FIFO without blocking, and a link to a device; follows a link to a regular file', async () => {
    const dir = tmpDir();
    const fifo = path.join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toBe('it is not a regular file');
    symlinkSync('/dev/zero', path.join(dir, 'zero.csv'));
    expect(await refusal(path.join(dir, 'zero.csv'))).toBe('it is not a regular file');
    writeFileSync(path.join(dir, 'real.csv'), 'a,b\n1,2\n');
    symlinkSync(path.join(dir, 'real.csv'), path.join(dir, 'link.csv'));
    expect((await readTable(path.join(dir, 'link.csv'))).table.rows).toEqual([['1', '2']]);
  });

  it('reads only the head of a CSV larger than the read limit, and says so', async () => {
    const dir = tmpDir();
    const row = `${'x'.repeat(1000)},1\n`;
    const count = Math.ceil(MAX_CSV_READ_BYTES / row.length) + 10;
    writeFileSync(path.join(dir, 'big.csv'), `text,n\n${row.repeat(count)}`);
    const { table, truncated } = await readTable(path.join(dir, 'big.csv'));
    expect(truncated).toBe(true);
    expect(table.rows.length).toBeLessThan(count);
    expect(table.rows.length).toBeGreaterThan(count - 100);
    expect(table.rows.at(-1)).toEqual(['x'.repeat(1000), '1']);
  });

  it('reads at most 100 000 rows of a CSV of short rows, and says rows were left', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'long.csv'), `n\n${'1\n'.repeat(MAX_READ_ROWS + 5)}`);
    const { table, truncated } = await readTable(path.join(dir, 'long.csv'));
    expect(table.rows).toHaveLength(MAX_READ_ROWS);
    expect(truncated).toBe(true);
    writeFileSync(path.join(dir, 'exact.csv'), `n\n${'1\n'.repeat(MAX_READ_ROWS)}`);
    expect((await readTable(path.join(dir, 'exact.csv'))).truncated).toBe(false);
  });

    it('refuses a CSV whose first row does not fit in the read limit', async () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'line.csv'), `a,b\n${'y'.repeat(MAX_CSV_READ_BYTES)},1\n`);
    expect(await refusal(path.join(dir, 'line.csv'))).toBe('it has no complete row in its first 64 MiB');
  });
});
