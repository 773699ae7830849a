// What a torture part reports: one check per behaviour, with what ran, the counts measured and
// which of them must be 0. A check fails when one of its must-be-zero counts is not 0, and the
// run exits non-zero. Counts that only inform (sizes, rates, memory) sit beside them.

export type Verdict = 'OK' | 'FAIL' | 'SKIP' | 'INFO';

export interface Check {
  part: string;
  name: string;
  /** What ran, in a few words ("100 cycles, 5 012 creates"). */
  ran: string;
  /** Counts that must be 0. */
  mustBeZero: Record<string, number>;
  /** Figures reported beside them, never judged. */
  info?: Record<string, number | string>;
  /** Why the check did not run (a tmpfs needs root, say). */
  skipped?: string;
  /** Examples of what went wrong, for the JSON results and the report. */
  examples?: string[];
}

export function verdictOf(check: Check): Verdict {
  if (check.skipped !== undefined) return 'SKIP';
  const counts = Object.values(check.mustBeZero);
  if (counts.some((n) => n !== 0)) return 'FAIL';
  return counts.length === 0 ? 'INFO' : 'OK';
}

/** The must-be-zero counts that are not 0, as `name = n`. */
export function failuresOf(check: Check): string[] {
  return Object.entries(check.mustBeZero)
    .filter(([, n]) => n !== 0)
    .map(([name, n]) => `${name} = ${n}`);
}

function formatNumber(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US').replaceAll(',', ' ');
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function countsCell(check: Check): string {
  if (check.skipped !== undefined) return `skipped: ${check.skipped}`;
  const zero = Object.entries(check.mustBeZero).map(([name, n]) => `${name} ${formatNumber(n)}`);
  const info = Object.entries(check.info ?? {}).map(([name, n]) => `${name} ${formatNumber(n)}`);
  return [...zero, ...(info.length ? [`(${info.join(' · ')})`] : [])].join(' · ');
}

export const TABLE_HEADER = ['part', 'check', 'ran', 'counts (must be 0), (informative)', 'verdict'];

export function tableRows(checks: readonly Check[]): string[][] {
  return checks.map((check) => [check.part, check.name, check.ran, countsCell(check), verdictOf(check)]);
}

export function renderTable(checks: readonly Check[]): string {
  const rows = [TABLE_HEADER, ...tableRows(checks)];
  const widths = TABLE_HEADER.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(checks: readonly Check[]): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${TABLE_HEADER.join(' | ')} |`,
    `|${TABLE_HEADER.map(() => '---').join('|')}|`,
    ...tableRows(checks).map((r) => `| ${r.map(escape).join(' | ')} |`),
  ].join('\n');
}
