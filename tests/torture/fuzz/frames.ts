// Caisse-AP frames on the host's till port, logged out (so that nothing a till sends can create an
// operation): mutated requests, random bytes, oversized ones, in random pieces. Every exchange
// ends with a well-formed answer or a closed socket; nothing is created; the host lives.
import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import fc from 'fast-check';
import { sendTillRequest } from '../../../electron/caisse-ap/till-client';
import { cutInto, mutatedFrame, VALID_FRAMES } from '../../support/caisse-ap-frames';
import type { Check } from '../checks';
import { draw } from '../context';
import type { FuzzRig as Rig } from './rig';

const mutated = mutatedFrame(VALID_FRAMES, { minLength: 0, maxLength: 4 });

const frame = fc.record({
  bytes: fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.uint8Array({ maxLength: 600 }), weight: 3 },
    { arbitrary: fc.uint8Array({ minLength: 4_000, maxLength: 20_000 }), weight: 1 },
  ),
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
  // A till half-closes after its request, or goes quiet and waits: both are normal.
  halfClose: fc.oneof({ arbitrary: fc.constant(true), weight: 49 }, { arbitrary: fc.constant(false), weight: 1 }),
});

function count(db: Database.Database, sql: string): number {
  return (db.prepare(sql).get() as { n: number }).n;
}

export async function fuzzFrames(rig: Rig): Promise<Check> {
  const { ctx, host } = rig;
  const frames = draw(frame, rig.seed, ctx.sizes.frames);
  const exchangesBefore = count(rig.log, 'SELECT count(*) AS n FROM till_exchanges');
  const sizeBefore = logBytes(rig.logFile);
  const tally = { answered: 0, closedSilently: 0, malformedAnswers: 0, hung: 0, refusedConnections: 0 };
  const examples: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < frames.length && !host.exit()) {
      const { bytes, cuts, halfClose } = frames[next++]!;
      if (next % 1_000 === 0) ctx.progress(`fuzz: ${next}/${frames.length} Caisse-AP frames`);
      try {
        const answer = await sendTillRequest({ port: host.caisseApPort!, chunks: cutInto(bytes, cuts), halfClose, timeoutMs: 20_000 });
        if (answer.ended === 'timeout') {
          tally.hung++;
          examples.push(`no end within 20 s: ${Buffer.from(bytes.subarray(0, 60)).toString('latin1')}`);
        } else if (answer.text === '') {
          tally.closedSilently++;
        } else if (answer.text.length > 1024 || answer.fields?.[0]?.tag !== 'CZ' || !['01', '10', '11'].includes(answer.get('AE') ?? '')) {
          tally.malformedAnswers++;
          examples.push(`malformed answer ${JSON.stringify(answer.text.slice(0, 80))}`);
        } else {
          tally.answered++;
        }
      } catch {
        tally.refusedConnections++;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const operations = count(rig.log, 'SELECT count(*) AS n FROM operations');
  const exchanges = count(rig.log, 'SELECT count(*) AS n FROM till_exchanges') - exchangesBefore;
  return {
    part: 'fuzz',
    name: 'Caisse-AP frames (logged out: nothing may be created)',
    ran: `${frames.length} frames (mutated requests, random bytes, 4–20 KB), in random pieces, 4 connections at a time`,
    mustBeZero: {
      'host crashes': host.exit() ? 1 : 0,
      'malformed answers': tally.malformedAnswers,
      'exchanges never ended': tally.hung,
      'operations created': operations,
    },
    info: {
      answered: tally.answered,
      'closed without an answer': tally.closedSilently,
      'connections refused': tally.refusedConnections,
      'exchange rows written': exchanges,
      'log file growth MB': Math.round((logBytes(rig.logFile) - sizeBefore) / 1e4) / 100,
    },
    examples,
  };
}

function logBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}
