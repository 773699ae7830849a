// The operation log remembers which platform each request was sent to. A data folder started
// against another platform (what a damaged settings file falling back to the demo sandbox does)
// must not conclude anything about requests it cannot see: they stay as they are, and are
// followed again once their platform is back. Two real sandboxes, one real log file.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/logger';
import type { Logger } from '../../electron/core/ports';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { FAST_TIMING, createPayment, loginDemo, nextEvent, operationHistory, payAsCustomer, sandboxPlatform, tempDir, unwrap } from '../support/companion';

let production: RunningSandbox;
let demo: RunningSandbox;
let dir: ReturnType<typeof tempDir>;
let companion: CoreCompanion | null = null;

beforeEach(async () => {
  dir = tempDir();
  production = await startSandbox({ port: 0 });
  demo = await startSandbox({ port: 0 });
});

afterEach(async () => {
  await companion?.close();
  companion = null;
  await production.close();
  await demo.close();
  dir.remove();
});

function start(platform: { mode: 'sandbox' | 'platform'; url: string }, log: Logger = silentLogger) {
  return createCompanion({
    dataDir: join(dir.path, 'app'),
    platform: sandboxPlatform(platform.url, { kind: platform.mode === 'sandbox' ? 'sandbox' : 'api-v1' }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log,
    timing: FAST_TIMING,
  });
}

describe('a log opened against another platform', () => {
  it('leaves the other platform’s pending request alone, says so, and follows it again once that platform is back', async () => {
    companion = await start({ mode: 'platform', url: production.url });
    await loginDemo(companion);
    const operation = await createPayment(companion, { amount: 2500, basketNumber: 'PROD-1' });
    await companion.close();

    // Restarted on the demo sandbox (same merchant number there): reconciliation runs at login.
    const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    companion = await start({ mode: 'sandbox', url: demo.url }, { ...silentLogger, warn: (message, fields) => warnings.push({ message, fields }) });
    expect(warnings).toContainEqual(expect.objectContaining({ fields: { platform: production.url, count: 1 } }));
    await loginDemo(companion);
    const report = await companion.startupReconciliation;
    expect(report).toMatchObject({ checked: 0 });
    expect(unwrap(await companion.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'pending', failure: null });
    expect(await companion.invoke('payments.refresh', { id: operation.id })).toMatchObject({ ok: false, error: { code: 'other_platform' } });
    expect(await companion.invoke('payments.cancel', { id: operation.id })).toMatchObject({ ok: false, error: { code: 'other_platform' } });
    // New requests go to the platform in use, and are followed there.
    const onDemo = await createPayment(companion, { amount: 100, basketNumber: 'DEMO-1' });
    expect(onDemo.status).toBe('pending');
    await companion.close();

    // The production platform again: the customer had paid meanwhile; the request is settled as paid.
    await payAsCustomer(production.url, operation.qrPayload!, 2500);
    companion = await start({ mode: 'platform', url: production.url });
    const validated = nextEvent(companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    await loginDemo(companion);
    expect(await validated).toMatchObject({ amountReceived: 2500 });
    expect(operationHistory(companion.dbFile, operation.id).map((e) => e.status)).toEqual(['creating', 'pending', 'validated']);
    expect(unwrap(await companion.invoke('payments.get', { id: onDemo.id }))).toMatchObject({ status: 'pending' });
  });
});
