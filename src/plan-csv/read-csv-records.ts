// The CSV layer of a plan import: records with their line numbers (multi-line cells counted), syntax
// errors in words, and the header row mapped to the known columns. No knowledge of actions or
// milestones: parse-plan-csv.ts reads the rows.
import { parse, type CsvError, type InfoRecord } from 'csv-parse/sync';
import { EXPORT_COLUMNS, REQUIRED_COLUMNS, isKnownColumn, normaliseHeaderName, unguardCell, type KnownColumn } from './csv-format.ts';
import type { RowError } from './parse-plan-csv.ts';

export interface CsvRow {
  line: number;
  cells: string[];
}

export interface Header {
  line: number;
  /** Column index for each known column present. */
  index: Map<KnownColumn, number>;
  /** Indexes of header cells left blank (tolerated while the cells under them are blank too). */
  blank: number[];
  width: number;
}

export function readRecords(text: string, errors: RowError[]): CsvRow[] {
  // One line ending throughout: csv-parse counts a CRLF inside a quoted cell as two lines, which
  // would push every later line number off. Cell text keeps its line breaks, as \n.
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const syntaxLines = new Set<number>();
  const onSkip = (error: CsvError | undefined, raw: string | undefined) => {
    if (!error) return undefined;
    // csv-parse may report each stray quote of one line separately; one message per line is enough.
    const problem = syntaxError(error, raw);
    if (!syntaxLines.has(problem.line)) errors.push(problem);
    syntaxLines.add(problem.line);
    return undefined;
  };
  // With `info` and `raw` each result is { record, info, raw }; csv-parse's sync typings do not say so.
  const parsed = parse(normalised, {
    bom: true,
    info: true,
    raw: true,
    delimiter: ',',
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: onSkip,
  }) as unknown as { record: string[]; info: InfoRecord; raw: string }[];
  const records: CsvRow[] = [];
  for (const { record, info } of parsed) {
    // info.lines is the line the record ends on; line breaks inside quoted cells say how far back it started.
    const breaks = record.reduce((n, cell) => n + countBreaks(cell), 0);
    const line = info.lines - breaks;
    const cells = record.map((cell) => unguardCell(cell));
    if (cells.every((cell) => cell.trim() === '')) continue; // blank rows, e.g. ",,,," from a spreadsheet
    records.push({ line, cells });
  }
  return records;
}

function countBreaks(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n += 1;
  return n;
}

function syntaxError(error: CsvError, raw: string | undefined): RowError {
  const info = error as CsvError & { lines?: number };
  const end = typeof info.lines === 'number' ? info.lines : 1;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      // Reported where the file ends; the row holding the open quote starts this many lines earlier.
      const line = Math.max(1, end - countBreaks((raw ?? '').replace(/\n$/, '')));
      return { line, message: 'a quoted cell on this row is never closed: a " opens it and no matching " follows before the end of the file' };
    }
    case 'INVALID_OPENING_QUOTE':
      return { line: end, message: 'a " appears inside a cell that does not start with one; put the whole cell in quotes and double the inner quote ("")' };
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line: end, message: 'a quoted cell has text after its closing "; double a quote inside a quoted cell ("")' };
    default:
      return { line: end, message: `this line cannot be read as CSV (${error.message})` };
  }
}

// --- header --------------------------------------------------------------------------------------

export function readHeader(record: CsvRow, errors: RowError[]): Header | undefined {
  const { line, cells } = record;
  if (cells.some((cell) => cell.includes(';'))) {
    errors.push({
      line,
      message:
        'the header is separated by semicolons (;), as Excel saves CSV in some regional settings; ' +
        'save the file as "CSV UTF-8 (Comma delimited)" so the columns are separated by commas',
    });
    return undefined;
  }
  if (cells.length === 1 && cells[0]?.includes('\t')) {
    errors.push({ line, message: 'the header is separated by tabs; save the file as CSV (comma delimited), not as tab-separated text' });
    return undefined;
  }
  const index = new Map<KnownColumn, number>();
  const blank: number[] = [];
  let structural = false;
  cells.forEach((raw, i) => {
    const name = normaliseHeaderName(raw);
    if (name === '') {
      blank.push(i);
    } else if (!isKnownColumn(name)) {
      errors.push({ line, column: raw.trim(), message: `unknown column "${raw.trim()}"; the columns are ${EXPORT_COLUMNS.join(', ')}` });
    } else if (index.has(name)) {
      errors.push({ line, column: name, message: `column ${name} appears twice in the header` });
      structural = true;
    } else {
      index.set(name, i);
    }
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!index.has(column)) {
      errors.push({ line, column, message: `required column ${column} is missing from the header` });
      structural = true;
    }
  }
  // Rows are still checked when the header only has extra columns; not when a column is missing or doubled.
  return structural ? undefined : { line, index, blank, width: cells.length };
}

// --- one row -------------------------------------------------------------------------------------

