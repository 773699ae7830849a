// Bearer tokens of the local HTTP API: one for the cashier (every channel), one for customer
// displays (their state only). Compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Access = 'cashier' | 'display' | 'none';

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export class AccessTokens {
  private cashier: Buffer;
  private display: Buffer;

  constructor(cashierToken: string, displayToken: string) {
    if (cashierToken === displayToken) throw new Error('the cashier and display tokens must differ');
    this.cashier = digest(cashierToken);
    this.display = digest(displayToken);
  }

  /** From now on only this token is the cashier's (« Nouveau jeton »). */
  replaceCashier(token: string): void {
    this.cashier = digest(token);
  }

  /** From now on only this token is the displays' (« Révoquer l'écran client »). */
  replaceDisplay(token: string): void {
    this.display = digest(token);
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
