// The accountant's CSV of a period: one line per operation, every field, as French Excel opens
// it as is (`;` between fields, UTF-8 with a BOM, CRLF, decimal comma, Paris time
// `dd/mm/yyyy HH:mm`, statuses in French). Written in a worker thread reading its own read-only
// connection, and streamed: a year of trading leaves memory flat, and the till's
// event loop and writes are never held by it.
//
// A million rows cost about 3 µs each to come out of better-sqlite3 as JavaScript values and 1 µs
// to become CSV. The worker does that beside the main thread, which only turns its text into bytes
// for the file or the socket. One worker, not two: a second thread would add its own ~15 MB of heap
// and runtime to the export's memory for a gain the shop's machine (often two cores, shared with
// the till software) cannot promise. Text, not bytes, crosses to the main thread: transferred
// buffers are garbage the main thread's collector is slow to notice (it allocates little), and
// they piled up to twice the export's memory.
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { REMAINDER_MEANS, type OperationStatus, type ReportPeriod } from '../../common/contract';
import { remainderMeansName } from '../../common/receipt-lines';
import { csvHeaderText, type CsvWords } from './csv-lines';
import { CHUNK_TAKEN, type CsvWorkerData, type CsvWorkerMessage } from './csv-export-worker';
import { csvWorkerCode, sqliteAddon } from './csv-export-worker-code';
import { periodRange } from './day-report';
import { REMAINDER_COLUMNS } from './report-hooks';

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

/** The export's columns, in the file's order; amounts in cents, written by the worker. */
const CSV_COLUMNS = `created_at, updated_at, status, basket_number, amount_requested_cents, amount_received_cents,
    CASE status WHEN 'validated' THEN amount_requested_cents - amount_received_cents ELSE 0 END,
    ${REMAINDER_COLUMNS},
    label, customer_reference, seller_id, till_id, origin, platform_id, follow_up_of, id, failure_message`;
const CSV_ROWS = 'FROM operations INDEXED BY operations_by_time WHERE created_at >= ? AND created_at < ?';

/** The export's SQL for a period, oldest first. Exported so the benchmark runs the very same SQL. */
export const CSV_EXPORT_SQL = `SELECT ${CSV_COLUMNS} ${CSV_ROWS} ORDER BY created_at, id`;
/** The same, a page at a time: the first page of a slice, and the next one after a row. */
const PAGE_SQL = `${CSV_EXPORT_SQL} LIMIT ?`;
const PAGE_AFTER_SQL = `SELECT ${CSV_COLUMNS} ${CSV_ROWS} AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`;

const WORDS: CsvWords = {
  status: STATUS_WORDS,
  origin: ORIGIN_WORDS,
  means: Object.fromEntries(REMAINDER_MEANS.map((means) => [means, remainderMeansName(means, 'fr')])),
};

/** Rows read from SQLite at once (a busy day is one read). */
const ROWS_PER_READ = 1_000;
/** Rows per chunk of text handed over: about 35 KB, short-lived in the young heap of both threads. */
const ROWS_PER_CHUNK = 250;
/** Chunks the worker may have waiting before it waits for the file to take them (about 0.5 MB). */
const CHUNKS_AHEAD = 16;
const DAY_MS = 86_400_000;
/** The worker's heap holds a read of rows and a few chunks. Its young generation is sized so that
 *  rows read rarely outlive two collections (measured on a million rows: 6 MB spent a fifth of the
 *  worker's time collecting, 12 MB keeps the export's peak memory growth near 45 MB, 16 MB and more
 *  pass 50 MB for little gain). */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 64 };

/** Where the log is, for the export's own connection. */
export interface CsvSource {
  file: string;
  /** better-sqlite3's addon when it is not Node's own (Electron's build). */
  nativeBinding?: string;
}

/** The period in slices of one day from its start; stored instants compare as text, so the
 *  slices cover exactly what the period's own bounds do. */
function daysOf(start: string, end: string): Array<[string, string]> {
  const slices: Array<[string, string]> = [];
  const endMs = Date.parse(end);
  for (let at = Date.parse(start); at < endMs; at += DAY_MS) {
    slices.push([new Date(at).toISOString(), new Date(Math.min(at + DAY_MS, endMs)).toISOString()]);
  }
  if (slices.length === 0) return [[start, end]];
  slices[0]![0] = start;
  slices[slices.length - 1]![1] = end;
  return slices;
}

/**
 * The CSV of a period as a byte stream: the worker writes it, the stream passes its text on as the
 * reader asks for more. A reader that goes away (a client gone, a full disk) ends the worker.
 */
export function exportCsv(source: CsvSource, period: ReportPeriod): Readable {
  const { start, end } = periodRange(period);
  const chunks: string[] = [];
  let worker: Worker | null = null;
  let header = true;
  let done = false;
  let wanted = false;

  const stop = () => {
    void worker?.terminate();
    worker = null;
  };
  const stream = new Readable({
    read() {
      wanted = true;
      pump();
    },
    destroy(error, callback) {
      stop();
      callback(error);
    },
  });
  const fail = (error: Error) => {
    if (!worker) return;
    stop();
    stream.destroy(error);
  };

  function pump(): void {
    if (header) {
      header = false;
      wanted = stream.push(csvHeaderText(CSV_HEADER));
    }
    while (wanted) {
      const text = chunks.shift();
      if (text === undefined) {
        if (done) {
          stop();
          stream.push(null);
        }
        return; // pumped again when the next chunk comes
      }
      worker?.postMessage(CHUNK_TAKEN);
      if (text.length > 0) wanted = stream.push(text);
    }
  }

  try {
    const data: CsvWorkerData = {
      file: source.file,
      nativeBinding: sqliteAddon(source.nativeBinding),
      sql: PAGE_SQL,
      sqlAfter: PAGE_AFTER_SQL,
      slices: daysOf(start, end),
      words: WORDS,
      rowsPerRead: ROWS_PER_READ,
      rowsPerChunk: ROWS_PER_CHUNK,
      chunksAhead: CHUNKS_AHEAD,
    };
    const running = new Worker(csvWorkerCode(), { eval: true, workerData: data, resourceLimits: WORKER_LIMITS });
    worker = running;
    running.on('message', (message: CsvWorkerMessage) => {
      if (message.kind === 'failed') return fail(new Error(`CSV export: ${message.message}`));
      chunks.push(message.text);
      if (message.last) done = true;
      if (wanted) pump();
    });
    running.on('error', fail);
    running.on('exit', (code) => {
      if (!done) fail(new Error(`CSV export: the worker stopped early (exit code ${code})`));
    });
  } catch (error) {
    process.nextTick(() => stream.destroy(error as Error));
  }
  return stream;
}
