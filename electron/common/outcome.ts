// What became of a payment request, in the terms a cashier must be told about: paid in full, paid
// in part, settled (the rest collected another way), or not paid (expired, cancelled, failed).
// Shared by the cashier screen (notices, cues) and the Electron shell (OS notifications).
import type { Operation } from './contract';

export type Outcome = 'validated' | 'partial' | 'settled' | 'expired' | 'cancelled' | 'failed';

/** The outcome of a final operation; null while it can still change (creating, pending). */
export function outcomeOf(operation: Operation): Outcome | null {
  switch (operation.status) {
    case 'creating':
    case 'pending':
      return null;
    case 'validated':
      if (operation.remainder === 0) return 'validated';
      return operation.remainderCollected ? 'settled' : 'partial';
    case 'expired':
    case 'cancelled':
    case 'failed':
      return operation.status;
    default: {
      const unreachable: never = operation.status;
      return unreachable;
    }
  }
}

/** Still payable by the customer: the request a cashier must not lose sight of. */
export function isOpenRequest(operation: Operation): boolean {
  return operation.status === 'pending' || operation.status === 'creating';
}
