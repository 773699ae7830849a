// The headless host: the contract over HTTP on loopback (POST /api/<channel>, GET /api/events),
// the built screens, and the customer display's read-only state. This is also the API a till
// integrator drives (README, "API locale"). Remote displays (a tablet) pair with a short code;
// a second listener for them, beyond loopback, is opt-in and serves the display alone: the
// cashier API never leaves 127.0.0.1.
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  EVENT_NAMES,
  httpStatusFor,
  isChannel,
  LOCAL_API_ROUTES,
  parseInput,
  type Channel,
  type ChannelResult,
  type ContractError,
  type Result,
} from '../common/contract';
import { contractError } from '../common/error-messages';
import { APP_VERSION } from '../core/app-version';
import type { CallContext, Companion, Logger } from '../core/ports';
import { CONTENT_SECURITY_POLICY } from '../common/content-security-policy';
import { AccessTokens, generateToken, type Access } from './access-tokens';
import { DisplayPairingCodes, type DisplayPairingOptions } from './display-pairing';
import { registerDisplayApi, registerDisplayPage } from './display-routes';
import { buildOpenApi } from './openapi';
import { AllowedHosts, guardHosts } from './host-guard';
import { DEFAULT_STREAM_CAPS, openSse, OpenStreams, refuseStream, StreamCaps, type StreamKind } from './sse';


export interface HttpHostOptions {
  companion: Companion;
  cashierToken: string;
  displayToken: string;
  /** The built renderer (dist/renderer); the API works without it. */
  rendererDir?: string;
  port?: number;
  /** Opt-in (`--display-host`): a second listener on this address for remote displays, serving
   *  only the display page, its assets and its API. Its port is the main one unless given. */
  displayListener?: { host: string; port?: number };
  /** The pairing code's limits (tests) and what to do when it is replaced (the console). */
  pairing?: Omit<DisplayPairingOptions, 'displayToken'>;
  /** Most event streams open at once, per kind (default 32 cashier, 64 display). */
  eventStreams?: Partial<Record<StreamKind, number>>;
  /** Where « Nouveau jeton » and « Révoquer l'écran client » get and keep their new tokens (the
   *  data folder's file); without it they are made in memory, for this run only. */
  tokenStore?: { rotateCashier(): string; rotateDisplay(): string };
  /** A token was replaced (the console prints the new URL). */
  onTokenRotated?: (kind: 'cashier' | 'display', token: string) => void;
  log?: Logger;
}

export interface RunningHttpHost {
  url: string;
  port: number;
  app: FastifyInstance;
  /** The display listener's base URL as a tablet would reach it, or null without one. */
  displayListenerUrl: string | null;
  /** What the cashier screen shows to pair a display: the display URL with its token, and the code. */
  pairing(): { url: string; code: string };
  close(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024;
/** The platform's own rule for its Idempotency-Key, kept for the local API's. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The code of each refused request, for its log line. */
const refusedCodes = new WeakMap<FastifyReply, string>();

function send(reply: FastifyReply, result: Result<unknown>): FastifyReply {
  if (!result.ok) refusedCodes.set(reply, result.error.code);
  return reply.code(result.ok ? 200 : httpStatusFor(result.error.code)).send(result);
}

function failure(reply: FastifyReply, error: ContractError): FastifyReply {
  return send(reply, { ok: false, error });
}

/** A fastify app with the local API's answers for bad bodies, errors and unknown routes, that
 *  answers only requests addressed to one of its own addresses. */
function baseApp(log: Logger | undefined, hosts: AllowedHosts): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  guardHosts(app, hosts);
  // One line per request: refusals at info (support asks "why did the till get an error?"), the
  // rest at debug. The route pattern, never the URL: a page's URL may carry its token.
  app.addHook('onResponse', async (request, reply) => {
    const channel = (request.params as { channel?: unknown } | undefined)?.channel;
    const fields = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      ...(typeof channel === 'string' ? { channel } : {}),
      status: reply.statusCode,
      ...(refusedCodes.has(reply) ? { code: refusedCodes.get(reply) } : {}),
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 400) log?.info('local API refusal', fields);
    else log?.debug?.('local API request', fields);
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (error.statusCode === 413) {
      return reply.code(413).send({ ok: false, error: contractError('bad_request', { reason: 'body_too_large', limit: 16 * 1024 }) });
    }
    if (error.statusCode && error.statusCode < 500) {
      const notJson = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
      const message = notJson ? 'Le corps doit être du JSON.' : 'Corps JSON invalide.';
      const details = { reason: notJson ? 'body_not_json' : 'body_invalid_json' } as const;
      return reply.code(error.statusCode === 415 ? 415 : 400).send({ ok: false, error: { code: 'bad_request', message, details } });
    }
    log?.error('local API error', { error: String(error) });
    return failure(reply, contractError('internal_error'));
  });
  app.setNotFoundHandler((_request, reply) => failure(reply, contractError('not_found')));
  // An empty body is an empty input ({}), so `curl -X POST …/api/session.get` just works.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('malformed JSON'), { statusCode: 400 }), undefined);
    }
  });
  return app;
}

const PAGE_HEADERS = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' };

/**
 * Who created an operation: `cashier` when the request comes from this host's own cashier page,
 * `api` otherwise. A browser puts the page's origin in `Origin` on every POST and a page's script
 * cannot change it; the only page this host serves that holds the cashier token is the cashier
 * page, and no other site's page can call here (Host check, no CORS). A program that forges the
 * header holds the cashier token anyway: the origin is for the day close's breakdown, not a right.
 */
function callerOrigin(request: FastifyRequest): CallContext['origin'] {
  const { origin, host } = request.headers;
  return origin !== undefined && host !== undefined && origin === `http://${host}` ? 'cashier' : 'api';
}

export async function startHttpHost(options: HttpHostOptions): Promise<RunningHttpHost> {
  const { companion } = options;
  const tokens = new AccessTokens(options.cashierToken, options.displayToken);
  let displayToken = options.displayToken;
  const access = (request: FastifyRequest): Access => tokens.check(request.headers.authorization);
  const pairing = new DisplayPairingCodes({ ...options.pairing, displayToken });
  const streams = new StreamCaps({ ...DEFAULT_STREAM_CAPS, ...options.eventStreams });
  const openStreams = new OpenStreams();
  const hosts = new AllowedHosts();
  const app = baseApp(options.log, hosts);

  app.get(LOCAL_API_ROUTES.health, async () => ({ status: 'ok', version: APP_VERSION }));
  // What an integrator's tools read first: no token, like the health check.
  let openApi: Record<string, unknown> | null = null;
  app.get(LOCAL_API_ROUTES.openApi, async (_request, reply) => reply.header('cache-control', 'no-store').send((openApi ??= buildOpenApi())));

  // ---- the customer display: its state only, with the display token (or the cashier's) -----
  registerDisplayApi(app, { companion, access, pairing, streams, openStreams });

  // ---- the cashier contract ---------------------------------------------------------------
  app.get(LOCAL_API_ROUTES.events, async (request, reply) => {
    const who = access(request);
    if (who !== 'cashier') return failure(reply, contractError(who === 'display' ? 'forbidden' : 'unauthorized'));
    const release = streams.take('cashier');
    if (!release) return refuseStream(reply, 'cashier', streams.caps.cashier);
    const unsubscribers: Array<() => void> = [release];
    const stream = openSse(request, reply, () => unsubscribers.forEach((u) => u()));
    unsubscribers.push(openStreams.add('cashier', stream));
    for (const event of EVENT_NAMES) unsubscribers.push(companion.on(event, (payload) => stream.send(event, payload)));
  });

  // The accountant's CSV of a period, streamed as it is read (a year stays flat in memory).
  app.get(LOCAL_API_ROUTES.reportCsv, async (request, reply) => {
    const who = access(request);
    if (who !== 'cashier') return failure(reply, contractError(who === 'display' ? 'forbidden' : 'unauthorized'));
    const csv = companion.reports.csv(request.query);
    if (!csv.ok) return failure(reply, csv.error);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csv.value.fileName}"`)
      .header('cache-control', 'no-store')
      .send(csv.value.stream);
  });

  app.post<{ Params: { channel: string } }>(LOCAL_API_ROUTES.channel, async (request, reply) => {
    const who = access(request);
    if (who !== 'cashier') return failure(reply, contractError(who === 'display' ? 'forbidden' : 'unauthorized'));
    const { channel } = request.params;
    if (!isChannel(channel)) return failure(reply, contractError('not_found', { reason: 'unknown_channel', field: channel }));
    // This host's own channels (its tokens and pairing) are answered here, not by the core.
    const own = hostChannels[channel] as (() => unknown) | undefined;
    if (own) {
      const input = parseInput(channel, request.body ?? {});
      return send(reply, input.ok ? { ok: true, value: own() } : input);
    }
    const origin = callerOrigin(request);
    const key = request.headers['idempotency-key'];
    if (key === undefined || channel !== 'payments.create') return send(reply, await companion.invoke(channel, request.body ?? {}, { origin }));
    // A till that lost an answer sends the same request with the same key: it gets the same operation.
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      return failure(reply, contractError('bad_request', { field: 'Idempotency-Key', reason: 'bad_idempotency_key' }));
    }
    return send(reply, await companion.invoke(channel, request.body ?? {}, { origin, idempotencyKey: key }));
  });

  // ---- the screens --------------------------------------------------------------------------
  const rendererDir = options.rendererDir;
  if (rendererDir && existsSync(join(rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: rendererDir,
      index: false,
      wildcard: false,
      setHeaders(res, path) {
        if (path.endsWith('.html')) {
          res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
          res.setHeader('cache-control', 'no-store');
        }
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
      },
    });
    const page = (file: string) => async (_request: FastifyRequest, reply: FastifyReply) =>
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').sendFile(file);
    app.get(LOCAL_API_ROUTES.cashierPage, page('index.html'));
    app.get(LOCAL_API_ROUTES.displayPage, page('display.html'));
  }

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = new URL(address).port;
  hosts.allow('127.0.0.1', Number(port));
  const url = `http://127.0.0.1:${port}`;

  let displayApp: FastifyInstance | null = null;
  let displayListenerUrl: string | null = null;
  if (options.displayListener) {
    try {
      const displayHosts = new AllowedHosts();
      displayApp = baseApp(options.log, displayHosts);
      registerDisplayApi(displayApp, { companion, access, pairing, streams, openStreams });
      if (rendererDir && existsSync(join(rendererDir, 'display.html'))) {
        await registerDisplayPage(displayApp, { rendererDir, pageHeaders: PAGE_HEADERS });
      }
      const { host } = options.displayListener;
      await displayApp.listen({ host, port: options.displayListener.port ?? Number(port) });
      const bound = displayApp.server.address();
      const displayPort = typeof bound === 'object' && bound ? bound.port : Number(port);
      displayHosts.allow(host, displayPort);
      displayListenerUrl = `http://${urlHost(reachableHost(host))}:${displayPort}`;
    } catch (error) {
      await displayApp?.close().catch(() => undefined);
      await app.close();
      throw error;
    }
  }

  const pairingInfo = () => ({
    url: `${displayListenerUrl ?? url}${LOCAL_API_ROUTES.displayPage}?token=${encodeURIComponent(displayToken)}`,
    code: pairing.code,
  });
  // The new token is written before it is used; then every stream of the old one ends, so its
  // pages either reconnect with the new token (the cashier page that asked) or are refused.
  const hostChannels: { [C in Channel]?: () => ChannelResult<C> } = {
    'display.pairing': pairingInfo,
    'display.revoke': () => {
      displayToken = options.tokenStore?.rotateDisplay() ?? generateToken();
      tokens.replaceDisplay(displayToken);
      pairing.revoke(displayToken);
      openStreams.endAll('display');
      options.log?.info('customer display token revoked: paired displays must pair again');
      options.onTokenRotated?.('display', displayToken);
      return pairingInfo();
    },
    'access.rotate': () => {
      const token = options.tokenStore?.rotateCashier() ?? generateToken();
      tokens.replaceCashier(token);
      openStreams.endAll('cashier');
      options.log?.info('cashier token replaced: callers with the old one are refused');
      options.onTokenRotated?.('cashier', token);
      return { token };
    },
  };
  return {
    url,
    port: Number(port),
    app,
    displayListenerUrl,
    pairing: pairingInfo,
    async close() {
      await Promise.all([app.close(), displayApp?.close()]);
    },
  };
}

/** The address a tablet can reach: a wildcard listener is reached on this machine's LAN address. */
function reachableHost(host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return host;
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const lan = addresses.find((entry) => entry.family === 'IPv4' && !entry.internal);
  return lan?.address ?? '127.0.0.1';
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
