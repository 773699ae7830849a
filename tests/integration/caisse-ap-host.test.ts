// The "done when" of the till integration, through the real headless process:
// `serve --sandbox --caisse-ap 127.0.0.1:<port>`, a plain TCP client sends a debit, the QR comes
// up on the customer display, the customer pays in the sandbox wallet, the till gets AE=10.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import { DEMO_CONVENTION_NUMBER, DEFAULT_DEMO_PASSWORD } from '../../electron/sandbox/index';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';
import { eventually, payAsCustomer, tempDir } from '../support/companion';

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
    const display = await eventually(async () => {
      const state = await proc!.call('display.get', {}, proc!.displayToken);
      return state.body.value.phase === 'payment' ? state.body.value : null;
    }, 10_000);
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
});
