// The headless host: the contract over HTTP on loopback (POST /api/<channel>, GET /api/events),
// the built screens, and the customer display's read-only state. This is also the API a till
// integrator drives (README, "API locale").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  displayEvents,
  EVENT_NAMES,
  httpStatusFor,
  isChannel,
  type ContractError,
  type Result,
} from '../common/contract';
import { contractError } from '../common/error-messages';
import type { Companion, Logger } from '../core/ports';
import { AccessTokens, type Access } from './access-tokens';
import { openSse } from './sse';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface HttpHostOptions {
  companion: Companion;
  cashierToken: string;
  displayToken: string;
  /** The built renderer (dist/renderer); the API works without it. */
  rendererDir?: string;
  port?: number;
  log?: Logger;
}

export interface RunningHttpHost {
  url: string;
  port: number;
  app: FastifyInstance;
  close(): Promise<void>;
}

const BODY_LIMIT = 16 * 1024;

function send(reply: FastifyReply, result: Result<unknown>): FastifyReply {
  return reply.code(result.ok ? 200 : httpStatusFor(result.error.code)).send(result);
}

function failure(reply: FastifyReply, error: ContractError): FastifyReply {
  return send(reply, { ok: false, error });
}

export async function startHttpHost(options: HttpHostOptions): Promise<RunningHttpHost> {
  const { companion } = options;
  const tokens = new AccessTokens(options.cashierToken, options.displayToken);
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  const access = (request: FastifyRequest): Access => tokens.check(request.headers.authorization);

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (error.statusCode === 413) {
      return reply.code(413).send({ ok: false, error: { code: 'bad_request', message: 'Requête trop volumineuse (16 Kio au plus).' } });
    }
    if (error.statusCode && error.statusCode < 500) {
      const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'Le corps doit être du JSON.' : 'Corps JSON invalide.';
      return reply.code(error.statusCode === 415 ? 415 : 400).send({ ok: false, error: { code: 'bad_request', message } });
    }
    options.log?.error('local API error', { error: String(error) });
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

  app.get('/api/health', async () => ({ status: 'ok' }));

  // ---- the customer display: its state only, with the display token (or the cashier's) -----
  app.post('/api/display.get', async (request, reply) => {
    if (access(request) === 'none') return failure(reply, contractError('unauthorized'));
    return send(reply, { ok: true, value: companion.displayState() });
  });
  app.get('/api/display/events', async (request, reply) => {
    if (access(request) === 'none') return failure(reply, contractError('unauthorized'));
    const unsubscribers: Array<() => void> = [];
    const stream = openSse(request, reply, () => unsubscribers.forEach((u) => u()));
    for (const event of displayEvents) unsubscribers.push(companion.on(event, (payload) => stream.send(event, payload)));
    stream.send('display.changed', companion.displayState());
  });

  // ---- the cashier contract ---------------------------------------------------------------
  app.get('/api/events', async (request, reply) => {
    const who = access(request);
    if (who !== 'cashier') return failure(reply, contractError(who === 'display' ? 'forbidden' : 'unauthorized'));
    const unsubscribers: Array<() => void> = [];
    const stream = openSse(request, reply, () => unsubscribers.forEach((u) => u()));
    for (const event of EVENT_NAMES) unsubscribers.push(companion.on(event, (payload) => stream.send(event, payload)));
  });

  app.post<{ Params: { channel: string } }>('/api/:channel', async (request, reply) => {
    const who = access(request);
    if (who !== 'cashier') return failure(reply, contractError(who === 'display' ? 'forbidden' : 'unauthorized'));
    const { channel } = request.params;
    if (!isChannel(channel)) return failure(reply, { code: 'not_found', message: `Canal inconnu : ${channel}.` });
    const origin = request.headers['x-companion-origin'] === 'cashier' ? 'cashier' : 'api';
    return send(reply, await companion.invoke(channel, request.body ?? {}, { origin }));
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
    app.get('/', page('index.html'));
    app.get('/display', page('display.html'));
  }

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const port = new URL(address).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port: Number(port),
    app,
    close: () => app.close(),
  };
}
