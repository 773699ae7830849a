// Migration 8, on a real file: the platform's raw state of each operation, for support. Operations
// already in the log keep everything and read NULL; new states write the platform's own words as
// JSON (and only JSON); the migration is backed up first like every other.
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../electron/core/db/open';
import { getOperation, insertIntent, operationHistory, platformStateOf, recordPlatformState } from '../../electron/core/db/operation-log';
import type { PlatformPaymentRequest } from '../../electron/core/platform/gateway';
import { tempDir } from '../support/companion';

let dir: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  dir = tempDir('cvc-migration-8-');
  file = join(dir.path, 'operations.sqlite3');
});
afterEach(() => dir.remove());

const at = '2026-11-27T10:00:00.000Z';
const intent = (n: number) => ({
  id: `op-${n}`,
  idempotencyKey: `key-${n}`,
  conventionNumber: 'CVCONNECTTEST',
  basketNumber: `REF${n}`,
  amountRequested: 2000,
  label: null,
  customerReference: null,
  sellerId: null,
  followUpOf: null,
  tillId: 'caisse-1',
  origin: 'cashier',
  at,
});

/** A Worldline payment link as the adapter reports it. */
function link(status: PlatformPaymentRequest['status'], raw: string, received = 0): PlatformPaymentRequest {
  return {
    ref: 'PL-0001',
    status,
    amountRequested: 2000,
    amountReceived: received,
    basketNumber: 'REF1',
    label: null,
    customerReference: null,
    sellerId: null,
    qrPayload: 'https://payment.preprod.direct.worldline-solutions.com/hostedcheckout/PaymentMethods/Selection/abc',
    createdAt: at,
    updatedAt: at,
    expiresAt: '2026-11-27T10:05:00.000Z',
    idempotencyKey: null,
    platformState: { status: raw, detail: { paymentLinkId: 'PL-0001', paymentId: raw === 'ACTIVE' ? null : 'PAY-1', statusCode: raw.endsWith('CAPTURED') ? 9 : null } },
  };
}

describe('migration 8: the platform’s raw state of each operation', () => {
  it('adds the column, NULL for the operations already there, after a backup of the v7 log', () => {
    const v7 = openDatabase(file, { targetVersion: 7 });
    insertIntent(v7, { ...intent(1), platform: 'sandbox' });
    v7.close();

    const v8 = openDatabase(file, { targetVersion: 8 });
    expect(schemaVersion(v8)).toBe(8);
    expect(v8.prepare('SELECT id, status, platform, platform_state FROM operations').all()).toEqual([
      { id: 'op-1', status: 'creating', platform: 'sandbox', platform_state: null },
    ]);
    v8.close();
    expect(readdirSync(dir.path).filter((name) => /\.backup-v7-to-v8-/.test(name))).toHaveLength(1);
  });

  it('keeps the raw state with each recorded state, and a change of the platform’s words alone in the history', () => {
    const db = openDatabase(file);
    insertIntent(db, { ...intent(1), platform: 'worldline-direct:https://payment.preprod.direct.worldline-solutions.com' });
    recordPlatformState(db, 'op-1', link('pending', 'ACTIVE'), 'local', at);
    // The same state seen again (a poll after the create): nothing written.
    expect(recordPlatformState(db, 'op-1', link('pending', 'ACTIVE'), 'poll', at).changed).toBe(false);
    // Paid, the capture not done yet: still pending for the companion, a row for support.
    expect(recordPlatformState(db, 'op-1', link('pending', 'PAID / PENDING_CAPTURE'), 'poll', at).changed).toBe(true);
    recordPlatformState(db, 'op-1', link('validated', 'PAID / CAPTURED', 1500), 'poll', at);

    expect(getOperation(db, 'op-1')).toMatchObject({ status: 'validated', amountReceived: 1500, platformId: 'PL-0001' });
    expect(platformStateOf(db, 'op-1')).toEqual({ status: 'PAID / CAPTURED', detail: { paymentLinkId: 'PL-0001', paymentId: 'PAY-1', statusCode: 9 } });
    expect(operationHistory(db, 'op-1').map((event) => [event.status, (event.detail as { platformStatus?: string } | null)?.platformStatus ?? null])).toEqual([
      ['creating', null],
      ['pending', 'ACTIVE'],
      ['pending', 'PAID / PENDING_CAPTURE'],
      ['validated', 'PAID / CAPTURED'],
    ]);
    db.close();
  });

  it('refuses anything but JSON in the column', () => {
    const db = openDatabase(file);
    insertIntent(db, intent(1));
    db.close();
    const raw = new Database(file);
    expect(() => raw.prepare(`UPDATE operations SET platform_state = 'PAID, CAPTURED' WHERE id = 'op-1'`).run()).toThrow(/CHECK constraint/);
    raw.close();
  });
});
