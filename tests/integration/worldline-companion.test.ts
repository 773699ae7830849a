// The companion's core on Worldline Direct, through the platform port only: the seed flow with a
// partial payment, the keys kept in the SecretStore alone, a restart, and the lost create found
// the platform's way (Direct lists no payment links: the create is replayed with the same key,
// within the idempotency window only). The real SDK against the Worldline test server (signatures
// checked), a real SQLite file, real sockets; polling paced at 2 calls a second however many
// links are pending.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { createCompanion } from '../../electron/core/companion';
import { openDatabase } from '../../electron/core/db/open';
import { insertIntent } from '../../electron/core/db/operation-log';
import { platformIdentity } from '../../electron/core/platform-identity';
import type { Logger, OpenedPlatform } from '../../electron/core/ports';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { createPayment, nextEvent, operationHistory, readLog, tempDir, unwrap } from '../support/companion';
import { startHttpFaultProxy, type HttpFaultProxy } from '../support/http-fault-proxy';
import { FAKE_MERCHANT, startWorldlineFake, type RunningWorldlineFake } from '../support/worldline-fake/server';
import { worldlinePlatform } from '../support/worldline-platform';

let fake: RunningWorldlineFake;
let dir: ReturnType<typeof tempDir>;
let secrets: MemorySecretStore;
let settings: MemorySettingsStore;
let companion: CoreCompanion | null;
let closers: Array<() => Promise<void>>;
let logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;

const capture: Logger = {
  info: (message, fields) => logged.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
  warn: (message, fields) => logged.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
  error: (message, fields) => logged.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
};

beforeEach(async () => {
  fake = await startWorldlineFake();
  dir = tempDir();
  secrets = new MemorySecretStore();
  settings = new MemorySettingsStore();
  companion = null;
  closers = [];
  logged = [];
});

afterEach(async () => {
  await companion?.close();
  for (const close of closers.reverse()) await close();
  await fake.close();
  dir.remove();
});

async function start(platform: OpenedPlatform = worldlinePlatform(fake.url), requestTimeoutMs = 3_000): Promise<CoreCompanion> {
  companion = await createCompanion({
    dataDir: join(dir.path, 'app'),
    platform,
    secretStore: secrets,
    settingsStore: settings,
    log: capture,
    timing: { requestTimeoutMs },
  });
  return companion;
}

async function login(c: CoreCompanion) {
  return unwrap(await c.invoke('session.login', { ...FAKE_MERCHANT }));
}

async function customerPays(qrPayload: string, amount: number): Promise<void> {
  const response = await fetch(`${fake.url}/fake/customer/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ qrPayload, amount }),
  });
  expect(response.status).toBe(201);
}

const linksFor = (basketNumber: string) => [...fake.state.links.values()].filter((link) => link.merchantReference === basketNumber);

/** An intent written as the companion writes it before calling the platform, its answer lost
 *  (the companion stopped right after), `ageMs` ago. */
function lostCreate(platform: OpenedPlatform, basketNumber: string, ageMs: number): string {
  const db = openDatabase(join(dir.path, 'app', 'operations.sqlite3'));
  try {
    const id = `lost-${basketNumber}`;
    insertIntent(db, {
      id,
      idempotencyKey: crypto.randomUUID(),
      conventionNumber: FAKE_MERCHANT.merchantId,
      basketNumber,
      amountRequested: 2400,
      label: null,
      customerReference: null,
      sellerId: null,
      followUpOf: null,
      tillId: 'caisse-1',
      origin: 'cashier',
      at: new Date(Date.now() - ageMs).toISOString(),
      platform: platformIdentity(platform.gateway),
    });
    return id;
  } finally {
    db.close();
  }
}

describe('the seed flow on Worldline Direct', () => {
  it('takes 15,00 € of a 20,00 € request for REF253: the QR is the link, the remainder is said, the platform’s own state is kept', async () => {
    const c = await start();
    const session = await login(c);
    expect(session).toMatchObject({
      status: 'logged_in',
      merchant: { conventionNumber: FAKE_MERCHANT.merchantId },
      expiresAt: null,
      platform: { kind: 'worldline-direct', credentials: 'api-key', mode: 'platform' },
    });
    // The keys are in the SecretStore, and nowhere the screens or the settings can see.
    expect(await secrets.get('platform-session')).toContain(FAKE_MERCHANT.secretApiKey);
    expect(JSON.stringify(session)).not.toContain(FAKE_MERCHANT.secretApiKey);
    expect(JSON.stringify(settings.load() ?? {})).not.toContain(FAKE_MERCHANT.secretApiKey);

    const operation = await createPayment(c, { amount: 2000, basketNumber: 'REF253', label: 'Emplacement 12' });
    expect(operation).toMatchObject({ status: 'pending', amountRequested: 2000, basketNumber: 'REF253' });
    expect(operation.qrPayload).toMatch(new RegExp(`^${fake.url}/hostedcheckout/pay/`));
    expect(linksFor('REF253')).toHaveLength(1);

    const validated = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated', 15_000);
    await customerPays(operation.qrPayload!, 1500);
    expect(await validated).toMatchObject({ amountReceived: 1500, remainder: 500, qrPayload: null });
    expect(operationHistory(c.dbFile, operation.id).map((e) => e.status)).toEqual(['creating', 'pending', 'validated']);
    const raw = readLog(c.dbFile, (db) => db.prepare('SELECT platform_state FROM operations WHERE id = ?').get(operation.id) as { platform_state: string });
    expect(JSON.parse(raw.platform_state)).toMatchObject({ status: 'PAID / CAPTURED', detail: { paymentLinkId: operation.platformId, statusCode: 9 } });
    // Polls answering is this platform's normal state: no push channel to miss.
    expect(unwrap(await c.invoke('platform.status', {}))).toMatchObject({ state: 'connected' });
  });

  it('resumes after a restart from the keys in the SecretStore, and still follows the request', async () => {
    let c = await start();
    await login(c);
    const operation = await createPayment(c, { amount: 1200, basketNumber: 'RESUME-1' });
    await c.close();

    c = await start();
    expect(unwrap(await c.invoke('session.get', {}))).toMatchObject({ status: 'logged_in', merchant: { conventionNumber: FAKE_MERCHANT.merchantId } });
    const validated = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated', 15_000);
    await customerPays(operation.qrPayload!, 1200);
    expect(await validated).toMatchObject({ amountReceived: 1200, remainder: 0 });
  });

  it('refuses wrong keys as invalid_credentials and keeps nothing', async () => {
    const c = await start();
    const refused = await c.invoke('session.login', { ...FAKE_MERCHANT, secretApiKey: 'd3JvbmctYnV0LXdlbGwtZm9ybWVkLXNlY3JldA==' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await secrets.get('platform-session')).toBeNull();
    // A convention number is not what this platform takes: refused before anything is sent.
    expect(await c.invoke('session.login', { conventionNumber: '643736001001', password: 'vacances2026' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'conventionNumber' } },
    });
  });
});

describe('the day close on a platform that cannot list its requests', () => {
  it('counts this till alone and says the other tills are unavailable; the check and « Autre caisse » say it is not offered', async () => {
    const c = await start();
    await login(c);
    const operation = await createPayment(c, { amount: 2000, basketNumber: 'DAY-WL' });
    const validated = nextEvent(c, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated', 15_000);
    await customerPays(operation.qrPayload!, 2000);
    await validated;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

    const report = unwrap(await c.invoke('report.day', { from: day, includeOtherTills: true }));
    expect(report.otherTills).toMatchObject({ status: 'unavailable', count: 0, error: { code: 'not_supported' } });
    expect(report.requests.total).toMatchObject({ count: 1, amountRequested: 2000, amountReceived: 2000 });
    expect(await c.invoke('report.check', { day })).toMatchObject({ ok: false, error: { code: 'not_supported' } });
    expect(await c.invoke('operations.convention', { day })).toMatchObject({ ok: false, error: { code: 'not_supported' } });
  });
});

describe('a create whose answer was lost, on a platform that cannot list', () => {
  it('is found by replaying it with the same key, and cancelled: nobody waits for it any more', async () => {
    const c = await start(worldlinePlatform(fake.url, { timeoutMs: 800 }), 800);
    await login(c);
    // Worldline commits the link, then answers after every attempt has given up waiting.
    await fetch(`${fake.url}/fake/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ createResponseDelayMs: 4_000 }) });
    const lost = await c.invoke('payments.create', { amount: 2500, basketNumber: 'LOST-WL' });
    expect(lost).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(timeout|outcome_unknown)$/) } });
    if (lost.ok) throw new Error('unreachable');
    const operationId = lost.error.details!.operationId!;
    expect(unwrap(await c.invoke('payments.get', { id: operationId }))).toMatchObject({ status: 'creating' });

    const settled = await nextEvent(c, 'payment.updated', (op) => op.id === operationId && op.status !== 'creating', 30_000);
    expect(settled).toMatchObject({ status: 'cancelled', amountReceived: 0 });
    expect(linksFor('LOST-WL').map((link) => link.status)).toEqual(['CANCELLED']);
    const history = readLog(c.dbFile, (db) =>
      db.prepare(`SELECT source, status, detail FROM operation_events WHERE operation_id = ? ORDER BY seq`).all(operationId),
    ) as Array<{ source: string; status: string; detail: string | null }>;
    expect(history.at(-1)).toMatchObject({ source: 'reconciliation', status: 'cancelled' });
    expect(JSON.parse(history.at(-1)!.detail!)).toMatchObject({ orphan: true });
  });

  it('never reached Worldline: the replay is the first it hears of the key, that link is cancelled and the operation failed', async () => {
    let c = await start();
    await login(c);
    await c.close();
    const platform = worldlinePlatform(fake.url);
    const id = lostCreate(platform, 'NEVER-WL', 60_000);

    c = await start(platform);
    const report = await c.startupReconciliation;
    expect(report).toMatchObject({ checked: 1, neverReached: 1, errors: 0 });
    expect(unwrap(await c.invoke('payments.get', { id }))).toMatchObject({ status: 'failed', failure: { code: 'never_reached' } });
    // The replay made one link (Worldline had never seen the key), cancelled at once: no QR of it was ever shown.
    expect(linksFor('NEVER-WL').map((link) => link.status)).toEqual(['CANCELLED']);
  });

  it('past the idempotency window stays unknown: no replay that could make a second request, a warning for a person to check', async () => {
    let c = await start();
    await login(c);
    await c.close();
    const platform = worldlinePlatform(fake.url);
    const id = lostCreate(platform, 'OLD-WL', 25 * 3_600_000);

    c = await start(platform);
    const report = await c.startupReconciliation;
    expect(report).toMatchObject({ checked: 1, settled: 0, stillPending: 1, calls: 0 });
    expect(unwrap(await c.invoke('payments.get', { id }))).toMatchObject({ status: 'creating', failure: null });
    expect(linksFor('OLD-WL')).toHaveLength(0);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ operationId: id, basketNumber: 'OLD-WL' }) }));
  });
});

describe('following 50 pending links', () => {
  it('polls at most 2 calls a second, and still brings a payment', async () => {
    const proxy: HttpFaultProxy = await startHttpFaultProxy(fake.url);
    closers.push(() => proxy.close());
    // The companion's own pace: one call per 500 ms, a link first asked after 1 s, then up to every 5 s.
    const c = await start(worldlinePlatform(proxy.url, { poll: { minMs: 1_000, maxMs: 5_000, factor: 1.5, tickMs: 500 } }));
    await login(c);
    const operations = [];
    for (let i = 0; i < 50; i += 1) operations.push(await createPayment(c, { amount: 100 + i, basketNumber: `MANY-WL-${i}` }));

    const counted = proxy.seen.length;
    const started = Date.now();
    const paid = operations[0]!;
    const validated = nextEvent(c, 'payment.updated', (op) => op.id === paid.id && op.status === 'validated', 60_000);
    await customerPays(paid.qrPayload!, paid.amountRequested);
    await validated;
    await vi.waitFor(() => expect(Date.now() - started).toBeGreaterThan(3_000), { timeout: 10_000, interval: 100 });
    const seconds = (Date.now() - started) / 1000;
    const calls = proxy.seen.slice(counted).filter((request) => request.url.startsWith('/v2/'));
    // One call per 500 ms tick, whatever the number pending; one of slack at each end.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 2);
    expect(calls.every((request) => request.method === 'GET')).toBe(true);
  });
});
