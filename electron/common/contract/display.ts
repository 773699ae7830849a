// The customer display: what it shows, and how a remote one pairs.
import { z } from 'zod';
import { cents, isoTimestamp } from './schema-parts';
import { Language } from './settings';

/** What the customer-facing screen shows: never cashier-only data (no convention number,
 *  no customer reference). */
export const DisplayState = z.object({
  phase: z.enum(['idle', 'payment', 'partial', 'validated', 'cancelled', 'expired', 'failed']),
  merchantName: z.string().nullable(),
  language: Language,
  payment: z
    .object({
      operationId: z.string(),
      basketNumber: z.string(),
      amountRequested: cents,
      amountReceived: cents,
      remainder: cents,
      /** Only while the request can still be paid. */
      qrPayload: z.string().nullable(),
      expiresAt: isoTimestamp.nullable(),
    })
    .nullable(),
  /** Server time when the state was computed, so a display can correct its clock for the countdown. */
  serverTime: isoTimestamp,
});
export type DisplayState = z.infer<typeof DisplayState>;

/** How a tablet or a second computer pairs with the headless host's customer display: the
 *  display URL with its display-only token (shown as a QR code on the cashier screen) and the
 *  short code to type on a display page that has no token. */
export const DisplayPairing = z.object({
  url: z.string(),
  code: z.string(),
});
export type DisplayPairing = z.infer<typeof DisplayPairing>;

/** The short pairing code: 6 digits. */
export const DISPLAY_PAIRING_CODE_PATTERN = /^\d{6}$/;
/** `POST /api/display/pair` (no token): a display page trades the code for the display token. */
export const DisplayPairInput = z
  .object({ code: z.string().trim().regex(DISPLAY_PAIRING_CODE_PATTERN, 'the pairing code is 6 digits') })
  .strict();
export const DisplayPairResult = z.object({ token: z.string().min(1) });
export type DisplayPairResult = z.infer<typeof DisplayPairResult>;
