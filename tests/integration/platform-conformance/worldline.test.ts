// The Worldline Direct adapter (through the official SDK) against the Worldline fake.
import { describe, expect, it } from 'vitest';
import { WorldlineGateway } from '../../../electron/core/platform/worldline/worldline-gateway';
import { platformConformance } from './suite';
import { worldlineTarget } from './targets';

platformConformance(worldlineTarget);

describe('Worldline adapter capabilities', () => {
  it('declares what Direct offers: API keys without lockout, polling only, lookup by replaying the create', () => {
    const gateway = new WorldlineGateway({ endpoint: { environment: 'preproduction' }, timeoutMs: 1_000 });
    expect(gateway.endpoint).toBe('https://payment.preprod.direct.worldline-solutions.com');
    expect(gateway.capabilities).toMatchObject({
      credentials: 'api-key',
      loginLockout: null,
      statusFeed: 'poll',
      lostCreateLookup: 'replay',
      cancel: true,
      partialPayment: true,
      idempotencyWindowMs: 24 * 3_600_000,
    });
  });
});
