// What the customer-facing screen shows, derived from the payments as they change: the QR of the
// request being paid, then its outcome for a few seconds, then the idle screen. Shared by the
// Electron customer window and the browser display of the headless host.
import type { DisplayState, Operation } from '../common/contract';
import type { EventHub } from './event-hub';
import type { SessionService } from './session';
import type { SettingsService } from './settings';

type Phase = DisplayState['phase'];

export class CustomerDisplay {
  private shown: { operation: Operation; phase: Phase } | null = null;
  /** Requests that can still be paid, newest last: shown in turn. */
  private readonly payable = new Map<string, Operation>();
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribers: Array<() => void>;

  constructor(
    private readonly hub: EventHub,
    private readonly settings: SettingsService,
    private readonly session: SessionService,
  ) {
    this.unsubscribers = [
      hub.on('payment.updated', (operation) => this.onPayment(operation)),
      hub.on('session.changed', () => this.publish()),
    ];
    this.unsubscribers.push(
      settings.onChange((next, previous) => {
        if (next.language !== previous.language) this.publish();
      }),
    );
  }

  state(): DisplayState {
    const shown = this.shown;
    const op = shown?.operation;
    return {
      phase: shown?.phase ?? 'idle',
      merchantName: this.session.state().merchant?.name ?? null,
      language: this.settings.get().language,
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
      serverTime: new Date().toISOString(),
    };
  }

  close(): void {
    this.clearIdleTimer();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private onPayment(operation: Operation): void {
    if (operation.status === 'pending' && operation.qrPayload) {
      this.payable.delete(operation.id);
      this.payable.set(operation.id, operation);
      this.show(operation, 'payment');
      return;
    }
    if (operation.status === 'creating') return;
    this.payable.delete(operation.id);
    if (this.shown?.operation.id !== operation.id) return;
    this.show(operation, outcomePhase(operation));
    const seconds = this.settings.get().customerDisplay.finalStatusSeconds;
    this.idleTimer = setTimeout(() => this.afterOutcome(operation.id), seconds * 1000);
    this.idleTimer.unref();
  }

  private afterOutcome(operationId: string): void {
    this.idleTimer = null;
    if (this.shown?.operation.id !== operationId) return;
    const next = [...this.payable.values()].pop();
    if (next) this.show(next, 'payment');
    else {
      this.shown = null;
      this.publish();
    }
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
    if (this.idleTimer) clearTimeout(this.idleTimer);
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
