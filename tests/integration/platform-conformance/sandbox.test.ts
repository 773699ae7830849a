// The sandbox adapter (documented API v1) against the real sandbox platform.
import { describe, expect, it } from 'vitest';
import { SandboxGateway } from '../../../electron/core/platform/sandbox-gateway';
import { platformConformance } from './suite';
import { sandboxTarget } from './targets';

platformConformance(sandboxTarget);

describe('sandbox adapter capabilities', () => {
  it('declares what the API v1 documents: push stream, lockout after 3 wrong passwords, listing', () => {
    const gateway = new SandboxGateway({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1_000, pollIntervalMs: 2_000, reconnectMinMs: 250, reconnectMaxMs: 5_000 });
    expect(gateway.capabilities).toMatchObject({
      credentials: 'convention',
      loginLockout: { attempts: 3, unlockUrl: 'https://espace-ptl.ancv.fr' },
      statusFeed: 'push',
      lostCreateLookup: 'list',
      cancel: true,
      partialPayment: true,
    });
  });
});
