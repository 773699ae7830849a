// The local API's OpenAPI description: valid OpenAPI 3.1 (checked against the official schemas by
// @seriousme/openapi-schema-validator, every $ref resolved), complete (every channel, every event,
// every error code with its status, the CSV route, the Idempotency-Key header, both tokens), the
// same as docs/openapi.json, served without a token, and true: what a real host answers validates
// against the schemas it publishes (ajv, JSON Schema 2020-12).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, displayChannels, displayEvents, ERROR_CODES, EVENT_NAMES, httpStatusFor, LOCAL_API_ROUTES } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { buildOpenApi, openApiText } from '../../electron/host/openapi';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox, type RunningSandbox } from '../../electron/sandbox/index';
import packageJson from '../../package.json';
import { startTestCompanion, tempDir } from '../support/companion';

const document = buildOpenApi() as any;

describe('the OpenAPI description', () => {
  it('is valid OpenAPI 3.1 and every reference in it resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
    expect(document.info.version).toBe(packageJson.version);
  });

  it('has every channel, every event and every error code with its HTTP status', () => {
    for (const channel of [...CHANNELS, ...Object.keys(displayChannels)]) {
      expect(document.paths[`/api/${channel}`]?.post?.operationId, channel).toBe(channel);
    }
    const eventsIn = (name: string) => document.components.schemas[name].oneOf.map((variant: any) => variant.properties.event.const);
    expect(eventsIn('CompanionEvent')).toEqual(EVENT_NAMES);
    expect(eventsIn('DisplayEvent')).toEqual([...displayEvents]);
    expect(Object.keys(document.paths['/api/events'].get.responses['200'].content)).toEqual(['text/event-stream']);
    for (const code of ERROR_CODES) {
      const status = httpStatusFor(code);
      expect(document.components.responses[`Error${status}`].description, code).toContain(`\`${code}\``);
      expect(document.paths['/api/payments.create'].post.responses[String(status)], code).toEqual({ $ref: `#/components/responses/Error${status}` });
    }
    expect(document.components.schemas.ContractError.properties.code.enum).toEqual([...ERROR_CODES]);
    expect(document.components.schemas.ErrorEnvelope.properties.error).toEqual({ $ref: '#/components/schemas/ContractError' });
  });

  it('describes auth, the Idempotency-Key header, the CSV route and the routes that need no token', () => {
    expect(document.security).toEqual([{ cashierToken: [] }]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['cashierToken', 'displayToken']);
    const idempotency = document.paths['/api/payments.create'].post.parameters.find((parameter: any) => parameter.name === 'Idempotency-Key');
    expect(idempotency).toMatchObject({ in: 'header', required: false });
    expect(document.paths[LOCAL_API_ROUTES.reportCsv].get.responses['200'].content['text/csv']).toBeDefined();
    for (const path of ['/api/health', '/api/openapi.json', '/api/display/pair']) {
      expect(Object.values(document.paths[path])[0]).toMatchObject({ security: [] });
    }
    expect(document.components.schemas.OperationsListInput.properties.from.description).toMatch(/Paris day/);
  });

  it('is the file committed in docs/ (run `npm run openapi` after changing the contract)', () => {
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8')).toBe(openApiText());
  });
});

describe('a real host against its own description', () => {
  let dir: ReturnType<typeof tempDir>;
  let sandbox: RunningSandbox;
  let companion: CoreCompanion;
  let host: RunningHttpHost;
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ ...document, $id: 'openapi' });
  const check = (schema: object, body: unknown) => {
    const validate = ajv.compile({ $id: `check-${Math.random()}`, ...schema });
    return validate(body) ? [] : validate.errors;
  };
  const responseSchema = (path: string, method: 'get' | 'post', status: string) => {
    const response = document.paths[path][method].responses[status];
    const resolved = response.$ref ? document.components.responses[response.$ref.split('/').at(-1)] : response;
    return rewrite(resolved.content['application/json'].schema);
  };
  /** Local refs (#/components/…) point into the document registered as `openapi`. */
  const rewrite = (schema: unknown): any =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

  beforeAll(async () => {
    dir = tempDir('cvc-openapi-');
    sandbox = await startSandbox({ port: 0 });
    companion = await startTestCompanion({ platformUrl: sandbox.url, dataDir: dir.path });
    host = await startHttpHost({ companion, cashierToken: 'cashier-token-for-openapi', displayToken: 'display-token-for-openapi' });
  });

  afterAll(async () => {
    await host.close();
    await companion.close();
    await sandbox.close();
    dir.remove();
  });

  async function call(path: string, body?: object, token = 'cashier-token-for-openapi') {
    const response = await fetch(`${host.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it('serves the description without a token', async () => {
    const response = await fetch(`${host.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(document);
  });

  it('answers what the description says, successes and refusals alike', async () => {
    const samples: Array<[string, 'get' | 'post', { status: number; body: unknown }]> = [
      ['/api/health', 'get', await call('/api/health')],
      ['/api/session.login', 'post', await call('/api/session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD })],
      ['/api/payments.create', 'post', await call('/api/payments.create', { amount: 2000, basketNumber: 'OAS-1' })],
      ['/api/payments.create', 'post', await call('/api/payments.create', { amount: 2000, basketNumber: 'OAS-1' })],
      ['/api/operations.list', 'post', await call('/api/operations.list', { from: '2026-01-01' })],
      ['/api/operations.summary', 'post', await call('/api/operations.summary', {})],
      ['/api/settings.get', 'post', await call('/api/settings.get', {})],
      ['/api/app.about', 'post', await call('/api/app.about', {})],
      ['/api/display.pairing', 'post', await call('/api/display.pairing', {})],
      ['/api/payments.get', 'post', await call('/api/payments.get', { id: 'nope' })],
      ['/api/payments.create', 'post', await call('/api/payments.create', { amount: -1, basketNumber: 'OAS-2' })],
      ['/api/session.get', 'post', await call('/api/session.get', {}, 'wrong-token')],
      ['/api/display.get', 'post', await call('/api/display.get', {}, 'display-token-for-openapi')],
    ];
    expect(samples.map(([, , answer]) => answer.status)).toEqual([200, 200, 200, 409, 200, 200, 200, 200, 200, 404, 400, 401, 200]);
    for (const [path, method, answer] of samples) {
      expect(check(responseSchema(path, method, String(answer.status)), answer.body), `${path} ${answer.status}`).toEqual([]);
    }
    // The schemas do refuse what the host would never send.
    const created = samples[2]![2].body as { value: Record<string, unknown> };
    expect(check(responseSchema('/api/payments.create', 'post', '200'), { ok: true, value: { ...created.value, amountRequested: '20,00' } })).not.toEqual([]);
    expect(check(responseSchema('/api/payments.create', 'post', '409'), { ok: false, error: { code: 'no_such_code', message: '' } })).not.toEqual([]);
  });
});
