// The convention's requests as the platform lists them (every till of the merchant), read
// through the platform port's `list`: the one place the reports ask the platform anything. A
// platform that cannot list its requests (Worldline Direct lists no payment links) answers
// `not_supported`: the day close then covers this till alone and says the other tills are
// unavailable, rather than counting them as none.
import { CompanionFailure } from '../failure';
import type { ListPage, PlatformPaymentRequest } from '../platform/gateway';
import type { PlatformInUse, SessionService } from '../session';

export interface PlatformListDeps {
  platform: () => PlatformInUse;
  session: SessionService;
}

/** The platform's page size; a day of a busy till is a few pages. */
const PAGE_SIZE = 100;
/** Beyond this the period is too long to read from the platform in one go (10 000 requests). */
export const MAX_PLATFORM_PAGES = 100;

/** One page of the convention's requests in `[start, end)`, newest first. */
export function platformPage(deps: PlatformListDeps, window: { start: string; end: string }, cursor?: string): Promise<ListPage> {
  const { gateway } = deps.platform();
  const list = gateway.list?.bind(gateway);
  if (!list) return Promise.reject(CompanionFailure.of('not_supported'));
  return deps.session.withSession((session) =>
    list(session.platform, {
      from: window.start,
      to: window.end,
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    }),
  );
}

/** Every request of the convention in `[start, end)`; refuses a period longer than the page budget. */
export async function allPlatformRequests(deps: PlatformListDeps, window: { start: string; end: string }): Promise<PlatformPaymentRequest[]> {
  const requests: PlatformPaymentRequest[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    if (pages++ >= MAX_PLATFORM_PAGES) {
      throw CompanionFailure.of('bad_request', { field: 'to', reason: 'period_too_long' });
    }
    const page = await platformPage(deps, window, cursor);
    requests.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return requests;
}
