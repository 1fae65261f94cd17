/**
 * A small RFC 4180 CSV reader for municipal roster exports: comma-separated, cells optionally quoted with
 * `"` (a doubled `""` is one quote), quoted cells may hold commas and line breaks, records end with CRLF,
 * LF or CR. Pure; no Nest imports.
 */

export interface CsvRecord {
  /** Row number as a spreadsheet shows it: the header is row 1, blank rows count. */
  row: number;
  /** Line of the text where the record starts (the header is line 1); differs from `row` after a cell with a line break. */
  line: number;
  cells: string[];
}

/** The text is not CSV we can read (e.g. a quoted cell that never closes). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The file has more records than the caller allows; parsing stopped there. */
export class CsvRecordLimitError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} records`);
    this.name = 'CsvRecordLimitError';
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/**
 * Parses CSV text into records. Blank records (every cell empty, e.g. an empty line or `,,,`) are left
 * out but still counted in `row` and `line`, so the numbers match what the officer sees. A leading byte-order
 * mark is ignored. Stops with CsvRecordLimitError once more than `maxRecords` non-blank records were read.
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 0;
  let line = 1;
  while (i < n) {
    row++;
    const startLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted cell: runs to the next quote that is not doubled.
        const openedAt = line;
        let parts = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) throw new CsvSyntaxError(row, openedAt, `row ${row} (line ${openedAt}): a quoted cell is never closed`);
          line += countLineBreaks(text, from, q);
          parts += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // Lenient: anything between the closing quote and the separator is kept (`"a"b` reads as `ab`).
        const end = nextSeparator(text, i);
        cell = (parts + text.slice(i, end)).replace(/\r\n?/g, '\n');
        i = end;
      } else {
        const end = nextSeparator(text, i);
        cell = text.slice(i, end);
        i = end;
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        if (i >= n) {
          cells.push('');
          endOfRecord = true;
        }
      } else {
        // Line break or end of text.
        if (c === CR || c === LF) {
          i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
        }
        endOfRecord = true;
      }
    }
    if (cells.some((cell) => cell !== '')) {
      if (records.length >= maxRecords) throw new CsvRecordLimitError(maxRecords);
      records.push({ row, line: startLine, cells });
    }
  }
  return records;
}

/** Index of the next comma, CR or LF at or after `from` (or the end of the text). */
function nextSeparator(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === COMMA || c === LF || c === CR) return j;
  }
  return text.length;
}

/** Line breaks (CRLF, LF or CR each count once) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(j + 1) !== LF) count++;
  }
  return count;
}
