// A platform answer that cannot be true of the operation asked about (more received than asked,
// another basket or amount) is refused at the log's door: the cashier hears that the platform
// answered wrongly, nothing is recorded, and a create answered that way stays "unknown" for
// reconciliation. Real sandbox behind a real HTTP proxy that rewrites its answers, real SQLite.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, loginDemo, operationHistory, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { startHttpFaultProxy, when, type HttpFaultProxy } from '../support/http-fault-proxy';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let proxy: HttpFaultProxy;
let companion: CoreCompanion;

beforeEach(async () => {
  dir = tempDir('cvc-answer-mismatch-');
  sandbox = await startSandbox({ port: 0 });
  proxy = await startHttpFaultProxy(sandbox.url);
  companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: join(dir.path, 'app') });
  await loginDemo(companion);
});

afterEach(async () => {
  await companion.close();
  await proxy.close();
  await sandbox.close();
  dir.remove();
});

const rewrite = (change: (request: Record<string, unknown>) => Record<string, unknown>) => ({
  kind: 'rewrite' as const,
  body: (text: string) => JSON.stringify(change(JSON.parse(text) as Record<string, unknown>)),
});

describe('an answer that cannot be about this operation', () => {
  it.each([
    ['more received than requested', (r: Record<string, unknown>) => ({ ...r, status: 'validated', amountReceived: Number(r.amountRequested) + 1 })],
    ['another basket and amount', (r: Record<string, unknown>) => ({ ...r, status: 'validated', basketNumber: 'OTHER-1', amountRequested: 99_00, amountReceived: 99_00 })],
  ])('to « Rafraîchir » (%s): platform_error, and the log keeps what it knew', async (_case, change) => {
    const operation = await createPayment(companion, { amount: 2000, basketNumber: 'REF900' });
    proxy.setRules([when('GET', /^\/v1\/payment-requests\/[^/]+$/, rewrite(change))]);

    const refreshed = await companion.invoke('payments.refresh', { id: operation.id });
    expect(refreshed).toMatchObject({ ok: false, error: { code: 'platform_error', details: { operationId: operation.id } } });
    expect(unwrap(await companion.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'pending', amountReceived: 0, basketNumber: 'REF900' });
    expect(operationHistory(companion.dbFile, operation.id).map((e) => e.status)).toEqual(['creating', 'pending']);
  });

  it('to a create: the outcome is unknown (the platform may have made it), never failed', async () => {
    proxy.setRules([
      when('POST', /^\/v1\/payment-requests$/, rewrite((r) => ({ ...r, basketNumber: 'OTHER-2', amountRequested: 1 }))),
    ]);
    const created = await companion.invoke('payments.create', { amount: 2500, basketNumber: 'REF901' });
    expect(created).toMatchObject({ ok: false, error: { code: 'outcome_unknown' } });
    const [operation] = unwrap(await companion.invoke('operations.list', {})).items;
    expect(operation).toMatchObject({ basketNumber: 'REF901', status: 'creating', failure: null });
  });
});
