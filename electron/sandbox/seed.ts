// Seeds the fixtures, idempotently: a second start on the same database keeps every request,
// balance and lock state, and only brings the demo merchant's password and limits in line
// with the options it was started with.
import { DEMO_CONVENTION_NUMBER, DEMO_MERCHANT_NAME, DEMO_WALLETS } from './fixtures';
import type { SandboxDatabase } from './database';
import { hashPassword } from './passwords';
import type { SandboxStore } from './store';

export interface SeedOptions {
  demoPassword: string;
  minAmount: number;
  maxAmount: number;
}

export function seedFixtures(db: SandboxDatabase, store: SandboxStore, options: SeedOptions): void {
  const { salt, hash } = hashPassword(options.demoPassword);
  const demo = {
    convention_number: DEMO_CONVENTION_NUMBER,
    name: DEMO_MERCHANT_NAME,
    password_salt: salt,
    password_hash: hash,
    min_amount_cents: options.minAmount,
    max_amount_cents: options.maxAmount,
  };
  db.transaction(() => {
    if (!store.insertMerchantIfMissing(demo)) store.updateMerchantCredentials(demo);
    for (const wallet of DEMO_WALLETS) store.insertWalletIfMissing(wallet.walletId, wallet.balance);
  })();
}
