// The convention's requests as the platform lists them (every till of the merchant), read
// through the one client call `listPaymentRequests`. Kept to these functions so the platform
// client can move behind a port without the reports noticing.
import type { PaymentRequest } from '../../common/platform-api';
import { CompanionFailure } from '../failure';
import type { PlatformClient } from '../platform/platform-client';
import type { SessionService } from '../session';

export interface PlatformListDeps {
  client: PlatformClient;
  session: SessionService;
}

/** The platform's page size; a day of a busy till is a few pages. */
const PAGE_SIZE = 100;
/** Beyond this the period is too long to read from the platform in one go (10 000 requests). */
export const MAX_PLATFORM_PAGES = 100;

/** One page of the convention's requests in `[start, end)`, newest first. */
export function platformPage(deps: PlatformListDeps, window: { start: string; end: string }, cursor?: string) {
  return deps.session.withToken((session) =>
    deps.client.listPaymentRequests(session.token, {
      from: window.start,
      to: window.end,
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    }),
  );
}

/** Every request of the convention in `[start, end)`; refuses a period longer than the page budget. */
export async function allPlatformRequests(deps: PlatformListDeps, window: { start: string; end: string }): Promise<PaymentRequest[]> {
  const requests: PaymentRequest[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    if (pages++ >= MAX_PLATFORM_PAGES) {
      throw new CompanionFailure({
        code: 'bad_request',
        message: 'Trop de demandes sur la plateforme pour cette période : choisissez une période plus courte.',
        details: { field: 'to' },
      });
    }
    const page = await platformPage(deps, window, cursor);
    requests.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return requests;
}
