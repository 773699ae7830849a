// What every route module of the sandbox shares: the store, the settings, the event hub, the
// test faults, and `write`, the way every change to payment requests is made. `write` runs its
// work in a single SQLite transaction and streams the events it recorded only once that
// transaction committed, so a client never hears about a change that was rolled back.
import { setTimeout as sleep } from 'node:timers/promises';
import { PAYMENT_REQUEST_UPDATED_EVENT } from '../common/platform-api';
import type { SandboxDatabase } from './database';
import { SandboxError } from './errors';
import type { EventHub } from './events';
import { toPaymentRequest } from './payment-request-view';
import type { EventRow, PaymentRequestRow, SandboxStore } from './store';

export interface SandboxSettings {
  /** Base of the wallet links in QR payloads, without a trailing slash. */
  publicUrl(): string;
  expirySeconds: number;
  tokenTtlSeconds: number;
}

/** Failures a test can switch on through `POST /sandbox/faults`. */
export interface Faults {
  /** After a create has been committed, wait this long before answering. */
  createResponseDelayMs: number;
}

export interface WriteScope {
  /** The instant of this write, ISO-8601 UTC: one clock reading for everything it changes. */
  now: string;
  /** Records a `payment_request.updated` event carrying the request as it is now. */
  emit(row: PaymentRequestRow): void;
}

export interface SandboxContext {
  store: SandboxStore;
  settings: SandboxSettings;
  hub: EventHub;
  faults: Faults;
  write<T>(work: (scope: WriteScope) => T): T;
  /** A pause that ends early (with a 503) when the sandbox stops, so `close()` never waits on it. */
  delay(ms: number): Promise<void>;
  /** Ends every pending `delay`. */
  abortDelays(): void;
}

export function createContext(
  db: SandboxDatabase,
  store: SandboxStore,
  settings: SandboxSettings,
  hub: EventHub,
): SandboxContext {
  const stopping = new AbortController();
  return {
    store,
    settings,
    hub,
    faults: { createResponseDelayMs: 0 },
    write<T>(work: (scope: WriteScope) => T): T {
      const recorded: EventRow[] = [];
      const now = new Date().toISOString();
      const scope: WriteScope = {
        now,
        emit(row) {
          const data = JSON.stringify(toPaymentRequest(row, settings.publicUrl()));
          const id = store.appendEvent(row.convention_number, PAYMENT_REQUEST_UPDATED_EVENT, data, now);
          recorded.push({ id, convention_number: row.convention_number, type: PAYMENT_REQUEST_UPDATED_EVENT, data });
        },
      };
      const result = db.transaction(() => work(scope)).immediate();
      for (const event of recorded) hub.publish(event);
      return result;
    },
    async delay(ms) {
      try {
        await sleep(ms, undefined, { signal: stopping.signal });
      } catch {
        throw new SandboxError('service_unavailable', 'the sandbox is stopping');
      }
    },
    abortDelays() {
      stopping.abort();
    },
  };
}
