// The accountant's CSV as its worker thread writes it, on a real log file: a busy day read a page
// at a time (many operations created at the very same instant across the pages' seams), days on
// both sides of a daylight-saving change, every row once and in order; an export abandoned half-way
// lets go of the log (its read snapshot no longer holds the write-ahead log); an unreadable log is
// an error on the stream, not a crash.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import { CSV_HEADER, exportCsv } from '../../electron/core/reports/csv-export';
import { formatParisMinute } from '../../electron/core/reports/csv-values';
import { tempDir } from '../support/companion';

const dir = tempDir('csv-export');
const file = join(dir.path, 'operations.sqlite3');

/** A day busier than one read of the worker (1 000 rows), with 300 operations at the same instant. */
const BUSY_DAY = '2026-03-29';
const BUSY_ROWS = 2_600;

function fill(): void {
  const db = openDatabase(file);
  const insert = db.prepare(`INSERT INTO operations (id, idempotency_key, platform_id, convention_number, basket_number,
      amount_requested_cents, amount_received_cents, status, label, till_id, origin, created_at, updated_at, expires_at)
    VALUES (?, ?, ?, '643736001001', ?, ?, ?, ?, ?, 'caisse-1', 'cashier', ?, ?, NULL)`);
  db.transaction(() => {
    let n = 0;
    const add = (at: string, status: string) => {
      n += 1;
      // Ids whose text order differs from their insertion order: ties on created_at sort by id.
      const id = `op-${String((n * 7919) % 100_000).padStart(5, '0')}-${n}`;
      insert.run(id, `key-${n}`, `pr-${n}`, `REF${n}`, 1000 + n, status === 'validated' ? 1000 + n : 0, status, n % 4 === 0 ? `Libellé; n°${n}` : null, at, at);
    };
    // The busy day: 29/03/2026, Paris springs forward at 01:00 UTC.
    const dayStart = Date.parse('2026-03-28T23:00:00.000Z');
    for (let i = 0; i < BUSY_ROWS - 300; i++) add(new Date(dayStart + i * 31_000).toISOString(), i % 3 === 0 ? 'validated' : 'expired');
    for (let i = 0; i < 300; i++) add('2026-03-29T09:00:00.000Z', 'cancelled');
    // Quieter days around it, and one outside the period.
    for (let d = 1; d <= 40; d++) add(new Date(dayStart - d * 86_400_000 + 3_600_000).toISOString(), 'validated');
    for (let d = 1; d <= 40; d++) add(new Date(dayStart + d * 86_400_000 + 7_200_000).toISOString(), 'pending');
    add('2025-01-01T12:00:00.000Z', 'validated');
  })();
  db.close();
}

/** What the file must hold, straight from SQLite: ids and creation instants, oldest first. */
function expected(from: string, to: string): Array<{ id: string; created_at: string }> {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, created_at FROM operations WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id').all(from, to) as Array<{
      id: string;
      created_at: string;
    }>;
  } finally {
    db.close();
  }
}

async function exported(period: { from: string; to: string }): Promise<string> {
  const out = join(dir.path, `export-${period.from}-${period.to}.csv`);
  await pipeline(exportCsv({ file }, period), createWriteStream(out));
  const { readFileSync } = await import('node:fs');
  return readFileSync(out, 'utf8');
}

beforeAll(fill);
afterAll(() => dir.remove());

describe('the CSV export in its worker thread', () => {
  it('writes every operation of a long period once, in order, a busy day read a page at a time', async () => {
    const text = await exported({ from: '2026-02-15', to: '2026-05-15' });
    expect(text.startsWith(`\ufeff${CSV_HEADER.join(';')}\r\n`)).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data.slice(1);
    const want = expected('2026-02-14T23:00:00.000Z', '2026-05-15T22:00:00.000Z');
    expect(want.length).toBeGreaterThan(BUSY_ROWS);
    const idColumn = CSV_HEADER.indexOf('Identifiant de l’opération');
    expect(rows.map((row) => row[idColumn])).toEqual(want.map((row) => row.id));
    expect(rows.map((row) => row[0])).toEqual(want.map((row) => formatParisMinute(row.created_at)));
    // The label with a `;` stays one cell; the amounts carry a decimal comma.
    const labelled = rows.find((row) => row[10]?.startsWith('Libellé; n°'));
    expect(labelled).toBeDefined();
    expect(rows[0]![4]).toMatch(/^\d+,\d\d$/);
  });

  it('writes a single day, the busy one, the same way', async () => {
    const text = await exported({ from: BUSY_DAY, to: BUSY_DAY });
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(BUSY_ROWS + 2); // header, rows, and the empty string after the last CRLF
    expect(lines.at(-1)).toBe('');
  });

  it('lets go of the log when the reader goes away half-way', async () => {
    const stream = exportCsv({ file }, { from: '2026-02-15', to: '2026-05-15' });
    // The reader takes the first rows and stops reading, as a client that went quiet.
    let text = '';
    await new Promise<void>((resolve, reject) => {
      const take = () => {
        for (let chunk = stream.read() as Buffer | null; chunk !== null; chunk = stream.read() as Buffer | null) text += chunk.toString('utf8');
        if (text.split('\r\n').length > 10) {
          stream.off('readable', take);
          resolve();
        }
      };
      stream.on('readable', take);
      stream.once('error', reject);
    });
    expect(text.startsWith(`\ufeff${CSV_HEADER.join(';')}\r\n`)).toBe(true);
    expect(stream.readableEnded).toBe(false);
    stream.destroy();

    // A writer adds a row; once the export's snapshot is gone, a full checkpoint can empty the WAL.
    const writer = openDatabase(file);
    writer.pragma('busy_timeout = 200'); // each try below waits briefly, not the log's usual seconds
    try {
      writer
        .prepare(`INSERT INTO operations (id, idempotency_key, convention_number, basket_number, amount_requested_cents, status, till_id, origin, created_at, updated_at)
          VALUES ('op-after', 'key-after', '643736001001', 'REFAFTER', 500, 'creating', 'caisse-1', 'cashier', ?, ?)`)
        .run(new Date().toISOString(), new Date().toISOString());
      await vi.waitFor(
        () => {
          const [result] = writer.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number }>;
          expect(result).toMatchObject({ busy: 0, log: 0 });
        },
        { timeout: 10_000, interval: 50 },
      );
    } finally {
      writer.close();
    }
  });

  it('reports a log it cannot read as an error on the stream', async () => {
    const stream = exportCsv({ file: join(dir.path, 'missing', 'operations.sqlite3') }, { from: BUSY_DAY, to: BUSY_DAY });
    await expect(pipeline(stream, createWriteStream(join(dir.path, 'never.csv')))).rejects.toThrow(/CSV export/);
  });
});
