// What the conformance suite needs of a platform's test server, whichever the platform: start
// it, reach it (directly or through a TCP proxy that cuts sockets for real), act as the
// customer, and look behind the API for the ground truth of what exists.
import { vi } from 'vitest';
import type {
  PlatformCredentials,
  PlatformGateway,
  PlatformPaymentRequest,
  StatusSink,
  WatchedRequest,
} from '../../../electron/core/platform/gateway';

export interface PlatformUnderTest {
  /** The port a TCP proxy forwards to. */
  port: number;
  /** A gateway to the platform at `baseUrl` (its own address, or a proxy's). */
  gateway(options: { baseUrl?: string; timeoutMs?: number }): PlatformGateway;
  credentials: PlatformCredentials;
  wrongCredentials: PlatformCredentials;
  /** The customer scans the QR and pays `amount` cents (all or part). */
  pay(qrPayload: string, amount: number): Promise<void>;
  /** Refused: the platform's own refusal, as a status code. */
  payAttempt(qrPayload: string, amount: number): Promise<number>;
  /** How many requests exist on the platform for a basket (read behind the API where needed). */
  requestsFor(basketNumber: string): Promise<number>;
  /** Push platforms only: open streams are closed and new ones refused for `ms`. */
  cutPush?(ms: number): Promise<void>;
  /** A new create is committed, then answered only after `ms` (0 resets). */
  delayCreates(ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConformanceTarget {
  name: string;
  /** `expirySeconds`: how long a request can be paid on this instance. */
  start(options: { expirySeconds: number }): Promise<PlatformUnderTest>;
}

/** A sink that records what a follower reports, watching the refs a test gives it. */
export class RecordingSink implements StatusSink {
  readonly seen: Array<{ request: PlatformPaymentRequest; via: 'push' | 'poll' }> = [];
  readonly unknown: string[] = [];
  pushUp = false;
  unauthorized = 0;
  private readonly watching = new Map<string, WatchedRequest>();
  private cursor: string | null = null;

  watch(request: PlatformPaymentRequest): void {
    this.watching.set(request.ref, { ref: request.ref, expiresAt: request.expiresAt });
  }

  watched(): readonly WatchedRequest[] {
    return [...this.watching.values()];
  }

  onRequest(request: PlatformPaymentRequest, via: 'push' | 'poll'): void {
    this.seen.push({ request, via });
    // As the core does: a request that reached its end is no longer waited on.
    if (request.status !== 'pending') this.watching.delete(request.ref);
  }

  onUnknown(ref: string): void {
    this.unknown.push(ref);
    this.watching.delete(ref);
  }

  onPushChange(up: boolean): void {
    this.pushUp = up;
  }

  onUnauthorized(): void {
    this.unauthorized++;
  }

  resumeCursor(): string | null {
    return this.cursor;
  }

  saveCursor(cursor: string): void {
    this.cursor = cursor;
  }

  /** The first report of `ref` in `status`. */
  async reported(ref: string, status: PlatformPaymentRequest['status'], timeout = 15_000) {
    return vi.waitFor(
      () => {
        const found = this.seen.find((s) => s.request.ref === ref && s.request.status === status);
        if (!found) throw new Error(`no ${status} report for ${ref} yet`);
        return found;
      },
      { timeout, interval: 25 },
    );
  }
}
