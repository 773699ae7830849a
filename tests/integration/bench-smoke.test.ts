// `npm test` runs the whole bench in its tiny smoke mode so that it cannot rot: every part, against
// the real sandbox, the real headless host, real SQLite files, real sockets and Chromium. Timings
// are never asserted here (a loaded CI machine decides those); what is asserted is that the run
// is complete and correct: finite numbers, a verdict beside every goal, a baseline beside every
// timed figure, no wrong reconciliation, every QR readable, every payment shown and answered.
import { describe, expect, it } from 'vitest';
import { SIZES } from '../bench/context';
import { runBench, type BenchRun } from '../bench/run';
import type { Distribution, Figure } from '../bench/stats';

const smoke = SIZES.smoke;

function isFiniteValue(value: Distribution | number): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return value.n > 0 && [value.p50, value.p95, value.max].every(Number.isFinite) && value.p50 <= value.p95 && value.p95 <= value.max;
}

function figure(run: BenchRun, part: string, name: string): Figure {
  const found = run.figures.find((f) => f.part.startsWith(part) && f.name.startsWith(name));
  if (!found) throw new Error(`no figure "${part}: ${name}…" in ${run.figures.map((f) => `${f.part}: ${f.name}`).join('\n')}`);
  return found;
}

describe('npm run bench in smoke mode', () => {
  it('runs every part and reports complete, correct figures', { timeout: 180_000 }, async () => {
    const run = await runBench({ mode: 'smoke', quiet: true });

    for (const part of ['status (', 'status, platform stream cut', 'stream down', 'create', 'log', 'reconciliation', 'caisse-ap', 'footprint', 'day close', 'cold start', 'memory']) {
      expect(run.figures.some((f) => f.part.startsWith(part)), `figures of ${part}`).toBe(true);
    }
    for (const f of run.figures) {
      const label = `${f.part}: ${f.name}`;
      expect(isFiniteValue(f.value), `${label} has finite numbers`).toBe(true);
      if (f.baseline) expect(isFiniteValue(f.baseline.value), `${label}: baseline has finite numbers`).toBe(true);
      if (f.goal !== undefined) expect(typeof f.met, `${label} has a verdict`).toBe('boolean');
      if (typeof f.value !== 'number') expect(f.baseline, `${label} is timed, so it has a baseline`).toBeDefined();
    }

    expect(figure(run, 'reconciliation', 'wrong or duplicate results').value).toBe(0);
    expect(figure(run, 'create', 'QR on the display that does not decode').value).toBe(0);
    expect(figure(run, 'caisse-ap', 'debits not answered AE=10').value).toBe(0);
    // With the platform's stream down, the companion's status reads were counted.
    for (const pending of smoke.streamDownPending) {
      expect(figure(run, `stream down, ${pending} pending`, 'platform status reads per second').value as number).toBeGreaterThan(0);
    }
    // Every payment reached both screens, with the stream up and with it cut (polling).
    for (const [part, payments] of [['status (', smoke.statusPayments], ['status, platform stream cut', smoke.statusCutPayments]] as const) {
      for (const screen of ['payment → "Validé" on the cashier page', 'payment → "Paiement validé" on the customer display']) {
        const shown = figure(run, part, screen).value as Distribution;
        expect(shown.n, `${part} ${screen}`).toBe(payments);
      }
    }
  });
});
