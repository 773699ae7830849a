// The platform link as the cashier screens see it (`platform.status`, `platform.changed`), each
// transition made for real against the sandbox: its event stream cut, the sandbox stopped and
// started again on the same port and database, the network blocked by a proxy. While the stream
// is down, statuses still arrive, with at most two platform calls a second however many requests
// are pending; when the link returns, what happened meanwhile is recorded and announced.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlatformLink } from '../../electron/common/contract';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion';
import type { Logger } from '../../electron/core/ports';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import {
  FAST_TIMING,
  createPayment,
  loginDemo,
  nextEvent,
  operationHistory,
  payAsCustomer,
  sandboxAdmin,
  sandboxPlatform,
  tempDir,
  unwrap,
} from '../support/companion';
import { startHttpFaultProxy, type HttpFaultProxy } from '../support/http-fault-proxy';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { PATIENCE } from '../support/patience';

let sandbox: RunningSandbox;
let dir: ReturnType<typeof tempDir>;
let companion: CoreCompanion | null;
let closers: Array<() => Promise<void>>;
let logged: Array<{ message: string; fields?: Record<string, unknown> }>;

beforeEach(async () => {
  dir = tempDir();
  sandbox = await startSandbox({ port: 0, dbPath: join(dir.path, 'platform.sqlite3') });
  companion = null;
  closers = [];
  logged = [];
});

afterEach(async () => {
  await companion?.close();
  for (const close of closers.reverse()) await close();
  await sandbox.close();
  dir.remove();
});

const capture: Logger = {
  info: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }),
  error: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }),
};

async function start(platformUrl: string, timing = FAST_TIMING): Promise<CoreCompanion> {
  companion = await createCompanion({
    dataDir: join(dir.path, 'app'),
    platform: sandboxPlatform(platformUrl, { timing }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: capture,
    timing,
  });
  return companion;
}

const status = async (c: CoreCompanion) => unwrap(await c.invoke('platform.status', {})) as PlatformLink;
const stateIs = (c: CoreCompanion, state: PlatformLink['state']) => nextEvent(c, 'platform.changed', (link) => link.state === state, 10_000);

describe('platform.status and platform.changed', () => {
  it('goes logged_out → connected → polling → unreachable → connected, and back to logged_out', async () => {
    const c = await start(sandbox.url);
    expect(await status(c)).toMatchObject({ state: 'logged_out', lastContactAt: null });
    const seen: PlatformLink[] = [];
    c.on('platform.changed', (link) => seen.push(link));

    const connected = stateIs(c, 'connected');
    await loginDemo(c);
    expect(await connected).toMatchObject({ state: 'connected', lastContactAt: expect.any(String) });
    expect(await status(c)).toMatchObject({ state: 'connected' });

    // The stream is refused, the platform answers: polling, and statuses still arrive (by poll).
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'LINK-1' });
    const polling = stateIs(c, 'polling');
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: 600_000 });
    expect(await polling).toMatchObject({ state: 'polling' });
    const paid = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    await payAsCustomer(sandbox.url, operation.qrPayload!, 2000);
    await paid;
    expect(operationHistory(c.dbFile, operation.id).at(-1)).toEqual({ source: 'poll', status: 'validated' });

    // The platform stops: unreachable, since when, and the last contact stays known.
    const unreachable = stateIs(c, 'unreachable');
    const port = sandbox.port;
    await sandbox.close();
    const lost = await unreachable;
    expect(lost.lastContactAt).not.toBeNull();
    expect(Date.parse(lost.since)).toBeGreaterThanOrEqual(Date.parse(lost.lastContactAt!));

    // Back on the same port and database (the stream refusal was the old process's): connected.
    const back = stateIs(c, 'connected');
    sandbox = await startSandbox({ port, dbPath: join(dir.path, 'platform.sqlite3') });
    expect(await back).toMatchObject({ state: 'connected' });

    const out = stateIs(c, 'logged_out');
    unwrap(await c.invoke('session.logout', {}));
    expect(await out).toMatchObject({ state: 'logged_out' });
    expect(seen.map((link) => link.state)).toEqual(
      expect.arrayContaining(['polling', 'connected', 'unreachable', 'logged_out']),
    );
    // Every change announced is a real change.
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.state).not.toBe(seen[i - 1]!.state);
  });

  it('when the link returns, records what happened meanwhile and announces it', async () => {
    const proxy: TcpProxy = await startTcpProxy(sandbox.port);
    closers.push(() => proxy.close());
    const c = await start(proxy.url);
    const connected = stateIs(c, 'connected');
    await loginDemo(c);
    await connected;
    const operation = await createPayment(c, { amount: 3000, basketNumber: 'AWAY-1' });

    // The network to the platform goes: nothing reaches it, neither the stream nor the polls.
    const unreachable = stateIs(c, 'unreachable');
    proxy.setMode('refuse');
    proxy.dropConnections();
    await unreachable;
    // Meanwhile the customer pays (the platform is fine; only the till's link is down).
    await payAsCustomer(sandbox.url, operation.qrPayload!, 1200);
    expect(unwrap(await c.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'pending' });

    const announced = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated', 10_000);
    const returned = logged.length;
    proxy.setMode('forward');
    expect(await announced).toMatchObject({ amountReceived: 1200, remainder: 1800 });
    // The return ran a reconciliation (which found the payment, unless the stream or a poll
    // recorded it first: either way it is recorded once, as validated).
    await vi.waitFor(() => expect(logged.slice(returned).some((entry) => entry.message === 'platform link returned: reconciled')).toBe(true), PATIENCE);
    expect(unwrap(await c.invoke('operations.list', { status: 'validated', limit: 20 })).items.filter((item) => item.id === operation.id)).toHaveLength(1);
    expect(['connected', 'polling']).toContain((await status(c)).state);
  });
});

describe('while the event stream is down', () => {
  it('asks what changed in one call per tick: at most 2 platform calls a second with 60 requests pending', async () => {
    const proxy: HttpFaultProxy = await startHttpFaultProxy(sandbox.url);
    closers.push(() => proxy.close());
    // The default tick (500 ms), not the tests' faster one.
    const c = await start(proxy.url, { ...FAST_TIMING, pollIntervalMs: 500 });
    const connected = stateIs(c, 'connected');
    await loginDemo(c);
    await connected;
    const operations = [];
    for (let i = 0; i < 60; i += 1) operations.push(await createPayment(c, { amount: 100 + i, basketNumber: `MANY-${i}` }));

    const polling = stateIs(c, 'polling');
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: 600_000 });
    await polling;
    const counted = proxy.seen.length;
    const started = Date.now();
    for (const operation of operations.slice(0, 6)) {
      const paid = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
      await payAsCustomer(sandbox.url, operation.qrPayload!, operation.amountRequested);
      await paid;
    }
    const seconds = (Date.now() - started) / 1000;
    const calls = proxy.seen.slice(counted).filter((request) => request.url.startsWith('/v1/payment-requests'));
    // One call per tick (500 ms), whatever the number pending; one tick of slack at each end.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 2);
    expect(calls.every((request) => request.method === 'GET' && request.url.includes('updatedSince='))).toBe(true);
  });

  it('falls back to one pending request per tick on a platform that cannot list what changed', async () => {
    const proxy: HttpFaultProxy = await startHttpFaultProxy(sandbox.url);
    closers.push(() => proxy.close());
    proxy.setRules([
      (request) =>
        request.method === 'GET' && request.url.includes('updatedSince=')
          ? { kind: 'answer', status: 400, body: '{"error":{"code":"validation_error","message":"unknown parameter","field":"updatedSince"}}' }
          : null,
    ]);
    const c = await start(proxy.url);
    const connected = stateIs(c, 'connected');
    await loginDemo(c);
    await connected;
    const first = await createPayment(c, { amount: 500, basketNumber: 'OLD-1' });
    const second = await createPayment(c, { amount: 700, basketNumber: 'OLD-2' });
    await sandboxAdmin(sandbox.url, '/sandbox/streams/cut', { refuseForMs: 600_000 });
    await stateIs(c, 'polling');
    const paid = nextEvent(c, 'payment.updated', (op) => op.id === second.id && op.status === 'validated');
    await payAsCustomer(sandbox.url, second.qrPayload!, 700);
    await paid;
    expect(first.status).toBe('pending');
    expect(proxy.seen.some((request) => request.method === 'GET' && request.url === `/v1/payment-requests/${second.platformId}`)).toBe(true);
  });
});
