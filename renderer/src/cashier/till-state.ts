// What the tills driving us over Caisse-AP are waiting for (`till.waiting`, then `till.changed`),
// for the till panel and for a recap that must not offer what the till decides.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TillState, TillWaitingRequest } from '../../../electron/common/contract';
import { useCompanion, useCompanionEvent, useReconnected } from './companion-context';

const EMPTY: TillState = { requests: [], attention: [], revision: 0 };

export function useTillState(): [TillState, (state: TillState) => void] {
  const api = useCompanion();
  const [state, setState] = useState<TillState>(EMPTY);
  const newest = useRef(-1);
  // An older state never replaces a newer one: the answer to « Demander le reste » can arrive after
  // the event that says the till has been paid and answered.
  const offer = useCallback((next: TillState) => {
    if (next.revision < newest.current) return;
    newest.current = next.revision;
    setState(next);
  }, []);
  const reload = useCallback(() => {
    void api.till.waiting({}).then((result) => {
      if (!result.ok) return;
      // A companion started again counts from zero: what it says now is the truth.
      newest.current = -1;
      offer(result.value);
    });
  }, [api, offer]);
  useEffect(reload, [reload]);
  useReconnected(reload);
  useCompanionEvent('till.changed', offer);
  return [state, offer];
}

/** The till request still waiting for its answer that this operation belongs to, if any. */
export function waitingTillRequestOf(state: TillState, operationId: string): TillWaitingRequest | null {
  return state.requests.find((request) => request.operationIds.includes(operationId)) ?? null;
}
