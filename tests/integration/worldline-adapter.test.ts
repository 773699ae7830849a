// The Worldline Direct adapter and its test server beyond the shared conformance suite: the
// GCS v1HMAC check (with the SDK signing, the fake verifying from the documentation), the
// SDK's request schema and product 5412's input, the payment statuses between "paid" and
// "taken", idempotence while a create is still running, credentials and endpoints.
import Ajv from 'ajv-draft-04';
import { init } from 'onlinepayments-sdk-nodejs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PlatformError, type PaymentRequestInput, type PlatformSession } from '../../electron/core/platform/gateway';
import { resolveEndpoint } from '../../electron/core/platform/worldline/endpoint';
import { cvConnectLinkRequest } from '../../electron/core/platform/worldline/payment-link-request';
import { WorldlineGateway, worldlineIdempotenceKey } from '../../electron/core/platform/worldline/worldline-gateway';
import { compileCreatePaymentLink, sdkSchema } from '../support/worldline-fake/request-schema';
import { FAKE_MERCHANT, startWorldlineFake, type RunningWorldlineFake } from '../support/worldline-fake/server';

let fake: RunningWorldlineFake;
let gateway: WorldlineGateway;
let session: PlatformSession;
let count = 0;

const input = (amount: number, overrides: Partial<PaymentRequestInput> = {}): PaymentRequestInput => ({
  amount,
  basketNumber: `WL-${++count}`,
  label: null,
  customerReference: null,
  sellerId: null,
  idempotencyKey: crypto.randomUUID(),
  ...overrides,
});

async function failure(pending: Promise<unknown>): Promise<PlatformError> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof PlatformError)) throw new Error(`expected a PlatformError, got ${String(error)}`);
  return error;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A call signed by the SDK's own authenticator, sent as is or altered after signing. */
async function signedCall(options: {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  key?: { apiKeyId: string; secretApiKey: string };
  gcs?: Record<string, string>;
  after?: { path?: string; date?: string; gcs?: Record<string, string>; body?: unknown; authorization?: string | null };
}): Promise<{ status: number; body: unknown }> {
  const key = options.key ?? FAKE_MERCHANT;
  const sdk = init({ host: '127.0.0.1', port: fake.port, scheme: 'http', apiKeyId: key.apiKeyId, secretApiKey: key.secretApiKey, integrator: 'tests' });
  const contentType = 'application/json';
  const date = new Date().toUTCString();
  const gcs = Object.entries(options.gcs ?? {}).map(([k, value]) => ({ key: k, value }));
  const authorization = await sdk.context.getAuthenticator().getAuthorization(options.method, contentType, date, gcs, options.path);
  const headers: Record<string, string> = {
    'content-type': contentType,
    date: options.after?.date ?? date,
    ...Object.fromEntries(gcs.map((h) => [h.key, h.value])),
    ...options.after?.gcs,
  };
  if (options.after?.authorization !== null) headers.authorization = options.after?.authorization ?? authorization;
  const body = options.after && 'body' in options.after ? options.after.body : options.body;
  const response = await fetch(`${fake.url}${options.after?.path ?? options.path}`, {
    method: options.method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  fake = await startWorldlineFake();
  gateway = new WorldlineGateway({
    endpoint: { testServerUrl: fake.url },
    timeoutMs: 5_000,
    poll: { minMs: 100, maxMs: 400, factor: 1.5, tickMs: 50 },
  });
  session = (await gateway.authenticate({ kind: 'api-key', ...FAKE_MERCHANT })).session;
});

afterEach(async () => {
  await post('/fake/faults', {});
});

afterAll(async () => {
  await gateway.endSession(session);
  await fake.close();
});

const testConnection = `/v2/${FAKE_MERCHANT.merchantId}/services/testconnection`;
const paymentLinks = `/v2/${FAKE_MERCHANT.merchantId}/paymentlinks`;

describe('Worldline test server: GCS v1HMAC authentication', () => {
  it('accepts a call the SDK signed with the test key', async () => {
    expect(await signedCall({ method: 'GET', path: testConnection })).toEqual({ status: 200, body: { result: 'OK' } });
  });

  it('refuses a wrong secret, an unknown key id, and a call with no signature', async () => {
    const wrongSecret = await signedCall({ method: 'GET', path: testConnection, key: { apiKeyId: FAKE_MERCHANT.apiKeyId, secretApiKey: 'another-secret' } });
    const unknownKey = await signedCall({ method: 'GET', path: testConnection, key: { apiKeyId: 'NOSUCHKEY', secretApiKey: FAKE_MERCHANT.secretApiKey } });
    const unsigned = await signedCall({ method: 'GET', path: testConnection, after: { authorization: null } });
    for (const refused of [wrongSecret, unknownKey, unsigned]) {
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ errors: [{ httpStatusCode: 401 }] });
    }
  });

  it('refuses a signed call whose path, Date or X-GCS header was changed after signing', async () => {
    const link = (await gateway.create(session, input(1000))).request;
    const other = (await gateway.create(session, input(1000))).request;
    const path = `${paymentLinks}/${link.ref}`;
    expect((await signedCall({ method: 'GET', path })).status).toBe(200);
    expect((await signedCall({ method: 'GET', path, after: { path: `${paymentLinks}/${other.ref}` } })).status).toBe(401);
    expect((await signedCall({ method: 'GET', path, after: { date: new Date(Date.now() + 3_600_000).toUTCString() } })).status).toBe(401);
    const body = cvConnectLinkRequest(input(1000), new Date(Date.now() + 60_000));
    const keyed = { method: 'POST' as const, path: paymentLinks, body, gcs: { 'X-GCS-Idempotence-Key': 'key-signed' } };
    expect((await signedCall({ ...keyed, after: { gcs: { 'X-GCS-Idempotence-Key': 'key-swapped' } } })).status).toBe(401);
    expect((await signedCall(keyed)).status).toBe(201);
  });

  it('refuses a good key used on another merchant id', async () => {
    const refused = await signedCall({ method: 'GET', path: '/v2/SOMEONEELSE/services/testconnection' });
    expect(refused.status).toBe(403);
  });

  it('cannot see a body changed within the schema (the scheme signs no body), and refuses one changed out of it', async () => {
    const body = cvConnectLinkRequest(input(1000), new Date(Date.now() + 60_000));
    const outOfSchema = await signedCall({ method: 'POST', path: paymentLinks, body, after: { body: { ...body, surprise: true } } });
    expect(outOfSchema.status).toBe(400);
    expect(outOfSchema.body).toMatchObject({ errors: [{ propertyName: 'surprise' }] });
    // The documented limit of GCS v1HMAC: only TLS protects the body in transit.
    const altered = { ...body, order: { ...body.order, amountOfMoney: { amount: 1, currencyCode: 'EUR' } } };
    const accepted = await signedCall({ method: 'POST', path: paymentLinks, body, after: { body: altered } });
    expect(accepted).toMatchObject({ status: 201, body: { paymentLinkOrder: { amount: { amount: 1 } } } });
  });
});

describe("the SDK's request schema and product 5412's input", () => {
  it("is refused by the SDK's own schema, accepted by the schema extended with the documented input", () => {
    const body = cvConnectLinkRequest(input(2000), new Date(Date.now() + 60_000));
    const sdkOnly = new Ajv({ strict: false }).compile(sdkSchema('CreatePaymentLinkRequest'));
    expect(sdkOnly(body)).toBe(false);
    expect(sdkOnly.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'paymentProduct5412SpecificInput' } });
    expect(compileCreatePaymentLink()(body)).toBeNull();
  });

  it('is what makes the SDK refuse to send the create itself, so the adapter sends it as documented JSON', async () => {
    const body = cvConnectLinkRequest(input(2000), new Date(Date.now() + 60_000));
    const before = fake.state.links.size;
    const sdk = init({ host: '127.0.0.1', port: fake.port, scheme: 'http', ...FAKE_MERCHANT, integrator: 'tests' });
    // It throws before any request is made (not even a rejected promise).
    expect(() => sdk.paymentLinks.createPaymentLink(FAKE_MERCHANT.merchantId, body)).toThrow(/additional property "paymentProduct5412SpecificInput"/);
    expect(fake.state.links.size).toBe(before);
  });

  it('sends product 5412 only, the adjustable amount, the basket as merchant reference and an expiry with its UTC offset', async () => {
    const asked = input(2000, { basketNumber: 'REF253', label: 'Emplacement 12' });
    const { request } = await gateway.create(session, asked);
    const link = fake.state.links.get(request.ref)!;
    expect(link).toMatchObject({ amount: 2000, merchantReference: 'REF253', description: 'Emplacement 12', adjustableAmount: true });
    expect(request.qrPayload).toMatch(new RegExp(`^${fake.url}/hostedcheckout/pay/`));
    const body = cvConnectLinkRequest(asked, new Date('2026-07-14T08:06:00.250Z'));
    expect(body.redirectPaymentMethodSpecificInput).toEqual({
      paymentProductId: 5412,
      requiresApproval: false,
      paymentProduct5412SpecificInput: { adjustableAmount: true },
    });
    expect(body.hostedCheckoutSpecificInput?.paymentProductFilters).toEqual({ restrictTo: { products: [5412] } });
    expect(body.paymentLinkSpecificInput?.expirationDate).toBe('2026-07-14T08:06:01+00:00');
  });
});

describe('payment statuses between "paid" and "taken"', () => {
  it('keeps a paid link whose capture is only requested pending, then validates it with what was taken', async () => {
    const { request } = await gateway.create(session, input(3000));
    const paid = (await (await post('/fake/customer/payments', { qrPayload: request.qrPayload, amount: 2200, paymentStatus: 'CAPTURE_REQUESTED' })).json()) as {
      paymentId: string;
    };
    const waiting = await gateway.get(session, request.ref);
    expect(waiting).toMatchObject({ status: 'pending', amountReceived: 0, platformState: { status: 'PAID / CAPTURE_REQUESTED' } });
    expect((await post(`/fake/payments/${paid.paymentId}`, { status: 'CAPTURED' })).status).toBe(204);
    expect(await gateway.get(session, request.ref)).toMatchObject({
      status: 'validated',
      amountRequested: 3000,
      amountReceived: 2200,
      platformState: { status: 'PAID / CAPTURED', detail: { paymentId: paid.paymentId, statusCategory: 'COMPLETED' } },
    });
  });

  it('reports a paid link whose payment was rejected as an error, never as a guessed status', async () => {
    const { request } = await gateway.create(session, input(3000));
    await post('/fake/customer/payments', { qrPayload: request.qrPayload, amount: 3000, paymentStatus: 'REJECTED' });
    const error = await failure(gateway.get(session, request.ref));
    expect(error.kind).toBe('platform_error');
    expect(error.message).toMatch(/REJECTED/);
  });
});

describe('idempotence while a create is still running', () => {
  it('answers a replay with "still in progress" (an outcome to ask again), then with the same link', async () => {
    // A generous gap between the commit and the answer, well inside this gateway's timeout: the
    // replay lands in it however loaded the machine, and the first create is answered in the end.
    const patient = new WorldlineGateway({ endpoint: { testServerUrl: fake.url }, timeoutMs: 20_000 });
    const own = (await patient.authenticate({ kind: 'api-key', ...FAKE_MERCHANT })).session;
    await post('/fake/faults', { createResponseDelayMs: 6_000 });
    const asked = input(1400);
    const first = patient.create(own, asked);
    await vi.waitFor(() => expect([...fake.state.links.values()].some((l) => l.merchantReference === asked.basketNumber)).toBe(true), { timeout: 10_000 });
    const during = await failure(patient.create(own, asked));
    expect(during).toMatchObject({ kind: 'timeout', reachedPlatform: true, status: 409 });
    expect(during.retryable).toBe(true);
    const made = await first;
    expect(made.replayed).toBe(false);
    const after = await patient.create(own, asked);
    expect(after).toMatchObject({ replayed: true, request: { ref: made.request.ref } });
    await patient.endSession(own);
  });

  it('shortens a key longer than Worldline takes the same way every time', () => {
    const long = `${'k'.repeat(60)}-é`;
    expect(worldlineIdempotenceKey(long)).toHaveLength(40);
    expect(worldlineIdempotenceKey(long)).toBe(worldlineIdempotenceKey(long));
    expect(worldlineIdempotenceKey(long)).toMatch(/^[\x21-\x7e]+$/);
    const uuid = crypto.randomUUID();
    expect(worldlineIdempotenceKey(uuid)).toBe(uuid);
  });
});

describe('credentials and endpoints', () => {
  it('refuses malformed credentials before calling anyone, and a key of another merchant as invalid credentials', async () => {
    const malformed = await failure(gateway.authenticate({ kind: 'api-key', ...FAKE_MERCHANT, merchantId: '../other' }));
    expect(malformed).toMatchObject({ kind: 'invalid_credentials', reachedPlatform: false, field: 'merchantId' });
    const other = await failure(gateway.authenticate({ kind: 'api-key', ...FAKE_MERCHANT, merchantId: 'SOMEONEELSE' }));
    expect(other).toMatchObject({ kind: 'invalid_credentials', status: 403 });
    const wrong = await failure(gateway.authenticate({ kind: 'api-key', ...FAKE_MERCHANT, secretApiKey: 'c2VjcmV0LXdyb25n' }));
    expect(wrong.message).not.toContain('c2VjcmV0LXdyb25n');
    expect(wrong.message).not.toContain(FAKE_MERCHANT.secretApiKey);
    expect((await failure(gateway.authenticate({ kind: 'convention', conventionNumber: '643736001001', password: 'x' }))).kind).toBe('invalid_credentials');
  });

  it('reaches production and pre-production over https, and a test server only on loopback', () => {
    expect(resolveEndpoint({ environment: 'production' })).toEqual({ url: 'https://payment.direct.worldline-solutions.com', scheme: 'https', host: 'payment.direct.worldline-solutions.com', port: 443 });
    expect(resolveEndpoint({ environment: 'preproduction' }).url).toBe('https://payment.preprod.direct.worldline-solutions.com');
    expect(resolveEndpoint({ testServerUrl: 'http://127.0.0.1:4010' })).toMatchObject({ scheme: 'http', port: 4010 });
    expect(() => resolveEndpoint({ testServerUrl: 'http://192.168.1.20:4010' })).toThrow();
    expect(() => resolveEndpoint({ testServerUrl: 'https://payment.direct.worldline-solutions.com' })).toThrow();
    expect(() => resolveEndpoint({ environment: 'staging' } as never)).toThrow();
  });
});
