// Bearer tokens of the local HTTP API: one for the cashier (every channel), one for customer
// displays (their state only). Compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Access = 'cashier' | 'display' | 'none';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export class AccessTokens {
  private readonly cashier: Buffer;
  private readonly display: Buffer;

  constructor(cashierToken: string, displayToken: string) {
    if (cashierToken === displayToken) throw new Error('the cashier and display tokens must differ');
    this.cashier = digest(cashierToken);
    this.display = digest(displayToken);
  }

  /** Which access a request's `Authorization: Bearer …` header grants. */
  check(authorization: string | undefined): Access {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return 'none';
    const given = digest(match[1]!);
    if (timingSafeEqual(given, this.cashier)) return 'cashier';
    if (timingSafeEqual(given, this.display)) return 'display';
    return 'none';
  }
}
