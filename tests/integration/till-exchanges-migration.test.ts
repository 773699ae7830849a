// Migration 5 of the operation log, on a real file: the exchange log of an earlier version keeps
// its rows tied to operations, folds the rows of frames that never became a payment request into
// per-day counts, and gains what the till was not told (kept until the cashier acknowledges it).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/core/db/open';
import { insertIntent } from '../../electron/core/db/operation-log';
import { tillExchangeLog, tillReport } from '../../electron/core/db/till-exchanges';
import { tempDir } from '../support/companion';

let dir: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  dir = tempDir('cvc-till-migration-');
  file = join(dir.path, 'operations.sqlite3');
});
afterEach(() => dir.remove());

function intent(n: number, basketNumber: string, amount = 2000) {
  return {
    id: `op-${n}`,
    idempotencyKey: `key-${n}`,
    conventionNumber: '643736001001',
    basketNumber,
    amountRequested: amount,
    label: null,
    customerReference: null,
    sellerId: null,
    followUpOf: null,
    tillId: 'caisse-1',
    origin: 'caisse-ap',
    at: '2026-05-04T08:00:00.000Z',
  };
}

describe('migration 5: what the till was not told, junk frames counted', () => {
  it('keeps the exchanges of operations, folds the others into counts per day, address, kind and result', () => {
    const v3 = openDatabase(file, { targetVersion: 3 });
    insertIntent(v3, intent(1, 'REF253'));
    const add = v3.prepare(
      'INSERT INTO till_exchanges (operation_id, at, remote_address, request_frame, answer_frame, result_code, delivery) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    add.run('op-1', '2026-05-04T08:00:00.000Z', '10.0.0.5', 'CZ0040300CB0042000', 'CZ0040300AE00210', '10', 'sent');
    for (let i = 0; i < 3; i++) add.run(null, `2026-05-04T08:0${i}:00.000Z`, '10.0.0.9', `XX${i}`, 'CZ0040300AE00201AF00209', '01-09', 'sent');
    add.run(null, '2026-05-05T09:00:00.000Z', '10.0.0.9', 'XX9', 'CZ0040300AE00201AF00209', '01-09', 'sent');
    add.run(null, '2026-05-04T08:00:00.000Z', '10.0.0.5', 'CZ0040300CD001I', 'CZ0040300AE00210', '10', 'sent');
    add.run(null, '2026-05-04T08:00:00.000Z', '10.0.0.5', 'CZ0040300CJ01', null, null, 'none');
    add.run(null, '2026-05-04T08:00:00.000Z', '10.0.0.5', 'CZ0040300CD0010', 'CZ0040300AE00201AF00207', '01-07', 'sent');
    v3.close();

    const v5 = openDatabase(file, { targetVersion: 5 });
    expect(schemaVersion(v5)).toBe(5);
    const log = tillExchangeLog(v5);
    expect(log.recent()).toEqual([
      expect.objectContaining({ operationId: 'op-1', resultCode: '10', delivery: 'sent', tillOutcome: null, amountReceived: null, acknowledgedAt: null }),
    ]);
    expect(log.tallies()).toEqual([
      expect.objectContaining({ day: '2026-05-04', remoteAddress: '10.0.0.5', kind: 'identification', resultCode: '10', count: 1 }),
      expect.objectContaining({ day: '2026-05-04', remoteAddress: '10.0.0.5', kind: 'incomplete', resultCode: '', count: 1 }),
      expect.objectContaining({ day: '2026-05-04', remoteAddress: '10.0.0.5', kind: 'refused', resultCode: '01-07', count: 1 }),
      expect.objectContaining({
        day: '2026-05-04',
        remoteAddress: '10.0.0.9',
        kind: 'malformed',
        resultCode: '01-09',
        count: 3,
        bytes: 9,
        firstAt: '2026-05-04T08:00:00.000Z',
        lastAt: '2026-05-04T08:02:00.000Z',
      }),
      expect.objectContaining({ day: '2026-05-05', remoteAddress: '10.0.0.9', kind: 'malformed', count: 1 }),
    ]);
    // Only known outcomes and kinds.
    expect(() => v5.prepare(`UPDATE till_exchanges SET till_outcome = 'forgotten'`).run()).toThrow(/CHECK constraint/);
    expect(() =>
      log.addTallies([{ day: '2026-05-06', remoteAddress: 'x', kind: 'bogus' as never, resultCode: '', count: 1, bytes: 0, firstAt: 'a', lastAt: 'b', sampleRequest: '' }]),
    ).toThrow(/CHECK constraint/);
    v5.close();
  });

  it('keeps what the till was not told in front of the cashier until acknowledged, and in the day report after', () => {
    const db = openDatabase(file);
    insertIntent(db, intent(1, 'REF253'));
    insertIntent(db, intent(2, 'REF254'));
    const log = tillExchangeLog(db);
    const told = log.open({ remoteAddress: '127.0.0.1', requestFrame: 'CZ…', register: '01', amountRequested: 2000, operationId: 'op-1' });
    log.answer(told, { answerFrame: 'CZ…AE00201AF00211', resultCode: '01-11', delivery: 'sent' });
    log.outcome(told, { outcome: 'partial_not_told', amountReceived: 1500 });
    const abandoned = log.open({ remoteAddress: '127.0.0.1', requestFrame: 'CZ…', register: '02', amountRequested: 800, operationId: 'op-2' });
    log.answer(abandoned, { answerFrame: null, resultCode: null, delivery: 'none' });
    log.outcome(abandoned, { outcome: 'abandoned', amountReceived: 0 });

    // Only what asks something of the cashier is in front of them.
    expect(log.toReport()).toEqual([
      expect.objectContaining({ exchangeId: told, register: '01', basketNumber: 'REF253', outcome: 'partial_not_told', amountRequested: 2000, amountReceived: 1500, tillResult: '01-11' }),
    ]);
    const day = new Date().toISOString();
    const range = { from: new Date(Date.parse(day) - 60_000).toISOString(), to: new Date(Date.parse(day) + 60_000).toISOString() };
    expect(tillReport(db, range).map((item) => [item.basketNumber, item.outcome, item.tillResult])).toEqual([
      ['REF253', 'partial_not_told', '01-11'],
      ['REF254', 'abandoned', null],
    ]);

    db.prepare('UPDATE till_exchanges SET acknowledged_at = ? WHERE id = ?').run(day, told);
    expect(log.toReport()).toEqual([]);
    expect(tillReport(db, range)[0]).toMatchObject({ acknowledgedAt: day });
    // A new outcome on the same exchange needs a new acknowledgement.
    log.outcome(told, { outcome: 'paid_after_unknown', amountReceived: 2000 });
    expect(log.toReport()).toEqual([expect.objectContaining({ exchangeId: told, outcome: 'paid_after_unknown', acknowledgedAt: null })]);
    db.close();
  });

  it('adds counts in one transaction and drops the days past their retention', () => {
    const db = openDatabase(file);
    const log = tillExchangeLog(db);
    const tally = (day: string, count: number) => ({
      day,
      remoteAddress: '127.0.0.1',
      kind: 'malformed' as const,
      resultCode: '01-09',
      count,
      bytes: count * 10,
      firstAt: `${day}T10:00:00.000Z`,
      lastAt: `${day}T11:00:00.000Z`,
      sampleRequest: 'x'.repeat(1_000),
    });
    log.addTallies([tally('2026-01-01', 5), tally('2026-05-04', 2)]);
    log.addTallies([tally('2026-05-04', 3)]);
    expect(log.tallies()).toEqual([
      expect.objectContaining({ day: '2026-01-01', count: 5 }),
      expect.objectContaining({ day: '2026-05-04', count: 5, bytes: 50, sampleRequest: 'x'.repeat(256) }),
    ]);
    expect(log.pruneTallies('2026-02-01')).toBe(1);
    expect(log.tallies().map((t) => t.day)).toEqual(['2026-05-04']);
    db.close();
  });
});
