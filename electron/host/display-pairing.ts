// The short pairing code of remote customer displays. The cashier screen shows it; a display page
// with no token sends it to `POST /api/display/pair` and gets the display-only token back. Six
// digits are easy to type on a tablet and easy to guess in bulk, so wrong codes are limited twice:
// - per address (5 a minute): the attempt after that is refused (429) until the minute has passed,
//   and the code is replaced at once, so the guesses made so far are worth nothing;
// - overall, whatever the address (an attacker rotates source addresses: a /24 is 254 of them):
//   the code is replaced after every 10 wrong codes, and after 20 within 10 minutes every attempt
//   is refused for a while that doubles at each new burst (1 minute, 2, 4… up to an hour). At most
//   a few hundred guesses a day reach a code, against 10⁶ possible codes.
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
  /** Overall limits, whatever the address (tests). */
  overall?: Partial<OverallLimits>;
}

export interface OverallLimits {
  /** The code is replaced after this many wrong codes, from whatever addresses. */
  replaceCodeAfter: number;
  /** This many wrong codes within `windowMs`, from whatever addresses, close pairing for a while. */
  maxWrong: number;
  windowMs: number;
  /** First closing; each new one within `calmMs` of the last doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
  calmMs: number;
}

export const PAIRING_MAX_WRONG = 5;
export const PAIRING_WINDOW_MS = 60_000;
export const PAIRING_OVERALL: OverallLimits = {
  replaceCodeAfter: 10,
  maxWrong: 20,
  windowMs: 10 * 60_000,
  lockMs: 60_000,
  maxLockMs: 3_600_000,
  calmMs: 3_600_000,
};
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
  private readonly overall: OverallLimits;
  /** Times of the wrong codes from any address within the overall window. */
  private wrongOverall: number[] = [];
  /** Wrong codes since the current code was issued. */
  private wrongOnThisCode = 0;
  private closedUntil = 0;
  private lastClosing: { at: number; ms: number } | null = null;
  private displayToken: string;

  constructor(private readonly options: DisplayPairingOptions) {
    this.maxWrong = options.maxWrongPerWindow ?? PAIRING_MAX_WRONG;
    this.windowMs = options.windowMs ?? PAIRING_WINDOW_MS;
    this.now = options.now ?? Date.now;
    this.newCode = options.newCode ?? randomPairingCode;
    this.overall = { ...PAIRING_OVERALL, ...options.overall };
    this.displayToken = options.displayToken;
    this.current = this.newCode();
  }

  /** « Révoquer l'écran client »: the code pairs with the new token, and a new code replaces the
   *  one that may have been seen by whoever held the old token. */
  revoke(displayToken: string): void {
    this.displayToken = displayToken;
    this.replaceCode();
  }

  /** The code the cashier screen shows now. */
  get code(): string {
    return this.current;
  }

  attempt(address: string, code: string): PairingAttempt {
    const now = this.now();
    // Closed for everyone: even the right code waits, or guessing during the closing would pay.
    if (now < this.closedUntil) return tooMany(this.closedUntil - now);
    const recent = this.recentWrong(address, now);
    if (recent.length >= this.maxWrong) return tooMany(recent[0]! + this.windowMs - now);
    if (DISPLAY_PAIRING_CODE_PATTERN.test(code) && sameCode(code, this.current)) {
      return { ok: true, token: this.displayToken };
    }
    recent.push(now);
    this.wrong.delete(address); // re-inserted last: the map stays ordered by latest activity
    this.wrong.set(address, recent);
    if (this.wrong.size > MAX_ADDRESSES) this.wrong.delete(this.wrong.keys().next().value!);
    this.wrongOverall = this.wrongOverall.filter((at) => now - at < this.overall.windowMs);
    this.wrongOverall.push(now);
    this.wrongOnThisCode += 1;
    if (this.wrongOverall.length >= this.overall.maxWrong) {
      this.close(now);
      this.replaceCode();
    } else if (recent.length >= this.maxWrong || this.wrongOnThisCode >= this.overall.replaceCodeAfter) {
      this.replaceCode();
    }
    return { ok: false, reason: 'wrong_code', attemptsLeft: Math.max(0, this.maxWrong - recent.length) };
  }

  /** Too many wrong codes overall: pairing closes for everyone, longer at each new burst. */
  private close(now: number): void {
    const last = this.lastClosing;
    const ms = last && now - (last.at + last.ms) < this.overall.calmMs ? Math.min(this.overall.maxLockMs, last.ms * 2) : this.overall.lockMs;
    this.lastClosing = { at: now, ms };
    this.closedUntil = now + ms;
    this.wrongOverall = [];
  }

  private recentWrong(address: string, now: number): number[] {
    return (this.wrong.get(address) ?? []).filter((at) => now - at < this.windowMs);
  }

  private replaceCode(): void {
    let next = this.newCode();
    for (let tries = 0; next === this.current && tries < 5; tries += 1) next = this.newCode();
    this.current = next;
    this.wrongOnThisCode = 0;
    this.options.onNewCode?.(next);
  }
}

function tooMany(retryAfterMs: number): PairingAttempt {
  return { ok: false, reason: 'too_many_attempts', retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
