// The Caisse-AP controller hosts use: off by default, started, moved and stopped by
// `settings.update`, on a fixed address when the command line says so, and a notice for the
// cashier when it cannot listen.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCaisseApController, type CaisseApController } from '../../electron/caisse-ap/index';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import type { TillNotice } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, nextEvent, startTestCompanion, tempDir, unwrap } from '../support/companion';
import { PATIENCE } from '../support/patience';

const IDENTIFICATION = 'CZ0040320CJ012012345678901CA00201CD001ICE003978CB00200';

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let controller: CaisseApController | null = null;
let blocker: net.Server | null = null;
let notices: TillNotice[];

beforeEach(async () => {
  dir = tempDir('cvc-caisse-ap-settings-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  notices = [];
  companion.on('till.notice', (notice) => notices.push(notice));
});

afterEach(async () => {
  await controller?.stop();
  controller = null;
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = null;
  await companion.close();
  await sandbox.close();
  dir.remove();
});

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('the Caisse-AP controller', () => {
  it('is off by default, then follows settings.update: on, moved to another port, off', async () => {
    const seen: Array<string | null> = [];
    controller = createCaisseApController({ core: companion, onListening: (address) => seen.push(address) });
    await controller.start();
    expect(controller.address).toBeNull();

    const first = await freePort();
    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: true, port: first } }));
    await vi.waitFor(() => expect(controller!.port).toBe(first), PATIENCE);
    expect((await sendTillRequest({ port: first, chunks: [IDENTIFICATION] })).get('AE')).toBe('10');

    const second = await freePort();
    unwrap(await companion.invoke('settings.update', { caisseAp: { port: second } }));
    await vi.waitFor(() => expect(controller!.port).toBe(second), PATIENCE);
    expect((await sendTillRequest({ port: second, chunks: [IDENTIFICATION] })).get('AE')).toBe('10');
    expect(await refused(first)).toBe(true);

    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: false } }));
    await vi.waitFor(() => expect(controller!.address).toBeNull(), PATIENCE);
    expect(await refused(second)).toBe(true);
    expect(seen).toEqual([`127.0.0.1:${first}`, null, `127.0.0.1:${second}`, null]);
  });

  it('applies a new allow-list by restarting on the same port', async () => {
    const port = await freePort();
    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: true, port } }));
    controller = createCaisseApController({ core: companion });
    await controller.start();
    expect(controller.address).toBe(`127.0.0.1:${port}`);
    unwrap(await companion.invoke('settings.update', { caisseAp: { allowList: ['10.1.2.3'] } }));
    await vi.waitFor(async () => expect((await sendTillRequest({ port, chunks: [IDENTIFICATION] })).text).toBe(''), PATIENCE);
    expect(controller.port).toBe(port);
  });

  it('listens on the command line address whatever the settings say', async () => {
    const port = await freePort();
    controller = createCaisseApController({ core: companion, override: { host: '127.0.0.1', port, allowList: [] } });
    await controller.start();
    expect(controller.address).toBe(`127.0.0.1:${port}`);
    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: false } }));
    expect((await sendTillRequest({ port, chunks: [IDENTIFICATION] })).get('AE')).toBe('10');
    expect(controller.address).toBe(`127.0.0.1:${port}`);
  });

  it('tells the cashier when it cannot listen, and listens once the address is free', async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    controller = createCaisseApController({ core: companion });
    await controller.start();
    unwrap(await companion.invoke('settings.update', { caisseAp: { enabled: true, port } }));
    await vi.waitFor(() => expect(notices.length).toBeGreaterThan(0), PATIENCE);
    expect(notices).toEqual([
      expect.objectContaining({ code: 'caisse_ap.listen_failed', level: 'error', message: expect.stringContaining('adresse déjà utilisée') }),
    ]);
    expect(controller.address).toBeNull();

    await new Promise((resolve) => blocker!.close(resolve));
    blocker = null;
    const other = await freePort();
    unwrap(await companion.invoke('settings.update', { caisseAp: { port: other } }));
    await vi.waitFor(() => expect(controller!.port).toBe(other), PATIENCE);
  });

  it('drops a till waiting for its customer when it stops (the app quits), without waiting for the payment', async () => {
    const port = await freePort();
    controller = createCaisseApController({ core: companion, override: { host: '127.0.0.1', port, allowList: [] } });
    await controller.start();
    await loginDemo(companion);
    const pending = nextEvent(companion, 'payment.updated', (op) => op.origin === 'caisse-ap' && op.status === 'pending');
    const answer = sendTillRequest({ port, chunks: ['CZ0040320CJ012012345678901CA00201CD0010CE003978CB0041000CF007QUIT-01'] });
    const operation = await pending;
    await controller.stop();
    controller = null;
    expect(await answer).toMatchObject({ text: '', ended: 'closed' });
    expect(companion.till.exchanges.ofOperation(operation.id)).toMatchObject([{ delivery: 'pending', answerFrame: null }]);
  });
});
