// The short pairing code of remote customer displays (issue 5 §3). The cashier screen shows it;
// a display page with no token sends it to `POST /api/display/pair` and gets the display-only
// token back. Six digits are easy to type on a tablet and easy to guess in bulk, so wrong codes
// are limited per address (5 a minute): the attempt after that is refused (429) until the minute
// has passed, and the code is replaced at once, so the guesses made so far are worth nothing.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { DISPLAY_PAIRING_CODE_PATTERN } from '../common/contract';

export type PairingAttempt =
  | { ok: true; token: string }
  | { ok: false; reason: 'wrong_code'; attemptsLeft: number }
  | { ok: false; reason: 'too_many_attempts'; retryAfterSeconds: number };

export interface DisplayPairingOptions {
  displayToken: string;
  maxWrongPerWindow?: number;
  windowMs?: number;
  now?: () => number;
  newCode?: () => string;
  /** The code changed (after too many wrong ones): the console says so. */
  onNewCode?: (code: string) => void;
}

export const PAIRING_MAX_WRONG = 5;
export const PAIRING_WINDOW_MS = 60_000;
/** Addresses remembered at most; the oldest are forgotten first. */
const MAX_ADDRESSES = 1_000;

export function randomPairingCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export class DisplayPairingCodes {
  private current: string;
  /** Times of the wrong codes each address sent within the window. */
  private readonly wrong = new Map<string, number[]>();
  private readonly maxWrong: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly newCode: () => string;

  constructor(private readonly options: DisplayPairingOptions) {
    this.maxWrong = options.maxWrongPerWindow ?? PAIRING_MAX_WRONG;
    this.windowMs = options.windowMs ?? PAIRING_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.newCode = options.newCode ?? randomPairingCode;
    this.current = this.newCode();
  }

  /** The code the cashier screen shows now. */
  get code(): string {
    return this.current;
  }

  attempt(address: string, code: string): PairingAttempt {
    const now = this.now();
    const recent = this.recentWrong(address, now);
    if (recent.length >= this.maxWrong) {
      const retryAfterMs = recent[0]! + this.windowMs - now;
      return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    if (DISPLAY_PAIRING_CODE_PATTERN.test(code) && sameCode(code, this.current)) {
      return { ok: true, token: this.options.displayToken };
    }
    recent.push(now);
    this.wrong.delete(address); // re-inserted last: the map stays ordered by latest activity
    this.wrong.set(address, recent);
    if (this.wrong.size > MAX_ADDRESSES) this.wrong.delete(this.wrong.keys().next().value!);
    if (recent.length >= this.maxWrong) this.replaceCode();
    return { ok: false, reason: 'wrong_code', attemptsLeft: this.maxWrong - recent.length };
  }

  private recentWrong(address: string, now: number): number[] {
    return (this.wrong.get(address) ?? []).filter((at) => now - at < this.windowMs);
  }

  private replaceCode(): void {
    let next = this.newCode();
    for (let tries = 0; next === this.current && tries < 5; tries += 1) next = this.newCode();
    this.current = next;
    this.options.onNewCode?.(next);
  }
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
