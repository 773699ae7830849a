// Merchant passwords are kept as scrypt hashes, never in clear, even in the sandbox: a sandbox
// database copied around must not teach anyone a habit of storing passwords.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;

export function hashPassword(password: string): { salt: Buffer; hash: Buffer } {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(password, salt, KEY_LENGTH) };
}

export function passwordMatches(password: string, salt: Buffer, hash: Buffer): boolean {
  const candidate = scryptSync(password, salt, KEY_LENGTH);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

const DECOY_SALT = randomBytes(16);
const DECOY_HASH = scryptSync('decoy', DECOY_SALT, KEY_LENGTH);

/** Spends the same time as a real check, so an unknown convention number answers no faster. */
export function spendPasswordCheckTime(password: string): void {
  passwordMatches(password, DECOY_SALT, DECOY_HASH);
}
