// Which platform an operation was sent to, as recorded in the log: `sandbox` for the demo sandbox
// (its port changes at every start, so its URL is no name), the base URL for a server of the
// API v1, and `worldline-direct:` with the environment's address for Worldline Direct.
// Reconciliation and polling ask a platform only about its own operations: a data folder started
// against another platform (a damaged settings file falling back to the demo, a test URL left in
// place, a merchant who switched) never concludes that a request is "unknown to the platform".
import type { PlatformGateway } from './platform/gateway';

export function platformIdentity(gateway: Pick<PlatformGateway, 'kind' | 'endpoint'>): string {
  switch (gateway.kind) {
    case 'sandbox':
      return 'sandbox';
    case 'api-v1': {
      const url = new URL(gateway.endpoint);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    }
    case 'worldline-direct':
      return `worldline-direct:${new URL(gateway.endpoint).origin}`;
    default: {
      const unreachable: never = gateway.kind;
      return unreachable;
    }
  }
}
