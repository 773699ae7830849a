// The local API against what a hostile page or a careless till does: a DNS-rebinding page (any
// Host header), thousands of event streams, a till that retries a create after losing the answer
// (Idempotency-Key, across a restart too), and files left readable by others. Real HTTP on
// loopback, the real headless host as a child process where a restart matters.
import http from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, operationCount, platformRequests, startTestCompanion, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';

const CASHIER = 'cashier-token-hardening';
const DISPLAY = 'display-token-hardening';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let host: RunningHttpHost;

beforeAll(async () => {
  dir = tempDir('cvc-hardening-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'data') });
  host = await startHttpHost({
    companion,
    cashierToken: CASHIER,
    displayToken: DISPLAY,
    displayListener: { host: '127.0.0.1', port: 0 },
    eventStreams: { cashier: 3, display: 4 },
  });
  await loginDemo(companion);
});

afterAll(async () => {
  await host.close();
  await companion.close();
  await sandbox.close();
  dir.remove();
});

/** A raw HTTP request with the Host header we choose (fetch would not let us). */
function raw(base: string, path: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(path, base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: options.method ?? 'GET',
        headers: { ...(options.host !== undefined ? { host: options.host } : {}), ...options.headers },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

describe('the Host header (DNS rebinding)', () => {
  it('answers only requests addressed to the listener itself: 127.0.0.1 or localhost, with its port', async () => {
    const port = new URL(host.url).port;
    for (const good of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await raw(host.url, '/api/health', { host: good })).status, good).toBe(200);
    }
    for (const bad of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`, '127.0.0.1', `192.168.1.20:${port}`]) {
      const answer = await raw(host.url, '/api/health', { host: bad });
      expect(answer.status, bad).toBe(421);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('refuses a rebinding page on every route: the pages, pairing, the cashier API, the display listener', async () => {
    const before = host.pairing().code;
    const port = new URL(host.url).port;
    const requests: Array<[string, string, string]> = [
      [host.url, 'GET', '/'],
      [host.url, 'GET', '/display'],
      [host.url, 'POST', '/api/display/pair'],
      [host.url, 'POST', '/api/session.get'],
      [host.url, 'GET', '/api/events'],
      [host.displayListenerUrl!, 'POST', '/api/display/pair'],
      [host.displayListenerUrl!, 'POST', '/api/display.get'],
    ];
    for (const [base, method, path] of requests) {
      const answer = await raw(base, path, {
        method,
        host: `rebind.example:${port}`,
        headers: { authorization: `Bearer ${CASHIER}`, 'content-type': 'application/json' },
        body: method === 'POST' ? '{"code":"000000"}' : undefined,
      });
      expect(answer.status, `${method} ${base}${path}`).toBe(421);
    }
    // Wrong guesses sent through a rebinding page never reached the pairing code.
    expect(host.pairing().code).toBe(before);
    const displayPort = new URL(host.displayListenerUrl!).port;
    const display = await raw(host.displayListenerUrl!, '/api/display.get', {
      method: 'POST',
      host: `127.0.0.1:${displayPort}`,
      headers: { authorization: `Bearer ${DISPLAY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(display.status).toBe(200);
  });
});

describe('event streams', () => {
  const opened: http.ClientRequest[] = [];
  afterEach(() => {
    for (const request of opened.splice(0)) request.destroy();
  });

  /** Opens a stream and resolves with its status once the headers arrived (the stream stays open). */
  function openStream(path: string, token: string): Promise<{ status: number; body: Promise<string> }> {
    const url = new URL(path, host.url);
    return new Promise((resolve, reject) => {
      const request = http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: `Bearer ${token}` } }, (response) => {
        let text = '';
        const body = new Promise<string>((done) => {
          response.on('data', (chunk) => {
            text += chunk;
            if (response.statusCode !== 200) return;
            done(text);
          });
          response.on('end', () => done(text));
        });
        resolve({ status: response.statusCode!, body });
      });
      request.on('error', reject);
      opened.push(request);
    });
  }

  it('caps the cashier streams and the display streams, each with a 503 that says which', async () => {
    for (let i = 0; i < 3; i += 1) expect((await openStream('/api/events', CASHIER)).status).toBe(200);
    const refused = await openStream('/api/events', CASHIER);
    expect(refused.status).toBe(503);
    expect(JSON.parse(await refused.body)).toMatchObject({
      ok: false,
      error: { code: 'busy', message: expect.stringMatching(/écran caisse \(3 au plus\)/) },
    });
    // The display streams have their own cap.
    for (let i = 0; i < 4; i += 1) expect((await openStream('/api/display/events', DISPLAY)).status).toBe(200);
    const display = await openStream('/api/display/events', DISPLAY);
    expect(display.status).toBe(503);
    expect(await display.body).toMatch(/écrans client \(4 au plus\)/);

    // A stream that closes frees its place.
    opened[0]!.destroy();
    await expect.poll(async () => {
      const again = await openStream('/api/events', CASHIER);
      return again.status;
    }).toBe(200);
  });
});

describe('Idempotency-Key on payments.create', () => {
  it('answers the same operation for the same key and request, refuses another request under it, and keeps it across a restart', async () => {
    const data = join(dir.path, 'restart');
    let running: CompanionProcess | null = await spawnCompanion({ dataDir: data, args: ['--sandbox'] });
    try {
      const create = (process: CompanionProcess, body: object, key: string) =>
        fetch(`${process.url}/api/payments.create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${process.token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
      const login = await running.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
      expect(login.status).toBe(200);

      const sale = { amount: 4200, basketNumber: 'TILL-42' };
      const [first, concurrent] = await Promise.all([create(running, sale, 'till-7-sale-42'), create(running, sale, 'till-7-sale-42')]);
      expect(first.status).toBe(200);
      expect(concurrent).toMatchObject({ status: 200, body: { value: { id: first.body.value.id } } });
      const again = await create(running, sale, 'till-7-sale-42');
      expect(again).toMatchObject({ status: 200, body: { value: { id: first.body.value.id, status: 'pending' } } });
      expect(await platformRequests(running.sandboxUrl!, 'TILL-42')).toHaveLength(1);

      const rows = operationCount(join(data, 'operations.sqlite3'));
      const conflict = await create(running, { ...sale, amount: 4300 }, 'till-7-sale-42');
      expect(conflict).toMatchObject({ status: 409, body: { ok: false, error: { code: 'idempotency_conflict' } } });
      expect(operationCount(join(data, 'operations.sqlite3'))).toBe(rows);
      const badKey = await create(running, sale, 'till 7');
      expect(badKey).toMatchObject({ status: 400, body: { error: { code: 'bad_request', details: { field: 'Idempotency-Key' } } } });

      // The till retries after the companion was killed and started again: same operation.
      await running.kill();
      running = await spawnCompanion({ dataDir: data, args: ['--sandbox'] });
      const afterRestart = await create(running, sale, 'till-7-sale-42');
      expect(afterRestart).toMatchObject({ status: 200, body: { value: { id: first.body.value.id } } });
      expect(await platformRequests(running.sandboxUrl!, 'TILL-42')).toHaveLength(1);
      // Without a key, a second create of the same sale is the platform's usual refusal.
      expect((await running.call('payments.create', sale)).body).toMatchObject({ ok: false, error: { code: 'basket_in_progress' } });

      // The log and its companions are readable by their user only.
      for (const name of readdirSync(data).filter((file) => file.startsWith('operations.sqlite3'))) {
        expect(statSync(join(data, name)).mode & 0o777, name).toBe(0o600);
      }
    } finally {
      await running?.stop();
    }
  });
});
