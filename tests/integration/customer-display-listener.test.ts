// `npm run serve -- --display-host ADDR`: the real headless companion as a child process. It
// prints the display URL with its token and the pairing code; the listener for remote displays
// serves the display and nothing of the cashier's, which stays on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { tempDir } from '../support/companion';

const ROOT = resolve(import.meta.dirname, '../..');

let dir: ReturnType<typeof tempDir>;
let companion: CompanionProcess;
let displayUrl: string;

beforeAll(async () => {
  dir = tempDir('cvc-display-cli-');
  companion = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--display-host', '127.0.0.1', '--display-port', '0'] });
  const printed = /Écran client\s*: (http:\/\/127\.0\.0\.1:\d+)\/display\?token=(\S+) \(réseau\)/.exec(companion.output());
  expect(printed, companion.output()).not.toBeNull();
  expect(printed![2]).toBe(companion.displayToken);
  displayUrl = printed![1]!;
});

afterAll(async () => {
  await companion?.stop();
  dir?.remove();
});

describe('npm run serve with --display-host', () => {
  it('prints the loopback display URL with its token, the network one, and the pairing code', async () => {
    const output = companion.output();
    expect(output).toContain(`Écran client  : ${companion.url}/display?token=${companion.displayToken}`);
    expect(displayUrl).not.toBe(companion.url);
    const code = /Appairage\s*: code (\d{6})/.exec(output)?.[1];
    expect(code).toBeDefined();
    const paired = await fetch(`${displayUrl}/api/display/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(await paired.json()).toEqual({ ok: true, value: { token: companion.displayToken } });
  });

  it('serves the display page on the display listener, and 404 for the cashier page and API', async () => {
    const page = await fetch(`${displayUrl}/display`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Écran client');
    const root = await fetch(`${displayUrl}/`);
    expect(root.status).toBe(404);
    await root.body?.cancel();
    const session = await fetch(`${displayUrl}/api/session.get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${companion.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(session.status).toBe(404);
    await session.body?.cancel();
    // The cashier API is where it always was.
    expect(await companion.call('session.get')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('tells the cashier screen the network URL to pair with', async () => {
    const answer = await companion.call('display.pairing');
    expect(answer.body.value.url).toBe(`${displayUrl}/display?token=${companion.displayToken}`);
  });
});

describe('npm run serve refuses a bad display listener', () => {
  it.each([
    [['--display-port', '9000'], /--display-port s’utilise avec --display-host/],
    [['--display-host', 'tablette.local'], /--display-host attend une adresse IP/],
    [['--display-host', '127.0.0.1', '--display-port', '70000'], /--display-port doit être entre 0 et 65535/],
  ])('%j', (args, message) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--data-dir', dir.path, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
