// The headless host's local API, over real HTTP on loopback: bearer tokens, the display token's
// limits, input validation that changes nothing, and contract events as SSE.
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import packageJson from '../../package.json';
import { operationCount, payAsCustomer, startTestCompanion, tempDir } from '../support/companion';

const CASHIER = 'cashier-token-for-tests';
const DISPLAY = 'display-token-for-tests';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let host: RunningHttpHost;

beforeAll(async () => {
  dir = tempDir('cvc-http-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  host = await startHttpHost({ companion, cashierToken: CASHIER, displayToken: DISPLAY });
});

afterAll(async () => {
  await host.close();
  await companion.close();
  await sandbox.close();
  dir.remove();
});

async function post(path: string, body: string | object | undefined, token?: string, contentType = 'application/json') {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(`${host.url}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const rowCount = () => operationCount(companion.dbFile);

/** Subscribes to SSE events of the local API; `connected` settles once the stream is open,
 *  `done` once `until` holds (or at the deadline). */
function readEvents(path: string, token: string, until: (events: Array<{ event?: string; data: any }>) => boolean, timeoutMs = 5_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Array<{ event?: string; data: any }> = [];
  let opened!: () => void;
  const connected = new Promise<void>((resolve) => (opened = resolve));
  const done = (async () => {
    const response = await fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    opened();
    const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: JSON.parse(e.data) }) });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) {
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        if (until(events)) break;
      }
    } catch {
      // aborted at the deadline
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    return { status: response.status, events };
  })();
  return { connected, done };
}

describe('access', () => {
  it('answers the health check without a token, with the version', async () => {
    const response = await fetch(`${host.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: packageJson.version });
  });

  it('refuses every channel without the bearer token, or with a wrong one', async () => {
    expect(await post('/api/session.get', {})).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
    expect(await post('/api/session.get', {}, 'guess')).toMatchObject({ status: 401 });
    const events = await fetch(`${host.url}/api/events`);
    expect(events.status).toBe(401);
  });

  it('gives the display token 403 on every cashier channel and on the cashier event stream', async () => {
    for (const channel of CHANNELS) {
      const answer = await post(`/api/${channel}`, {}, DISPLAY);
      expect(answer, channel).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden' } } });
    }
    const events = await fetch(`${host.url}/api/events`, { headers: { authorization: `Bearer ${DISPLAY}` } });
    expect(events.status).toBe(403);
    await events.body?.cancel();
  });

  it('lets the display token read the display state, and nothing without a token', async () => {
    expect(await post('/api/display.get', {}, DISPLAY)).toMatchObject({ status: 200, body: { ok: true, value: { phase: 'idle' } } });
    expect(await post('/api/display.get', {})).toMatchObject({ status: 401 });
    const stream = await readEvents('/api/display/events', DISPLAY, (events) => events.length >= 1).done;
    expect(stream.events[0]).toMatchObject({ event: 'display.changed', data: { phase: 'idle' } });
  });

  it('answers 404 for an unknown channel', async () => {
    expect(await post('/api/payments.refund', {}, CASHIER)).toMatchObject({ status: 404, body: { ok: false, error: { code: 'not_found' } } });
  });
});

describe('input validation at the local API', () => {
  it('gets 400 for malformed JSON and 413 for an oversized body, and writes nothing', async () => {
    expect(await post('/api/payments.create', '{"amount": 20', CASHIER)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'bad_request' } } });
    const huge = await post('/api/payments.create', { amount: 2000, basketNumber: 'REF1', label: 'x'.repeat(20_000) }, CASHIER);
    expect(huge.status).toBe(413);
    expect(rowCount()).toBe(0);
  });

  it.each([
    [{ amount: -2000, basketNumber: 'REF253' }],
    [{ amount: 20.005, basketNumber: 'REF253' }],
    [{ amount: 99_999_999_999, basketNumber: 'REF253' }],
    [{ amount: '2000', basketNumber: 'REF253' }],
    [{ amount: 2000, basketNumber: '' }],
    [{ amount: 2000, basketNumber: 'X'.repeat(21) }],
    [{ amount: 2000 }],
    [[2000, 'REF253']],
  ])('gets 400 for %j and writes no row', async (input) => {
    expect(await post('/api/payments.create', input, CASHIER)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'bad_request' } } });
    expect(rowCount()).toBe(0);
  });
});

describe('the seed flow over the local API', () => {
  // How fast it arrives is measured by `npm run bench`; here: that it arrives, pushed, by itself.
  it('logs in, creates 20,00 € for REF253, and pushes payment.updated when the customer pays part of it', async () => {
    const login = await post('/api/session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD }, CASHIER);
    expect(login).toMatchObject({ status: 200, body: { ok: true, value: { status: 'logged_in' } } });
    const created = await post('/api/payments.create', { amount: 2000, basketNumber: 'REF253' }, CASHIER);
    expect(created).toMatchObject({ status: 200, body: { ok: true, value: { status: 'pending', amountRequested: 2000 } } });
    const operation = created.body.value;

    const stream = readEvents(
      '/api/events',
      CASHIER,
      (events) => events.some((e) => e.event === 'payment.updated' && e.data.id === operation.id && e.data.status === 'validated'),
    );
    await stream.connected;
    await payAsCustomer(sandbox.url, operation.qrPayload, 1500);
    const { events } = await stream.done;
    const update = events.find((e) => e.event === 'payment.updated' && e.data.status === 'validated');
    expect(update?.data).toMatchObject({ id: operation.id, amountReceived: 1500, remainder: 500 });

    const list = await post('/api/operations.list', { status: 'validated' }, CASHIER);
    expect(list.body.value.items).toMatchObject([{ basketNumber: 'REF253', amountReceived: 1500, remainder: 500 }]);
  });
});
