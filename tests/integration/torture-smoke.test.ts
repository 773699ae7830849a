// `npm test` runs `npm run torture` in its short, seeded smoke mode, so that the harness cannot
// rot and what it measures stays fixed: kills, the fault proxy, fuzz, floods, storage faults, a
// small soak and the secrets search, against real processes, sockets and files. Each part is
// one test; it fails when one of the part's counts that must be 0 is not, and says which.
import { beforeAll, describe, expect, it } from 'vitest';
import { failuresOf, verdictOf, type Check } from '../torture/checks';
import { PART_NAMES, type PartName } from '../torture/parts';
import { runTorture, type TortureRun } from '../torture/run';

const SEED = 20261126;
let run: TortureRun;

beforeAll(async () => {
  run = await runTorture({ mode: 'smoke', seed: SEED, quiet: true });
}, 240_000);

function describeFailure(check: Check): string {
  return [`${check.name} (${check.ran}): ${failuresOf(check).join(', ')}`, ...(check.examples ?? []).slice(0, 6).map((e) => `  · ${e.split('\n')[0]}`)].join('\n');
}

describe(`npm run torture -- --smoke --seed ${SEED}`, () => {
  it('runs every part to its end, each with checks that count something', () => {
    for (const part of PART_NAMES) {
      const checks = run.checks.filter((c) => c.part === part);
      expect(checks.length, `checks of ${part}`).toBeGreaterThan(0);
      for (const check of checks) {
        expect(check.mustBeZero, `${part}: ${check.name} did not abort`).not.toHaveProperty('aborted runs');
        expect(check.ran.length, `${part}: ${check.name} says what ran`).toBeGreaterThan(0);
        for (const [name, n] of Object.entries(check.mustBeZero)) expect(Number.isInteger(n) && n >= 0, `${check.name}: ${name} = ${n}`).toBe(true);
        if (check.skipped === undefined) expect(Object.keys(check.mustBeZero).length, `${check.name} judges something`).toBeGreaterThan(0);
      }
    }
  });

  it.each(PART_NAMES.map((part) => [part]))('%s: every count that must be 0 is 0', (part: PartName) => {
    const failing = run.checks.filter((c) => c.part === part && verdictOf(c) === 'FAIL');
    expect(failing.map(describeFailure), `${part}: checks with a count that must be 0 and is not`).toEqual([]);
  });
});
