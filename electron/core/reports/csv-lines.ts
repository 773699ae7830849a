// The accountant's CSV lines, from the rows SQLite gives for CSV_EXPORT_SQL (amounts in cents in
// columns 4–6 and 8, instants as stored in 0, 1 and 9): French words, Paris
// wall clock `dd/mm/yyyy HH:mm`, amounts with a decimal comma, cells written by Papa Parse (`;`,
// CRLF, formulas made text). This runs inside the export's worker threads: it imports neither
// zod nor the contract, and the words come in as plain data.
import Papa from 'papaparse';
import { formatAmount, parisMinuteFormatter } from './csv-values';

/** The French words of the file, keyed by what the log stores. */
export interface CsvWords {
  status: Record<string, string>;
  origin: Record<string, string>;
  means: Record<string, string>;
}

/** A row as SQLite gives it (raw mode), turned into the file's cells in place: no copies. */
export type CsvRow = Array<string | number | null>;

export const CSV_OPTIONS = {
  delimiter: ';',
  newline: '\r\n',
  // A cell a spreadsheet would read as a formula (=, +, -, @, tab or CR first) is written as text,
  // prefixed with '. Papa's own pattern for `true` (/^[=+\-@\t\r].*$/) misses a value with a line
  // break after its first character; only the first character matters.
  escapeFormulae: /^[=+\-@\t\r]/,
  header: false,
} as const;

/** The byte order mark that tells Excel the file is UTF-8. */
export const BOM = '\ufeff';

/** The header line, BOM first, CRLF last. */
export function csvHeaderText(header: readonly string[]): string {
  return `${BOM}${Papa.unparse([[...header]], CSV_OPTIONS)}\r\n`;
}

/**
 * Writes rows as CSV text. Each writer keeps one Paris-time formatter per date column (each caches
 * the UTC hour it last saw, and rows come in time order), so a writer serves one ordered stream.
 */
export function csvLineWriter(words: CsvWords): (rows: CsvRow[]) => string {
  const createdText = parisMinuteFormatter();
  const updatedText = parisMinuteFormatter();
  const collectedText = parisMinuteFormatter();
  const status = new Map(Object.entries(words.status));
  const origin = new Map(Object.entries(words.origin));
  const means = new Map(Object.entries(words.means));
  const toCells = (row: CsvRow): CsvRow => {
    row[0] = createdText(row[0] as string);
    row[1] = updatedText(row[1] as string);
    row[2] = status.get(row[2] as string) ?? row[2]!;
    row[4] = formatAmount(row[4] as number);
    row[5] = formatAmount(row[5] as number);
    row[6] = formatAmount(row[6] as number);
    if (row[7] !== null) {
      row[7] = means.get(row[7] as string) ?? row[7]!;
      row[8] = row[8] === null ? null : formatAmount(row[8] as number);
      row[9] = row[9] === null ? null : collectedText(row[9] as string);
    }
    row[14] = origin.get(row[14] as string) ?? row[14]!;
    // null cells are written empty.
    return row;
  };
  return (rows) => {
    if (rows.length === 0) return '';
    for (const row of rows) toCells(row);
    // Every line ends with CRLF, the last one included, as Excel writes them.
    return `${Papa.unparse(rows, CSV_OPTIONS)}\r\n`;
  };
}
