// « Mes opérations » for the whole convention: a day's requests from the platform's list, each
// marked with this till's operation for it, or as another till's (« Autre caisse »).
import type Database from 'better-sqlite3';
import type { ConventionOperation, ConventionPage } from '../../common/contract';
import { parisDayRange } from '../../common/dates';
import { knownPlatformIds } from './local-platform-ids';
import { platformPage, type PlatformListDeps } from './platform-requests';

export async function conventionOperations(
  db: Database.Database,
  deps: PlatformListDeps,
  input: { day: string; onlyOtherTills: boolean; cursor?: string | undefined },
): Promise<ConventionPage> {
  const { from: start, to: end } = parisDayRange(input.day);
  const page = await platformPage(deps, { start, end }, input.cursor);
  const known = knownPlatformIds(db, page.items.map((request) => request.ref));
  const items: ConventionOperation[] = page.items.map((request) => {
    const mine = known.get(request.ref);
    return {
      platformId: request.ref,
      operationId: mine?.id ?? null,
      otherTill: !mine,
      basketNumber: request.basketNumber,
      amountRequested: request.amountRequested,
      amountReceived: request.amountReceived,
      status: request.status,
      label: request.label,
      customerReference: request.customerReference,
      sellerId: request.sellerId,
      createdAt: request.createdAt ?? request.updatedAt,
      updatedAt: request.updatedAt,
    };
  });
  return { items: input.onlyOtherTills ? items.filter((item) => item.otherTill) : items, nextCursor: page.nextCursor };
}
