/**
 * Reads the table given to `--dataset`: CSV (core/csv.ts) or Parquet (hyparquet, loaded only
 * here), within fixed bounds so that a 2 GB file, a FIFO or /dev/zero never fills memory or
 * blocks. Only the head of a large file is read; the caller says so to the user.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import zlib from 'node:zlib';
import { MAX_COLUMNS, MISSING_MARKERS, parseCsv, type Table } from '../core/csv.js';
import { UserError } from '../core/errors.js';
import { dataSaid } from '../core/dataset-messages.js';

/** A larger file is refused: give the project a sample of it (it only ever ships a sample). */
export const MAX_DATASET_FILE_BYTES = 1024 ** 3;
/** Of a CSV, at most this much is read (the head); the rows past it are not seen. */
export const MAX_CSV_READ_BYTES = 64 * 1024 * 1024;
/** Of a Parquet file, the row groups read together may hold at most this much compressed data. */
export const MAX_PARQUET_READ_BYTES = 128 * 1024 * 1024;
/** At most this many rows are read, whatever the format. */
export const MAX_READ_ROWS = 100_000;
/** A Parquet footer (the file's metadata) larger than this is not a table we can use. */
const MAX_PARQUET_FOOTER_BYTES = 16 * 1024 * 1024;

export interface ReadTable {
  table: Table;
  format: 'csv' | 'parquet';
  /** Rows were left unread (a read limit was reached). */
  truncated: boolean;
}

const MIB = 1024 * 1024;

function checkRegular(stat: Stats): void {
  if (stat.isDirectory()) throw new UserError(dataSaid('tableDirectory'));
  if (!stat.isFile()) throw new UserError(dataSaid('tableNotRegular'));
  if (stat.size === 0) throw new UserError(dataSaid('tableEmpty'));
  if (stat.size > MAX_DATASET_FILE_BYTES) throw new UserError(dataSaid('tableTooLarge', { size: MAX_DATASET_FILE_BYTES / 1024 ** 3 }));
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

function readCsv(fd: number, size: number): ReadTable {
  const truncated = size > MAX_CSV_READ_BYTES;
  const bytes = readAt(fd, 0, Math.min(size, MAX_CSV_READ_BYTES));
  if (bytes.includes(0)) throw new UserError(dataSaid('tableNul'));
  let text: string;
  try {
    // stream: a multi-byte character cut by the read limit is not an encoding error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    throw new UserError(dataSaid('tableNotUtf8'));
  }
  // One row past the limit is parsed, to know whether rows were left unread.
  const table = parseCsv(text, !truncated, MAX_READ_ROWS + 1);
  if (truncated && table.rows.length === 0) throw new UserError(dataSaid('tableNoCompleteRow', { size: MAX_CSV_READ_BYTES / MIB }));
  if (table.rows.length > MAX_READ_ROWS) return { table: { columns: table.columns, rows: table.rows.slice(0, MAX_READ_ROWS) }, format: 'csv', truncated: true };
  return { table, format: 'csv', truncated };
}

/** A Parquet cell as the table holds it: text, or null where pandas would read the CSV cell as missing. */
function parquetCell(value: unknown, column: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return MISSING_MARKERS.has(value) ? null : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  throw new UserError(dataSaid(value instanceof Uint8Array ? 'tableBinaryColumn' : 'tableNestedColumn', { column: JSON.stringify(column) }));
}

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/**
 * Codecs hyparquet does not decode itself (it has Snappy), from node:zlib: gzip and Brotli, and
 * zstd (Polars' default) where this Node has it. The page's stated length caps the output.
 */
function zlibCompressors(): Record<string, Decompress> {
  const z = zlib as typeof zlib & { zstdDecompressSync?: (input: Uint8Array, options?: { maxOutputLength?: number }) => Buffer };
  const codecs: Record<string, Decompress> = {
    GZIP: (input, length) => z.gunzipSync(input, { maxOutputLength: Math.max(1, length) }),
    BROTLI: (input, length) => z.brotliDecompressSync(input, { maxOutputLength: Math.max(1, length) }),
  };
  const zstd = z.zstdDecompressSync;
  if (zstd) codecs.ZSTD = (input, length) => zstd(input, { maxOutputLength: Math.max(1, length) });
  return codecs;
}

async function readParquet(fd: number, size: number): Promise<ReadTable> {
  const tail = readAt(fd, Math.max(0, size - 8), 8);
  if (size < 12 || tail.subarray(4).toString('latin1') !== 'PAR1') throw new UserError(dataSaid('parquetCut'));
  if (tail.readUInt32LE(0) > MAX_PARQUET_FOOTER_BYTES) throw new UserError(dataSaid('parquetMetadataTooLarge', { size: MAX_PARQUET_FOOTER_BYTES / MIB }));
  const hyparquet = await import('hyparquet');
  const file = {
    byteLength: size,
    slice: async (start: number, end?: number) => {
      const bytes = readAt(fd, start, (end ?? size) - start);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
  let metadata;
  try {
    metadata = await hyparquet.parquetMetadataAsync(file);
  } catch (error) {
    throw new UserError(dataSaid('parquetUnreadable', { error: (error as Error).message }));
  }
  const schema = hyparquet.parquetSchema(metadata);
  if (schema.children.length > MAX_COLUMNS) throw new UserError(dataSaid('tableTooManyColumns', { max: MAX_COLUMNS }));
  const columns = schema.children.map((child) => {
    if (child.children.length > 0) throw new UserError(dataSaid('parquetNestedColumn', { column: JSON.stringify(child.element.name) }));
    return child.element.name;
  });
  // Whole row groups are read: stop before the one that would pass the byte or row limit.
  let rowEnd = 0;
  let bytes = 0;
  for (const group of metadata.row_groups) {
    const groupBytes = Number(group.total_compressed_size ?? group.columns.reduce((sum, c) => sum + c.meta_data!.total_compressed_size, 0n));
    if (rowEnd >= MAX_READ_ROWS) break;
    if (bytes + groupBytes > MAX_PARQUET_READ_BYTES) {
      if (rowEnd === 0) throw new UserError(dataSaid('parquetRowGroup', { size: MAX_PARQUET_READ_BYTES / MIB }));
      break;
    }
    bytes += groupBytes;
    rowEnd += Number(group.num_rows);
  }
  rowEnd = Math.min(rowEnd, MAX_READ_ROWS);
  let raw: unknown[][] = [];
  try {
    const compressors = zlibCompressors();
    await hyparquet.parquetRead({ file, metadata, rowStart: 0, rowEnd, rowFormat: 'array', compressors, onComplete: (rows) => (raw = rows) });
  } catch (error) {
    const message = (error as Error).message;
    const hint = /compression codec/i.test(message) ? dataSaid('parquetCodecHint') : '';
    throw new UserError(dataSaid('parquetData', { error: message, hint }));
  }
  const rows = raw.map((row) => columns.map((column, i) => parquetCell(row[i], column)));
  return { table: { columns, rows }, format: 'parquet', truncated: rowEnd < Number(metadata.num_rows) };
}

/**
 * The table in `file`, or a UserError saying why not (without the file's name: the caller adds
 * it). Only a regular file is read (a link is followed to one): checked before opening, since
 * opening a FIFO would block, and again on the open descriptor, opened non-blocking.
 */
export async function readTable(file: string): Promise<ReadTable> {
  let fd: number | undefined;
  try {
    try {
      checkRegular(statSync(file));
      fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as Error).name === 'UserError') throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(
        code === 'ENOENT' ? dataSaid('fileMissing') : code === 'EACCES' ? dataSaid('filePermission') : dataSaid('fileUnreadable', { error: String(code ?? error) }),
      );
    }
    const stat = fstatSync(fd);
    checkRegular(stat);
    const magic = readAt(fd, 0, 4).toString('latin1');
    return magic === 'PAR1' ? await readParquet(fd, stat.size) : readCsv(fd, stat.size);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
