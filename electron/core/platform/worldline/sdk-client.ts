// One SDK client per set of API credentials, and the one call the SDK cannot send.
//
// The SDK signs every call (GCS v1HMAC: method, content type, Date, the X-GCS-* headers and the
// path, keyed with the secret API key) and types the answers. It has no timeout of its own, so
// its sockets get one here: a call that hears nothing for `timeoutMs` fails as a timeout rather
// than hanging a till.
//
// CreatePaymentLink with product 5412's input is sent beside the SDK: the SDK checks request
// bodies against its bundled JSON schema, which does not know `paymentProduct5412SpecificInput`
// and would refuse it. The body goes out as documented JSON, signed by the SDK's own
// authenticator with the same headers the SDK sends.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { init, type Client } from 'onlinepayments-sdk-nodejs';
import type { ApiCredentials } from './api-credentials';
import type { ResolvedEndpoint } from './endpoint';

/** Named as AbortSignal.timeout's error is, so fromFetchFailure classifies both alike. */
function timeoutError(ms: number): Error {
  const error = new Error(`no answer for ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

function agentWithTimeout(scheme: 'http' | 'https', timeoutMs: number): http.Agent {
  const agent = scheme === 'https' ? new https.Agent({ keepAlive: true, timeout: timeoutMs }) : new http.Agent({ keepAlive: true, timeout: timeoutMs });
  // Node only reports a socket's silence ('timeout'); nobody in the SDK listens, so end it here:
  // the request in flight then fails, and an idle pooled socket is simply dropped.
  const create = agent.createConnection.bind(agent) as (...args: unknown[]) => Duplex;
  (agent as unknown as { createConnection: (...args: unknown[]) => Duplex }).createConnection = (...args: unknown[]) => {
    const socket = create(...args);
    socket.on('timeout', () => socket.destroy(timeoutError(timeoutMs)));
    return socket;
  };
  return agent;
}

export interface WorldlineClient {
  readonly sdk: Client;
  readonly merchantId: string;
  /** POST of a JSON body the SDK's schema does not know, signed the SDK's way. */
  postDocumentedJson(path: string, body: unknown, idempotenceKey: string): Promise<{ status: number; headers: Headers; body: unknown }>;
  close(): void;
}

export function worldlineClient(options: {
  endpoint: ResolvedEndpoint;
  credentials: ApiCredentials;
  integrator: string;
  timeoutMs: number;
}): WorldlineClient {
  const { endpoint, credentials, timeoutMs } = options;
  const agent = agentWithTimeout(endpoint.scheme, timeoutMs);
  const sdk = init({
    host: endpoint.host,
    scheme: endpoint.scheme,
    port: endpoint.port,
    apiKeyId: credentials.apiKeyId,
    secretApiKey: credentials.secretApiKey,
    integrator: options.integrator,
    // The SDK's own request log would print bodies; the companion logs what it needs itself.
    enableLogging: false,
    connectionOptions: { agent },
  });

  return {
    sdk,
    merchantId: credentials.merchantId,
    async postDocumentedJson(path, body, idempotenceKey) {
      const contentType = 'application/json';
      // RFC 1123, as the SDK writes it ("Tue, 01 Dec 2026 10:00:00 GMT").
      const date = new Date().toUTCString();
      const gcsHeaders = [
        { key: 'X-GCS-Idempotence-Key', value: idempotenceKey },
        {
          key: 'X-GCS-ServerMetaInfo',
          value: Buffer.from(
            JSON.stringify({ sdkCreator: 'OnlinePayments', sdkIdentifier: 'NodejsServerSDK/v6.2.0', platformIdentifier: `Node.js/${process.versions.node}`, integrator: options.integrator }),
          ).toString('base64'),
        },
      ];
      const authorization = await sdk.context.getAuthenticator().getAuthorization('POST', contentType, date, gcsHeaders, path);
      const response = await fetch(new URL(path, endpoint.url), {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': contentType,
          date,
          authorization,
          ...Object.fromEntries(gcsHeaders.map((h) => [h.key, h.value])),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = null;
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    close() {
      agent.destroy();
    },
  };
}
