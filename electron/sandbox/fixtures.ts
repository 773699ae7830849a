// The documented fixtures every sandbox starts with, like a payment provider's test cards.
import { MAX_AMOUNT_CENTS } from '../common/money';

export const DEMO_CONVENTION_NUMBER = '643736001001';
export const DEMO_MERCHANT_NAME = 'Camping des Pins';
export const DEFAULT_DEMO_PASSWORD = 'vacances2026';
export const DEMO_WALLETS = [
  { walletId: 'demo-wallet-1', balance: 50_000 },
  { walletId: 'demo-wallet-low', balance: 500 },
] as const;

export const DEFAULT_MIN_AMOUNT = 1;
export const DEFAULT_MAX_AMOUNT = MAX_AMOUNT_CENTS;
