// The runtime both hosts start (electron/runtime): the platform chosen at the first start or in
// Paramètres, switched at once without touching the operation log, « Tester la connexion »
// changing nothing, settings files from before the platform was a choice, and the shutdown in
// order. Real embedded sandbox, real Worldline test server, real files in a temp data folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionState } from '../../electron/common/contract';
import { silentLogger } from '../../electron/core/logger';
import type { Logger } from '../../electron/core/ports';
import { FileSecretStore, JsonFileSettingsStore, writePrivateFile } from '../../electron/core/stores';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../electron/runtime/runtime';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { createPayment, FAST_TIMING, nextEvent, payAsCustomer, tempDir, unwrap } from '../support/companion';
import { FAKE_MERCHANT, startWorldlineFake, type RunningWorldlineFake } from '../support/worldline-fake/server';

let dir: ReturnType<typeof tempDir>;
let runtime: Runtime | null;
let fake: RunningWorldlineFake;
let closers: Array<() => Promise<void>>;

beforeEach(async () => {
  dir = tempDir('cvc-runtime-');
  runtime = null;
  fake = await startWorldlineFake();
  closers = [];
});

afterEach(async () => {
  await runtime?.shutdown();
  for (const close of closers.reverse()) await close();
  await fake.close();
  dir.remove();
});

const settingsFile = () => join(dir.path, 'settings.json');

async function start(options: Partial<RuntimeOptions> = {}, log: Logger = silentLogger): Promise<Runtime> {
  runtime = await startRuntime({
    dataDir: dir.path,
    secretStore: new FileSecretStore(join(dir.path, 'secrets.json')),
    settingsStore: new JsonFileSettingsStore(settingsFile()),
    settingsFile: settingsFile(),
    sandbox: { dbFileName: 'sandbox.sqlite3' },
    timing: FAST_TIMING,
    log,
    ...options,
  });
  return runtime;
}

const session = async (r: Runtime) => unwrap(await r.companion.invoke('session.get', {})) as SessionState;
const worldlineChoice = () => ({ platform: 'worldline-direct' as const, worldline: { environment: 'preproduction' as const, testServerUrl: fake.url } });

describe('the first start', () => {
  it('runs the demo sandbox until the merchant chooses, and « Mode démonstration » keeps that same sandbox', async () => {
    const r = await start();
    const first = await session(r);
    expect(first).toMatchObject({ platform: { kind: 'sandbox', mode: 'sandbox', source: 'default' } });
    expect(unwrap(await r.companion.invoke('app.about', {}))).toMatchObject({ platformMode: 'sandbox', demo: { conventionNumber: DEMO_CONVENTION_NUMBER } });
    expect(r.platform()).toMatchObject({ kind: 'sandbox', walletPageUrl: `${first.platform.url}/wallet` });

    const changed = nextEvent(r.companion, 'settings.changed', (settings) => settings.platform === 'sandbox');
    unwrap(await r.companion.invoke('settings.update', { platform: 'sandbox' }));
    await changed;
    const chosen = await session(r);
    expect(chosen.platform).toMatchObject({ kind: 'sandbox', source: 'settings', url: first.platform.url });
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toMatchObject({ platform: 'sandbox' });
  });
});

describe('switching the platform in Paramètres', () => {
  it('goes from the demo to Worldline Direct at once, leaves the demo’s operations alone, and keeps the keys in the SecretStore only', async () => {
    const r = await start();
    unwrap(await r.companion.invoke('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD }));
    const demoOperation = await createPayment(r.companion, { amount: 900, basketNumber: 'DEMO-1' });
    const sandboxUrl = (await session(r)).platform.url;

    const loggedOut = nextEvent(r.companion, 'session.changed', (s) => s.status === 'logged_out' && s.platform.kind === 'worldline-direct');
    unwrap(await r.companion.invoke('settings.update', worldlineChoice()));
    expect(await loggedOut).toMatchObject({ platform: { kind: 'worldline-direct', credentials: 'api-key', source: 'settings', url: fake.url } });
    // The login screen offers no demo merchant on a real platform.
    expect(unwrap(await r.companion.invoke('app.about', {}))).toMatchObject({ platformMode: 'platform', demo: null });
    // The embedded sandbox was the old platform's: stopped.
    await expect(fetch(`${sandboxUrl}/v1/health`)).rejects.toThrow();

    const loggedIn = unwrap(await r.companion.invoke('session.login', { ...FAKE_MERCHANT }));
    expect(loggedIn).toMatchObject({ status: 'logged_in', merchant: { conventionNumber: FAKE_MERCHANT.merchantId } });
    const worldlineOperation = await createPayment(r.companion, { amount: 2000, basketNumber: 'WL-1' });
    expect(worldlineOperation.qrPayload).toMatch(new RegExp(`^${fake.url}/`));
    // The demo's request is still in the log, as it was, and no other platform speaks for it.
    expect(unwrap(await r.companion.invoke('payments.get', { id: demoOperation.id }))).toMatchObject({ status: 'pending', failure: null });
    expect(await r.companion.invoke('payments.refresh', { id: demoOperation.id })).toMatchObject({ ok: false, error: { code: 'other_platform' } });
    expect(unwrap(await r.companion.invoke('operations.list', {})).items.map((op) => op.basketNumber)).toEqual(['WL-1', 'DEMO-1']);

    const saved = readFileSync(settingsFile(), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({ platform: 'worldline-direct', worldline: { environment: 'preproduction', testServerUrl: fake.url } });
    expect(saved).not.toContain(FAKE_MERCHANT.secretApiKey);
    expect(readFileSync(join(dir.path, 'secrets.json'), 'utf8')).toContain(FAKE_MERCHANT.secretApiKey);

    // The next start is on Worldline, logged in from the keys kept, the demo's request still left alone.
    await r.shutdown();
    const warnings: Array<Record<string, unknown> | undefined> = [];
    const again = await start({}, { ...silentLogger, warn: (_message, fields) => warnings.push(fields) });
    expect(await session(again)).toMatchObject({ status: 'logged_in', platform: { kind: 'worldline-direct', source: 'settings' } });
    expect(warnings).toContainEqual({ platform: 'sandbox', count: 1 });
    expect(unwrap(await again.companion.invoke('payments.get', { id: demoOperation.id }))).toMatchObject({ status: 'pending' });
  });

  it('comes back to an API v1 server whose requests it had left: they are followed again', async () => {
    const server: RunningSandbox = await startSandbox({ port: 0, dbPath: join(dir.path, 'server.sqlite3') });
    closers.push(() => server.close());
    const r = await start({ platform: { platform: 'api-v1', platformUrl: server.url, worldline: { environment: 'preproduction', testServerUrl: null } } });
    expect((await session(r)).platform).toMatchObject({ kind: 'api-v1', source: 'command-line', url: server.url });
    unwrap(await r.companion.invoke('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD }));
    const operation = await createPayment(r.companion, { amount: 1100, basketNumber: 'API-1' });

    unwrap(await r.companion.invoke('settings.update', worldlineChoice()));
    await payAsCustomer(server.url, operation.qrPayload!, 1100);
    expect(unwrap(await r.companion.invoke('payments.get', { id: operation.id }))).toMatchObject({ status: 'pending' });

    unwrap(await r.companion.invoke('settings.update', { platform: 'api-v1', platformUrl: server.url }));
    const validated = nextEvent(r.companion, 'payment.updated', (op) => op.id === operation.id && op.status === 'validated');
    unwrap(await r.companion.invoke('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD }));
    expect(await validated).toMatchObject({ amountReceived: 1100 });
  });

  it('follows a choice named in Paramètres even when the settings already said it: the command line had chosen another for this run', async () => {
    const server: RunningSandbox = await startSandbox({ port: 0 });
    closers.push(() => server.close());
    writePrivateFile(settingsFile(), JSON.stringify({ platform: 'sandbox' }));
    const r = await start({ platform: { platform: 'api-v1', platformUrl: server.url, worldline: { environment: 'preproduction', testServerUrl: null } } });
    expect((await session(r)).platform).toMatchObject({ kind: 'api-v1', source: 'command-line' });
    // Another setting: the platform of this run stays.
    unwrap(await r.companion.invoke('settings.update', { tillId: 'caisse-2' }));
    expect((await session(r)).platform).toMatchObject({ kind: 'api-v1', source: 'command-line' });
    // The demo chosen on purpose: switched, though the settings file already said so.
    unwrap(await r.companion.invoke('settings.update', { platform: 'sandbox' }));
    expect((await session(r)).platform).toMatchObject({ kind: 'sandbox', source: 'settings' });
  });

  it('changes nothing when the new platform cannot be used', async () => {
    const r = await start();
    const before = await session(r);
    expect(await r.companion.invoke('settings.update', { platform: 'api-v1', platformUrl: null })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'platformUrl' } },
    });
    expect(await r.companion.invoke('settings.update', { platform: 'api-v1', platformUrl: 'http://plateforme.example' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', details: { field: 'platformUrl' } },
    });
    expect(await session(r)).toEqual(before);
  });
});

describe('« Tester la connexion »', () => {
  it('says whether a platform answers and takes the keys, and saves nothing', async () => {
    const server: RunningSandbox = await startSandbox({ port: 0 });
    closers.push(() => server.close());
    const r = await start();
    const before = await session(r);
    const test = (input: unknown) => r.companion.invoke('platform.test', input);

    expect(unwrap(await test({ platform: 'api-v1', platformUrl: server.url }))).toEqual({ platform: 'api-v1', url: server.url, merchantId: null });
    expect(await test({ platform: 'api-v1', platformUrl: 'http://127.0.0.1:9' })).toMatchObject({ ok: false, error: { code: 'network_unreachable' } });
    expect(await test({ platform: 'api-v1', platformUrl: 'http://plateforme.example' })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'platformUrl' } } });
    expect(unwrap(await test({ ...worldlineChoice(), credentials: { ...FAKE_MERCHANT } }))).toEqual({
      platform: 'worldline-direct',
      url: fake.url,
      merchantId: FAKE_MERCHANT.merchantId,
    });
    expect(await test({ ...worldlineChoice(), credentials: { ...FAKE_MERCHANT, secretApiKey: 'd3JvbmctYnV0LXdlbGwtZm9ybWVkLXNlY3JldA==' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    // A test server must be on this computer; Worldline itself is https.
    expect(await test({ platform: 'worldline-direct', worldline: { environment: 'preproduction', testServerUrl: 'http://worldline.example' } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    expect(await session(r)).toEqual(before);
    expect(await new FileSecretStore(join(dir.path, 'secrets.json')).get('platform-session')).toBeNull();
  });
});

describe('settings files from before the platform was a choice', () => {
  it('reads an address in platformUrl as that API v1 server, chosen', async () => {
    const server: RunningSandbox = await startSandbox({ port: 0 });
    closers.push(() => server.close());
    writePrivateFile(settingsFile(), JSON.stringify({ language: 'fr', tillId: 'caisse-7', platformUrl: server.url }));
    const r = await start();
    expect((await session(r)).platform).toMatchObject({ kind: 'api-v1', url: server.url, source: 'settings' });
    expect(unwrap(await r.companion.invoke('settings.get', {}))).toMatchObject({ tillId: 'caisse-7', platform: 'api-v1', platformUrl: server.url });
  });

  it('reads no address as nothing chosen yet: the demo runs and the first-start choice is shown', async () => {
    writePrivateFile(settingsFile(), JSON.stringify({ language: 'en', tillId: 'caisse-7', platformUrl: null }));
    const r = await start();
    expect((await session(r)).platform).toMatchObject({ kind: 'sandbox', source: 'default' });
    expect(unwrap(await r.companion.invoke('settings.get', {}))).toMatchObject({ language: 'en', platform: null });
  });
});

describe('shutdown', () => {
  it('stops Caisse-AP, then the hosts, then the core and the embedded sandbox, once', async () => {
    const r = await start({ caisseAp: { override: { host: '127.0.0.1', port: 0, allowList: [] } } });
    expect(r.caisseAp.address).not.toBeNull();
    const sandboxUrl = (await session(r)).platform.url;
    const seen: string[] = [];
    r.addHost(async () => {
      seen.push(`first host: Caisse-AP ${r.caisseAp.address === null ? 'stopped' : 'running'}`);
    });
    r.addHost(async () => {
      const answer = await r.companion.invoke('session.get', {});
      seen.push(`second host: core ${answer.ok ? 'answering' : 'closed'}`);
    });
    await Promise.all([r.shutdown(), r.shutdown()]);
    expect(seen).toEqual(['second host: core answering', 'first host: Caisse-AP stopped']);
    await expect(fetch(`${sandboxUrl}/v1/health`)).rejects.toThrow();
  });
});
