// pino-roll ships no types: what the companion uses of it (pino-roll.js, its JSDoc).
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';

  export interface RollingFile extends EventEmitter {
    write(data: string): boolean;
    flushSync(): void;
    end(): void;
    readonly file: string;
  }

  export interface PinoRollOptions {
    file: string;
    /** e.g. '5m', '10k'; a number is megabytes. */
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    dateFormat?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    symlink?: boolean;
    mkdir?: boolean;
    /** sonic-boom's own options */
    sync?: boolean;
    mode?: number;
  }

  export default function roll(options: PinoRollOptions): Promise<RollingFile>;
}
