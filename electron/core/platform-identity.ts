// Which platform an operation was sent to, as recorded in the log: `sandbox` for the demo sandbox
// (its port changes at every start, so its URL is no name), the base URL for any other platform.
// Reconciliation and polling ask a platform only about its own operations: a data folder started
// against another platform (a damaged settings file falling back to the demo, a test URL left in
// place) never concludes that a production request is "unknown to the platform".
import type { CompanionConfig } from './ports';

export function platformIdentity(config: Pick<CompanionConfig, 'platformMode' | 'platformUrl'>): string {
  if (config.platformMode === 'sandbox') return 'sandbox';
  const url = new URL(config.platformUrl);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
