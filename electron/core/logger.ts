// A plain line logger for hosts and the CLI; tests pass their own or none.
import type { Logger } from './ports';

export function consoleLogger(prefix = 'companion'): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} [${prefix}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  return {
    info: (message, fields) => console.log(line('info', message, fields)),
    warn: (message, fields) => console.warn(line('warn', message, fields)),
    error: (message, fields) => console.error(line('error', message, fields)),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
