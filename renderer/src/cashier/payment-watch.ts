// No payment goes unseen: this till's requests that the customer can still pay are followed
// wherever the cashier is. Each one that ends (paid, partly paid, expired, cancelled…) while its
// recap is not on screen becomes a notice that stays until the cashier has seen it. After a cut
// of the event stream (the companion restarted, the network dropped), what changed meanwhile is
// read again and announced the same way.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CompanionApi, Operation } from '../../../electron/common/contract';
import { isOpenRequest, outcomeOf, type Outcome } from '../../../electron/common/outcome';

export interface OutcomeNotice {
  operation: Operation;
  outcome: Outcome;
  /** When the cashier screen learnt of it. */
  seenAt: string;
}

export interface PaymentWatchOptions {
  api: CompanionApi;
  /** Subscribes to "the event stream came back after a cut" (events may have been missed). */
  onReconnected(listener: () => void): () => void;
  /** A session exists (logged in, or expired with the login over the screen). */
  active: boolean;
  /** This till's name: only its own requests are followed. */
  tillId: string | null;
  /** The operation whose recap is on screen, if any: its outcome shows there, not as a notice. */
  onScreen: string | null;
  /** Every outcome of a followed request (for the chime, the page title…). */
  onOutcome?(operation: Operation, outcome: Outcome, onScreen: boolean): void;
  /** A request a till sent over Caisse-AP appeared. */
  onTillRequest?(operation: Operation): void;
}

export interface PaymentWatch {
  /** Requests still payable, oldest first. */
  open: Operation[];
  /** Outcomes not seen yet, newest first. */
  notices: OutcomeNotice[];
  acknowledge(operationId: string): void;
}

const MAX_NOTICES = 20;
/** More pending requests than one till ever has at once. */
const OPEN_LIST_LIMIT = 200;

export function usePaymentWatch(options: PaymentWatchOptions): PaymentWatch {
  const { api, onReconnected } = options;
  const [open, setOpen] = useState<Operation[]>([]);
  const [notices, setNotices] = useState<OutcomeNotice[]>([]);
  const followed = useRef(new Map<string, Operation>());
  const latest = useRef(options);
  latest.current = options;

  const publish = useCallback(() => {
    setOpen([...followed.current.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  }, []);

  const take = useCallback(
    (operation: Operation) => {
      const known = followed.current.get(operation.id);
      if (isOpenRequest(operation)) {
        const ours = latest.current.tillId === null || operation.tillId === latest.current.tillId;
        if (!known && !ours) return;
        if (known && Date.parse(known.updatedAt) > Date.parse(operation.updatedAt)) return;
        followed.current.set(operation.id, operation);
        publish();
        if (!known && operation.origin === 'caisse-ap') latest.current.onTillRequest?.(operation);
        return;
      }
      if (!known) return; // not one of ours, or already told
      followed.current.delete(operation.id);
      publish();
      // A create refused at once was said where it was made (the form, the till): it never
      // reached a customer, so it is no outcome to announce.
      if (known.status === 'creating' && operation.status === 'failed') return;
      const outcome = outcomeOf(operation);
      if (!outcome) return;
      const onScreen = latest.current.onScreen === operation.id;
      latest.current.onOutcome?.(operation, outcome, onScreen);
      if (onScreen) return;
      setNotices((current) =>
        [{ operation, outcome, seenAt: new Date().toISOString() }, ...current.filter((n) => n.operation.id !== operation.id)].slice(
          0,
          MAX_NOTICES,
        ),
      );
    },
    [publish],
  );

  /** Reads the open requests again; any followed one that is no longer open is read and told. */
  const reload = useCallback(async () => {
    const result = await api.operations.list({ status: 'pending', limit: OPEN_LIST_LIMIT });
    if (!result.ok || !latest.current.active) return;
    const stillOpen = new Set(result.value.items.map((operation) => operation.id));
    const gone = [...followed.current.values()].filter((operation) => !stillOpen.has(operation.id) && operation.status !== 'creating');
    for (const operation of result.value.items) take(operation);
    for (const operation of gone) {
      const now = await api.payments.get({ id: operation.id });
      if (now.ok) take(now.value);
    }
  }, [api, take]);

  // Subscribed while the screen is committed: an event arriving before the browser paints counts.
  useLayoutEffect(() => api.on('payment.updated', take), [api, take]);
  useEffect(() => onReconnected(() => void reload()), [onReconnected, reload]);

  useEffect(() => {
    if (options.active) {
      void reload();
      return;
    }
    followed.current.clear();
    setOpen([]);
    setNotices([]);
  }, [options.active, reload]);

  // Opening the recap of a notice is seeing it.
  useEffect(() => {
    if (options.onScreen) setNotices((current) => current.filter((n) => n.operation.id !== options.onScreen));
  }, [options.onScreen]);

  const acknowledge = useCallback((operationId: string) => {
    setNotices((current) => current.filter((n) => n.operation.id !== operationId));
  }, []);

  return { open, notices, acknowledge };
}
