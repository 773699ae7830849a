// The accountant's CSV lines, from the rows SQLite gives for CSV_EXPORT_SQL (amounts in cents in
// columns 4–6 and 8, instants as stored in 0, 1 and 9): French words, Paris wall clock
// `dd/mm/yyyy HH:mm`, amounts with a decimal comma, `;` between cells, CRLF after each line, and
// the cells a spreadsheet could misread written as Papa Parse writes them (formulas made text,
// quotes where needed). This runs inside the export's worker thread: it imports neither zod nor
// the contract, and the words come in as plain data.
//
// Papa Parse wrote these lines until it was measured: it runs a few regular expressions over every
// cell, dates and amounts included, a fifth of the export's time on a million rows. Here only the
// cells that may hold free text are escaped, by Papa's rule written out below, which a test holds
// to Papa's own output on every awkward value it knows and on random rows.
import { formatAmount, parisMinuteFormatter } from './csv-values';

/** The French words of the file, keyed by what the log stores. */
export interface CsvWords {
  status: Record<string, string>;
  origin: Record<string, string>;
  means: Record<string, string>;
}

/** A row as SQLite gives it (raw mode). */
export type CsvRow = Array<string | number | null>;

/** The byte order mark that tells Excel the file is UTF-8. */
export const BOM = '\ufeff';

/** A first character a spreadsheet reads as the start of a formula: =, +, -, @, tab, CR. */
const FORMULA = /^[=+\-@\t\r]/;
/** What makes a cell need quotes: the separator, a quote, a line break, a BOM, or a space at either end. */
const NEEDS_QUOTES = /[;"\r\n\ufeff]|^ | $/;

/**
 * One cell as Papa Parse writes it with `;`, `"` and formulas escaped: empty for null; a value a
 * spreadsheet would run as a formula prefixed with `'` and quoted; quotes doubled and the cell
 * quoted when it holds `;`, `"`, CR, LF or a BOM, or starts or ends with a space.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line, BOM first, CRLF last. */
export function csvHeaderText(header: readonly string[]): string {
  return `${BOM}${header.map(csvCell).join(';')}\r\n`;
}

/** A word of the file for a stored value, escaped once; a value without a word is written as is. */
function wordsOf(words: Record<string, string>): (value: string | number | null) => string {
  const escaped = new Map(Object.entries(words).map(([key, word]) => [key, csvCell(word)]));
  return (value) => (value === null ? '' : (escaped.get(value as string) ?? csvCell(value)));
}

/**
 * Writes rows as CSV text. Each writer keeps one Paris-time formatter per date column (each caches
 * the UTC hour it last saw, and rows come in time order), so a writer serves one ordered stream.
 */
export function csvLineWriter(words: CsvWords): (rows: CsvRow[]) => string {
  const createdText = parisMinuteFormatter();
  const updatedText = parisMinuteFormatter();
  const collectedText = parisMinuteFormatter();
  const status = wordsOf(words.status);
  const origin = wordsOf(words.origin);
  const means = wordsOf(words.means);
  // The log's checks keep amounts positive; a negative one would read as a formula.
  const amount = (cents: string | number | null) => (cents === null ? '' : (cents as number) < 0 ? csvCell(formatAmount(cents as number)) : formatAmount(cents as number));
  // A wall-clock time is digits, `/`, `:` and a space inside: nothing to escape.
  const instant = (format: (iso: string) => string, iso: string | number | null) => (iso === null ? '' : format(iso as string));
  return (rows) => {
    let text = '';
    for (const r of rows) {
      // Every line ends with CRLF, the last one included, as Excel writes them.
      text += `${instant(createdText, r[0]!)};${instant(updatedText, r[1]!)};${status(r[2]!)};${csvCell(r[3])};${amount(r[4]!)};${amount(r[5]!)};${amount(r[6]!)};${means(r[7]!)};${amount(r[8]!)};${instant(collectedText, r[9]!)};${csvCell(r[10])};${csvCell(r[11])};${csvCell(r[12])};${csvCell(r[13])};${origin(r[14]!)};${csvCell(r[15])};${csvCell(r[16])};${csvCell(r[17])};${csvCell(r[18])}\r\n`;
    }
    return text;
  };
}
