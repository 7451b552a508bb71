/**
 * CSV as Bulk API 2.0 reads and writes it: the job's column delimiter (COMMA, TAB, PIPE,
 * SEMICOLON, CARET, BACKQUOTE) and line ending (LF or CRLF).
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_csv_preparing.htm
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const COLUMN_DELIMITERS = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' } as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;
export type LineEnding = 'LF' | 'CRLF';

export interface CsvFormat {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

/** Rows of cells (the header first); throws csv-parse's error for malformed text. */
export function parseCsv(text: string, format: CsvFormat): string[][] {
  return parse(text, { delimiter: COLUMN_DELIMITERS[format.columnDelimiter], bom: true, skip_empty_lines: true, relax_quotes: false }) as string[][];
}

export function writeCsv(rows: readonly (readonly string[])[], format: CsvFormat): string {
  return stringify(rows as string[][], { delimiter: COLUMN_DELIMITERS[format.columnDelimiter], record_delimiter: format.lineEnding === 'CRLF' ? 'windows' : 'unix', quoted: true });
}

/** Why the data's line endings do not match the job's, or null when they do. */
export function lineEndingProblem(text: string, lineEnding: LineEnding): string | null {
  const crlf = text.includes('\r\n');
  const bareLf = /(^|[^\r])\n/.test(text);
  if ((lineEnding === 'LF' && crlf) || (lineEnding === 'CRLF' && bareLf)) {
    return `ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${lineEnding}`;
  }
  return null;
}
