// The sandbox's data layer: every SQL statement, prepared once. Callers get plain rows; turning
// a row into the API's PaymentRequest happens in `payment-request-view.ts`. Writes that belong
// together are grouped by the caller in one transaction (see `context.ts`).
import type { PaymentRequestStatus } from '../common/platform-api';
import type { SandboxDatabase } from './database';

export interface MerchantRow {
  convention_number: string;
  name: string;
  password_salt: Buffer;
  password_hash: Buffer;
  min_amount_cents: number;
  max_amount_cents: number;
  wrong_password_count: number;
  locked: number;
}

export interface TokenRow {
  convention_number: string;
  expires_at: string;
}

export interface WalletRow {
  wallet_id: string;
  balance_cents: number;
}

export interface PaymentRequestRow {
  id: string;
  convention_number: string;
  basket_number: string;
  amount_requested_cents: number;
  amount_received_cents: number;
  status: PaymentRequestStatus;
  label: string | null;
  customer_reference: string | null;
  seller_id: string | null;
  qr_token: string;
  idempotency_key: string;
  body_fingerprint: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

export interface EventRow {
  id: number;
  convention_number: string;
  type: string;
  data: string;
}

export interface PaymentRequestFilter {
  conventionNumber: string;
  status: PaymentRequestStatus | null;
  basketNumber: string | null;
  from: string | null;
  to: string | null;
  /** Keyset position: items strictly older than (createdAt, id). */
  before: { createdAt: string; id: string } | null;
  limit: number;
}

export interface ChangedPaymentRequestFilter {
  conventionNumber: string;
  status: PaymentRequestStatus | null;
  basketNumber: string | null;
  from: string | null;
  to: string | null;
  /** Items whose updated_at is at or after this instant, oldest change first. */
  updatedSince: string;
  /** Keyset position: items strictly after (updatedAt, id). */
  after: { updatedAt: string; id: string } | null;
  limit: number;
}

export type NewMerchant = Omit<MerchantRow, 'wrong_password_count' | 'locked'>;

export function prepareStore(db: SandboxDatabase) {
  const s = {
    merchant: db.prepare<[string], MerchantRow>('SELECT * FROM merchants WHERE convention_number = ?'),
    insertMerchantIfMissing: db.prepare<NewMerchant>(
      `INSERT INTO merchants (convention_number, name, password_salt, password_hash, min_amount_cents, max_amount_cents)
       VALUES (@convention_number, @name, @password_salt, @password_hash, @min_amount_cents, @max_amount_cents)
       ON CONFLICT (convention_number) DO NOTHING`,
    ),
    replaceMerchant: db.prepare<NewMerchant>(
      `INSERT INTO merchants (convention_number, name, password_salt, password_hash, min_amount_cents, max_amount_cents)
       VALUES (@convention_number, @name, @password_salt, @password_hash, @min_amount_cents, @max_amount_cents)
       ON CONFLICT (convention_number) DO UPDATE SET
         name = excluded.name, password_salt = excluded.password_salt, password_hash = excluded.password_hash,
         min_amount_cents = excluded.min_amount_cents, max_amount_cents = excluded.max_amount_cents,
         wrong_password_count = 0, locked = 0`,
    ),
    updateMerchantCredentials: db.prepare<NewMerchant>(
      `UPDATE merchants SET name = @name, password_salt = @password_salt, password_hash = @password_hash,
         min_amount_cents = @min_amount_cents, max_amount_cents = @max_amount_cents
       WHERE convention_number = @convention_number`,
    ),
    setLockState: db.prepare<[number, number, string]>(
      'UPDATE merchants SET wrong_password_count = ?, locked = ? WHERE convention_number = ?',
    ),

    insertToken: db.prepare<[string, string, string, string]>(
      'INSERT INTO access_tokens (token_hash, convention_number, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    token: db.prepare<[string], TokenRow>('SELECT convention_number, expires_at FROM access_tokens WHERE token_hash = ?'),
    deleteToken: db.prepare<[string]>('DELETE FROM access_tokens WHERE token_hash = ?'),
    expireTokens: db.prepare<[string, string, string]>(
      'UPDATE access_tokens SET expires_at = ? WHERE convention_number = ? AND expires_at > ?',
    ),
    // Expired tokens are kept a day so a late caller still hears `token_expired`, then dropped.
    purgeTokens: db.prepare<[string]>('DELETE FROM access_tokens WHERE expires_at < ?'),

    wallet: db.prepare<[string], WalletRow>('SELECT * FROM wallets WHERE wallet_id = ?'),
    insertWalletIfMissing: db.prepare<[string, number]>(
      'INSERT INTO wallets (wallet_id, balance_cents) VALUES (?, ?) ON CONFLICT (wallet_id) DO NOTHING',
    ),
    setWallet: db.prepare<[string, number]>(
      `INSERT INTO wallets (wallet_id, balance_cents) VALUES (?, ?)
       ON CONFLICT (wallet_id) DO UPDATE SET balance_cents = excluded.balance_cents`,
    ),
    walletIds: db.prepare<[], { wallet_id: string }>('SELECT wallet_id FROM wallets ORDER BY wallet_id'),
    debitWallet: db.prepare<[number, string, number]>(
      'UPDATE wallets SET balance_cents = balance_cents - ? WHERE wallet_id = ? AND balance_cents >= ?',
    ),

    insertPaymentRequest: db.prepare<PaymentRequestRow>(
      `INSERT INTO payment_requests (id, convention_number, basket_number, amount_requested_cents,
         amount_received_cents, status, label, customer_reference, seller_id, qr_token, idempotency_key,
         body_fingerprint, created_at, updated_at, expires_at)
       VALUES (@id, @convention_number, @basket_number, @amount_requested_cents, @amount_received_cents, @status,
         @label, @customer_reference, @seller_id, @qr_token, @idempotency_key, @body_fingerprint, @created_at,
         @updated_at, @expires_at)`,
    ),
    paymentRequest: db.prepare<[string], PaymentRequestRow>('SELECT * FROM payment_requests WHERE id = ?'),
    paymentRequestByQr: db.prepare<[string], PaymentRequestRow>('SELECT * FROM payment_requests WHERE qr_token = ?'),
    paymentRequestByKey: db.prepare<[string, string], PaymentRequestRow>(
      'SELECT * FROM payment_requests WHERE convention_number = ? AND idempotency_key = ?',
    ),
    pendingForBasket: db.prepare<[string, string], PaymentRequestRow>(
      "SELECT * FROM payment_requests WHERE convention_number = ? AND basket_number = ? AND status = 'pending'",
    ),
    dueForExpiry: db.prepare<[string], PaymentRequestRow>(
      "SELECT * FROM payment_requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id",
    ),
    // Only a pending request changes: the WHERE clause is what makes a second payment or a
    // cancel-after-payment impossible, whatever the caller checked before.
    finishPending: db.prepare<{ id: string; status: PaymentRequestStatus; received: number; now: string }>(
      `UPDATE payment_requests SET status = @status, amount_received_cents = @received, updated_at = @now
       WHERE id = @id AND status = 'pending'`,
    ),
    listPaymentRequests: db.prepare<Record<string, string | number | null>, PaymentRequestRow>(
      `SELECT * FROM payment_requests
       WHERE convention_number = @conventionNumber
         AND (@status IS NULL OR status = @status)
         AND (@basketNumber IS NULL OR basket_number = @basketNumber)
         AND (@from IS NULL OR created_at >= @from)
         AND (@to IS NULL OR created_at < @to)
         AND (@beforeCreatedAt IS NULL OR created_at < @beforeCreatedAt
              OR (created_at = @beforeCreatedAt AND id < @beforeId))
       ORDER BY created_at DESC, id DESC
       LIMIT @limit`,
    ),
    listChangedPaymentRequests: db.prepare<Record<string, string | number | null>, PaymentRequestRow>(
      `SELECT * FROM payment_requests
       WHERE convention_number = @conventionNumber
         AND updated_at >= @updatedSince
         AND (@status IS NULL OR status = @status)
         AND (@basketNumber IS NULL OR basket_number = @basketNumber)
         AND (@from IS NULL OR created_at >= @from)
         AND (@to IS NULL OR created_at < @to)
         AND (@afterUpdatedAt IS NULL OR updated_at > @afterUpdatedAt
              OR (updated_at = @afterUpdatedAt AND id > @afterId))
       ORDER BY updated_at, id
       LIMIT @limit`,
    ),

    insertPayment: db.prepare<[string, string, string, number, string]>(
      'INSERT INTO payments (id, payment_request_id, wallet_id, amount_cents, created_at) VALUES (?, ?, ?, ?, ?)',
    ),

    appendEvent: db.prepare<[string, string, string, string]>(
      'INSERT INTO events (convention_number, type, data, created_at) VALUES (?, ?, ?, ?)',
    ),
    eventsAfter: db.prepare<[string, number], EventRow>(
      'SELECT id, convention_number, type, data FROM events WHERE convention_number = ? AND id > ? ORDER BY id',
    ),
  };

  return {
    merchant: (conventionNumber: string) => s.merchant.get(conventionNumber),
    insertMerchantIfMissing: (merchant: NewMerchant) => s.insertMerchantIfMissing.run(merchant).changes === 1,
    replaceMerchant: (merchant: NewMerchant) => void s.replaceMerchant.run(merchant),
    updateMerchantCredentials: (merchant: NewMerchant) => void s.updateMerchantCredentials.run(merchant),
    setLockState: (conventionNumber: string, wrongPasswordCount: number, locked: boolean) =>
      s.setLockState.run(wrongPasswordCount, locked ? 1 : 0, conventionNumber).changes === 1,

    insertToken: (tokenHash: string, conventionNumber: string, createdAt: string, expiresAt: string) =>
      void s.insertToken.run(tokenHash, conventionNumber, createdAt, expiresAt),
    token: (tokenHash: string) => s.token.get(tokenHash),
    deleteToken: (tokenHash: string) => void s.deleteToken.run(tokenHash),
    expireTokens: (conventionNumber: string, now: string) => void s.expireTokens.run(now, conventionNumber, now),
    purgeTokensExpiredBefore: (instant: string) => void s.purgeTokens.run(instant),

    wallet: (walletId: string) => s.wallet.get(walletId),
    walletIds: () => s.walletIds.all().map((row) => row.wallet_id),
    insertWalletIfMissing: (walletId: string, balance: number) => void s.insertWalletIfMissing.run(walletId, balance),
    setWallet: (walletId: string, balance: number) => void s.setWallet.run(walletId, balance),
    /** false when the balance is too low (nothing changed). */
    debitWallet: (walletId: string, amount: number) => s.debitWallet.run(amount, walletId, amount).changes === 1,

    insertPaymentRequest: (row: PaymentRequestRow) => void s.insertPaymentRequest.run(row),
    paymentRequest: (id: string) => s.paymentRequest.get(id),
    paymentRequestByQrToken: (qrToken: string) => s.paymentRequestByQr.get(qrToken),
    paymentRequestByIdempotencyKey: (conventionNumber: string, key: string) =>
      s.paymentRequestByKey.get(conventionNumber, key),
    pendingForBasket: (conventionNumber: string, basketNumber: string) =>
      s.pendingForBasket.get(conventionNumber, basketNumber),
    dueForExpiry: (now: string) => s.dueForExpiry.all(now),
    /** false when the request was no longer pending (nothing changed). */
    finishPending: (id: string, status: PaymentRequestStatus, received: number, now: string) =>
      s.finishPending.run({ id, status, received, now }).changes === 1,
    listPaymentRequests: (filter: PaymentRequestFilter) =>
      s.listPaymentRequests.all({
        conventionNumber: filter.conventionNumber,
        status: filter.status,
        basketNumber: filter.basketNumber,
        from: filter.from,
        to: filter.to,
        beforeCreatedAt: filter.before?.createdAt ?? null,
        beforeId: filter.before?.id ?? null,
        limit: filter.limit,
      }),
    listChangedPaymentRequests: (filter: ChangedPaymentRequestFilter) =>
      s.listChangedPaymentRequests.all({
        conventionNumber: filter.conventionNumber,
        updatedSince: filter.updatedSince,
        status: filter.status,
        basketNumber: filter.basketNumber,
        from: filter.from,
        to: filter.to,
        afterUpdatedAt: filter.after?.updatedAt ?? null,
        afterId: filter.after?.id ?? null,
        limit: filter.limit,
      }),

    insertPayment: (id: string, paymentRequestId: string, walletId: string, amount: number, createdAt: string) =>
      void s.insertPayment.run(id, paymentRequestId, walletId, amount, createdAt),

    appendEvent: (conventionNumber: string, type: string, data: string, createdAt: string) =>
      Number(s.appendEvent.run(conventionNumber, type, data, createdAt).lastInsertRowid),
    eventsAfter: (conventionNumber: string, afterId: number) => s.eventsAfter.all(conventionNumber, afterId),
  };
}

export type SandboxStore = ReturnType<typeof prepareStore>;
