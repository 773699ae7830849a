// A create whose outcome is unknown stays unknown until the platform says otherwise: a later
// attempt's definite refusal does not prove that an earlier attempt did not create the request.
// Real sandbox (its own slow-answer switch and token expiry), real SQLite file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  loginDemo,
  nextEvent,
  operationHistory,
  platformRequests,
  sandboxAdmin,
  startTestCompanion,
  tempDir,
  unwrap,
} from '../support/companion';
import { startHttpFaultProxy, when } from '../support/http-fault-proxy';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let companion: CoreCompanion | null;
let dir: ReturnType<typeof tempDir>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0, dbPath: join(dir.path, 'platform.sqlite3') });
  companion = null;
});

afterEach(async () => {
  await companion?.close();
  await sandbox.close();
  dir.remove();
});

describe('a create that timed out, then was refused for sure', () => {
  it('stays "creating" (outcome unknown), tells the caller so, and reconciliation settles it with the platform', async () => {
    companion = await startTestCompanion({
      platformUrl: sandbox.url,
      dataDir: join(dir.path, 'app'),
      timing: { requestTimeoutMs: 600, pollIntervalMs: 60_000 },
    });
    const c = companion;
    await loginDemo(c);
    // The platform commits the first attempt, then answers too late: its outcome is unknown to us.
    await sandboxAdmin(sandbox.url, '/sandbox/faults', { createResponseDelayMs: 5_000 });
    const pending = c.invoke('payments.create', { amount: 4242, basketNumber: 'LOST-42' });
    // While the first attempt waits for its answer, the token expires: the retry (same key) is refused.
    await vi.waitFor(async () => expect(await platformRequests(sandbox.url, 'LOST-42')).toHaveLength(1), PATIENCE);
    await sandboxAdmin(sandbox.url, `/sandbox/merchants/${DEMO_CONVENTION_NUMBER}/expire-tokens`);
    const result = await pending;

    expect(result).toMatchObject({
      ok: false,
      error: { code: 'outcome_unknown', details: { platformCode: 'token_expired' } },
    });
    if (result.ok) throw new Error('unreachable');
    expect(result.error.message).toMatch(/inconnu/);
    const [operation] = unwrap(await c.invoke('operations.list', {})).items;
    expect(operation).toMatchObject({ id: result.error.details?.operationId, status: 'creating', failure: null });
    // The platform kept the request of the first attempt: nothing local may call it failed.
    expect(await platformRequests(sandbox.url, 'LOST-42')).toMatchObject([{ status: 'pending', amountRequested: 4242 }]);

    // The cashier logs in again: reconciliation finds the request and, since nobody shows its QR,
    // cancels it on the platform: both sides agree and the basket is free again.
    await sandboxAdmin(sandbox.url, '/sandbox/faults', {});
    const settled = nextEvent(c, 'payment.updated', (op) => op.id === operation!.id && op.status !== 'creating', 10_000);
    await loginDemo(c);
    expect(await settled).toMatchObject({ status: 'cancelled' });
    expect(await platformRequests(sandbox.url, 'LOST-42')).toMatchObject([{ status: 'cancelled' }]);
    expect(operationHistory(c.dbFile, operation!.id).map((e) => e.status)).toEqual(['creating', 'cancelled']);
  });
});

describe('a create the platform accepted with an answer that cannot be read', () => {
  it('is "outcome unknown", not failed: the platform has the request', async () => {
    const proxy = await startHttpFaultProxy(sandbox.url);
    try {
      companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: join(dir.path, 'app') });
      const c = companion;
      await loginDemo(c);
      // 201 with a body cut short (a proxy or a platform bug): the request was made all the same.
      proxy.setRules([when('POST', /^\/v1\/payment-requests$/, { kind: 'rewrite', body: (text) => text.slice(0, 20) })]);
      const result = await c.invoke('payments.create', { amount: 1234, basketNumber: 'GARBLED-1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'outcome_unknown' } });
      const [operation] = unwrap(await c.invoke('operations.list', {})).items;
      expect(operation).toMatchObject({ status: 'creating' });
      expect(await platformRequests(sandbox.url, 'GARBLED-1')).toMatchObject([{ status: 'pending' }]);

      // "Rafraîchir" asks the platform: found, nobody shows its QR, so it is cancelled on both sides.
      proxy.setRules([]);
      const settled = unwrap(await c.invoke('payments.refresh', { id: operation!.id }));
      expect(settled).toMatchObject({ status: 'cancelled' });
      expect(await platformRequests(sandbox.url, 'GARBLED-1')).toMatchObject([{ status: 'cancelled' }]);
    } finally {
      await proxy.close();
    }
  });
});
