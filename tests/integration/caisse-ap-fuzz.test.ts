// Random and mutated frames against the running Caisse-AP server, in random pieces: every
// exchange ends within a bounded time with a well-formed answer or a closed socket, and a valid
// request still gets its answer afterwards. Nobody is logged in, so a mutation that happens to
// be a valid debit is answered at once (AF=04) instead of waiting for a customer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaisseApServer, type RunningCaisseApServer } from '../../electron/caisse-ap/index';
import { asciiBytes, encodeFields } from '../../electron/caisse-ap/protocol';
import { sendTillRequest } from '../../electron/caisse-ap/till-client';
import type { CoreCompanion } from '../../electron/core/companion';
import { startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
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

const VALID = [
  encodeFields([
    { tag: 'CZ', value: '0300' },
    { tag: 'CJ', value: '012345678901' },
    { tag: 'CA', value: '01' },
    { tag: 'CD', value: '0' },
    { tag: 'CE', value: '978' },
    { tag: 'CB', value: '1000' },
    { tag: 'BF', value: '0' },
    { tag: 'CF', value: 'FUZZ-1' },
  ]),
  'CZ0040320CJ012012345678901CA00201CD001ICE003978CB00200',
];

const mutated = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.tuple(fc.constantFrom('flip', 'delete', 'insert', 'duplicate'), fc.nat(), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([text, mutations]) => {
    let bytes = Array.from(asciiBytes(text));
    for (const [kind, position, byte] of mutations) {
      const at = position % (bytes.length + 1);
      if (kind === 'flip' && at < bytes.length) bytes[at] = byte;
      else if (kind === 'delete') bytes.splice(at, 1);
      else if (kind === 'insert') bytes.splice(at, 0, byte);
      else if (kind === 'duplicate') bytes = bytes.concat(bytes.slice(at, at + 12));
    }
    return Uint8Array.from(bytes);
  });

const frames = fc.oneof(mutated, fc.uint8Array({ maxLength: 2_000 }), fc.uint8Array({ minLength: 5_000, maxLength: 70_000 }));

function cutInto(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

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
