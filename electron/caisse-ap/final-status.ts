// Waits for a payment request to reach its final status by listening to the core's
// `payment.updated` events (no polling of our own: the core's tracker already follows every
// pending request). Subscribed before the request is created, because the platform's event
// stream can announce the outcome before the create call returns.
import { isFinalStatus, Operation, type EventName, type EventPayload } from '../common/contract';
import type { CaisseApCore } from './core';

export type FinalOutcome =
  | { kind: 'final'; operation: Operation }
  /** Still not final well after its expiry (platform unreachable, logged out): the last known state. */
  | { kind: 'unknown'; operation: Operation }
  /** The server is shutting down. */
  | { kind: 'aborted' };

/** Used when a pending request carries no expiry. */
const DEFAULT_WAIT_MS = 10 * 60_000;
/** Final states seen before the id we wait for is known: a few at most, bounded anyway. */
const EARLY_FINALS_MAX = 64;

export class FinalStatusWatch {
  private readonly earlyFinals = new Map<string, Operation>();
  private target: { id: string; settle: (outcome: FinalOutcome) => void } | null = null;
  private readonly off: () => void;
  private timer: NodeJS.Timeout | null = null;
  private settled = false;
  private announced: string | null = null;
  private aborted = false;

  constructor(
    private readonly core: Pick<CaisseApCore, 'on' | 'invoke'>,
    private readonly graceMs: number,
  ) {
    this.off = core.on('payment.updated' satisfies EventName, (operation: EventPayload<'payment.updated'>) => this.onUpdate(operation));
  }

  /** Resolves once `operation` is final, or with `unknown` when its status cannot be learnt in time. */
  follow(operation: Operation): Promise<FinalOutcome> {
    if (this.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise<FinalOutcome>((resolve) => {
      const settle = (outcome: FinalOutcome) => {
        if (this.settled) return;
        this.settled = true;
        this.dispose();
        resolve(outcome);
      };
      this.target = { id: operation.id, settle };
      const early = this.earlyFinals.get(operation.id);
      this.earlyFinals.clear();
      if (isFinalStatus(operation.status)) return settle({ kind: 'final', operation });
      if (early) return settle({ kind: 'final', operation: early });
      const expiresAt = operation.expiresAt ? Date.parse(operation.expiresAt) : Number.NaN;
      const wait = Number.isFinite(expiresAt) ? Math.max(0, expiresAt - Date.now()) + this.graceMs : DEFAULT_WAIT_MS;
      this.timer = setTimeout(() => void this.askPlatform(operation, settle), wait);
      this.timer.unref();
    });
  }

  abort(): void {
    this.aborted = true;
    this.target?.settle({ kind: 'aborted' });
    this.dispose();
  }

  dispose(): void {
    this.off();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The id of the first operation this till announced as being created (its intent), if any:
   *  a create the platform refused still leaves one in the log. */
  get announcedId(): string | null {
    return this.announced;
  }

  private onUpdate(operation: Operation): void {
    if (operation.status === 'creating' && operation.origin === 'caisse-ap') this.announced ??= operation.id;
    if (!isFinalStatus(operation.status)) return;
    if (this.target) {
      if (operation.id === this.target.id) this.target.settle({ kind: 'final', operation });
      return;
    }
    if (this.earlyFinals.size >= EARLY_FINALS_MAX) this.earlyFinals.delete(this.earlyFinals.keys().next().value!);
    this.earlyFinals.set(operation.id, operation);
  }

  /** Well past the expiry and still nothing: ask the platform once ("Rafraîchir"), then give up. */
  private async askPlatform(operation: Operation, settle: (outcome: FinalOutcome) => void): Promise<void> {
    this.timer = null;
    let latest = operation;
    for (const channel of ['payments.refresh', 'payments.get'] as const) {
      const result = await this.core.invoke(channel, { id: operation.id }, { origin: 'caisse-ap' }).catch(() => null);
      const parsed = result?.ok ? Operation.safeParse(result.value) : null;
      if (parsed?.success) {
        latest = parsed.data;
        if (isFinalStatus(latest.status)) return settle({ kind: 'final', operation: latest });
      }
    }
    settle({ kind: 'unknown', operation: latest });
  }
}
