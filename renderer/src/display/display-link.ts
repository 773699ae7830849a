// Where the customer display gets its state. In Electron's customer window, the preload's
// `window.customerDisplay.subscribe` (nothing else is reachable from there). In a browser, the
// headless host's display stream (`GET /api/display/events`, display token as a bearer; its first
// event is the current state, so a reconnection needs no extra read), and the pairing exchange
// (`POST /api/display/pair`) for a page that has no token yet.
import { DisplayPairResult, DisplayState, ContractError, LOCAL_API_ROUTES } from '../../../electron/common/contract';
import { openEventStream, type EventStreamOptions } from '../bridge/event-stream';

/** `window.customerDisplay`, as the customer window's preload (electron/main/display-preload.ts) gives it. */
export interface CustomerDisplayBridge {
  subscribe(listener: (state: DisplayState) => void): () => void;
}

declare global {
  interface Window {
    customerDisplay?: CustomerDisplayBridge;
  }
}

export const DISPLAY_TOKEN_KEY = 'cv-connect.display-token';

export interface HttpDisplayOptions {
  token: string;
  onState(state: DisplayState): void;
  /** The host refused the token (restarted with another one): pair again. */
  onRefused(): void;
  /** The stream is up (true) or lost and being retried (false). */
  onConnection?(online: boolean): void;
  baseUrl?: string;
  fetch?: typeof fetch;
  stream?: Pick<EventStreamOptions, 'initialDelayMs' | 'maxDelayMs' | 'wait'>;
}

export function followDisplayOverHttp(options: HttpDisplayOptions): () => void {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? globalThis.location.origin;
  let refused = false;
  // The shared event stream retries whatever happens; this is where a refused token is noticed.
  const watchedFetch: typeof fetch = async (input, init) => {
    try {
      const response = await fetchFn(input, init);
      if (response.status === 401 || response.status === 403) {
        refused = true;
        stream.close();
        options.onRefused();
      } else if (!response.ok) {
        options.onConnection?.(false);
      }
      return response;
    } catch (error) {
      if (!refused) options.onConnection?.(false);
      throw error;
    }
  };
  const stream = openEventStream({
    url: `${base}${LOCAL_API_ROUTES.displayEvents}`,
    token: options.token,
    fetch: watchedFetch,
    onOpen: () => options.onConnection?.(true),
    onEvent(name, data) {
      if (name !== 'display.changed' || refused) return;
      let raw: unknown;
      try {
        raw = JSON.parse(data);
      } catch {
        return;
      }
      const state = DisplayState.safeParse(raw);
      if (state.success) options.onState(state.data);
      else console.warn('display.changed does not match the contract', state.error.issues[0]);
    },
    ...options.stream,
  });
  return () => stream.close();
}

export type PairOutcome =
  | { ok: true; token: string }
  | { ok: false; problem: 'wrong_code'; attemptsLeft: number }
  | { ok: false; problem: 'too_many' | 'bad_code' | 'unreachable' };

/** Trades the code typed on the pairing screen for the display token. */
export async function pairDisplay(code: string, options: { baseUrl?: string; fetch?: typeof fetch } = {}): Promise<PairOutcome> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? globalThis.location.origin;
  let response: Response;
  let body: unknown;
  try {
    response = await fetchFn(`${base}${LOCAL_API_ROUTES.displayPair}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
    });
    body = await response.json();
  } catch {
    return { ok: false, problem: 'unreachable' };
  }
  const answer = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (response.ok && answer.ok === true) {
    const value = DisplayPairResult.safeParse(answer.value);
    return value.success ? { ok: true, token: value.data.token } : { ok: false, problem: 'unreachable' };
  }
  if (response.status === 429) return { ok: false, problem: 'too_many' };
  if (response.status === 400) return { ok: false, problem: 'bad_code' };
  const error = ContractError.safeParse(answer.error);
  if (response.status === 401 && error.success) {
    return { ok: false, problem: 'wrong_code', attemptsLeft: error.data.details?.attemptsLeft ?? 0 };
  }
  return { ok: false, problem: 'unreachable' };
}
