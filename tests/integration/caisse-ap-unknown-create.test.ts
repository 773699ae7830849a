// A till's debit whose create the platform received but never answered: the outcome is unknown,
// so the till must not hear "not done" while the platform holds a request it could still make
// payable. It waits while reconciliation finds the request and cancels it (nobody was shown its
// QR), and only then hears "not done". Real sandbox behind a real HTTP proxy, real TCP till.
import { afterEach, expect, it, vi } from 'vitest';
import { startCaisseApServer, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { encodeFields } from '../../electron/caisse-ap/protocol';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import type { TillNotice } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { loginDemo, platformRequests, readLog, startTestCompanion, tempDir } from '../support/companion';
import { startHttpFaultProxy, when, type HttpFaultProxy } from '../support/http-fault-proxy';
import { patience } from '../support/patience';

let dir: ReturnType<typeof tempDir> | null = null;
let sandbox: RunningSandbox | null = null;
let proxy: HttpFaultProxy | null = null;
let companion: CoreCompanion | null = null;
let server: RunningCaisseApServer | null = null;

afterEach(async () => {
  await server?.close();
  await companion?.close();
  await proxy?.close();
  await sandbox?.close();
  dir?.remove();
  server = companion = proxy = sandbox = dir = null;
});

it('answers "not done" only once the request the platform kept is cancelled, and tells the cashier meanwhile', async () => {
  dir = tempDir('cvc-caisse-ap-unknown-');
  sandbox = await startSandbox({ port: 0 });
  proxy = await startHttpFaultProxy(sandbox.url);
  // Short platform timeout: the reconciliation sweep looks at creates older than twice that.
  companion = await startTestCompanion({ platformUrl: proxy.url, dataDir: dir.path, timing: { requestTimeoutMs: 400 } });
  const notices: TillNotice[] = [];
  companion.on('till.notice', (notice) => notices.push(notice));
  server = await startCaisseApServer({ core: companion, host: '127.0.0.1', port: 0, allowList: [], timing: { settleMs: 40, lingerMs: 300 } });
  await loginDemo(companion);

  // Every create reaches the platform, and no answer ever comes back.
  proxy.setRules([when('POST', /^\/v1\/payment-requests$/, { kind: 'forward-then-hang' })]);
  let answered = false;
  const answer = sendTillRequest({
    port: server.port,
    chunks: [encodeFields([
      { tag: 'CZ', value: '0320' },
      { tag: 'CJ', value: '012345678901' },
      { tag: 'CA', value: '01' },
      { tag: 'CD', value: '0' },
      { tag: 'CE', value: '978' },
      { tag: 'CB', value: '2500' },
      { tag: 'CF', value: 'LOST-TILL' },
    ])],
    timeoutMs: 30_000,
  }).then((reply) => {
    answered = true;
    return reply;
  });

  // The platform has the request; the companion does not know it: the cashier is told, the till waits.
  await vi.waitFor(async () => expect(await platformRequests(sandbox!.url, 'LOST-TILL')).toHaveLength(1), patience(10_000));
  const unknown = await vi.waitFor(() => {
    const found = notices.find((n) => n.code === 'caisse_ap.create_unknown');
    expect(found).toBeDefined();
    return found!;
  }, patience(10_000));
  expect(unknown.level).toBe('warning');
  expect(notices.find((n) => n.code === 'caisse_ap.refused')).toBeUndefined();
  expect(answered).toBe(false);

  // The link heals: reconciliation finds the request and cancels it; then, and only then, "not done".
  proxy.setRules([]);
  const reply = await answer;
  expect(reply.get('AE')).toBe('01');
  expect(await platformRequests(sandbox.url, 'LOST-TILL')).toMatchObject([{ status: 'cancelled' }]);
  // In the log: the cancel was recorded before the answer left for the till.
  const { cancelledAt, answeredAt } = readLog(companion.dbFile, (db) => ({
    cancelledAt: (db.prepare(`SELECT at FROM operation_events WHERE status = 'cancelled'`).get() as { at: string }).at,
    answeredAt: (db.prepare(`SELECT answered_at FROM till_exchanges`).get() as { answered_at: string }).answered_at,
  }));
  expect(Date.parse(cancelledAt)).toBeLessThanOrEqual(Date.parse(answeredAt));
}, 40_000);
