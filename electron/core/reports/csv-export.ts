// The accountant's CSV of a period: one line per operation, every field, as French Excel opens
// it as is (`;` between fields, UTF-8 with a BOM, CRLF, decimal comma, Paris time
// `dd/mm/yyyy HH:mm`, statuses in French). Written by csv-stringify and streamed from its own
// read-only connection (a consistent snapshot that never blocks the till's writes): a year of
// trading leaves memory flat.
import { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { stringify, type Stringifier } from 'csv-stringify';
import { RemainderMeans, type OperationStatus, type ReportPeriod } from '../../common/contract';
import { remainderMeansName } from '../../common/receipt-lines';
import { periodRange } from './day-report';
import { REMAINDER_COLUMNS } from './report-hooks';
import { formatAmount, formatParisMinute } from './csv-values';

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

/** The export's SQL, oldest first. Exported so the benchmark runs the very same SQL. */
export const CSV_EXPORT_SQL = `SELECT created_at, updated_at, status, basket_number, amount_requested_cents, amount_received_cents,
    label, customer_reference, seller_id, till_id, origin, platform_id, follow_up_of, id, failure_message, ${REMAINDER_COLUMNS}
  FROM operations INDEXED BY operations_by_time WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`;

type Row = [
  createdAt: string,
  updatedAt: string,
  status: OperationStatus,
  basket: string,
  requested: number,
  received: number,
  label: string | null,
  customerReference: string | null,
  seller: string | null,
  till: string,
  origin: string,
  platformId: string | null,
  followUpOf: string | null,
  id: string,
  failure: string | null,
  remainderMeans: string | null,
  remainderAmount: number | null,
  remainderAt: string | null,
];

function toRecord(row: Row): Array<string> {
  const [createdAt, updatedAt, status, basket, requested, received, label, reference, seller, till, origin, platformId, followUpOf, id, failure, means, collected] = row;
  const knownMeans = RemainderMeans.safeParse(means);
  return [
    formatParisMinute(createdAt),
    formatParisMinute(updatedAt),
    STATUS_WORDS[status] ?? status,
    basket,
    formatAmount(requested),
    formatAmount(received),
    status === 'validated' ? formatAmount(requested - received) : formatAmount(0),
    knownMeans.success ? remainderMeansName(knownMeans.data, 'fr') : '',
    collected ? formatAmount(collected) : '',
    label ?? '',
    reference ?? '',
    seller ?? '',
    till,
    ORIGIN_WORDS[origin] ?? origin,
    platformId ?? '',
    followUpOf ?? '',
    id,
    failure ?? '',
  ];
}

export function csvStringifier(): Stringifier {
  return stringify({
    delimiter: ';',
    record_delimiter: '\r\n',
    bom: true,
    header: true,
    columns: [...CSV_HEADER],
    // A cell Excel would read as a formula (=, +, -, @ first) is written as text.
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
}

/** Rows pulled from SQLite as the CSV stream asks for them. */
const BATCH = 512;

/**
 * The CSV of a period as a byte stream. `openReader` opens a read-only connection of the log;
 * it is closed when the stream ends or is destroyed (a client that goes away).
 */
export function exportCsv(openReader: () => Database.Database, period: ReportPeriod): Readable {
  const { start, end } = periodRange(period);
  let reader: Database.Database | null = openReader();
  const rows = reader.prepare(CSV_EXPORT_SQL).raw(true).iterate(start, end) as IterableIterator<Row>;
  const close = () => {
    if (!reader) return;
    rows.return?.();
    reader.close();
    reader = null;
  };
  const source = new Readable({
    objectMode: true,
    highWaterMark: BATCH,
    read() {
      try {
        for (let i = 0; i < BATCH; i++) {
          const next = rows.next();
          if (next.done) {
            close();
            this.push(null);
            return;
          }
          if (!this.push(toRecord(next.value))) return;
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
  const csv = csvStringifier();
  source.on('error', (error) => csv.destroy(error));
  csv.on('close', () => source.destroy());
  return source.pipe(csv);
}
