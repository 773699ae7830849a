// The accountant's CSV of a period: one line per operation, every field, as French Excel opens
// it as is (`;` between fields, UTF-8 with a BOM, CRLF, decimal comma, Paris time
// `dd/mm/yyyy HH:mm`, statuses in French). Written by Papa Parse and streamed from its own
// read-only connection (a consistent snapshot that never blocks the till's writes): a year of
// trading leaves memory flat.
import { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import Papa from 'papaparse';
import { REMAINDER_MEANS, type OperationStatus, type ReportPeriod } from '../../common/contract';
import { remainderMeansName } from '../../common/receipt-lines';
import { periodRange } from './day-report';
import { REMAINDER_COLUMNS } from './report-hooks';
import { formatAmount, parisMinuteFormatter } from './csv-values';

export const CSV_HEADER = [
  'Date de création',
  'Date de mise à jour',
  'Statut',
  'N° de panier',
  'Montant demandé',
  'Montant reçu',
  'Reste à encaisser',
  'Reste encaissé par',
  'Montant encaissé autrement',
  'Reste encaissé le',
  'Libellé de transaction',
  'Référence client',
  'Identifiant vendeur',
  'Caisse',
  'Origine',
  'Référence plateforme',
  'Demande d’origine',
  'Identifiant de l’opération',
  'Motif d’échec',
] as const;

export const STATUS_WORDS: Record<OperationStatus, string> = {
  creating: 'Issue inconnue (vérification en cours)',
  pending: 'En attente de paiement',
  validated: 'Validé',
  cancelled: 'Annulé',
  expired: 'Expiré',
  failed: 'Échec',
};

export const ORIGIN_WORDS: Record<string, string> = {
  cashier: 'Écran caisse',
  'caisse-ap': 'Logiciel de caisse (Caisse-AP)',
  api: 'API locale',
};

/** A euro amount of a cents column, written by SQLite itself: `2050` → `20,50`. */
const amount = (column: string) => `printf('%d,%02d', ${column} / 100, ${column} % 100)`;

/** The export's SQL, oldest first, its columns in the file's order (amounts already written with
 *  a decimal comma). Exported so the benchmark runs the very same SQL. */
export const CSV_EXPORT_SQL = `SELECT created_at, updated_at, status, basket_number,
    ${amount('amount_requested_cents')}, ${amount('amount_received_cents')},
    CASE status WHEN 'validated' THEN ${amount('(amount_requested_cents - amount_received_cents)')} ELSE '0,00' END,
    ${REMAINDER_COLUMNS},
    label, customer_reference, seller_id, till_id, origin, platform_id, follow_up_of, id, failure_message
  FROM operations INDEXED BY operations_by_time WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`;

/** A row as SQLite gives it, turned into the file's line in place (a million rows: no copies). */
type Row = Array<string | number | null>;

const MEANS_WORDS: Record<string, string> = Object.fromEntries(REMAINDER_MEANS.map((means) => [means, remainderMeansName(means, 'fr')]));
// One formatter per column: each keeps the UTC hour it last saw, and rows come in time order.
const createdText = parisMinuteFormatter();
const updatedText = parisMinuteFormatter();
const collectedText = parisMinuteFormatter();

function toRecord(row: Row): Row {
  row[0] = createdText(row[0] as string);
  row[1] = updatedText(row[1] as string);
  row[2] = STATUS_WORDS[row[2] as OperationStatus] ?? (row[2] as string);
  if (row[7] !== null) {
    row[7] = MEANS_WORDS[row[7] as string] ?? (row[7] as string);
    row[8] = row[8] === null ? null : formatAmount(row[8] as number);
    row[9] = row[9] === null ? null : collectedText(row[9] as string);
  }
  row[14] = ORIGIN_WORDS[row[14] as string] ?? (row[14] as string);
  // null cells are written empty.
  return row;
}

const CSV_OPTIONS = {
  delimiter: ';',
  newline: '\r\n',
  // A cell a spreadsheet would read as a formula (=, +, -, @ first) is written as text, prefixed with '.
  escapeFormulae: true,
  header: false,
} as const;

/** The byte order mark that tells Excel the file is UTF-8. */
const BOM = '\ufeff';

/** Rows read, written and pushed at a time: large enough to amortise each call, small enough to
 *  keep memory flat. */
const BATCH = 1_000;

/**
 * The CSV of a period as a byte stream, written by Papa Parse a batch of rows at a time as the
 * reader asks for more. `openReader` opens a read-only connection of the log, closed when the
 * stream ends or is destroyed (a client that goes away, a disk that fills up).
 */
export function exportCsv(openReader: () => Database.Database, period: ReportPeriod): Readable {
  const { start, end } = periodRange(period);
  let reader: Database.Database | null = openReader();
  const rows = reader.prepare(CSV_EXPORT_SQL).raw(true).iterate(start, end) as IterableIterator<Row>;
  let first = true;
  const close = () => {
    if (!reader) return;
    rows.return?.();
    reader.close();
    reader = null;
  };
  return new Readable({
    read() {
      try {
        for (;;) {
          const batch: Row[] = [];
          let done = false;
          while (batch.length < BATCH) {
            const next = rows.next();
            if (next.done) {
              done = true;
              break;
            }
            batch.push(toRecord(next.value));
          }
          // Every line ends with CRLF, the last one included, as Excel writes them.
          let text = batch.length ? `${Papa.unparse(batch, CSV_OPTIONS)}\r\n` : '';
          if (first) text = `${BOM}${Papa.unparse([[...CSV_HEADER]], CSV_OPTIONS)}\r\n${text}`;
          first = false;
          const wanted = this.push(text);
          if (done) {
            close();
            this.push(null);
            return;
          }
          if (!wanted) return;
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      close();
      callback(error);
    },
  });
}
