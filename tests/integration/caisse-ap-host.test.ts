// The "done when" of the till integration, through the real headless process:
// `serve --sandbox --caisse-ap 127.0.0.1:<port>`, a plain TCP client sends a debit, the QR comes
// up on the customer display, the customer pays in the sandbox wallet, the till gets AE=10.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import { DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD } from '../../electron/sandbox/index';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { payAsCustomer, tempDir } from '../support/companion';
import { patience } from '../support/patience';

let dir: ReturnType<typeof tempDir> | null = null;
let proc: CompanionProcess | null = null;

afterEach(async () => {
  await proc?.stop();
  proc = null;
  dir?.remove();
  dir = null;
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('Caisse-AP in the headless host', () => {
  it('brings the QR up for a plain TCP debit and answers AE=10 with the amount paid in the sandbox wallet', async () => {
    dir = tempDir('cvc-caisse-ap-host-');
    const port = await freePort();
    proc = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--caisse-ap', `127.0.0.1:${port}`] });
    expect(proc.output()).toContain(`Caisse-AP     : 127.0.0.1:${port} (TCP)`);
    const platformUrl = /Plateforme\s*: (http:\/\/127\.0\.0\.1:\d+) \(sandbox\)/.exec(proc.output())![1]!;
    const login = await proc.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
    expect(login.status).toBe(200);

    const answer = sendTillRequest({
      port,
      chunks: ['CZ0040300CJ012012345678901CA00201CD0010CE003978CB0042450CF006REF253'],
      timeoutMs: 20_000,
    });
    const display = await vi.waitFor(async () => {
      const state = await proc!.call('display.get', {}, proc!.displayToken);
      expect(state.body.value.phase).toBe('payment');
      return state.body.value;
    }, patience(10_000));
    expect(display.payment).toMatchObject({ basketNumber: 'REF253', amountRequested: 2450, qrPayload: expect.stringContaining('/wallet?qr=') });

    await payAsCustomer(platformUrl, display.payment.qrPayload, 2450);
    const reply = await answer;
    expect(reply.fields).toEqual(
      expect.arrayContaining([
        { tag: 'CZ', value: '0300' },
        { tag: 'CA', value: '01' },
        { tag: 'CB', value: '2450' },
        { tag: 'AE', value: '10' },
      ]),
    );
    const operations = await proc.call('operations.list', {});
    expect(operations.body.value.items).toMatchObject([{ basketNumber: 'REF253', status: 'validated', amountReceived: 2450, origin: 'caisse-ap' }]);
  });

  it('refuses a malformed --caisse-ap address with a clear message', async () => {
    dir = tempDir('cvc-caisse-ap-host-');
    await expect(spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--caisse-ap', 'localhost'] })).rejects.toThrow(
      /--caisse-ap attend HOST:PORT/,
    );
  });

  it('refuses a --caisse-ap-timeout out of 10–3600 seconds with a clear message', async () => {
    dir = tempDir('cvc-caisse-ap-host-');
    await expect(spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--caisse-ap', '127.0.0.1:0', '--caisse-ap-timeout', '5'] })).rejects.toThrow(
      /--caisse-ap-timeout attend un entier ≥ 10/,
    );
    await expect(spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--caisse-ap', '127.0.0.1:0', '--caisse-ap-timeout', '4000'] })).rejects.toThrow(
      /--caisse-ap-timeout doit être entre 10 et 3600 secondes/,
    );
  });

  it('answers "time-out" before the till gives up when --caisse-ap-timeout says how long it waits, once the request is cancelled', async () => {
    dir = tempDir('cvc-caisse-ap-host-');
    const port = await freePort();
    proc = await spawnCompanion({ dataDir: dir.path, args: ['--sandbox', '--caisse-ap', `127.0.0.1:${port}`, '--caisse-ap-timeout', '10'] });
    const login = await proc.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD });
    expect(login.status).toBe(200);
    // The till gives up after 10 s: `ended: 'closed'` means it had its answer before.
    const reply = await sendTillRequest({ port, chunks: ['CZ0040300CJ012012345678901CA00201CD0010CE003978CB0041000CF006TIMING'], timeoutMs: 10_000 });
    expect(reply.ended).toBe('closed');
    expect([reply.get('AE'), reply.get('AF')]).toEqual(['01', '08']);
    const operations = await proc.call('operations.list', {});
    expect(operations.body.value.items).toMatchObject([{ basketNumber: 'TIMING', status: 'cancelled' }]);
  }, 30_000);
});
