// A pending request that is not paid in time becomes `expired`, with its event. A timer sweeps
// often; every route that reads or changes requests also sweeps first (inside its own
// transaction), so nobody can pay, cancel or see as pending a request whose time is up, even
// between two ticks or right after a restart.
import type { SandboxContext, WriteScope } from './context';

/** How often the timer looks for due requests. */
export const EXPIRY_CHECK_MS = 250;

export function expireDue(ctx: SandboxContext, scope: WriteScope): void {
  for (const row of ctx.store.dueForExpiry(scope.now)) {
    if (ctx.store.finishPending(row.id, 'expired', 0, scope.now)) {
      scope.emit({ ...row, status: 'expired', updated_at: scope.now });
    }
  }
}

/** Sweeps now (requests that expired while the sandbox was down), then on a timer. */
export function startExpiryTimer(ctx: SandboxContext, onError: (error: unknown) => void): () => void {
  const sweep = () => {
    try {
      // A cheap read first: most ticks find nothing, and then take no write lock at all.
      if (ctx.store.dueForExpiry(new Date().toISOString()).length === 0) return;
      ctx.write((scope) => expireDue(ctx, scope));
    } catch (error) {
      onError(error);
    }
  };
  sweep();
  const timer = setInterval(sweep, EXPIRY_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
