// The Chèque-Vacances Connect platform API v1, as the sandbox serves it and the companion's
// client reads it. The prose reference is electron/sandbox/API.md; both sides validate against
// these schemas, so the document, the server and the client cannot drift apart silently.
import { z } from 'zod';

export const API_VERSION = 'v1';

/** The real merchant space, where a locked account is unlocked ("mot de passe oublié"). */
export const MERCHANT_SPACE_URL = 'https://espace-ptl.ancv.fr';

export const CONVENTION_NUMBER_PATTERN = /^\d{12}$/;
export const BASKET_NUMBER_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;
export const LABEL_MAX = 50;
export const CUSTOMER_REFERENCE_MAX = 50;
export const SELLER_ID_MAX = 20;
export const WRONG_PASSWORDS_BEFORE_LOCK = 3;

const isoTimestamp = z.iso.datetime({ offset: true });
const cents = z.number().int().nonnegative();

export const PaymentRequestStatus = z.enum(['pending', 'validated', 'cancelled', 'expired']);
export type PaymentRequestStatus = z.infer<typeof PaymentRequestStatus>;
export const FINAL_PAYMENT_REQUEST_STATUSES: readonly PaymentRequestStatus[] = ['validated', 'cancelled', 'expired'];

export const PaymentRequest = z.object({
  id: z.string().min(1),
  basketNumber: z.string(),
  amountRequested: cents,
  amountReceived: cents,
  currency: z.literal('EUR'),
  status: PaymentRequestStatus,
  label: z.string().nullable(),
  customerReference: z.string().nullable(),
  sellerId: z.string().nullable(),
  qrPayload: z.string().min(1),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  expiresAt: isoTimestamp,
  /** The `Idempotency-Key` the request was created with (merchant side only; absent where a
   *  platform does not echo it). Lets a client tell its own request from another of the same sale. */
  idempotencyKey: z.string().nullish(),
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

export const Merchant = z.object({ conventionNumber: z.string(), name: z.string() });
export type Merchant = z.infer<typeof Merchant>;

// ---- merchant side -------------------------------------------------------------------------

export const LoginBody = z.object({
  conventionNumber: z.string(),
  password: z.string(),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z.object({
  accessToken: z.string().min(1),
  expiresAt: isoTimestamp,
  merchant: Merchant,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CreatePaymentRequestBody = z.object({
  amount: z.number(),
  basketNumber: z.string(),
  label: z.string().optional(),
  customerReference: z.string().optional(),
  sellerId: z.string().optional(),
});
export type CreatePaymentRequestBody = z.infer<typeof CreatePaymentRequestBody>;

export const PaymentRequestList = z.object({
  items: z.array(PaymentRequest),
  nextCursor: z.string().nullable(),
});
export type PaymentRequestList = z.infer<typeof PaymentRequestList>;

export const PAYMENT_REQUEST_UPDATED_EVENT = 'payment_request.updated';

// ---- customer side (the sandbox's stand-in for the customer's phone app) -------------------

export const WalletPaymentBody = z.object({
  qrPayload: z.string(),
  walletId: z.string(),
  amount: z.number(),
});
export type WalletPaymentBody = z.infer<typeof WalletPaymentBody>;

export const WalletPaymentResponse = z.object({
  paymentId: z.string(),
  walletId: z.string(),
  amount: cents,
  balance: cents,
  paymentRequest: PaymentRequest,
});
export type WalletPaymentResponse = z.infer<typeof WalletPaymentResponse>;

/** `GET /v1/wallet/qr?payload=…`: what the customer's app shows after scanning, before paying. */
export const WalletQrLookup = z.object({
  merchant: z.object({ name: z.string() }),
  paymentRequest: z.object({
    basketNumber: z.string(),
    amountRequested: cents,
    status: PaymentRequestStatus,
    expiresAt: isoTimestamp,
    label: z.string().nullable(),
  }),
});
export type WalletQrLookup = z.infer<typeof WalletQrLookup>;

/** `GET /v1/wallet/wallets/{walletId}`: a customer's Chèque-Vacances Connect balance. */
export const Wallet = z.object({ walletId: z.string(), balance: cents });
export type Wallet = z.infer<typeof Wallet>;

// ---- errors --------------------------------------------------------------------------------

export const PlatformErrorCode = z.enum([
  'validation_error',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'unauthorized',
  'token_expired',
  'invalid_credentials',
  'account_locked',
  'idempotency_conflict',
  'basket_in_progress',
  'not_pending',
  'unknown_qr',
  'unknown_wallet',
  'insufficient_balance',
  'service_unavailable',
  'internal_error',
]);
export type PlatformErrorCode = z.infer<typeof PlatformErrorCode>;

export const PlatformErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    attemptsLeft: z.number().int().nonnegative().optional(),
    unlockUrl: z.string().optional(),
    /** With a refused `amount`: the merchant's limits, in cents. */
    minAmount: cents.optional(),
    maxAmount: cents.optional(),
  }),
});
export type PlatformErrorBody = z.infer<typeof PlatformErrorBody>;
