// The fake's memory: payment links, the payments they make, idempotence keys. The lifecycle is
// the documented one: a link is ACTIVE until it is paid (PAID, with a payment whose
// acquiredAmount is what the customer chose to pay), cancelled by the merchant (CANCELLED) or
// past its expirationDate (EXPIRED); only an ACTIVE link changes.
import { randomBytes, randomUUID } from 'node:crypto';

export type LinkStatus = 'ACTIVE' | 'PAID' | 'CANCELLED' | 'EXPIRED';

/** Documented payment statuses the fake can put a payment in. */
export const PAYMENT_STATUSES = ['CAPTURED', 'CAPTURE_REQUESTED', 'PENDING_CAPTURE', 'REJECTED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const STATUS_OUTPUT: Record<PaymentStatus, { statusCategory: string; statusCode: number }> = {
  CAPTURED: { statusCategory: 'COMPLETED', statusCode: 9 },
  CAPTURE_REQUESTED: { statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY', statusCode: 91 },
  PENDING_CAPTURE: { statusCategory: 'PENDING_MERCHANT', statusCode: 5 },
  REJECTED: { statusCategory: 'UNSUCCESSFUL', statusCode: 2 },
};

export interface Link {
  id: string;
  merchantId: string;
  token: string;
  amount: number;
  merchantReference: string | null;
  description: string | null;
  adjustableAmount: boolean;
  expiresAt: Date;
  status: LinkStatus;
  events: Array<{ type: string; dateTime: string }>;
  paymentId: string | null;
}

export interface Payment {
  id: string;
  linkId: string;
  status: PaymentStatus;
  amountRequested: number;
  acquired: number;
  merchantReference: string | null;
}

export type PayRefusal = 'unknown_link' | 'not_active' | 'bad_amount' | 'not_adjustable';

export class FakeState {
  readonly links = new Map<string, Link>();
  readonly payments = new Map<string, Payment>();
  /** `${merchantId} ${key}` → the link that key made, or `in_progress` while its create runs. */
  readonly idempotence = new Map<string, { linkId: string; firstAt: number; inProgress: boolean }>();

  createLink(input: {
    merchantId: string;
    amount: number;
    merchantReference: string | null;
    description: string | null;
    adjustableAmount: boolean;
    expiresAt: Date;
  }): Link {
    const now = new Date().toISOString();
    const link: Link = {
      id: randomUUID().replace(/-/g, ''),
      token: randomBytes(24).toString('base64url'),
      status: 'ACTIVE',
      events: [{ type: 'CREATED', dateTime: now }],
      paymentId: null,
      ...input,
    };
    this.links.set(link.id, link);
    return link;
  }

  /** Every read and change goes through here first: a link past its date is EXPIRED. */
  current(id: string): Link | undefined {
    const link = this.links.get(id);
    if (link && link.status === 'ACTIVE' && link.expiresAt.getTime() <= Date.now()) {
      link.status = 'EXPIRED';
      link.events.push({ type: 'EXPIRED', dateTime: new Date().toISOString() });
    }
    return link;
  }

  byToken(token: string): Link | undefined {
    for (const link of this.links.values()) if (link.token === token) return this.current(link.id);
    return undefined;
  }

  cancel(id: string): 'cancelled' | 'not_active' | 'unknown_link' {
    const link = this.current(id);
    if (!link) return 'unknown_link';
    if (link.status !== 'ACTIVE') return 'not_active';
    link.status = 'CANCELLED';
    link.events.push({ type: 'CANCELLED', dateTime: new Date().toISOString() });
    return 'cancelled';
  }

  /** What the customer's ANCV app does: pay all, or (adjustableAmount) part, once. */
  pay(token: string, amount: number, status: PaymentStatus = 'CAPTURED'): Payment | PayRefusal {
    const link = this.byToken(token);
    if (!link) return 'unknown_link';
    if (link.status !== 'ACTIVE') return 'not_active';
    if (!Number.isInteger(amount) || amount <= 0 || amount > link.amount) return 'bad_amount';
    if (!link.adjustableAmount && amount !== link.amount) return 'not_adjustable';
    const payment: Payment = {
      id: `${randomUUID().replace(/-/g, '').slice(0, 20)}_0`,
      linkId: link.id,
      status,
      amountRequested: link.amount,
      acquired: amount,
      merchantReference: link.merchantReference,
    };
    this.payments.set(payment.id, payment);
    link.status = 'PAID';
    link.paymentId = payment.id;
    link.events.push({ type: 'PAID', dateTime: new Date().toISOString() });
    return payment;
  }

  linkView(link: Link, publicUrl: string) {
    return {
      paymentLinkId: link.id,
      status: link.status,
      redirectionUrl: `${publicUrl}/hostedcheckout/pay/${link.token}`,
      expirationDate: `${link.expiresAt.toISOString().slice(0, 19)}+00:00`,
      isReusableLink: false,
      ...(link.paymentId ? { paymentId: link.paymentId } : {}),
      paymentLinkOrder: {
        amount: { amount: link.amount, currencyCode: 'EUR' },
        ...(link.merchantReference !== null ? { merchantReference: link.merchantReference } : {}),
      },
      paymentLinkEvents: link.events.map((e) => ({ ...e })),
    };
  }

  paymentView(payment: Payment) {
    const taken = payment.status === 'CAPTURED';
    return {
      id: payment.id,
      status: payment.status,
      statusOutput: { ...STATUS_OUTPUT[payment.status], isAuthorized: payment.status !== 'REJECTED', isCancellable: false, isRefundable: taken },
      paymentOutput: {
        amountOfMoney: { amount: payment.amountRequested, currencyCode: 'EUR' },
        ...(taken ? { acquiredAmount: { amount: payment.acquired, currencyCode: 'EUR' } } : {}),
        paymentMethod: 'redirect',
        redirectPaymentMethodSpecificOutput: { paymentProductId: 5412 },
        references: payment.merchantReference !== null ? { merchantReference: payment.merchantReference } : {},
      },
    };
  }
}
