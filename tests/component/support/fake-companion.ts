// An in-memory CompanionApi for component tests: the renderer's boundary, built with the real
// `buildCompanionApi` and checked against the real contract both ways (inputs through
// `parseInput` like a host does, results against the channel's result schema), so the screens
// are driven with exactly the shapes the core sends. It remembers every call.
import {
  buildCompanionApi,
  channels,
  events,
  parseInput,
  type Channel,
  type ChannelResult,
  type CompanionApi,
  type EventName,
  type EventPayload,
  type Operation,
  type ParsedInput,
  type PlatformLink,
  type Result,
  type SessionState,
  type Settings,
  DEFAULT_SETTINGS,
  Settings as SettingsSchema,
} from '../../../electron/common/contract';
import { contractError } from '../../../electron/common/error-messages';
import { MERCHANT_SPACE_URL } from '../../../electron/common/platform-api';
import { EMPTY_CONVENTION_PAGE, fakeDayReport, fakeDaySummary, fakeReceipt } from './fake-reports';

export const DEMO = { conventionNumber: '643736001001', password: 'demo-2020' };
export const FAKE_VERSION = '0.1.0';
export const MERCHANT = { conventionNumber: DEMO.conventionNumber, name: 'Camping des Pins' };

type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<Result<ChannelResult<C>>> | Result<ChannelResult<C>>;
type HandlerMap = { [C in Channel]: Handler<C> };

export interface FakeOptions {
  status?: SessionState['status'];
  mode?: 'sandbox' | 'platform';
  /** More about the platform in use (its kind, what the login asks, where the choice came from). */
  platform?: Partial<SessionState['platform']>;
  operations?: Operation[];
  language?: Settings['language'];
}

let counter = 0;

/** A contract-shaped operation; `overrides` win. */
export function makeOperation(overrides: Partial<Operation> = {}): Operation {
  counter += 1;
  const now = new Date();
  const operation: Operation = {
    id: `op-${counter}`,
    platformId: `pr-${counter}`,
    basketNumber: 'REF253',
    amountRequested: 2000,
    amountReceived: 0,
    remainder: 2000,
    status: 'pending',
    label: null,
    customerReference: null,
    sellerId: null,
    qrPayload: `https://pay.sandbox.test/r/pr-${counter}`,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
    failure: null,
    followUpOf: null,
    tillId: 'caisse-1',
    origin: 'cashier',
    remainderCollected: null,
    ...overrides,
  };
  return channels['payments.get'].result.parse(operation);
}

export function createFakeCompanion(options: FakeOptions = {}) {
  const mode = options.mode ?? 'sandbox';
  let session: SessionState = {
    status: options.status ?? 'logged_out',
    merchant: options.status && options.status !== 'logged_out' ? MERCHANT : null,
    expiresAt: null,
    platform: { mode, url: 'http://127.0.0.1:4010', ...options.platform },
  };
  let settings: Settings = { ...structuredClone(DEFAULT_SETTINGS), language: options.language ?? 'fr' };
  let wrongPasswords = 0;
  let platformLink: PlatformLink = {
    state: options.status === 'logged_in' ? 'connected' : 'logged_out',
    since: new Date().toISOString(),
    lastContactAt: null,
  };
  const operations: Operation[] = [...(options.operations ?? [])];
  const calls: Array<{ channel: Channel; input: unknown }> = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const reconnectListeners = new Set<() => void>();
  const companionLinkListeners = new Set<(up: boolean) => void>();
  const holds = new Map<Channel, Promise<void>>();

  function emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    const parsed = events[event].parse(payload);
    for (const listener of listeners.get(event) ?? []) listener(parsed);
  }

  function setSession(next: SessionState) {
    session = next;
    emit('session.changed', session);
  }

  function find(id: string): Result<Operation> {
    const operation = operations.find((item) => item.id === id);
    return operation ? { ok: true, value: operation } : { ok: false, error: contractError('not_found') };
  }

  function replace(next: Operation): Operation {
    const index = operations.findIndex((item) => item.id === next.id);
    if (index === -1) operations.unshift(next);
    else operations[index] = next;
    return next;
  }

  const defaults: HandlerMap = {
    'session.get': () => ({ ok: true, value: session }),
    // Like the Electron host: no remote display to pair (the shell has its own window).
    'display.pairing': () => ({ ok: true, value: null }),
    'session.login': (input) => {
      if ('merchantId' in input) {
        // Keys: no lockout; the fake takes any well-formed keys whose secret is not "wrong".
        if (input.secretApiKey === 'wrong') return { ok: false, error: contractError('invalid_credentials') };
        setSession({ ...session, status: 'logged_in', merchant: { conventionNumber: input.merchantId, name: input.merchantId }, expiresAt: null });
        return { ok: true, value: session };
      }
      const { conventionNumber, password } = input;
      if (wrongPasswords >= 3) return { ok: false, error: contractError('account_locked', { unlockUrl: MERCHANT_SPACE_URL }) };
      if (conventionNumber === DEMO.conventionNumber && password === DEMO.password) {
        wrongPasswords = 0;
        setSession({ ...session, status: 'logged_in', merchant: MERCHANT, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
        return { ok: true, value: session };
      }
      wrongPasswords += 1;
      if (wrongPasswords >= 3) return { ok: false, error: contractError('account_locked', { unlockUrl: MERCHANT_SPACE_URL }) };
      return { ok: false, error: contractError('invalid_credentials', { attemptsLeft: 3 - wrongPasswords }) };
    },
    'session.logout': () => {
      setSession({ ...session, status: 'logged_out', merchant: null, expiresAt: null });
      return { ok: true, value: session };
    },
    'payments.create': (input) => {
      if (operations.some((item) => item.basketNumber === input.basketNumber && item.status === 'pending')) {
        return { ok: false, error: contractError('basket_in_progress', { field: 'basketNumber' }) };
      }
      const operation = makeOperation({
        basketNumber: input.basketNumber,
        amountRequested: input.amount,
        remainder: input.amount,
        label: input.label ?? null,
        customerReference: input.customerReference ?? null,
        sellerId: input.sellerId ?? null,
        followUpOf: input.followUpOf ?? null,
      });
      operations.unshift(operation);
      // Like the core: every new request is announced to every screen.
      emit('payment.updated', operation);
      return { ok: true, value: operation };
    },
    'payments.get': ({ id }) => find(id),
    'payments.refresh': ({ id }) => find(id),
    'payments.cancel': ({ id }) => {
      const found = find(id);
      if (!found.ok) return found;
      if (found.value.status !== 'pending') return { ok: false, error: contractError('not_pending') };
      return { ok: true, value: replace({ ...found.value, status: 'cancelled', qrPayload: null, updatedAt: new Date().toISOString() }) };
    },
    'operations.list': ({ status, query, limit, cursor }) => {
      const matching = operations
        .filter((item) => status === 'all' || item.status === status)
        .filter((item) => !query || item.basketNumber.toLowerCase().startsWith(query.toLowerCase()))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      const start = cursor ? Number(cursor) : 0;
      const items = matching.slice(start, start + limit);
      const next = start + limit < matching.length ? String(start + limit) : null;
      return { ok: true, value: { items, nextCursor: next } };
    },
    'operations.summary': ({ day }) => ({ ok: true, value: fakeDaySummary(operations, day) }),
    'report.day': (input) => ({ ok: true, value: fakeDayReport(operations, input) }),
    'report.check': ({ day }) => ({ ok: true, value: { day, checkedAt: new Date().toISOString(), localCount: operations.length, platformCount: operations.length, matching: operations.length, differences: [] } }),
    'operations.convention': () => ({ ok: true, value: EMPTY_CONVENTION_PAGE }),
    'receipt.get': ({ id }) => fakeReceipt(operations, id),
    'receipt.print': ({ id }) => {
      if (!settings.receipt.printer) return { ok: false, error: contractError('printer_not_configured') };
      const receipt = fakeReceipt(operations, id);
      return receipt.ok ? { ok: true, value: { printer: settings.receipt.printer, bytes: 512 } } : receipt;
    },
    // No till connected (Caisse-AP off): nothing waiting, nothing to report.
    'till.waiting': () => ({ ok: true, value: { requests: [], attention: [], revision: 0 } }),
    'till.choose': () => ({ ok: false, error: contractError('not_found') }),
    'till.acknowledge': () => ({ ok: false, error: contractError('not_found') }),
    'till.report': ({ day }) => ({ ok: true, value: { day: day ?? '2020-04-30', items: [] } }),
    'payments.collectRemainder': ({ id, means }) => {
      const found = find(id);
      if (!found.ok) return found;
      const operation = found.value;
      if (operation.remainderCollected) return { ok: false, error: contractError('remainder_already_collected') };
      if (operation.status !== 'validated' || operation.remainder === 0) return { ok: false, error: contractError('no_remainder') };
      const at = new Date(Math.max(Date.now(), Date.parse(operation.updatedAt) + 1000)).toISOString();
      const next = replace(makeOperationFrom(operation, { updatedAt: at, remainderCollected: { means, amount: operation.remainder, at } }));
      emit('payment.updated', next);
      return { ok: true, value: next };
    },
    'platform.status': () => ({ ok: true, value: platformLink }),
    'app.about': () => ({
      ok: true,
      value: {
        version: FAKE_VERSION,
        platformMode: session.platform.mode,
        logFolder: '/home/caisse/.local/share/cv-connect-companion/logs',
        demo: session.platform.mode === 'sandbox' ? DEMO : null,
      },
    }),
    // Like the Electron host: no local API tokens to rotate.
    'display.revoke': () => ({ ok: true, value: null }),
    'access.rotate': () => ({ ok: true, value: null }),
    'platform.test': (input) => {
      if (input.credentials?.secretApiKey === 'wrong') return { ok: false, error: contractError('invalid_credentials') };
      const url =
        input.platform === 'api-v1'
          ? (input.platformUrl ?? '')
          : input.platform === 'worldline-direct'
            ? (input.worldline?.testServerUrl ?? 'https://payment.preprod.direct.worldline-solutions.com')
            : 'embedded';
      return { ok: true, value: { platform: input.platform, url, merchantId: input.credentials?.merchantId ?? null } };
    },
    'settings.get': () => ({ ok: true, value: settings }),
    'settings.update': (patch) => {
      // Merged like the core does: nested groups field by field.
      settings = SettingsSchema.parse({
        ...settings,
        ...patch,
        customerDisplay: { ...settings.customerDisplay, ...patch.customerDisplay },
        caisseAp: { ...settings.caisseAp, ...patch.caisseAp },
        receipt: { ...settings.receipt, ...patch.receipt },
        worldline: { ...settings.worldline, ...patch.worldline },
      });
      // Like the core: the platform chosen is the one in use from now on, logged out.
      if (patch.platform && patch.platform !== session.platform.kind) {
        const url = patch.platform === 'api-v1' ? (settings.platformUrl ?? '') : patch.platform === 'sandbox' ? 'http://127.0.0.1:4010' : 'https://payment.preprod.direct.worldline-solutions.com';
        setSession({
          status: 'logged_out',
          merchant: null,
          expiresAt: null,
          platform: { mode: patch.platform === 'sandbox' ? 'sandbox' : 'platform', url, kind: patch.platform, credentials: patch.platform === 'worldline-direct' ? 'api-key' : 'convention', source: 'settings' },
        });
      } else if (patch.platform && session.platform.source === 'default') {
        setSession({ ...session, platform: { ...session.platform, source: 'settings' } });
      }
      emit('settings.changed', settings);
      return { ok: true, value: settings };
    },
  };
  const handlers: Partial<HandlerMap> = {};

  const api: CompanionApi = buildCompanionApi({
    async invoke(channel, raw) {
      calls.push({ channel, input: raw });
      await Promise.resolve(); // a host answers later, never in the same tick
      await holds.get(channel);
      const input = parseInput(channel, raw);
      if (!input.ok) return input;
      const handler = (handlers[channel] ?? defaults[channel]) as (input: unknown) => Promise<Result<unknown>> | Result<unknown>;
      const result = await handler(input.value);
      // A test double that answers off-contract would make the screens' tests meaningless.
      if (result.ok) channels[channel].result.parse(result.value);
      return result;
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });

  return {
    api,
    calls,
    operations,
    get session() {
      return session;
    },
    get settings() {
      return settings;
    },
    /** Inputs sent to one channel, in order. */
    callsTo<C extends Channel>(channel: C): unknown[] {
      return calls.filter((call) => call.channel === channel).map((call) => call.input);
    },
    /** Replaces the default behaviour of one channel. */
    handle<C extends Channel>(channel: C, handler: Handler<C>) {
      (handlers as Record<Channel, unknown>)[channel] = handler;
    },
    /** Holds every call to `channel` in flight until the returned function is called. */
    hold(channel: Channel): () => void {
      const gate = deferred<void>();
      holds.set(channel, gate.promise);
      return () => {
        holds.delete(channel);
        gate.resolve();
      };
    },
    emit,
    setSession,
    get platformLink() {
      return platformLink;
    },
    /** The core's link to the platform changes (stream lost, polls failing…): `platform.changed`. */
    setPlatformLink(next: PlatformLink) {
      platformLink = next;
      emit('platform.changed', next);
    },
    /** Changes an operation as the core would, and sends `payment.updated`. */
    update(id: string, patch: Partial<Operation>): Operation {
      const current = operations.find((item) => item.id === id);
      if (!current) throw new Error(`no operation ${id}`);
      const later = new Date(Math.max(Date.now(), Date.parse(current.updatedAt) + 1000)).toISOString();
      const next = replace(makeOperationFrom(current, { updatedAt: later, ...patch }));
      emit('payment.updated', next);
      return next;
    },
    /** Changes an operation without telling anyone (what a missed event looks like). */
    updateSilently(id: string, patch: Partial<Operation>): Operation {
      const current = operations.find((item) => item.id === id);
      if (!current) throw new Error(`no operation ${id}`);
      const later = new Date(Math.max(Date.now(), Date.parse(current.updatedAt) + 1000)).toISOString();
      return replace(makeOperationFrom(current, { updatedAt: later, ...patch }));
    },
    onReconnected(listener: () => void) {
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },
    /** The event stream came back after a cut. */
    reconnect() {
      reconnectListeners.forEach((listener) => listener());
    },
    onCompanionLink(listener: (up: boolean) => void) {
      companionLinkListeners.add(listener);
      return () => {
        companionLinkListeners.delete(listener);
      };
    },
    /** The browser bridge loses (false) or finds again (true) the companion. */
    setCompanionLink(up: boolean) {
      companionLinkListeners.forEach((listener) => listener(up));
    },
  };
}

function makeOperationFrom(current: Operation, patch: Partial<Operation>): Operation {
  return channels['payments.get'].result.parse({ ...current, ...patch });
}

export type FakeCompanion = ReturnType<typeof createFakeCompanion>;

/** A promise the test resolves when it wants: to hold a call "in flight". */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
