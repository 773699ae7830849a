// What the tills driving us over Caisse-AP are waiting for (`till.waiting`, then `till.changed`),
// for the till panel and for a recap that must not offer what the till decides.
import { useCallback, useEffect, useState } from 'react';
import type { TillState, TillWaitingRequest } from '../../../electron/common/contract';
import { useCompanion, useCompanionEvent, useReconnected } from './companion-context';

const EMPTY: TillState = { requests: [], attention: [] };

export function useTillState(): [TillState, (state: TillState) => void] {
  const api = useCompanion();
  const [state, setState] = useState<TillState>(EMPTY);
  const reload = useCallback(() => {
    void api.till.waiting({}).then((result) => {
      if (result.ok) setState(result.value);
    });
  }, [api]);
  useEffect(reload, [reload]);
  useReconnected(reload);
  useCompanionEvent('till.changed', setState);
  return [state, setState];
}

/** The till request still waiting for its answer that this operation belongs to, if any. */
export function waitingTillRequestOf(state: TillState, operationId: string): TillWaitingRequest | null {
  return state.requests.find((request) => request.operationIds.includes(operationId)) ?? null;
}
