// The accountant's CSV, written off the till's thread. A worker thread opens its own read-only
// connection of the log, reads the period inside one read transaction (one snapshot for all of
// it) a day at a time, turns the rows into CSV text and hands it over, never more than a few
// chunks ahead of what the file has taken: memory stays flat however long the period.
//
// Run as a bundle of its own (see csv-export-worker-code.ts): it imports nothing heavier than
// better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { csvLineWriter, type CsvRow, type CsvWords } from './csv-lines';

export interface CsvWorkerData {
  file: string;
  /** better-sqlite3's addon, as an absolute path (the worker resolves no package by name). */
  nativeBinding: string;
  /** The export's query: `?` the start and end of a slice, rows in the file's order. */
  sql: string;
  /** The same query, continued after a row: `?` start, end, created_at and id of the last row read. */
  sqlAfter: string;
  /** The period in slices [start, end), in order. */
  slices: Array<[string, string]>;
  words: CsvWords;
  /** Rows read at once: SQLite's rows come out cheaper a few hundred at a time than one by one. */
  rowsPerRead: number;
  /** Rows per chunk handed over (a chunk is text: kept small enough to live in the young heap). */
  rowsPerChunk: number;
  /** How many chunks may wait in the main thread before this worker waits for them to be taken. */
  chunksAhead: number;
}

/** From the worker: a chunk of CSV text (`last`: the export is complete), or why it stopped. */
export type CsvWorkerMessage = { kind: 'chunk'; text: string; last: boolean } | { kind: 'failed'; message: string };

/** To the worker: one chunk was taken. */
export const CHUNK_TAKEN = 'taken';

/** SQLite's page cache for the export's connection, in KiB. */
const PAGE_CACHE_KB = 1024;

/** Where in each row the export's query puts created_at and the operation's id. */
const CREATED_AT = 0;
const ID = 17;

async function writePeriod(data: CsvWorkerData, port: NonNullable<typeof parentPort>): Promise<void> {
  let waiting = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    waiting -= 1;
    wake?.();
    wake = null;
  });
  const lines = csvLineWriter(data.words);
  const send = async (rows: CsvRow[], last: boolean) => {
    while (waiting >= data.chunksAhead) await new Promise<void>((resolve) => (wake = resolve));
    waiting += 1;
    const message: CsvWorkerMessage = { kind: 'chunk', text: lines(rows), last };
    port.postMessage(message);
  };

  const db = new Database(data.file, { readonly: true, nativeBinding: data.nativeBinding });
  try {
    // One pass in order over the file: the system's file cache serves it as well as SQLite's own
    // page cache would, and that cache (16 MB by default in better-sqlite3) filled up over a large
    // export, a third of the export's peak memory.
    db.pragma(`cache_size = -${PAGE_CACHE_KB}`);
    const first = db.prepare(data.sql).raw(true);
    const after = db.prepare(data.sqlAfter).raw(true);
    db.exec('BEGIN');
    let pending: CsvRow[] = [];
    for (const [start, end] of data.slices) {
      let rows = first.all(start, end, data.rowsPerRead) as CsvRow[];
      for (;;) {
        // Where the next read starts, taken before the rows become cells.
        const last = rows.length === data.rowsPerRead ? [rows[rows.length - 1]![CREATED_AT], rows[rows.length - 1]![ID]] : null;
        for (const row of rows) {
          pending.push(row);
          if (pending.length === data.rowsPerChunk) {
            await send(pending, false);
            pending = [];
          }
        }
        if (!last) break;
        rows = after.all(start, end, last[0], last[1], data.rowsPerRead) as CsvRow[];
      }
    }
    db.exec('COMMIT');
    await send(pending, true);
  } finally {
    db.close();
  }
  // Nothing more to wait for: the thread ends once its last chunk is on its way.
  port.unref();
}

if (parentPort) {
  const port = parentPort;
  writePeriod(workerData as CsvWorkerData, port).catch((error: unknown) => {
    const message: CsvWorkerMessage = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    port.postMessage(message);
    port.unref();
  });
}
