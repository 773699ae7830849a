// A killed companion never loses or duplicates a payment. The headless companion runs as a real
// child process; each test SIGKILLs it at one step of a payment, starts it again on the same data
// folder, and checks that the log ends with exactly one operation for the request, in the
// platform's final status.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { payAsCustomer, platformRequests, sandboxAdmin, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { PATIENCE, patience } from '../support/patience';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let proxy: TcpProxy;
let companion: CompanionProcess | null = null;

const appDir = () => join(dir.path, 'app');

beforeEach(async () => {
  dir = tempDir('cvc-crash-');
  sandbox = await startSandbox({ port: 0, dbPath: join(dir.path, 'platform.sqlite3') });
  proxy = await startTcpProxy(sandbox.port);
  companion = await start();
  const login = await companion.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
  expect(login.body).toMatchObject({ ok: true, value: { status: 'logged_in' } });
});

afterEach(async () => {
  await companion?.stop();
  await proxy.close();
  await sandbox.close();
  dir.remove();
});

function start(): Promise<CompanionProcess> {
  return spawnCompanion({ dataDir: appDir(), args: ['--platform-url', proxy.url] });
}

/** Operations of a basket, read straight from the log file (the process may be dead). */
function logRows(basketNumber: string): Array<{ id: string; status: string; amount_received_cents: number; failure_code: string | null }> {
  const db = new Database(join(appDir(), 'operations.sqlite3'), { readonly: true });
  try {
    return db
      .prepare('SELECT id, status, amount_received_cents, failure_code FROM operations WHERE basket_number = ?')
      .all(basketNumber) as never;
  } finally {
    db.close();
  }
}

async function restartAndSettle(basketNumber: string, final: (status: string) => boolean) {
  companion = await start();
  // Start-up reconciliation runs on its own (the session token was kept); no click needed.
  const rows = await vi.waitFor(() => {
    const found = logRows(basketNumber);
    expect(found).toHaveLength(1);
    expect(final(found[0]!.status)).toBe(true);
    return found;
  }, patience(15_000));
  const onPlatform = await platformRequests(sandbox.url, basketNumber);
  return { rows, onPlatform };
}

describe('SIGKILL at each step of a payment, then restart', () => {
  it('after the intent is written, before the platform heard of it: failed, nothing on the platform', async () => {
    // The network goes silent: open connections die, new ones get no answer.
    proxy.setMode('blackhole');
    proxy.dropConnections();
    void companion!.call('payments.create', { amount: 2000, basketNumber: 'KILL-1' }).catch(() => undefined);
    await vi.waitFor(() => expect(logRows('KILL-1')[0]?.status).toBe('creating'), PATIENCE);
    await companion!.kill();
    proxy.setMode('forward');
    proxy.dropConnections();

    const { rows, onPlatform } = await restartAndSettle('KILL-1', (s) => s !== 'creating');
    expect(rows[0]).toMatchObject({ status: 'failed', failure_code: 'never_reached' });
    expect(onPlatform).toHaveLength(0);
  });

  it('after the platform created the request, before the answer arrived: cancelled on both sides', async () => {
    await sandboxAdmin(sandbox.url, '/sandbox/faults', { createResponseDelayMs: 10_000 });
    void companion!.call('payments.create', { amount: 2000, basketNumber: 'KILL-2' }).catch(() => undefined);
    await vi.waitFor(async () => expect(await platformRequests(sandbox.url, 'KILL-2')).toHaveLength(1), PATIENCE);
    expect(logRows('KILL-2')[0]?.status).toBe('creating');
    await companion!.kill();
    await sandboxAdmin(sandbox.url, '/sandbox/faults', {});

    const { rows, onPlatform } = await restartAndSettle('KILL-2', (s) => s !== 'creating');
    // Nobody is waiting for that QR any more: reconciliation never brings it to life.
    expect(onPlatform.map((r) => r.status)).toEqual(['cancelled']);
    expect(rows[0]!.status).toBe('cancelled');
  });

  it('while pending, and the customer pays while the companion is down: validated, once', async () => {
    const created = await companion!.call('payments.create', { amount: 2000, basketNumber: 'KILL-3' });
    expect(created.body).toMatchObject({ ok: true, value: { status: 'pending' } });
    await companion!.kill();
    await payAsCustomer(sandbox.url, created.body.value.qrPayload, 1500);

    const { rows, onPlatform } = await restartAndSettle('KILL-3', (s) => s === 'validated');
    expect(rows[0]).toMatchObject({ status: 'validated', amount_received_cents: 1500 });
    expect(onPlatform).toMatchObject([{ status: 'validated', amountReceived: 1500 }]);
  });

  it('while pending, still pending after restart: followed again and validated when paid', async () => {
    const created = await companion!.call('payments.create', { amount: 900, basketNumber: 'KILL-4' });
    await companion!.kill();
    companion = await start();
    await vi.waitFor(async () => expect((await companion!.call('payments.get', { id: created.body.value.id })).body.value?.status).toBe('pending'), PATIENCE);
    await payAsCustomer(sandbox.url, created.body.value.qrPayload, 900);

    const rows = await vi.waitFor(() => {
      const found = logRows('KILL-4');
      expect(found[0]?.status).toBe('validated');
      return found;
    }, PATIENCE);
    expect(rows).toHaveLength(1);
    expect(await platformRequests(sandbox.url, 'KILL-4')).toMatchObject([{ status: 'validated', amountReceived: 900 }]);
  });

  it('right after the customer paid: validated, with what was paid', async () => {
    const created = await companion!.call('payments.create', { amount: 3000, basketNumber: 'KILL-5' });
    await payAsCustomer(sandbox.url, created.body.value.qrPayload, 3000);
    await companion!.kill();

    const { rows, onPlatform } = await restartAndSettle('KILL-5', (s) => s === 'validated');
    expect(rows[0]).toMatchObject({ status: 'validated', amount_received_cents: 3000 });
    expect(onPlatform).toHaveLength(1);
  });
});
