// The customer display's state machine on its own: payment events go into the real event hub
// and settings service, the clock is a hand-driven one (so "a few seconds later" takes no time),
// and what the customer would see is read from the `display.changed` events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayState, Operation, SessionState } from '../../electron/common/contract';
import { CustomerDisplay, type DisplayClock } from '../../electron/core/customer-display';
import { EventHub } from '../../electron/core/event-hub';
import { SettingsService } from '../../electron/core/settings';
import { MemorySettingsStore } from '../../electron/core/stores';

const T0 = Date.parse('2026-07-14T08:00:00.000Z');

/** A clock the test moves by hand; timers fire when it passes their time. */
function manualClock(): DisplayClock & { advance(ms: number): void } {
  let now = T0;
  let timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  return {
    now: () => now,
    setTimeout(run, ms) {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
    advance(ms) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now && !timer.cancelled);
      timers = timers.filter((timer) => !due.includes(timer));
      for (const timer of due) timer.run();
    },
  };
}

const loggedIn: SessionState = {
  status: 'logged_in',
  merchant: { conventionNumber: '643736001001', name: 'Camping des Pins' },
  expiresAt: null,
  platform: { mode: 'sandbox', url: 'http://127.0.0.1:1' },
};

let counter = 0;
function operation(overrides: Partial<Operation> = {}): Operation {
  counter += 1;
  const at = new Date(T0 + counter * 1000).toISOString();
  return {
    id: `op-${counter}`,
    platformId: `pr-${counter}`,
    basketNumber: `REF${counter}`,
    amountRequested: 2000,
    amountReceived: 0,
    remainder: 2000,
    status: 'pending',
    label: 'Emplacement 12',
    customerReference: 'Famille Martin',
    sellerId: 'accueil-2',
    qrPayload: `http://127.0.0.1:1/wallet?qr=${counter}`,
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(T0 + 300_000).toISOString(),
    failure: null,
    followUpOf: null,
    tillId: 'caisse-1',
    origin: 'cashier',
    remainderCollected: null,
    ...overrides,
  };
}

/** The same request, later, in another status. */
function later(op: Operation, patch: Partial<Operation>): Operation {
  return { ...op, updatedAt: new Date(Date.parse(op.updatedAt) + 500).toISOString(), ...patch };
}

let hub: EventHub;
let settings: SettingsService;
let session: SessionState;
let clock: ReturnType<typeof manualClock>;
let display: CustomerDisplay;
let seen: DisplayState[];

beforeEach(() => {
  hub = new EventHub();
  settings = new SettingsService(new MemorySettingsStore());
  settings.update({ customerDisplay: { finalStatusSeconds: 6 } });
  session = loggedIn;
  clock = manualClock();
  display = new CustomerDisplay(hub, settings, { state: () => session }, clock);
  seen = [];
  hub.on('display.changed', (state) => seen.push(state));
});

afterEach(() => display.close());

const pay = (op: Operation) => hub.emit('payment.updated', op);
const shown = () => display.state();

describe('one request', () => {
  it('is idle with the merchant name before any request', () => {
    expect(shown()).toMatchObject({ phase: 'idle', merchantName: 'Camping des Pins', language: 'fr', payment: null });
    expect(shown().serverTime).toBe(new Date(T0).toISOString());
  });

  it('shows the QR of a pending request, without cashier-only data', () => {
    const op = operation();
    pay(op);
    expect(seen.at(-1)).toMatchObject({
      phase: 'payment',
      payment: { operationId: op.id, basketNumber: op.basketNumber, amountRequested: 2000, qrPayload: op.qrPayload, expiresAt: op.expiresAt },
    });
    const text = JSON.stringify(seen.at(-1));
    for (const secret of ['643736001001', 'Famille Martin', 'accueil-2', 'Emplacement 12', 'caisse-1']) expect(text).not.toContain(secret);
  });

  it('ignores a request still being created, and one pending without a QR', () => {
    pay(operation({ status: 'creating', qrPayload: null }));
    pay(operation({ qrPayload: null }));
    expect(seen).toEqual([]);
    expect(shown().phase).toBe('idle');
  });

  it.each([
    ['validated', { status: 'validated', amountReceived: 2000, remainder: 0 }],
    ['partial', { status: 'validated', amountReceived: 1200, remainder: 800 }],
    ['cancelled', { status: 'cancelled' }],
    ['expired', { status: 'expired' }],
    ['failed', { status: 'failed' }],
  ] as const)('shows the outcome %s for finalStatusSeconds, without the QR, then goes idle', (phase, patch) => {
    const op = operation();
    pay(op);
    pay(later(op, patch));
    expect(shown()).toMatchObject({ phase, payment: { operationId: op.id, qrPayload: null, amountReceived: patch.status === 'validated' ? patch.amountReceived : 0 } });
    clock.advance(5_999);
    expect(shown().phase).toBe(phase);
    clock.advance(1);
    expect(shown()).toMatchObject({ phase: 'idle', payment: null });
    expect(seen.at(-1)?.phase).toBe('idle');
  });
});

describe('several requests', () => {
  it('shows the newest pending request, and the other one again once its outcome has been seen', () => {
    const first = operation();
    const second = operation();
    pay(first);
    pay(second);
    expect(shown().payment?.operationId).toBe(second.id);
    pay(later(second, { status: 'cancelled' }));
    expect(shown()).toMatchObject({ phase: 'cancelled', payment: { operationId: second.id } });
    clock.advance(6_000);
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: first.id, qrPayload: first.qrPayload } });
  });

  it('changes nothing on screen for the final status of a request that is not shown', () => {
    const first = operation();
    const second = operation();
    pay(first);
    pay(second);
    const before = seen.length;
    pay(later(first, { status: 'validated', amountReceived: 2000, remainder: 0 }));
    expect(seen.length).toBe(before);
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: second.id } });
    // …and it does not come back after the shown one ends.
    pay(later(second, { status: 'expired' }));
    clock.advance(6_000);
    expect(shown().phase).toBe('idle');
  });

  it('does not let a known request take the screen back when it is announced again', () => {
    const first = operation();
    const second = operation();
    pay(first);
    pay(second);
    pay(later(first, {})); // a poll or a refresh that re-reads the older request
    expect(shown().payment?.operationId).toBe(second.id);
  });

  it('updates the shown request in place (same QR, new data) without restarting anything', () => {
    const op = operation();
    pay(op);
    pay(later(op, { expiresAt: new Date(T0 + 600_000).toISOString() }));
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: op.id, expiresAt: new Date(T0 + 600_000).toISOString() } });
  });

  it('shows a new payment at once over an outcome still on screen', () => {
    const op = operation();
    pay(op);
    pay(later(op, { status: 'validated', amountReceived: 1200, remainder: 800 }));
    expect(shown().phase).toBe('partial');
    const rest = operation({ amountRequested: 800, remainder: 800, followUpOf: op.id });
    pay(rest);
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: rest.id, amountRequested: 800 } });
    // The outcome's timer no longer applies to the new request.
    clock.advance(6_000);
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: rest.id } });
  });

  it('does not bring back a request whose time is up while it waited off screen', () => {
    const first = operation({ expiresAt: new Date(T0 + 10_000).toISOString() });
    const second = operation();
    pay(first);
    pay(second);
    clock.advance(20_000);
    pay(later(second, { status: 'cancelled' }));
    clock.advance(6_000);
    expect(shown().phase).toBe('idle');
  });
});

describe('events that cross', () => {
  it('never goes back to the QR for an older version, nor for a request that ended', () => {
    const op = operation();
    pay(op);
    const validated = later(op, { status: 'validated', amountReceived: 2000, remainder: 0 });
    pay(validated);
    pay(op); // the older pending version, arriving late
    expect(shown().phase).toBe('validated');
    clock.advance(6_000);
    pay(op);
    expect(shown().phase).toBe('idle');
  });

  it('keeps the outcome on screen for its full time when the final status is announced twice', () => {
    const op = operation();
    pay(op);
    const validated = later(op, { status: 'validated', amountReceived: 2000, remainder: 0 });
    pay(validated);
    clock.advance(4_000);
    pay(validated);
    clock.advance(2_000);
    expect(shown().phase).toBe('idle');
  });
});

describe('session and settings', () => {
  it('speaks its own language: the cashier’s switch leaves it alone, its setting applies at once', () => {
    pay(operation());
    const before = seen.length;
    settings.update({ language: 'en' });
    expect(seen).toHaveLength(before);
    expect(shown()).toMatchObject({ phase: 'payment', language: 'fr' });
    settings.update({ customerDisplay: { language: 'en' } });
    expect(seen.at(-1)).toMatchObject({ phase: 'payment', language: 'en' });
  });

  it('uses the outcome duration set now', () => {
    settings.update({ customerDisplay: { finalStatusSeconds: 2 } });
    const op = operation();
    pay(op);
    pay(later(op, { status: 'cancelled' }));
    clock.advance(2_000);
    expect(shown().phase).toBe('idle');
  });

  it('clears the screen when the merchant logs out, and keeps it when the session only expired', () => {
    const op = operation();
    pay(op);
    session = { ...loggedIn, status: 'expired' };
    hub.emit('session.changed', session);
    expect(shown()).toMatchObject({ phase: 'payment', payment: { operationId: op.id } });
    session = { ...loggedIn, status: 'logged_out', merchant: null };
    hub.emit('session.changed', session);
    expect(seen.at(-1)).toMatchObject({ phase: 'idle', merchantName: null, payment: null });
  });

  it('stops listening once closed', () => {
    display.close();
    pay(operation());
    expect(seen).toEqual([]);
  });
});
