// How a screen folds a `payment.updated` event (or a re-read) into what it shows. Events and
// answers can cross on the wire; the newer version of an operation wins, and a final status
// never goes back to pending on screen.
import { isFinalStatus, type Operation, type StatusFilter } from '../../../electron/common/contract';

export function latestOf(current: Operation, next: Operation): Operation {
  if (next.id !== current.id) return current;
  if (isFinalStatus(current.status) && !isFinalStatus(next.status)) return current;
  return Date.parse(next.updatedAt) >= Date.parse(current.updatedAt) ? next : current;
}

/** Whether an operation belongs in "Mes opérations" under a filter and a search, the way the
 *  core's `operations.list` decides (basket number prefix, or text in the free fields). */
export function belongsInList(operation: Operation, filter: StatusFilter, query: string): boolean {
  if (filter !== 'all' && operation.status !== filter) return false;
  const needle = query.trim().toLowerCase();
  if (needle === '') return true;
  if (operation.basketNumber.toLowerCase().startsWith(needle)) return true;
  return [operation.label, operation.customerReference, operation.sellerId].some((text) =>
    text?.toLowerCase().includes(needle),
  );
}

/** Puts a new or changed operation in a newest-first list, or takes it out if it no longer belongs. */
export function upsertOperation(
  list: readonly Operation[],
  operation: Operation,
  belongs: boolean,
): Operation[] {
  const index = list.findIndex((item) => item.id === operation.id);
  if (!belongs) return index === -1 ? [...list] : list.filter((item) => item.id !== operation.id);
  if (index === -1) return [operation, ...list];
  const copy = [...list];
  copy[index] = latestOf(list[index]!, operation);
  return copy;
}
