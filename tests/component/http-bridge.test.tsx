// The browser bridge: the token taken from the URL (and out of the address bar), the HTTP
// transport returning the host's Results as they are, and the SSE reader: events split across
// chunks, unknown or off-contract events ignored, reconnection with backoff and a signal after.
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCompanionApi, type Channel, type EventName } from '../../electron/common/contract';
import { CASHIER_TOKEN_KEY, forgetAccessToken, takeAccessToken } from '../../renderer/src/bridge/access-token';
import { openEventStream } from '../../renderer/src/bridge/event-stream';
import { COMPANION_UNREACHABLE, createHttpTransport } from '../../renderer/src/bridge/http-bridge';
import { pickCompanion } from '../../renderer/src/bridge/pick-companion';
import { App } from '../../renderer/src/cashier/App';
import { MissingTokenPage } from '../../renderer/src/cashier/StartupPages';
import { makeOperation } from './support/fake-companion';

const encoder = new TextEncoder();

/** A response body the test writes into, chunk by chunk, and ends when it wants. */
function controllableBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    body,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

type Step = Response | Error | 'hang';

/** A stand-in for the host's fetch: answers each request with the next scripted step, records
 *  what was asked, and (like fetch) rejects when the request is aborted. */
function scriptedFetch(steps: Step[]) {
  const requests: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init });
    const step = steps.shift() ?? 'hang';
    if (step instanceof Error) return Promise.reject(step);
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    return Promise.resolve(step);
  }) as typeof fetch;
  return { fetchFn, requests };
}

/** How long to wait for what the bridge does next: generous, yet under the test's own 5 s. */
const SOON = { timeout: 4_000, interval: 5 };

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

describe('access token from the URL', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/');
  });

  it('keeps the token for the tab and takes it out of the address bar at once', () => {
    history.replaceState(null, '', '/?token=s3cr3t&till=1#caisse');
    expect(takeAccessToken(window)).toBe('s3cr3t');
    expect(location.search).toBe('?till=1');
    expect(location.hash).toBe('#caisse');
    expect(location.href).not.toContain('s3cr3t');
    expect(sessionStorage.getItem(CASHIER_TOKEN_KEY)).toBe('s3cr3t');

    // A reload (no token in the URL any more) still finds it.
    expect(takeAccessToken(window)).toBe('s3cr3t');
    forgetAccessToken(window);
    expect(takeAccessToken(window)).toBeNull();
  });

  it('has no token when neither the URL nor the tab has one, and an empty one counts as none', () => {
    expect(takeAccessToken(window)).toBeNull();
    history.replaceState(null, '', '/?token=');
    expect(takeAccessToken(window)).toBeNull();
    expect(location.search).toBe('');
  });

  it('picks Electron’s companion when the preload gave one, the bridge otherwise', () => {
    expect(pickCompanion(window, () => undefined)).toEqual({ kind: 'missing-token' });
    history.replaceState(null, '', '/?token=abc');
    expect(pickCompanion(window, () => undefined).kind).toBe('http');
    const fromPreload = {} as NonNullable<Window['companion']>;
    window.companion = fromPreload;
    try {
      expect(pickCompanion(window, () => undefined)).toEqual({ kind: 'electron', api: fromPreload });
    } finally {
      delete window.companion;
    }
  });

  it('without a token, says in French where to find the address', () => {
    render(<MissingTokenPage />);
    expect(screen.getByText('Ouvrez l’adresse affichée par npm run serve (elle contient le jeton d’accès).')).toBeInTheDocument();
  });
});

describe('HTTP transport', () => {
  let transport: ReturnType<typeof createHttpTransport> | null = null;
  afterEach(() => {
    transport?.close();
    transport = null;
  });

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('posts the input to /api/<channel> with the bearer token and returns the Result', async () => {
    const operation = makeOperation();
    const { fetchFn, requests } = scriptedFetch([json(200, { ok: true, value: operation })]);
    transport = createHttpTransport({ token: 'T0K', baseUrl: 'http://127.0.0.1:5555', fetch: fetchFn });
    const result = await transport.invoke('payments.create', { amount: 2000, basketNumber: 'REF253' });
    expect(result).toEqual({ ok: true, value: operation });
    expect(requests[0]!.url).toBe('http://127.0.0.1:5555/api/payments.create');
    expect(requests[0]!.init?.method).toBe('POST');
    expect(new Headers(requests[0]!.init?.headers).get('authorization')).toBe('Bearer T0K');
    expect(JSON.parse(String(requests[0]!.init?.body))).toEqual({ amount: 2000, basketNumber: 'REF253' });
  });

  it('returns an error Result of a 4xx answer as it is', async () => {
    const error = {
      code: 'invalid_credentials',
      message: 'Mot de passe incorrect. Il vous reste 2 essais avant le blocage de votre compte.',
      details: { attemptsLeft: 2 },
    };
    const { fetchFn } = scriptedFetch([json(401, { ok: false, error })]);
    transport = createHttpTransport({ token: 'T', baseUrl: '', fetch: fetchFn });
    expect(await transport.invoke('session.login', { conventionNumber: '643736001001', password: 'x' })).toEqual({
      ok: false,
      error,
    });
  });

  it('says the companion is unreachable when the request fails, and names a reply it cannot read', async () => {
    const { fetchFn } = scriptedFetch([new TypeError('Failed to fetch'), new Response('<html>Bad gateway</html>', { status: 502 })]);
    transport = createHttpTransport({ token: 'T', baseUrl: '', fetch: fetchFn });
    expect(await transport.invoke('session.get', {})).toEqual({
      ok: false,
      error: { code: 'internal_error', message: COMPANION_UNREACHABLE },
    });
    expect(await transport.invoke('session.get', {})).toEqual({
      ok: false,
      error: { code: 'internal_error', message: 'Réponse inattendue du compagnon de caisse (HTTP 502).' },
    });
  });

  it('streams events from /api/events with the token, whatever the chunking, to the right listeners', async () => {
    const stream = controllableBody();
    const { fetchFn, requests } = scriptedFetch([new Response(stream.body, { status: 200 })]);
    transport = createHttpTransport({ token: 'T', baseUrl: 'http://h', fetch: fetchFn });
    const received: Array<[EventName, unknown]> = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    transport.subscribe('payment.updated', (payload) => received.push(['payment.updated', payload]));
    const stop = transport.subscribe('session.changed', (payload) => received.push(['session.changed', payload]));
    await vi.waitFor(() => expect(requests, 'the event stream request').toHaveLength(1), SOON);
    expect(requests[0]!.url).toBe('http://h/api/events');
    expect(new Headers(requests[0]!.init?.headers).get('authorization')).toBe('Bearer T');

    const first = makeOperation();
    const text = sse('payment.updated', first);
    stream.write(': keep-alive\n\n');
    stream.write(text.slice(0, 17));
    stream.write(text.slice(17, 60));
    stream.write(text.slice(60));
    stream.write(sse('operation.archived', { id: 'x' })); // not in the contract: ignored
    stream.write(sse('payment.updated', { id: 'half an operation' })); // off-contract: ignored
    stream.write('event: session.changed\ndata: not json\n\n');
    await vi.waitFor(() => expect(received, 'the first event').toHaveLength(1), SOON);

    stop();
    stream.write(sse('session.changed', { status: 'logged_out' }));
    const second = makeOperation({ status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    stream.write(sse('payment.updated', second));
    await vi.waitFor(() => expect(received, 'the second event').toHaveLength(2), SOON);
    expect(received).toEqual([
      ['payment.updated', first],
      ['payment.updated', second],
    ]);
    expect(requests).toHaveLength(1); // one stream for every listener
    expect(warn).toHaveBeenCalledTimes(2); // the off-contract payment.updated and session.changed
    warn.mockRestore();
  });
});

describe('event stream reconnection', () => {
  it('reconnects with a doubling backoff from 250 ms to 5 s, and starts again from 250 ms after a success', async () => {
    const firstBody = controllableBody();
    const secondBody = controllableBody();
    const failure = () => new TypeError('connection refused');
    const { fetchFn, requests } = scriptedFetch([
      new Response(firstBody.body, { status: 200 }),
      failure(),
      new Response('unauthorised', { status: 503 }),
      failure(),
      failure(),
      failure(),
      failure(),
      failure(),
      new Response(secondBody.body, { status: 200 }),
    ]);
    const delays: number[] = [];
    const opens: boolean[] = [];
    const names: string[] = [];
    const stream = openEventStream({
      url: 'http://h/api/events',
      token: 'T',
      fetch: fetchFn,
      onEvent: (name) => names.push(name),
      onOpen: ({ reconnected }) => opens.push(reconnected),
      wait: async (ms) => {
        delays.push(ms);
      },
    });
    try {
      await vi.waitFor(() => expect(opens, 'the first connection').toHaveLength(1), SOON);
      firstBody.write('event: session.changed\ndata: {}\n\n');
      await vi.waitFor(() => expect(names, 'an event').toHaveLength(1), SOON);
      firstBody.end(); // the host went away
      await vi.waitFor(() => expect(opens, 'the reconnection').toHaveLength(2), SOON);
      expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
      expect(opens).toEqual([false, true]);

      secondBody.end();
      await vi.waitFor(() => expect(requests, 'the next attempt').toHaveLength(10), SOON);
      expect(delays.at(-1)).toBe(250); // the backoff starts over after a good connection
    } finally {
      stream.close();
    }
  });

  it('tells the page when it loses the host and when it finds it again', async () => {
    const firstBody = controllableBody();
    const secondBody = controllableBody();
    const { fetchFn } = scriptedFetch([
      new Response(firstBody.body, { status: 200 }),
      new TypeError('connection refused'),
      new TypeError('connection refused'),
      new Response(secondBody.body, { status: 200 }),
    ]);
    const link: boolean[] = [];
    const reconnections: number[] = [];
    const transport = createHttpTransport({
      token: 'T',
      baseUrl: 'http://h',
      fetch: fetchFn,
      onConnection: (up) => link.push(up),
      onReconnected: () => reconnections.push(link.length),
      stream: { wait: async () => undefined },
    });
    try {
      transport.subscribe('payment.updated', () => undefined);
      await vi.waitFor(() => expect(link, 'the first connection').toHaveLength(1), SOON);
      expect(link).toEqual([true]);
      firstBody.end(); // the companion was killed
      await vi.waitFor(() => expect(link, 'the way back').toHaveLength(3), SOON);
      expect(link).toEqual([true, false, true]); // each failed attempt meanwhile is not news
      expect(reconnections).toEqual([3]); // what is on screen is read again once it is back
    } finally {
      transport.close();
    }
  });

  it('replaces a stream that went silent (no keep-alive) with a new connection', async () => {
    const silent = controllableBody();
    const next = controllableBody();
    const { fetchFn, requests } = scriptedFetch([new Response(silent.body, { status: 200 }), new Response(next.body, { status: 200 })]);
    const opens: boolean[] = [];
    const stream = openEventStream({
      url: 'http://h/api/events',
      token: 'T',
      fetch: fetchFn,
      onEvent: () => undefined,
      onOpen: ({ reconnected }) => opens.push(reconnected),
      idleTimeoutMs: 50,
      wait: async () => undefined,
    });
    try {
      silent.write(': connected\n\n');
      await vi.waitFor(() => expect(opens, 'a new connection after the silence').toHaveLength(2), SOON);
      expect(opens).toEqual([false, true]);
      expect(requests).toHaveLength(2);
    } finally {
      stream.close();
    }
  });

  it('stops for good when closed, even while waiting to reconnect', async () => {
    const { fetchFn, requests } = scriptedFetch([new TypeError('down')]);
    let waiting: (() => void) | null = null;
    const stream = openEventStream({
      url: 'http://h/api/events',
      token: 'T',
      fetch: fetchFn,
      onEvent: () => undefined,
      wait: (_ms, signal) =>
        new Promise<void>((resolve) => {
          waiting = resolve;
          signal.addEventListener('abort', () => resolve());
        }),
    });
    await vi.waitFor(() => expect(waiting, 'the backoff').not.toBeNull(), SOON);
    stream.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(1);
  });

  it('the app re-reads the session when the bridge reconnects', async () => {
    const session = {
      status: 'logged_out',
      merchant: null,
      expiresAt: null,
      platform: { mode: 'platform', url: 'https://api.example' },
    };
    const firstBody = controllableBody();
    const calls: Channel[] = [];
    const streams = [new Response(firstBody.body, { status: 200 }), new Response(controllableBody().body, { status: 200 })];
    // A host that knows only the session (settings fail: the app falls back to French).
    const fetchFn = ((input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      if (path === '/api/events') return Promise.resolve(streams.shift() ?? new Promise<Response>(() => undefined));
      const channel = path.replace('/api/', '') as Channel;
      calls.push(channel);
      const body =
        channel === 'session.get'
          ? { ok: true, value: session }
          : { ok: false, error: { code: 'internal_error', message: 'Erreur interne du compagnon de caisse.' } };
      return Promise.resolve(new Response(JSON.stringify(body), { status: body.ok ? 200 : 500 }));
    }) as typeof fetch;
    const listeners = new Set<() => void>();
    const transport = createHttpTransport({
      token: 'T',
      baseUrl: 'http://127.0.0.1:1',
      fetch: fetchFn,
      onReconnected: () => listeners.forEach((listener) => listener()),
      stream: { wait: async () => undefined },
    });
    try {
      render(
        <App
          api={buildCompanionApi(transport)}
          onReconnected={(listener) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          }}
        />,
      );
      await screen.findByRole('heading', { name: 'Connexion' });
      expect(calls.filter((channel) => channel === 'session.get')).toHaveLength(1);
      firstBody.end();
      await vi.waitFor(() => expect(calls.filter((channel) => channel === 'session.get'), 'a second session.get').toHaveLength(2), SOON);
    } finally {
      transport.close();
    }
  });
});
