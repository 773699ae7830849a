// The headless host's customer-display side over real HTTP: the pairing code exchange (4xx for
// every bad code, a limit per address, then a new code), the `display.pairing` channel the
// cashier screen reads, the display token's 403 on every cashier channel, and the opt-in second
// listener that serves the display page, its own assets and its API, and nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { startTestCompanion, tempDir } from '../support/companion';

const CASHIER = 'cashier-token-for-display-tests';
const DISPLAY = 'display-token-for-display-tests';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let host: RunningHttpHost;
const newCodes: string[] = [];

/** A built renderer of our own: the display page with its script and a shared chunk, and the
 *  cashier page with its script, so what the display listener leaves out can be checked. */
function fakeRenderer(root: string): string {
  const out = join(root, 'renderer');
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(
    join(out, 'display.html'),
    '<!doctype html><title>Écran client</title><script type="module" crossorigin src="./assets/display-abc.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/shared-def.js"><link rel="stylesheet" crossorigin href="./assets/display-ghi.css">',
  );
  writeFileSync(join(out, 'index.html'), '<!doctype html><title>Caisse</title><script type="module" src="./assets/cashier-xyz.js"></script>');
  for (const file of ['display-abc.js', 'shared-def.js', 'display-ghi.css', 'cashier-xyz.js']) {
    writeFileSync(join(out, 'assets', file), `/* ${file} */`);
  }
  return out;
}

beforeAll(async () => {
  dir = tempDir('cvc-display-http-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'data') });
  host = await startHttpHost({
    companion,
    cashierToken: CASHIER,
    displayToken: DISPLAY,
    rendererDir: fakeRenderer(dir.path),
    displayListener: { host: '127.0.0.1', port: 0 },
    pairing: { onNewCode: (code) => newCodes.push(code) },
  });
});

afterAll(async () => {
  await host?.close();
  await companion?.close();
  await sandbox?.close();
  dir?.remove();
});

async function post(base: string, path: string, body: unknown, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

const displayBase = () => host.displayListenerUrl!;

describe('display.pairing, the channel the cashier screen reads', () => {
  it('gives the cashier the display URL with its token, on the display listener, and the short code', async () => {
    const answer = await post(host.url, '/api/display.pairing', {}, CASHIER);
    expect(answer.status).toBe(200);
    const { url, code } = answer.body.value;
    expect(code).toMatch(/^\d{6}$/);
    expect(url).toBe(`${displayBase()}/display?token=${DISPLAY}`);
    expect(new URL(url).port).not.toBe(String(host.port));
  });

  it('is a cashier channel: 403 with the display token, 401 without a token', async () => {
    expect(await post(host.url, '/api/display.pairing', {}, DISPLAY)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await post(host.url, '/api/display.pairing', {})).toMatchObject({ status: 401 });
  });

  it('answers null where no host registered a pairing (the Electron shell)', async () => {
    const otherDir = tempDir('cvc-display-null-');
    const bare = await startTestCompanion({ platformUrl: sandbox.url, dataDir: otherDir.path });
    try {
      expect(await bare.invoke('display.pairing', {})).toEqual({ ok: true, value: null });
    } finally {
      await bare.close();
      otherDir.remove();
    }
  });
});

describe('the display token', () => {
  it('gets 403 on every cashier channel and on the cashier event stream', async () => {
    for (const channel of CHANNELS) {
      expect(await post(host.url, `/api/${channel}`, {}, DISPLAY), channel).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden' } } });
    }
    const events = await fetch(`${host.url}/api/events`, { headers: { authorization: `Bearer ${DISPLAY}` } });
    expect(events.status).toBe(403);
    await events.body?.cancel();
  });
});

describe('the second listener, for remote displays', () => {
  it('serves the display page and the assets it loads', async () => {
    const page = await fetch(`${displayBase()}/display`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Écran client');
    for (const file of ['display-abc.js', 'shared-def.js', 'display-ghi.css']) {
      const asset = await fetch(`${displayBase()}/assets/${file}`);
      expect(asset.status, file).toBe(200);
      expect(await asset.text()).toContain(file);
    }
  });

  it('answers 404 for the cashier page, its code, the cashier API and its events, whatever the token', async () => {
    for (const path of ['/', '/index.html', '/assets/cashier-xyz.js', '/api/health', '/assets/../index.html']) {
      const response = await fetch(`${displayBase()}${path}`);
      expect(response.status, path).toBe(404);
      await response.body?.cancel();
    }
    for (const channel of CHANNELS) {
      expect((await post(displayBase(), `/api/${channel}`, {}, CASHIER)).status, channel).toBe(404);
    }
    const events = await fetch(`${displayBase()}/api/events`, { headers: { authorization: `Bearer ${CASHIER}` } });
    expect(events.status).toBe(404);
    await events.body?.cancel();
  });

  it('answers display.get and the display event stream with the display token, and nothing without it', async () => {
    expect(await post(displayBase(), '/api/display.get', {}, DISPLAY)).toMatchObject({ status: 200, body: { ok: true, value: { phase: 'idle' } } });
    expect((await post(displayBase(), '/api/display.get', {})).status).toBe(401);
    const controller = new AbortController();
    const stream = await fetch(`${displayBase()}/api/display/events`, { headers: { authorization: `Bearer ${DISPLAY}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
    const refused = await fetch(`${displayBase()}/api/display/events`);
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
  });

  it('keeps the cashier API on the loopback listener only', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect(await post(host.url, '/api/session.get', {}, CASHIER)).toMatchObject({ status: 200, body: { ok: true } });
  });
});

describe('POST /api/display/pair', () => {
  it('refuses a malformed code with 400, changing nothing', async () => {
    const before = host.pairing().code;
    for (const body of [{}, { code: 12 }, { code: 'abcdef' }, { code: '123' }, { code: '123456', extra: true }]) {
      expect(await post(host.url, '/api/display/pair', body), JSON.stringify(body)).toMatchObject({ status: 400, body: { ok: false, error: { code: 'bad_request' } } });
    }
    expect(host.pairing().code).toBe(before);
  });

  it('trades the right code for the display token, on either listener', async () => {
    const { code } = host.pairing();
    expect(await post(host.url, '/api/display/pair', { code })).toEqual(expect.objectContaining({ status: 200, body: { ok: true, value: { token: DISPLAY } } }));
    expect(await post(displayBase(), '/api/display/pair', { code })).toMatchObject({ status: 200, body: { ok: true, value: { token: DISPLAY } } });
  });

  it('answers 401 to wrong codes, then 429 and a new code after 5 of them from one address', async () => {
    const old = host.pairing().code;
    const wrong = old === '000000' ? '000001' : '000000';
    const left: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const answer = await post(host.url, '/api/display/pair', { code: wrong });
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toMatch(/Code d’appairage incorrect/);
      left.push(answer.body.error.details.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const fresh = host.pairing().code;
    expect(fresh).not.toBe(old);
    expect(newCodes).toEqual([fresh]);
    const cashierSees = await post(host.url, '/api/display.pairing', {}, CASHIER);
    expect(cashierSees.body.value.code).toBe(fresh);

    // Locked out for the minute, even with the right code, on both listeners (same address).
    for (const base of [host.url, displayBase()]) {
      const locked = await post(base, '/api/display/pair', { code: fresh });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(locked.body).toMatchObject({ ok: false, error: { code: 'busy' } });
    }
  });
});

describe('a display listener on the same port as the cashier API', () => {
  it('listens on another loopback address with the main port by default', async () => {
    const otherDir = tempDir('cvc-display-same-port-');
    const other = await startTestCompanion({ platformUrl: sandbox.url, dataDir: otherDir.path });
    const sharing = await startHttpHost({
      companion: other,
      cashierToken: CASHIER,
      displayToken: DISPLAY,
      displayListener: { host: '127.0.0.2' },
    });
    try {
      expect(sharing.displayListenerUrl).toBe(`http://127.0.0.2:${sharing.port}`);
      expect((await post(sharing.displayListenerUrl!, '/api/session.get', {}, CASHIER)).status).toBe(404);
      expect((await post(sharing.url, '/api/session.get', {}, CASHIER)).status).toBe(200);
      expect(sharing.pairing().url).toBe(`http://127.0.0.2:${sharing.port}/display?token=${DISPLAY}`);
    } finally {
      await sharing.close();
      await other.close();
      otherDir.remove();
    }
  });
});
