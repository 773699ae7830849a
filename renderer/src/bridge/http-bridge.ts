// `window.companion` for a browser: the same contract API, carried over the headless host's
// local HTTP API (`POST /api/<channel>`) and its event stream (`GET /api/events`). When the
// cashier asks for « Nouveau jeton » (`access.rotate`), the answer is the new token: the bridge
// uses it from then on (the host ends the old token's stream, which comes back with the new one)
// and hands it to the page to keep. A token the host refuses is said once, for the page to show.
import {
  AccessToken,
  buildCompanionApi,
  channelRoute,
  channels,
  ContractError,
  events,
  isEventName,
  LOCAL_API_ROUTES,
  type Channel,
  type CompanionApi,
  type EventName,
  type Result,
} from '../../../electron/common/contract';
import { openEventStream, type EventStream, type EventStreamOptions } from './event-stream';

/** The one error this side makes up: the host did not answer at all. */
export const COMPANION_UNREACHABLE = 'Le compagnon de caisse est injoignable.';

export interface HttpCompanionOptions {
  token: string;
  /** Origin of the headless host; the page's own origin by default. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The event stream came back after a cut: re-read what is on screen. */
  onReconnected?: () => void;
  /** Whether the host answers this page: false when its event stream is lost, true when it is back. */
  onConnection?: (up: boolean) => void;
  /** The host gave this page a new token (`access.rotate`): keep it for a reload. */
  onToken?: (token: string) => void;
  /** The host refused the token (replaced from another page, or the data folder's file changed). */
  onRefused?: () => void;
  /** Backoff tuning and waiting, for tests. */
  stream?: Pick<EventStreamOptions, 'initialDelayMs' | 'maxDelayMs' | 'wait'>;
}

export interface HttpTransport {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  close(): void;
}

export function createHttpCompanion(options: HttpCompanionOptions): CompanionApi {
  return buildCompanionApi(createHttpTransport(options));
}

export function createHttpTransport(options: HttpCompanionOptions): HttpTransport {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? globalThis.location.origin;
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let token = options.token;
  let refused = false;
  const refuse = () => {
    if (refused) return;
    refused = true;
    options.onRefused?.();
  };
  let stream: EventStream | null = null;
  let connected: boolean | null = null;
  const connection = (up: boolean) => {
    if (up === connected) return; // each failed attempt while down is not news
    connected = up;
    options.onConnection?.(up);
  };

  function dispatch(name: string, data: string) {
    if (!isEventName(name)) return; // comments, keep-alives and events of a newer host
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = events[name].safeParse(raw);
    if (!parsed.success) {
      console.warn(`companion event ${name} does not match the contract`, parsed.error.issues[0]);
      return;
    }
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(parsed.data);
      } catch (error) {
        console.error(error); // one faulty screen must not stop the others from hearing events
      }
    }
  }

  return {
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetchFn(`${base}${channelRoute(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch {
        return { ok: false, error: { code: 'internal_error', message: COMPANION_UNREACHABLE } };
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      const result = readResult(channel, body, response.status);
      if (!result.ok && result.error.code === 'unauthorized') refuse();
      if (channel === 'access.rotate' && result.ok) {
        const next = AccessToken.nullable().safeParse(result.value);
        if (next.success && next.data) {
          token = next.data.token;
          options.onToken?.(token);
        }
      }
      return result;
    },

    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      stream ??= openEventStream({
        url: `${base}${LOCAL_API_ROUTES.events}`,
        token: () => token,
        fetch: fetchFn,
        onEvent: dispatch,
        onOpen: ({ reconnected }) => {
          connection(true);
          if (reconnected) options.onReconnected?.();
        },
        onDown: () => connection(false),
        onRefused: refuse,
        ...options.stream,
      });
      return () => {
        set.delete(listener);
      };
    },

    close() {
      stream?.close();
      stream = null;
    },
  };
}

/** The host always answers with a contract Result, whatever the HTTP status; anything else is
 *  reported as such rather than shown half-read. */
function readResult(channel: Channel, body: unknown, httpStatus: number): Result<unknown> {
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    if (body.ok === true && 'value' in body) {
      const value = channels[channel].result.safeParse(body.value);
      if (value.success) return { ok: true, value: value.data };
    } else if (body.ok === false && 'error' in body) {
      const error = ContractError.safeParse(body.error);
      if (error.success) return { ok: false, error: error.data };
    }
  }
  return {
    ok: false,
    error: { code: 'internal_error', message: `Réponse inattendue du compagnon de caisse (HTTP ${httpStatus}).` },
  };
}
