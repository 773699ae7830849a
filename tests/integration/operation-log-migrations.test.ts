// Each migration of the operation log, on a real file: what it creates, that it keeps the data
// already there, and that the log refuses files it must not touch.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase, OperationLogOpenError, schemaVersion } from '../../electron/core/db/open';
import { LATEST_VERSION, migrations } from '../../electron/core/db/migrations';
import { insertIntent, listOperations } from '../../electron/core/db/operation-log';
import { tillExchangeLog } from '../../electron/core/db/till-exchanges';
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
    insertIntent(db, intent(1));
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
    insertIntent(v1, intent(1, 'CAMP-1', 'Emplacement bord de lac'));
    insertIntent(v1, intent(2, 'CAMP-2', 'Location vélo'));
    v1.close();

    const v2 = openDatabase(file, { targetVersion: 2 });
    expect(schemaVersion(v2)).toBe(2);
    expect(listOperations(v2, { status: 'all', query: 'lac', limit: 10 }).items.map((o) => o.id)).toEqual(['op-1']);
    insertIntent(v2, intent(3, 'CAMP-3', 'Vélo électrique'));
    expect(listOperations(v2, { status: 'all', query: 'élo', limit: 10 }).items.map((o) => o.id)).toEqual(['op-3', 'op-2']);
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
    insertIntent(v2, intent(1, 'REF253'));
    v2.close();

    const v3 = openDatabase(file, { targetVersion: 3 });
    expect(schemaVersion(v3)).toBe(3);
    expect(tables(v3)).toEqual(expect.arrayContaining(['till_exchanges', 'till_exchanges_by_operation', 'till_exchanges_by_time']));
    expect(listOperations(v3, { status: 'all', limit: 10 }).items.map((o) => o.id)).toEqual(['op-1']);

    const exchanges = tillExchangeLog(v3);
    const id = exchanges.open({ remoteAddress: '127.0.0.1', requestFrame: 'CZ0040300CB0042000' });
    expect(exchanges.recent()).toMatchObject([{ id, operationId: null, delivery: 'pending', answerFrame: null, resultCode: null }]);
    exchanges.link(id, 'op-1');
    exchanges.answer(id, { answerFrame: 'CZ0040300AE00210', resultCode: '10', delivery: 'sent' });
    expect(exchanges.ofOperation('op-1')).toMatchObject([
      { id, remoteAddress: '127.0.0.1', requestFrame: 'CZ0040300CB0042000', answerFrame: 'CZ0040300AE00210', resultCode: '10', delivery: 'sent' },
    ]);
    expect(exchanges.ofOperation('op-1')[0]!.answeredAt).toMatch(/Z$/);

    // An exchange points at a real operation, and says what became of its answer in known words.
    expect(() => exchanges.link(id, 'no-such-operation')).toThrow(/FOREIGN KEY/);
    expect(() => v3.prepare(`UPDATE till_exchanges SET delivery = 'lost' WHERE id = ?`).run(id)).toThrow(/CHECK constraint/);
    v3.close();
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
