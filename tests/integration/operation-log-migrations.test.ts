// Each migration of the operation log, on a real file: what it creates, that it keeps the data
// already there, and that the log refuses files it must not touch.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase, OperationLogOpenError, schemaVersion } from '../../electron/core/db/open';
import { LATEST_VERSION, migrations } from '../../electron/core/db/migrations';
import { insertIntent, listOperations } from '../../electron/core/db/operation-log';
import { requestGroupsSql } from '../../electron/core/reports/day-report';
import { tempDir } from '../support/companion';

let dir: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  dir = tempDir('cvc-migrations-');
  file = join(dir.path, 'operations.sqlite3');
});
afterEach(() => dir.remove());

const intent = (n: number, basketNumber = `REF${n}`, label: string | null = null) => ({
  id: `op-${n}`,
  idempotencyKey: `key-${n}`,
  conventionNumber: '643736001001',
  basketNumber,
  amountRequested: 1000 + n,
  label,
  customerReference: null,
  sellerId: null,
  followUpOf: null,
  tillId: 'caisse-1',
  origin: 'cashier',
  at: new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString(),
});

/** A row as the app of an older schema wrote it. Today's query functions read columns added by
 *  later migrations, so the tests of a migration write and read with that version's own SQL. */
const insertAsOlderApp = (db: Database.Database, row: ReturnType<typeof intent>) => {
  db.prepare(
    `INSERT INTO operations (id, idempotency_key, convention_number, basket_number, amount_requested_cents, status, label,
       customer_reference, seller_id, follow_up_of, till_id, origin, created_at, updated_at)
     VALUES (@id, @idempotencyKey, @conventionNumber, @basketNumber, @amountRequested, 'creating', @label,
       @customerReference, @sellerId, @followUpOf, @tillId, @origin, @at, @at)`,
  ).run(row);
  db.prepare(
    `INSERT INTO operation_events (operation_id, at, source, status, amount_received_cents) VALUES (?, ?, 'local', 'creating', 0)`,
  ).run(row.id, row.at);
};
const idsNewestFirst = (db: Database.Database) =>
  (db.prepare('SELECT id FROM operations ORDER BY created_at DESC, id DESC').all() as Array<{ id: string }>).map((r) => r.id);
const textSearch = (db: Database.Database, text: string) =>
  (
    db
      .prepare(
        `SELECT id FROM operations WHERE rowid IN (SELECT rowid FROM operations_text WHERE operations_text MATCH ?)
         ORDER BY created_at DESC, id DESC`,
      )
      .all(`"${text}"`) as Array<{ id: string }>
  ).map((r) => r.id);

const tables = (db: Database.Database) =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger') ORDER BY name`).all() as Array<{ name: string }>).map(
    (r) => r.name,
  );

describe('opening the operation log', () => {
  it('sets the durability pragmas', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('is idempotent: opening twice migrates once and keeps the rows', () => {
    const db = openDatabase(file);
    insertIntent(db, intent(1));
    db.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(LATEST_VERSION);
    expect(listOperations(again, { status: 'all', limit: 10 }).items).toHaveLength(1);
    again.close();
  });

  it('refuses a file from a newer app, and leaves it untouched', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(OperationLogOpenError);
    expect(() => openDatabase(file)).toThrow(/newer than this app/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    check.close();
  });

  it('refuses a SQLite file that is not an operation log', () => {
    const other = new Database(file);
    other.exec('CREATE TABLE recipes (name TEXT)');
    other.close();
    expect(() => openDatabase(file)).toThrow(/not a companion operation log/);
  });

  it('refuses a file that is not SQLite at all', () => {
    writeFileSync(file, 'this is a shopping list, not a database'.repeat(200));
    expect(() => openDatabase(file)).toThrow();
  });
});

describe('migration 1: operations and their history', () => {
  it('creates the tables, the list indexes and the append-only history', () => {
    const db = openDatabase(file, { targetVersion: 1 });
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'operations',
        'operation_events',
        'meta',
        'operations_by_time',
        'operations_by_status_time',
        'operations_by_basket_time',
        'operations_unsettled',
        'operation_events_no_update',
        'operation_events_no_delete',
      ]),
    );
    insertAsOlderApp(db, intent(1));
    expect(() => db.prepare('UPDATE operation_events SET status = ?').run('validated')).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM operation_events').run()).toThrow(/append-only/);
    expect(() =>
      db.prepare(`UPDATE operations SET amount_received_cents = 999999 WHERE id = 'op-1'`).run(),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});

describe('migration 2: text search', () => {
  it('indexes the rows written before it ran, and keeps searchable columns frozen', () => {
    const v1 = openDatabase(file, { targetVersion: 1 });
    insertAsOlderApp(v1, intent(1, 'CAMP-1', 'Emplacement bord de lac'));
    insertAsOlderApp(v1, intent(2, 'CAMP-2', 'Location vélo'));
    v1.close();

    const v2 = openDatabase(file, { targetVersion: 2 });
    expect(schemaVersion(v2)).toBe(2);
    expect(textSearch(v2, 'lac')).toEqual(['op-1']);
    insertAsOlderApp(v2, intent(3, 'CAMP-3', 'Vélo électrique'));
    expect(textSearch(v2, 'élo')).toEqual(['op-3', 'op-2']);
    expect(() => v2.prepare(`UPDATE operations SET label = 'x' WHERE id = 'op-1'`).run()).toThrow(/written once/);
    v2.close();
  });

  it('runs every migration in order, each exactly once', () => {
    // Versions only grow (features developed side by side take their numbers ahead of merging).
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions[0]).toBe(1);
  });
});

describe('migration 3: Caisse-AP exchanges', () => {
  it('adds the exchanges table beside the rows already there, tied to their operations', () => {
    const v2 = openDatabase(file, { targetVersion: 2 });
    insertAsOlderApp(v2, intent(1, 'REF253'));
    v2.close();

    const v3 = openDatabase(file, { targetVersion: 3 });
    expect(schemaVersion(v3)).toBe(3);
    expect(tables(v3)).toEqual(expect.arrayContaining(['till_exchanges', 'till_exchanges_by_operation', 'till_exchanges_by_time']));
    expect(idsNewestFirst(v3)).toEqual(['op-1']);

    // The v3 columns, written as that version wrote them (today's log functions know later columns).
    const id = Number(
      v3.prepare(`INSERT INTO till_exchanges (at, remote_address, request_frame) VALUES (?, '127.0.0.1', 'CZ0040300CB0042000')`).run(new Date().toISOString())
        .lastInsertRowid,
    );
    const row = () => v3.prepare('SELECT operation_id, delivery, answer_frame, result_code FROM till_exchanges WHERE id = ?').get(id);
    expect(row()).toEqual({ operation_id: null, delivery: 'pending', answer_frame: null, result_code: null });
    v3.prepare(`UPDATE till_exchanges SET operation_id = 'op-1', answer_frame = 'CZ0040300AE00210', result_code = '10', delivery = 'sent' WHERE id = ?`).run(id);
    expect(row()).toEqual({ operation_id: 'op-1', delivery: 'sent', answer_frame: 'CZ0040300AE00210', result_code: '10' });

    // An exchange points at a real operation, and says what became of its answer in known words.
    expect(() => v3.prepare(`UPDATE till_exchanges SET operation_id = 'no-such-operation' WHERE id = ?`).run(id)).toThrow(/FOREIGN KEY/);
    expect(() => v3.prepare(`UPDATE till_exchanges SET delivery = 'lost' WHERE id = ?`).run(id)).toThrow(/CHECK constraint/);
    v3.close();
  });
});

describe('migration 6: remainders collected another way', () => {
  const paidInPart = (db: Database.Database, n: number, amountReceived: number) => {
    insertAsOlderApp(db, intent(n));
    db.prepare(`UPDATE operations SET status = 'validated', platform_id = ?, amount_received_cents = ? WHERE id = ?`).run(
      `pr-${n}`,
      amountReceived,
      `op-${n}`,
    );
  };

  it('adds the columns to the rows already there, and keeps the amount, the means and the time together and exact', () => {
    const v3 = openDatabase(file, { targetVersion: 3 });
    paidInPart(v3, 1, 600); // 1001 requested: 401 left
    v3.close();

    const v6 = openDatabase(file, { targetVersion: 6 });
    expect(schemaVersion(v6)).toBe(6);
    expect(tables(v6)).toEqual(
      expect.arrayContaining([
        'operations_by_remainder_collected',
        'operations_by_follow_up',
        'operations_remainder_written_once',
        'operations_no_follow_up_of_collected_remainder',
      ]),
    );
    const before = listOperations(v6, { status: 'all', limit: 10 }).items;
    expect(before).toMatchObject([{ id: 'op-1', remainder: 401, remainderCollected: null }]);

    const record = v6.prepare(
      `UPDATE operations SET remainder_means = ?, remainder_collected_cents = ?, remainder_collected_at = ? WHERE id = 'op-1'`,
    );
    const at = '2026-11-26T10:05:00.000Z';
    // Unknown means, an amount that is not what the payment left, one column without the others.
    expect(() => record.run('bitcoin', 401, at)).toThrow(/CHECK constraint/);
    expect(() => record.run('cash', 400, at)).toThrow(/CHECK constraint/);
    expect(() => v6.prepare(`UPDATE operations SET remainder_means = 'cash' WHERE id = 'op-1'`).run()).toThrow(/CHECK constraint/);
    record.run('paper_cheque_vacances', 401, at);
    expect(listOperations(v6, { status: 'all', limit: 10 }).items[0]!.remainderCollected).toEqual({
      means: 'paper_cheque_vacances',
      amount: 401,
      at,
    });
    // Written once, and no request for a rest that was collected.
    expect(() => record.run('cash', 401, at)).toThrow(/written once/);
    expect(() => insertIntent(v6, { ...intent(2, 'REF1'), followUpOf: 'op-1' })).toThrow(/collected another way/);
    v6.close();
  });

  it('refuses a remainder on a request that is not a validated partial payment', () => {
    const db = openDatabase(file, { targetVersion: 6 });
    insertIntent(db, intent(1));
    expect(() =>
      db
        .prepare(
          `UPDATE operations SET remainder_means = 'cash', remainder_collected_cents = 1001, remainder_collected_at = ? WHERE id = 'op-1'`,
        )
        .run('2026-11-26T10:05:00.000Z'),
    ).toThrow(/CHECK constraint/);
    db.close();
  });
});

const checksum = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('files it must not touch, and files it keeps private', () => {
  it('leaves a foreign SQLite file exactly as it was: same bytes, same journal mode, no -wal or -shm', () => {
    const other = new Database(file);
    other.pragma('journal_mode = DELETE');
    other.exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('tarte tatin')`);
    other.close();
    const before = checksum(file);
    expect(() => openDatabase(file)).toThrow(OperationLogOpenError);
    expect(checksum(file)).toBe(before);
    expect(readdirSync(dir.path)).toEqual(['operations.sqlite3']);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('leaves a file that is not SQLite as it was, and says it is not a log', () => {
    writeFileSync(file, 'this is a shopping list, not a database'.repeat(200));
    const before = checksum(file);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'corrupt' }));
    expect(checksum(file)).toBe(before);
    expect(readdirSync(dir.path)).toEqual(['operations.sqlite3']);
  });

  it('refuses a newer file before switching its journal mode', () => {
    const newer = new Database(file);
    newer.pragma('journal_mode = DELETE');
    newer.pragma(`application_id = ${APPLICATION_ID}`);
    newer.pragma(`user_version = ${LATEST_VERSION + 1}`);
    newer.exec('CREATE TABLE operations (id TEXT)');
    newer.close();
    const before = checksum(file);
    expect(() => openDatabase(file)).toThrow(/newer than this app/);
    expect(checksum(file)).toBe(before);
    expect(readdirSync(dir.path)).toEqual(['operations.sqlite3']);
  });

  it('keeps the log, its -wal and -shm readable by their user only, even when they were not', () => {
    const db = openDatabase(file);
    insertIntent(db, intent(1));
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    db.close();
    // A log written by an older version, world-readable: tightened at the next open.
    chmodSync(file, 0o644);
    const again = openDatabase(file);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    again.close();
  });
});

describe('a backup before each migration', () => {
  it('copies the log next to it, named with both versions and the time, before migrating it', () => {
    const v2 = openDatabase(file, { targetVersion: 2 });
    insertIntent(v2, intent(1, 'KEEP-1'));
    insertIntent(v2, intent(2, 'KEEP-2'));
    v2.close();
    const v3 = openDatabase(file, { targetVersion: 3 });
    v3.close();
    const backups = readdirSync(dir.path).filter((name) => name.includes('.backup-'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^operations\.sqlite3\.backup-v2-to-v3-\d{8}T\d{6}Z$/);
    const path = join(dir.path, backups[0]!);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const copy = new Database(path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    expect(copy.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(copy.prepare('SELECT basket_number FROM operations ORDER BY id').pluck().all()).toEqual(['KEEP-1', 'KEEP-2']);
    copy.close();
  });

  it('makes none for a new, empty log, nor when nothing is to migrate', () => {
    openDatabase(file).close();
    openDatabase(file).close();
    expect(readdirSync(dir.path).filter((name) => name.includes('.backup-'))).toEqual([]);
    expect(existsSync(file)).toBe(true);
  });
});

describe('migration 4: platform of each operation, local API idempotency keys', () => {
  it('adds the platform column (unknown for the rows already there) and the keys table, tied to operations', () => {
    const v3 = openDatabase(file, { targetVersion: 3 });
    insertIntent(v3, intent(1, 'OLD-1'));
    v3.close();

    const v4 = openDatabase(file, { targetVersion: 4 });
    expect(schemaVersion(v4)).toBe(4);
    expect(v4.prepare(`SELECT id, platform FROM operations`).all()).toEqual([{ id: 'op-1', platform: null }]);
    // Read with v4's own columns: today's list reads columns of later migrations.
    expect(v4.prepare(`SELECT id FROM operations ORDER BY created_at DESC, id DESC`).all()).toEqual([{ id: 'op-1' }]);
    const insertKey = v4.prepare(
      `INSERT INTO api_idempotency_keys (idempotency_key, request_fingerprint, operation_id, created_at) VALUES (?, ?, ?, ?)`,
    );
    insertKey.run('till-7-sale-1', '[1001,"OLD-1"]', 'op-1', '2026-11-26T10:00:00.000Z');
    // One key, one operation; one operation, one key; a key names a real operation.
    expect(() => insertKey.run('till-7-sale-1', 'x', 'op-1', '2026-11-26T10:00:01.000Z')).toThrow(/UNIQUE/);
    expect(() => insertKey.run('till-7-sale-2', 'x', 'op-1', '2026-11-26T10:00:01.000Z')).toThrow(/UNIQUE/);
    expect(() => insertKey.run('till-7-sale-3', 'x', 'no-such-operation', '2026-11-26T10:00:01.000Z')).toThrow(/FOREIGN KEY/);
    v4.close();
    expect(readdirSync(dir.path).filter((name) => /\.backup-v3-to-v4-/.test(name))).toHaveLength(1);
  });
});

describe('migration 7: the day close', () => {
  const followUp = (n: number, of: string, at: number) => ({ ...intent(n, 'REF700'), followUpOf: of, at: new Date(Date.UTC(2026, 10, 26, 10, 5, at)).toISOString() });
  const filed = (db: Database.Database) =>
    db.prepare('SELECT follow_up_id, root_id, root_created_at FROM basket_follow_ups ORDER BY follow_up_id').all();

  it('files the follow-ups already in the log under their basket, follow-ups of follow-ups included', () => {
    const v3 = openDatabase(file, { targetVersion: 3 });
    insertIntent(v3, intent(1, 'REF700'));
    insertIntent(v3, followUp(2, 'op-1', 1));
    insertIntent(v3, followUp(3, 'op-2', 2));
    insertIntent(v3, intent(4, 'REF701'));
    v3.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const rootAt = intent(1).at;
    expect(filed(db)).toEqual([
      { follow_up_id: 'op-2', root_id: 'op-1', root_created_at: rootAt },
      { follow_up_id: 'op-3', root_id: 'op-1', root_created_at: rootAt },
    ]);
    db.close();
  });

  it('files each new follow-up as it is written, and reads a long period through the grouping index', () => {
    const db = openDatabase(file);
    insertIntent(db, intent(1, 'REF700'));
    insertIntent(db, followUp(2, 'op-1', 1));
    insertIntent(db, followUp(3, 'op-2', 2));
    expect(filed(db)).toEqual([
      { follow_up_id: 'op-2', root_id: 'op-1', root_created_at: intent(1).at },
      { follow_up_id: 'op-3', root_id: 'op-1', root_created_at: intent(1).at },
    ]);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('a', 'b') as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan(requestGroupsSql(true))).toMatch(/operations_report_groups/);
    expect(plan(requestGroupsSql(true))).not.toMatch(/TEMP B-TREE/);
    expect(plan(requestGroupsSql(false))).toMatch(/operations_by_time/);
    db.close();
  });
});
