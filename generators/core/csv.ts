/**
 * CSV as RFC 4180 writes it, read and written without a library: quoted fields (`""` inside),
 * newlines inside quotes, CRLF, LF or CR line endings, a byte-order mark, and `,`, `;` or tab
 * as the delimiter (sniffed from the header line). The generated project reads the sample with
 * pandas, so a cell is missing exactly when pandas' `read_csv` would call it missing.
 */
import { UserError } from './errors.js';
import { dataSaid } from './dataset-messages.js';

/** pandas' default `na_values` (plus the empty cell): the same cells are missing here and there. */
export const MISSING_MARKERS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** A table as read: column names, and rows of cells (null where the cell is missing). */
export interface Table {
  columns: string[];
  rows: (string | null)[][];
}

const DELIMITERS = [',', ';', '\t'] as const;

/** More columns than this is not a table a model is trained on here. */
export const MAX_COLUMNS = 1000;

/** The delimiter of the header line (outside quotes): the most frequent of `,` `;` tab; `,` on a tie. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  // The header is at the start: 64 KiB of it is enough to count its delimiters.
  for (const c of text.slice(0, 65536)) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Line number (1-based) of a position: counted only for an error message. */
function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

export interface RecordLimits {
  /** Stop after this many records (the rest of the text is not parsed). */
  maxRecords?: number;
  /** A record with more fields than this is an error (a table is not that wide). */
  maxFields?: number;
}

/**
 * Records of a CSV text, each a list of raw fields. `complete: false` says the text was cut at a
 * read limit: its last record may be partial and is dropped. An unterminated quote in a complete
 * text is an error naming the line it opened on. Fields are sliced, not built a character at a
 * time: a 64 MiB line parses in milliseconds.
 */
export function parseRecords(text: string, delimiter: string, complete = true, limits: RecordLimits = {}): string[][] {
  const { maxRecords = Number.POSITIVE_INFINITY, maxFields = Number.POSITIVE_INFINITY } = limits;
  const records: string[][] = [];
  const fieldEnd = new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter}\\r\\n]`, 'g');
  let record: string[] = [];
  let lastQuoted = false;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    let value: string;
    let quoted = false;
    if (text[pos] === '"') {
      quoted = true;
      const open = pos;
      value = '';
      pos++;
      for (;;) {
        const close = text.indexOf('"', pos);
        if (close === -1) {
          if (!complete) return records;
          throw new UserError(dataSaid('csvUnclosedQuote', { line: lineAt(text, open) }));
        }
        if (text[close + 1] === '"') {
          value += text.slice(pos, close + 1);
          pos = close + 2;
        } else {
          value += text.slice(pos, close);
          pos = close + 1;
          break;
        }
      }
    } else {
      value = '';
    }
    // Up to the delimiter or line end: an unquoted field, or what follows a closing quote (kept, as pandas does).
    fieldEnd.lastIndex = pos;
    const match = fieldEnd.exec(text);
    const stop = match ? match.index : length;
    value += text.slice(pos, stop);
    record.push(value);
    if (record.length > maxFields) throw new UserError(dataSaid('tableTooManyColumns', { max: maxFields }));
    lastQuoted = quoted;
    pos = stop;
    if (stop === length) {
      if (!complete) return records;
      break;
    }
    const c = text[stop];
    pos = stop + 1;
    if (c === delimiter) {
      if (pos === length) record.push('');
      continue;
    }
    if (c === '\r' && text[pos] === '\n') pos++;
    // A blank line is no record (pandas skips them too); a quoted empty field is one.
    if (!(record.length === 1 && record[0] === '' && !quoted)) records.push(record);
    record = [];
    // Rows past the limit are never built: 64 MiB of short cells would be millions of arrays.
    if (records.length >= maxRecords) return records;
  }
  if (record.length > 0 && !(record.length === 1 && record[0] === '' && !lastQuoted)) records.push(record);
  return records;
}

/** The cell as the table holds it: null when pandas would read it as missing. */
function cell(raw: string): string | null {
  return MISSING_MARKERS.has(raw) ? null : raw;
}

/**
 * A table from CSV text (BOM removed here). The first record is the header; every other record
 * must have as many fields. Errors are UserErrors without the file name (the caller adds it).
 */
export function parseCsv(text: string, complete = true, maxRows?: number): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = parseRecords(body, sniffDelimiter(body), complete, {
    maxFields: MAX_COLUMNS,
    ...(maxRows === undefined ? {} : { maxRecords: maxRows + 1 }),
  });
  const [header, ...data] = records;
  if (!header) throw new UserError(dataSaid('tableEmpty'));
  const rows = data.map((record, index) => {
    if (record.length !== header.length) {
      throw new UserError(dataSaid('csvFieldCount', { row: index + 1, count: record.length, header: header.length }));
    }
    return record.map(cell);
  });
  return { columns: header, rows };
}

/** A field as RFC 4180 writes it: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
function field(value: string): string {
  return /[",;\t\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text (comma, LF) of a header and rows; a missing cell is an empty field. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(row.map((value) => (value === null ? '' : field(value))).join(','));
  return `${lines.join('\n')}\n`;
}
