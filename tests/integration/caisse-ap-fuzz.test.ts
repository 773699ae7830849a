// Random and mutated frames against the running Caisse-AP server, in random pieces: every
// exchange ends within a bounded time with a well-formed answer or a closed socket, and a valid
// request still gets its answer afterwards. Nobody is logged in, so a mutation that happens to
// be a valid debit is answered at once (AF=04) instead of waiting for a customer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaisseApServer, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import { cutInto, mutatedFrame, VALID_FRAMES } from '../support/caisse-ap-frames';
import { startTestCompanion, tempDir } from '../support/companion';

const REQUEST_TIMEOUT_MS = 400;

let dir: ReturnType<typeof tempDir>;
let sandbox: RunningSandbox;
let companion: CoreCompanion;
let server: RunningCaisseApServer;

beforeAll(async () => {
  dir = tempDir('cvc-caisse-ap-fuzz-');
  sandbox = await startSandbox({ port: 0 });
  companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
  server = await startCaisseApServer({
    core: companion,
    host: '127.0.0.1',
    port: 0,
    allowList: [],
    timing: { requestTimeoutMs: REQUEST_TIMEOUT_MS, settleMs: 20, lingerMs: 200, maxConnections: 8 },
  });
});

afterAll(async () => {
  await server.close();
  await companion.close();
  await sandbox.close();
  dir.remove();
});

// The two requests this test has always started from.
const VALID = VALID_FRAMES.slice(0, 2);
const mutated = mutatedFrame(VALID, { minLength: 1, maxLength: 3 });

const frames = fc.oneof(mutated, fc.uint8Array({ maxLength: 2_000 }), fc.uint8Array({ minLength: 5_000, maxLength: 70_000 }));

describe('the Caisse-AP server under random frames', () => {
  it('ends every exchange in bounded time with a well-formed answer or a closed socket, and still serves a valid request', async () => {
    await fc.assert(
      fc.asyncProperty(frames, fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), async (bytes, cuts, halfClose) => {
        const startedAt = Date.now();
        const answer = await sendTillRequest({ port: server.port, chunks: cutInto(bytes, cuts), halfClose, timeoutMs: 5_000 });
        expect(answer.ended).toBe('closed');
        expect(Date.now() - startedAt).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
        if (answer.text !== '') {
          expect(answer.text.length).toBeLessThanOrEqual(1024);
          expect(answer.fields?.[0]?.tag).toBe('CZ');
          expect(['01', '10']).toContain(answer.get('AE'));
        }
      }),
      { numRuns: 40 },
    );
    const after = await sendTillRequest({ port: server.port, chunks: [VALID[1]!] });
    expect(after.get('AE')).toBe('10');
    expect(companion.displayState().phase).toBe('idle');
  }, 120_000);
});
