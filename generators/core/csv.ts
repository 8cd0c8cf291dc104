/**
 * CSV as RFC 4180 writes it, read and written without a library: quoted fields (`""` inside),
 * newlines inside quotes, CRLF, LF or CR line endings, a byte-order mark, and `,`, `;` or tab
 * as the delimiter (sniffed from the header line). The generated project reads the sample with
 * pandas, so a cell is missing exactly when pandas' `read_csv` would call it missing.
 */
import { UserError } from './errors.js';

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

/** The delimiter of the header line (outside quotes): the most frequent of `,` `;` tab; `,` on a tie. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/**
 * Records of a CSV text, each a list of raw fields. `complete: false` says the text was cut at a
 * read limit: its last record may be partial and is dropped. An unterminated quote in a complete
 * text is an error naming the line it opened on.
 */
export function parseRecords(text: string, delimiter: string, complete = true): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldWasQuoted = false;
  let line = 1;
  let quoteLine = 1;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    // A blank line is no record (pandas skips them too).
    if (!(record.length === 1 && record[0] === '' && !fieldWasQuoted)) records.push(record);
    record = [];
    field = '';
    fieldWasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '' && !fieldWasQuoted) {
      quoted = true;
      fieldWasQuoted = true;
      quoteLine = line;
    } else if (c === delimiter) {
      record.push(field);
      field = '';
      fieldWasQuoted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      endRecord();
    } else {
      // A quote inside an unquoted field is kept as a character (lenient, as pandas is).
      field += c;
    }
    i++;
  }
  if (!complete) return records;
  if (quoted) throw new UserError(`a quoted field opened on line ${quoteLine} is never closed`);
  if (field !== '' || record.length > 0 || fieldWasQuoted) endRecord();
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
export function parseCsv(text: string, complete = true): Table {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = parseRecords(body, sniffDelimiter(body), complete);
  const [header, ...data] = records;
  if (!header) throw new UserError('it is empty');
  const rows = data.map((record, index) => {
    if (record.length !== header.length) {
      throw new UserError(`data row ${index + 1} has ${record.length} fields, the header has ${header.length}`);
    }
    return record.map(cell);
  });
  return { columns: header, rows };
}

/** A field as RFC 4180 writes it: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text (comma, LF) of a header and rows; a missing cell is an empty field. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(row.map((value) => (value === null ? '' : field(value))).join(','));
  return `${lines.join('\n')}\n`;
}
