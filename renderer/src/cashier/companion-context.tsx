// What every screen gets from above: the contract API, the "event stream came back" signal,
// and one place that reacts to errors meaning "the session is gone".
import { createContext, useContext, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import type {
  CompanionApi,
  ContractError,
  EventName,
  EventPayload,
} from '../../../electron/common/contract';

export interface CompanionLink {
  api: CompanionApi;
  /** Subscribes to "events may have been missed" (the browser bridge reconnected). */
  onReconnected(listener: () => void): () => void;
  /** Called with every error a screen shows: token_expired brings up the login again. */
  onError(error: ContractError): void;
  /** Subscribes to "the cashier logged in again over this screen" (after an expired session):
   *  alerts shown before it are stale. */
  onLoggedInAgain(listener: () => void): () => void;
}

const LinkContext = createContext<CompanionLink | null>(null);

export function CompanionProvider({ link, children }: { link: CompanionLink; children: ReactNode }) {
  return <LinkContext.Provider value={link}>{children}</LinkContext.Provider>;
}

export function useLink(): CompanionLink {
  const link = useContext(LinkContext);
  if (!link) throw new Error('useLink outside CompanionProvider');
  return link;
}

export function useCompanion(): CompanionApi {
  return useLink().api;
}

/** Subscribes to a contract event for the component's lifetime; the latest handler is used. */
export function useCompanionEvent<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void) {
  const api = useCompanion();
  const latest = useRef(handler);
  latest.current = handler;
  // Subscribed while the screen is committed, not after the browser paints: an event that
  // arrives in between (a till's notice, a payment) must not be missed.
  useLayoutEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}

/** Runs `handler` each time the event stream reconnects (what is on screen may be stale). */
export function useReconnected(handler: () => void) {
  const link = useLink();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => link.onReconnected(() => latest.current()), [link]);
}

/** Runs `handler` each time the cashier logs in again after the session expired. */
export function useLoggedInAgain(handler: () => void) {
  const link = useLink();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => link.onLoggedInAgain(() => latest.current()), [link]);
}

/** A listener list that carries a value (the browser bridge's link to the host: up or down). */
export function createValueSignal<T>(): { emit(value: T): void; subscribe(listener: (value: T) => void): () => void } {
  const listeners = new Set<(value: T) => void>();
  return {
    emit: (value) => listeners.forEach((listener) => listener(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A tiny listener list, for the reconnect and logged-in-again signals. */
export function createSignal(): { emit(): void; subscribe(listener: () => void): () => void } {
  const listeners = new Set<() => void>();
  return {
    emit: () => listeners.forEach((listener) => listener()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
