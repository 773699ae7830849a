// What the customer-facing screen shows, derived from the payments as they change: the QR of the
// request being paid, then its outcome for a few seconds, then the idle screen. Shared by the
// Electron customer window and the browser display of the headless host.
//
// The rules, each for a case a till meets:
// - A request that becomes payable (pending with a QR) is shown at once, even over an outcome
//   still on screen: the customer in front of the screen is the one about to pay.
// - Several requests pending at once (two baskets, or a till and the cashier screen): the newest
//   is shown; when its outcome has been seen, the newest one still payable comes back.
// - A request already known does not take the screen back when it is announced again (a
//   refresh, a poll, a reconnection): only its data is updated.
// - A final status for a request that is not on screen changes nothing on screen.
// - Events can cross: an older version of a request never replaces a newer one, and a request
//   that ended never comes back as payable.
// - The merchant logging out clears the screen (nothing can be paid any more from this till);
//   an expired session keeps it (the cashier logs in again over the same request).
import { isFinalStatus, type DisplayState, type Operation, type SessionState } from '../common/contract';
import type { EventHub } from './event-hub';
import type { SessionService } from './session';
import type { SettingsService } from './settings';

type Phase = DisplayState['phase'];

/** How many ended requests are remembered, so a late event cannot bring one back. */
const ENDED_MEMORY = 500;

/** Time, injectable so tests can drive the outcome's duration without waiting. */
export interface DisplayClock {
  now(): number;
  setTimeout(run: () => void, ms: number): { cancel(): void };
}

const realClock: DisplayClock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export class CustomerDisplay {
  private shown: { operation: Operation; phase: Phase } | null = null;
  /** Requests that can still be paid, in the order they became payable (newest last). */
  private readonly payable = new Map<string, Operation>();
  private readonly ended = new Set<string>();
  private idleTimer: { cancel(): void } | null = null;
  private readonly unsubscribers: Array<() => void>;

  constructor(
    private readonly hub: EventHub,
    private readonly settings: Pick<SettingsService, 'get' | 'onChange'>,
    private readonly session: Pick<SessionService, 'state'>,
    private readonly clock: DisplayClock = realClock,
  ) {
    this.unsubscribers = [
      hub.on('payment.updated', (operation) => this.onPayment(operation)),
      hub.on('session.changed', (state) => this.onSession(state)),
      settings.onChange((next, previous) => {
        if (next.customerDisplay.language !== previous.customerDisplay.language) this.publish();
      }),
    ];
  }

  state(): DisplayState {
    const shown = this.shown;
    const op = shown?.operation;
    return {
      phase: shown?.phase ?? 'idle',
      merchantName: this.session.state().merchant?.name ?? null,
      language: this.settings.get().customerDisplay.language,
      payment: op
        ? {
            operationId: op.id,
            basketNumber: op.basketNumber,
            amountRequested: op.amountRequested,
            amountReceived: op.amountReceived,
            remainder: op.remainder,
            qrPayload: shown.phase === 'payment' ? op.qrPayload : null,
            expiresAt: op.expiresAt,
          }
        : null,
      serverTime: new Date(this.clock.now()).toISOString(),
    };
  }

  close(): void {
    this.clearIdleTimer();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private onPayment(operation: Operation): void {
    if (operation.status === 'creating') return;
    if (this.ended.has(operation.id) || this.isOlderThanKnown(operation)) return;
    if (operation.status === 'pending') {
      if (operation.qrPayload) this.onPayable(operation);
      return;
    }
    this.rememberEnded(operation.id);
    this.payable.delete(operation.id);
    if (this.shown?.operation.id !== operation.id) return;
    this.show(operation, outcomePhase(operation));
    const seconds = this.settings.get().customerDisplay.finalStatusSeconds;
    this.idleTimer = this.clock.setTimeout(() => this.afterOutcome(operation.id), seconds * 1000);
  }

  private onPayable(operation: Operation): void {
    const known = this.payable.has(operation.id);
    this.payable.set(operation.id, operation);
    if (this.shown?.operation.id === operation.id) {
      this.shown = { operation, phase: 'payment' };
      this.publish();
    } else if (!known) {
      this.show(operation, 'payment');
    }
  }

  private onSession(state: SessionState): void {
    if (state.status === 'logged_out') {
      this.clearIdleTimer();
      this.payable.clear();
      this.shown = null;
    }
    this.publish(); // the merchant's name is on the idle screen
  }

  private afterOutcome(operationId: string): void {
    this.idleTimer = null;
    if (this.shown?.operation.id !== operationId) return;
    const next = this.newestPayable();
    if (next) this.show(next, 'payment');
    else {
      this.shown = null;
      this.publish();
    }
  }

  /** The newest request still payable; one whose time is up waits for its final status off screen. */
  private newestPayable(): Operation | null {
    const now = this.clock.now();
    const candidates = [...this.payable.values()].filter(
      (operation) => operation.expiresAt === null || Date.parse(operation.expiresAt) > now,
    );
    return candidates.pop() ?? null;
  }

  private isOlderThanKnown(operation: Operation): boolean {
    const known = this.payable.get(operation.id) ?? (this.shown?.operation.id === operation.id ? this.shown.operation : null);
    if (!known) return false;
    if (isFinalStatus(known.status) && !isFinalStatus(operation.status)) return true;
    return Date.parse(operation.updatedAt) < Date.parse(known.updatedAt);
  }

  private rememberEnded(operationId: string): void {
    this.ended.add(operationId);
    if (this.ended.size > ENDED_MEMORY) this.ended.delete(this.ended.values().next().value!);
  }

  private show(operation: Operation, phase: Phase): void {
    this.clearIdleTimer();
    this.shown = { operation, phase };
    this.publish();
  }

  private publish(): void {
    this.hub.emit('display.changed', this.state());
  }

  private clearIdleTimer(): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
  }
}

function outcomePhase(operation: Operation): Phase {
  switch (operation.status) {
    case 'validated':
      return operation.remainder > 0 ? 'partial' : 'validated';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    case 'failed':
      return 'failed';
    case 'creating':
    case 'pending':
      return 'payment';
    default: {
      const unreachable: never = operation.status;
      return unreachable;
    }
  }
}
