// Warnings about hostile or broken connections, at most one line per kind per second: a flood
// must not turn into a flood of log lines (the console of `npm run serve`, a log file).
import type { Logger } from '../core/ports';

export function throttledWarnings(log: Logger | undefined, everyMs = 1_000): Logger | undefined {
  if (!log) return undefined;
  const last = new Map<string, { at: number; suppressed: number }>();
  return {
    info: (message, fields) => log.info(message, fields),
    error: (message, fields) => log.error(message, fields),
    warn(message, fields) {
      const now = Date.now();
      const seen = last.get(message);
      if (seen && now - seen.at < everyMs) {
        seen.suppressed++;
        return;
      }
      if (last.size > 100) last.clear();
      last.set(message, { at: now, suppressed: 0 });
      log.warn(message, seen?.suppressed ? { ...fields, alsoSinceLastLine: seen.suppressed } : fields);
    },
  };
}
