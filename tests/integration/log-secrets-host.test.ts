// The log files of the real headless host (a child process, `--log-level debug`, the embedded
// sandbox) after a working day in small: a wrong password, a login carrying API keys the schema
// refuses, the right login, a payment the customer pays through its QR, calls that fail (a cancel
// too late, a wrong bearer token). Then every file in the data folder's logs/ is scanned: not one
// occurrence of a password, the platform's session token, the local API's or the display's
// token, the API keys, or the QR's secret part; and the lines that would have carried them are
// there, redacted, so the scan is not passing on an empty log.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { LOG_FILE_PATTERN } from '../../electron/host/logging';
import packageJson from '../../package.json';
import { payAsCustomer, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';

const dir = tempDir('cvc-log-secrets-');
let companion: CompanionProcess;

beforeAll(async () => {
  companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--log-level', 'debug'], persistedTokens: true });
}, 30_000);

afterAll(async () => {
  await companion?.stop();
  dir.remove();
});

const WRONG_PASSWORD = 'Wrong-Password-2026';
const API_KEY_ID = 'AKID-0123456789abcdef';
const SECRET_API_KEY = 'sk-live-9f8e7d6c5b4a3210ffeeddcc';
const WRONG_BEARER = 'not-the-cashier-token-0123456789';

describe('the log files of a real host', () => {
  it('hold none of the secrets of a day of work, and the lines that would have carried them are redacted', async () => {
    expect((await companion.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: WRONG_PASSWORD })).body.error.code).toBe(
      'invalid_credentials',
    );
    const withKeys = await companion.call('session.login', {
      conventionNumber: DEMO_CONVENTION_NUMBER,
      password: DEFAULT_DEMO_PASSWORD,
      apiKeyId: API_KEY_ID,
      secretApiKey: SECRET_API_KEY,
    });
    expect(withKeys.status).toBe(400);
    expect((await companion.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD })).status).toBe(200);

    const created = await companion.call('payments.create', { amount: 2000, basketNumber: 'LOG-1' });
    expect(created.status).toBe(200);
    const qrPayload: string = created.body.value.qrPayload;
    const qrSecret = new URL(qrPayload).searchParams.get('qr')!;
    expect(qrSecret.length).toBeGreaterThan(20);
    await payAsCustomer(companion.sandboxUrl!, qrPayload, 2000);
    await vi.waitFor(async () => expect((await companion.call('payments.get', { id: created.body.value.id })).body.value.status).toBe('validated'), {
      timeout: 15_000,
    });
    expect((await companion.call('payments.cancel', { id: created.body.value.id })).body.error.code).toBe('not_pending');
    expect((await companion.call('operations.list', {}, WRONG_BEARER)).status).toBe(401);

    const sessionToken = (JSON.parse(JSON.parse(readFileSync(join(dir.path, 'secrets.json'), 'utf8'))['platform-session']) as { accessToken: string })
      .accessToken;
    const tokens = JSON.parse(readFileSync(join(dir.path, 'access-tokens.json'), 'utf8')) as { cashierToken: string; displayToken: string };
    expect(tokens).toEqual({ cashierToken: companion.token, displayToken: companion.displayToken });
    await companion.stop();

    const logs = join(dir.path, 'logs');
    const files = readdirSync(logs);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((name) => LOG_FILE_PATTERN.test(name))).toBe(true);
    const text = files.map((name) => readFileSync(join(logs, name), 'utf8')).join('');
    for (const name of files) expect(statSync(join(logs, name)).mode & 0o777).toBe(0o600);

    const secrets = {
      password: DEFAULT_DEMO_PASSWORD,
      wrongPassword: WRONG_PASSWORD,
      sessionToken,
      cashierToken: tokens.cashierToken,
      displayToken: tokens.displayToken,
      wrongBearer: WRONG_BEARER,
      apiKeyId: API_KEY_ID,
      secretApiKey: SECRET_API_KEY,
      qrSecret,
    };
    const found = Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => name);
    expect(found).toEqual([]);

    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
    expect(entries[0]).toMatchObject({ msg: 'companion starting', version: packageJson.version, host: 'serve', logLevel: 'debug' });
    expect(entries.find((entry) => entry.msg === 'platform')).toMatchObject({ kind: 'sandbox' });
    expect(entries.filter((entry) => entry.msg === 'local API refusal').map((entry) => [entry.channel, entry.status, entry.code])).toEqual(
      expect.arrayContaining([
        ['session.login', 401, 'invalid_credentials'],
        ['session.login', 400, 'bad_request'],
        ['payments.cancel', 409, 'not_pending'],
        ['operations.list', 401, 'unauthorized'],
      ]),
    );
    const published = entries.filter((entry) => entry.msg === 'event' && entry.event === 'payment.updated' && entry.payload?.basketNumber === 'LOG-1');
    expect(published.length).toBeGreaterThan(0);
    expect(published.some((entry) => entry.payload.qrPayload === `${companion.sandboxUrl}/wallet?qr=[secret]`)).toBe(true);
    expect(entries.at(-1)!.msg).toBe('companion stopped');
  }, 60_000);
});
