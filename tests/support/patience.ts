// How long a test waits for something to happen (`vi.waitFor`): generous, for a loaded machine
// (two cores shared by several runs); the wait ends as soon as the expectation holds, so a test
// that passes costs no more for it.
export const PATIENCE = { timeout: 15_000, interval: 25 } as const;

/** PATIENCE, or longer for a wait that is known to take longer. */
export function patience(timeoutMs: number): { timeout: number; interval: number } {
  return { ...PATIENCE, timeout: Math.max(PATIENCE.timeout, timeoutMs) };
}
