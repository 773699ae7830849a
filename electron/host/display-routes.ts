// The customer display's side of the headless host (issue 5 §3): its state and its event stream
// (display token, or the cashier's), the pairing code exchange (no token, rate-limited), and, for
// the listener that may face the network, the display page and its own assets and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  badRequest,
  channelRoute,
  displayEvents,
  DisplayPairInput,
  httpStatusFor,
  LOCAL_API_ROUTES,
  type ContractError,
  type Result,
} from '../common/contract';
import { contractError } from '../common/error-messages';
import type { Companion } from '../core/ports';
import type { Access } from './access-tokens';
import type { DisplayPairingCodes } from './display-pairing';
import { openSse, refuseStream, type OpenStreams, type StreamCaps } from './sse';

export interface DisplayApiOptions {
  companion: Pick<Companion, 'displayState' | 'on'>;
  access(request: FastifyRequest): Access;
  pairing: DisplayPairingCodes;
  streams: StreamCaps;
  /** Streams by the token that opened them (ended when that token is revoked). */
  openStreams?: OpenStreams;
}

function send(reply: FastifyReply, result: Result<unknown>, status?: number): FastifyReply {
  return reply.code(status ?? (result.ok ? 200 : httpStatusFor(result.error.code))).send(result);
}

function failure(reply: FastifyReply, error: ContractError, status?: number): FastifyReply {
  return send(reply, { ok: false, error }, status);
}

export function registerDisplayApi(app: FastifyInstance, options: DisplayApiOptions): void {
  const { companion, access, pairing, streams } = options;

  app.post(channelRoute('display.get'), async (request, reply) => {
    if (access(request) === 'none') return failure(reply, contractError('unauthorized'));
    return send(reply, { ok: true, value: companion.displayState() });
  });

  app.get(LOCAL_API_ROUTES.displayEvents, async (request, reply) => {
    const who = access(request);
    if (who === 'none') return failure(reply, contractError('unauthorized'));
    const release = streams.take('display');
    if (!release) return refuseStream(reply, 'display', streams.caps.display);
    const unsubscribers: Array<() => void> = [release];
    const stream = openSse(request, reply, () => unsubscribers.forEach((u) => u()));
    if (options.openStreams) unsubscribers.push(options.openStreams.add(who, stream));
    for (const event of displayEvents) unsubscribers.push(companion.on(event, (payload) => stream.send(event, payload)));
    stream.send('display.changed', companion.displayState());
  });

  // No token here: this is how a display page gets one. Every refusal is a 4xx.
  app.post(LOCAL_API_ROUTES.displayPair, async (request, reply) => {
    const input = DisplayPairInput.safeParse(request.body ?? {});
    if (!input.success) return failure(reply, badRequest(input.error));
    const attempt = pairing.attempt(request.ip, input.data.code);
    if (attempt.ok) return send(reply, { ok: true, value: { token: attempt.token } });
    switch (attempt.reason) {
      case 'wrong_code':
        return failure(reply, {
          code: 'unauthorized',
          message: 'Code d’appairage incorrect\u00a0: saisissez le code affiché sur l’écran caisse.',
          details: { attemptsLeft: attempt.attemptsLeft },
        });
      case 'too_many_attempts':
        reply.header('retry-after', String(attempt.retryAfterSeconds));
        return failure(
          reply,
          {
            code: 'busy',
            message: `Trop de codes erronés\u00a0: patientez ${waitInWords(attempt.retryAfterSeconds)}, puis saisissez le nouveau code affiché sur l’écran caisse.`,
          },
          429,
        );
      default: {
        const unreachable: never = attempt;
        return unreachable;
      }
    }
  });
}

/** The files display.html loads (its script, styles and shared chunks), read from the build. */
export function displayAssets(rendererDir: string): Set<string> {
  const html = readFileSync(join(rendererDir, 'display.html'), 'utf8');
  const assets = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="\.\/(assets\/[^"?#]+)"/g)) assets.add(match[1]!);
  return assets;
}

/**
 * The display page for the listener that may face the network: `/display` and the assets it
 * loads. The cashier page, its code and everything else answer 404 there.
 */
export async function registerDisplayPage(
  app: FastifyInstance,
  options: { rendererDir: string; pageHeaders: Record<string, string> },
): Promise<void> {
  const assets = displayAssets(options.rendererDir);
  await app.register(fastifyStatic, { root: options.rendererDir, serve: false });
  app.get(LOCAL_API_ROUTES.displayPage, async (_request, reply) => reply.headers(options.pageHeaders).sendFile('display.html'));
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const path = `assets/${request.params.file}`;
    if (!assets.has(path)) return failure(reply, contractError('not_found'));
    return reply.header('x-content-type-options', 'nosniff').sendFile(path);
  });
}

/** "une minute", "4 minutes", "une heure": how long a display must wait before pairing again. */
function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return 'une minute';
  if (minutes >= 60) return 'une heure';
  return `${minutes} minutes`;
}
