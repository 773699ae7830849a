// A local fake of exactly the Worldline Direct endpoints the adapter uses, for tests (and a demo
// on this machine): real HTTP on loopback, the documented GCS v1HMAC authentication checked on
// every merchant call, CreatePaymentLink bodies checked against the SDK's shipped JSON schema
// (plus product 5412's documented input), the documented idempotence behaviour, and a customer
// side that pays a link in full or in part as the ANCV app would.
//
// Merchant side (signed):            Customer side and test controls (unsigned):
//   GET  /v2/{m}/services/testconnection   GET  /hostedcheckout/pay/{token}   (the QR's page)
//   POST /v2/{m}/paymentlinks              POST /hostedcheckout/pay/{token}   (its form)
//   GET  /v2/{m}/paymentlinks/{id}         POST /fake/customer/payments       {qrPayload, amount, paymentStatus?}
//   POST /v2/{m}/paymentlinks/{id}/cancel  POST /fake/payments/{id}           {status}
//   GET  /v2/{m}/payments/{id}             POST /fake/faults                  {createResponseDelayMs?}
// Tests read what exists from `state` directly (the platform API lists nothing).
// Error codes in the fake's refusals are its own; the documented part is the HTTP status and the
// `{errorId, errors:[{errorCode, httpStatusCode, id, message, propertyName}]}` shape.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { payPage, resultPage } from './pay-page';
import { compileCreatePaymentLink } from './request-schema';
import { checkSignature, type ApiKey } from './signature';
import { FakeState, PAYMENT_STATUSES, type Link, type PayRefusal, type PaymentStatus } from './state';

export const FAKE_MERCHANT: ApiKey = {
  merchantId: 'CVCONNECTTEST',
  apiKeyId: '3B7C1F0A9D2E4B6C',
  secretApiKey: 'Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1zZWNyZXQtMjAyNg==',
};

export interface WorldlineFakeOptions {
  host?: string;
  port?: number;
  /** Base of the redirection URLs (what the QR codes carry); the listening address by default. */
  publicUrl?: string;
  keys?: ApiKey[];
}

export interface RunningWorldlineFake {
  url: string;
  port: number;
  state: FakeState;
  close(): Promise<void>;
}

const SIX_MONTHS_MS = 183 * 24 * 3_600_000;
/** Not documented: the fake's own default when a create gives no expirationDate. */
const DEFAULT_VALIDITY_MS = 30 * 24 * 3_600_000;

function errorBody(status: number, id: string, message: string, propertyName?: string) {
  return {
    errorId: randomUUID(),
    errors: [{ errorCode: id, category: 'DIRECT_PLATFORM_ERROR', httpStatusCode: status, id, message, retriable: false, ...(propertyName ? { propertyName } : {}) }],
  };
}

function refuse(reply: FastifyReply, status: number, id: string, message: string, propertyName?: string) {
  return reply.code(status).header('content-type', 'application/json').send(errorBody(status, id, message, propertyName));
}

type Body = Record<string, unknown>;
const obj = (value: unknown): Body | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined);

export async function startWorldlineFake(options: WorldlineFakeOptions = {}): Promise<RunningWorldlineFake> {
  const keys = options.keys ?? [FAKE_MERCHANT];
  const state = new FakeState();
  const validateCreate = compileCreatePaymentLink();
  const faults = { createResponseDelayMs: 0 };
  let publicUrl = options.publicUrl ?? '';
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  // The SDK sends `Content-Type: application/json` with no body on a cancel: an empty JSON body is null.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, null);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('malformed JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    void refuse(reply, status, status === 500 ? 'INTERNAL_ERROR' : 'INVALID_REQUEST', error.message);
  });

  // ---- merchant side: every call signed ---------------------------------------------------------

  const merchantOf = new WeakMap<FastifyRequest, ApiKey>();
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/v2/')) return;
    const check = checkSignature(request.method, request.headers, request.raw.url ?? request.url, keys);
    if (!check.ok) return refuse(reply, 401, 'MISSING_OR_INVALID_AUTHORIZATION', `authentication failed (${check.reason})`);
    const merchantId = (request.params as { merchantId?: string }).merchantId;
    if (merchantId !== check.key.merchantId) return refuse(reply, 403, 'ACCESS_TO_MERCHANT_NOT_ALLOWED', 'this API key does not belong to that merchant');
    merchantOf.set(request, check.key);
  });

  const linkOf = (request: FastifyRequest, id: string): Link | undefined => {
    const link = state.current(id);
    return link && link.merchantId === merchantOf.get(request)?.merchantId ? link : undefined;
  };

  app.get('/v2/:merchantId/services/testconnection', async () => ({ result: 'OK' }));

  app.post('/v2/:merchantId/paymentlinks', async (request, reply) => {
    const merchantId = merchantOf.get(request)!.merchantId;
    const keyHeader = request.headers['x-gcs-idempotence-key'];
    const key = typeof keyHeader === 'string' ? keyHeader : undefined;
    if (key !== undefined && !/^[\x20-\x7e]{1,40}$/.test(key)) {
      return refuse(reply, 400, 'INVALID_IDEMPOTENCE_KEY', 'at most 40 ASCII characters', 'X-GCS-Idempotence-Key');
    }
    const remembered = key !== undefined ? state.idempotence.get(`${merchantId} ${key}`) : undefined;
    if (remembered) {
      // "For requests in progress: 409"; "for completed requests: the same outcome as the
      // original request, even with different payloads" (with the link as it is now).
      if (remembered.inProgress) return refuse(reply, 409, 'IDEMPOTENCE_REQUEST_IN_PROGRESS', 'the first request with this key is still being processed');
      return reply
        .code(201)
        .header('x-gcs-idempotence-request-timestamp', String(remembered.firstAt))
        .send(state.linkView(state.current(remembered.linkId)!, publicUrl));
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'a JSON body is expected');
    }
    const issue = validateCreate(request.body);
    if (issue) return refuse(reply, 400, 'INVALID_PROPERTY', issue.message, issue.propertyName);
    const body = request.body as Body;
    const order = obj(body.order);
    const money = obj(order?.amountOfMoney);
    if (!money || typeof money.amount !== 'number' || !Number.isInteger(money.amount) || money.amount < 1) {
      return refuse(reply, 400, 'PARAMETER_NOT_FOUND_IN_REQUEST', 'a positive amount in cents is required', 'order.amountOfMoney.amount');
    }
    if (money.currencyCode !== 'EUR') return refuse(reply, 400, 'INVALID_VALUE', 'this merchant accepts EUR only', 'order.amountOfMoney.currencyCode');
    // This test PSPID has one payment method activated: Chèque-Vacances Connect (5412).
    const redirect = obj(body.redirectPaymentMethodSpecificInput);
    if (redirect?.paymentProductId !== undefined && redirect.paymentProductId !== 5412) {
      return refuse(reply, 400, 'PAYMENT_PRODUCT_NOT_ACTIVATED', 'only product 5412 is activated', 'redirectPaymentMethodSpecificInput.paymentProductId');
    }
    const restrictTo = obj(obj(obj(body.hostedCheckoutSpecificInput)?.paymentProductFilters)?.restrictTo)?.products;
    if (Array.isArray(restrictTo) && !restrictTo.includes(5412)) {
      return refuse(reply, 400, 'PAYMENT_PRODUCT_NOT_ACTIVATED', 'no activated product left', 'hostedCheckoutSpecificInput.paymentProductFilters.restrictTo.products');
    }
    const specific = obj(body.paymentLinkSpecificInput);
    const expiration = (specific?.expirationDate ?? body.expirationDate) as string | undefined;
    let expiresAt = new Date(Date.now() + DEFAULT_VALIDITY_MS);
    if (expiration !== undefined) {
      // "cannot be more than 6 months in the future or a past date. It must also contain the UTC offset"
      const at = Date.parse(expiration);
      if (!/[+-]\d{2}:\d{2}$/.test(expiration) || Number.isNaN(at)) {
        return refuse(reply, 400, 'INVALID_VALUE', 'a date with its UTC offset is expected', 'paymentLinkSpecificInput.expirationDate');
      }
      if (at <= Date.now() || at > Date.now() + SIX_MONTHS_MS) {
        return refuse(reply, 400, 'INVALID_VALUE', 'not in the past, at most 6 months ahead', 'paymentLinkSpecificInput.expirationDate');
      }
      expiresAt = new Date(at);
    }
    const link = state.createLink({
      merchantId,
      amount: money.amount,
      merchantReference: (obj(order?.references)?.merchantReference as string | undefined) ?? null,
      description: (specific?.description as string | undefined) ?? null,
      adjustableAmount: obj(redirect?.paymentProduct5412SpecificInput)?.adjustableAmount === true,
      expiresAt,
    });
    const firstAt = Date.now();
    if (key !== undefined) state.idempotence.set(`${merchantId} ${key}`, { linkId: link.id, firstAt, inProgress: true });
    try {
      // A slow platform: the link exists, the answer is late (replays meanwhile get 409).
      if (faults.createResponseDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.createResponseDelayMs));
    } finally {
      if (key !== undefined) state.idempotence.set(`${merchantId} ${key}`, { linkId: link.id, firstAt, inProgress: false });
    }
    return reply.code(201).send(state.linkView(link, publicUrl));
  });

  app.get('/v2/:merchantId/paymentlinks/:id', async (request, reply) => {
    const link = linkOf(request, (request.params as { id: string }).id);
    if (!link) return refuse(reply, 404, 'UNKNOWN_PAYMENT_LINK_ID', 'no such payment link');
    return state.linkView(link, publicUrl);
  });

  app.post('/v2/:merchantId/paymentlinks/:id/cancel', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!linkOf(request, id)) return refuse(reply, 404, 'UNKNOWN_PAYMENT_LINK_ID', 'no such payment link');
    const outcome = state.cancel(id);
    if (outcome === 'not_active') return refuse(reply, 409, 'PAYMENT_LINK_NOT_CANCELLABLE', `the link is ${state.current(id)!.status}`);
    return reply.code(200).send();
  });

  app.get('/v2/:merchantId/payments/:id', async (request, reply) => {
    const payment = state.payments.get((request.params as { id: string }).id);
    if (!payment || !linkOf(request, payment.linkId)) return refuse(reply, 404, 'UNKNOWN_PAYMENT_ID', 'no such payment');
    return state.paymentView(payment);
  });

  // ---- customer side and test controls ----------------------------------------------------------

  const payAs = (token: string, amount: number, status?: PaymentStatus) => state.pay(token, amount, status);
  const tokenOf = (qrPayload: string) => /\/hostedcheckout\/pay\/([A-Za-z0-9_-]+)$/.exec(qrPayload)?.[1] ?? '';

  app.get('/hostedcheckout/pay/:token', async (request, reply) => {
    const link = state.byToken((request.params as { token: string }).token);
    if (!link) return reply.code(404).type('text/html; charset=utf-8').send(resultPage('Lien de paiement inconnu.'));
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'").send(payPage(link));
  });

  app.post('/hostedcheckout/pay/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const typed = String((request.body as { amount?: unknown } | null)?.amount ?? '').replace(/\s/g, '').replace(',', '.');
    const amount = /^\d+(\.\d{1,2})?$/.test(typed) ? Math.round(Number(typed) * 100) : NaN;
    const outcome = payAs(token, amount);
    const page = typeof outcome === 'string' ? resultPage(PAY_REFUSALS[outcome]) : resultPage('Paiement accepté.');
    return reply.code(typeof outcome === 'string' ? 409 : 201).type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'").send(page);
  });

  app.post('/fake/customer/payments', async (request, reply) => {
    const body = obj(request.body) ?? {};
    const status = body.paymentStatus as PaymentStatus | undefined;
    if (status !== undefined && !PAYMENT_STATUSES.includes(status)) return refuse(reply, 400, 'INVALID_VALUE', 'unknown payment status', 'paymentStatus');
    const outcome = payAs(tokenOf(String(body.qrPayload ?? '')), Number(body.amount), status);
    if (typeof outcome === 'string') return refuse(reply, outcome === 'unknown_link' ? 404 : 409, outcome.toUpperCase(), PAY_REFUSALS[outcome]);
    return reply.code(201).send({ paymentId: outcome.id, status: outcome.status, acquired: outcome.acquired });
  });

  app.post('/fake/payments/:id', async (request, reply) => {
    const payment = state.payments.get((request.params as { id: string }).id);
    const status = obj(request.body)?.status as PaymentStatus | undefined;
    if (!payment) return refuse(reply, 404, 'UNKNOWN_PAYMENT_ID', 'no such payment');
    if (!status || !PAYMENT_STATUSES.includes(status)) return refuse(reply, 400, 'INVALID_VALUE', 'unknown payment status', 'status');
    payment.status = status;
    return reply.code(204).send();
  });

  app.post('/fake/faults', async (request, reply) => {
    const delay = obj(request.body)?.createResponseDelayMs;
    faults.createResponseDelayMs = typeof delay === 'number' && delay >= 0 ? delay : 0;
    return reply.code(204).send();
  });

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const port = Number(new URL(address).port);
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  publicUrl ||= url;
  return { url, port, state, close: () => app.close() };
}

const PAY_REFUSALS: Record<PayRefusal, string> = {
  unknown_link: 'Lien de paiement inconnu.',
  not_active: 'Ce lien ne peut plus être payé (déjà payé, annulé ou expiré).',
  bad_amount: 'Montant invalide : entre 0,01 € et le montant demandé.',
  not_adjustable: 'Ce lien ne permet pas de payer une partie du montant.',
};
