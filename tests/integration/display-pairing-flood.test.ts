// Guessing the display pairing code from many source addresses, over real HTTP: each loopback
// address (127.0.0.2, 127.0.0.3, …) is a different client to the host, as a /24 on a shop's network
// would be. The per-address limit alone never triggers; the overall limit does.
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { startTestCompanion, tempDir } from '../support/companion';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let host: RunningHttpHost;
const newCodes: string[] = [];

beforeAll(async () => {
  dir = tempDir('cvc-pairing-flood-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: join(dir.path, 'data') });
  host = await startHttpHost({
    companion,
    cashierToken: 'cashier-token-flood',
    displayToken: 'display-token-flood',
    pairing: { onNewCode: (code) => newCodes.push(code) },
  });
});

afterAll(async () => {
  await host?.close();
  await companion?.close();
  await sandbox?.close();
  dir?.remove();
});

/** POST /api/display/pair from a given local address. */
function pairFrom(localAddress: string, code: string): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  const url = new URL('/api/display/pair', host.url);
  const payload = JSON.stringify({ code });
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

describe('pairing code guesses from rotating source addresses', () => {
  it('replaces the code every 10 wrong guesses and closes pairing for everyone after 20', async () => {
    const first = host.pairing().code;
    const wrong = (code: string) => (code === '000000' ? '000001' : '000000');
    const answers = [];
    for (let i = 0; i < 30; i += 1) answers.push(await pairFrom(`127.0.0.${i + 2}`, wrong(host.pairing().code)));
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    expect(answers.slice(20).map((a) => a.status)).toEqual(Array(10).fill(429));
    expect(Number(answers[20]!.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(answers[20]!.body).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(newCodes).toHaveLength(2);
    expect(host.pairing().code).not.toBe(first);
    // A display that never guessed, with the right code: it waits too, for now.
    expect((await pairFrom('127.0.0.200', host.pairing().code)).status).toBe(429);
  });
});
