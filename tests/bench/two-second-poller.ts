// The baseline of the status figures: what a till integration does when it follows the usual
// advice for QR payments, polling the platform every 2 s from the request's creation
// (`GET /v1/payment-requests/{id}`) with its own login. It runs in the bench process, on the same
// payments as the companion, and notes when it first learns that a request is no longer pending.
import { wallClock } from './page-marks';

export const POLL_EVERY_MS = 2_000;

export class TwoSecondPoller {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly platformUrl: string,
    private readonly token: string,
  ) {}

  /** Starts polling `platformId` now; resolves with the wall-clock time of the first answer that
   *  is not `pending`. Ticks are anchored to the start, so a slow answer does not shift the next. */
  follow(platformId: string): Promise<number> {
    const started = performance.now();
    return new Promise<number>((resolve, reject) => {
      let tick = 0;
      const next = () => {
        tick += 1;
        const timer = setTimeout(async () => {
          this.timers.delete(timer);
          try {
            const response = await fetch(`${this.platformUrl}/v1/payment-requests/${platformId}`, {
              headers: { authorization: `Bearer ${this.token}` },
            });
            const body = (await response.json()) as { status?: string };
            if (!response.ok) throw new Error(`poll ${platformId}: ${response.status} ${JSON.stringify(body)}`);
            if (body.status !== 'pending') return resolve(wallClock());
            next();
          } catch (error) {
            reject(error);
          }
        }, Math.max(0, started + tick * POLL_EVERY_MS - performance.now()));
        this.timers.add(timer);
      };
      next();
    });
  }

  /** Stops every poll still running. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
