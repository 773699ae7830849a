// Percentiles and the result table of `npm run bench`.

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function distribution(samples: number[]): Distribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

/** Runs `work` `n` times after `warmup` runs and returns the durations in milliseconds. */
export function timeSync(work: () => unknown, n: number, warmup = Math.min(20, n)): number[] {
  for (let i = 0; i < warmup; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

export interface Figure {
  part: string;
  name: string;
  unit: 'ms' | 'MB' | 'KB' | 's' | 'count' | 'ops/s' | 'calls/s';
  /** A distribution, or a single value (sizes, counts, rates). */
  value: Distribution | number;
  baseline?: { name: string; value: Distribution | number };
  /** Human-readable goal, and whether the figure meets it (null: no goal, informative). */
  goal?: string;
  met?: boolean | null;
  note?: string;
}

const p95 = (value: Distribution | number) => (typeof value === 'number' ? value : value.p95);

/** app ÷ baseline on p95 (or the single values): < 1 means faster/smaller than the baseline. */
export function ratio(figure: Figure): number | null {
  if (!figure.baseline) return null;
  const base = p95(figure.baseline.value);
  return base > 0 ? p95(figure.value) / base : null;
}

function fmt(value: number, unit: Figure['unit']): string {
  if (unit === 'count') return String(Math.round(value));
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(value < 0.1 ? 3 : 2);
}

export function tableRows(figures: Figure[]): string[][] {
  return figures.map((f) => {
    const dist = typeof f.value === 'number' ? null : f.value;
    const r = ratio(f);
    const base = f.baseline
      ? typeof f.baseline.value === 'number'
        ? `${fmt(f.baseline.value, f.unit)} (${f.baseline.name})`
        : `${fmt(f.baseline.value.p50, f.unit)} / ${fmt(f.baseline.value.p95, f.unit)} (${f.baseline.name})`
      : '—';
    return [
      `${f.part}: ${f.name}`,
      dist ? fmt(dist.p50, f.unit) : fmt(f.value as number, f.unit),
      dist ? fmt(dist.p95, f.unit) : '',
      dist ? fmt(dist.max, f.unit) : '',
      f.unit,
      base,
      r === null ? '—' : r < 1 ? `×${r.toFixed(2)} (${(1 / r).toFixed(1)}× better)` : `×${r.toFixed(2)}`,
      f.goal ?? '—',
      f.met === undefined || f.met === null ? '—' : f.met ? 'OK' : 'MISS',
    ];
  });
}

export const TABLE_HEADER = ['figure', 'p50', 'p95', 'max', 'unit', 'baseline p50 / p95', 'ratio (p95)', 'goal', 'verdict'];

export function renderTable(figures: Figure[]): string {
  const rows = [TABLE_HEADER, ...tableRows(figures)];
  const widths = TABLE_HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(figures: Figure[]): string {
  const rows = tableRows(figures);
  return [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `|${TABLE_HEADER.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
