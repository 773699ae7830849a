// The CreatePaymentLink body for one Chèque-Vacances Connect request: payment product 5412 only,
// the customer free to pay part of the amount in the ANCV app, the basket number as merchant
// reference, and an expiry like the sandbox's.
import type { Domain } from 'onlinepayments-sdk-nodejs';
import type { PaymentRequestInput } from '../gateway';

/** "Chèque-Vacances Connect via ANCV" on Worldline Direct (and CAWL). */
export const CV_CONNECT_PRODUCT_ID = 5412;

/**
 * Product 5412's own input, as Worldline's Java, .NET, PHP, Python and Ruby SDKs type it
 * (`RedirectPaymentProduct5412SpecificInput`): `adjustableAmount` — "if true, the customer can
 * adjust the portion of the total amount paid using this payment method in the ANCV app at
 * authentication time"; `beneficiaryId` — the customer's 11-digit CV Connect id (unused here:
 * the customer identifies in the app). The Node SDK 6.2.0 lacks it, in its typings and in the
 * JSON schema it checks requests against, so this body is sent as documented JSON
 * (signed-request.ts) rather than through `paymentLinks.createPaymentLink`.
 */
export interface RedirectPaymentProduct5412SpecificInput {
  adjustableAmount?: boolean;
  beneficiaryId?: string;
}

export type CvConnectLinkRequest = Domain.CreatePaymentLinkRequest & {
  redirectPaymentMethodSpecificInput: Domain.RedirectPaymentMethodSpecificInput & {
    paymentProduct5412SpecificInput: RedirectPaymentProduct5412SpecificInput;
  };
};

/** "The date sent cannot be more than 6 months in the future or a past date. It must also
 *  contain the UTC offset" (the SDK's typings of `expirationDate`). */
export function linkExpirationDate(at: Date): string {
  // Whole seconds, rounded up: a QR is never payable for less than it was asked to be.
  const seconds = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  return `${seconds.toISOString().slice(0, 19)}+00:00`;
}

export function cvConnectLinkRequest(input: PaymentRequestInput, expiresAt: Date): CvConnectLinkRequest {
  return {
    order: {
      amountOfMoney: { amount: input.amount, currencyCode: 'EUR' },
      references: { merchantReference: input.basketNumber },
    },
    hostedCheckoutSpecificInput: {
      locale: 'fr_FR',
      // Only Chèque-Vacances Connect on the page the QR opens: no card form in its place.
      paymentProductFilters: { restrictTo: { products: [CV_CONNECT_PRODUCT_ID] } },
    },
    redirectPaymentMethodSpecificInput: {
      paymentProductId: CV_CONNECT_PRODUCT_ID,
      // A sale, not an authorisation waiting for a capture.
      requiresApproval: false,
      paymentProduct5412SpecificInput: { adjustableAmount: true },
    },
    paymentLinkSpecificInput: {
      expirationDate: linkExpirationDate(expiresAt),
      ...(input.label !== null ? { description: input.label } : {}),
    },
  };
}
