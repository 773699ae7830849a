// The two platforms the suite runs against, each on its own test server: the sandbox (the
// documented API v1, real fastify + SQLite server) behind the sandbox adapter, and the Worldline
// Direct fake behind the Worldline adapter (the real SDK, real signatures).
import { SandboxGateway } from '../../../electron/core/platform/sandbox-gateway';
import { WorldlineGateway } from '../../../electron/core/platform/worldline/worldline-gateway';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../../electron/sandbox/index';
import { startTestSandbox } from '../../support/sandbox';
import { FAKE_MERCHANT, startWorldlineFake } from '../../support/worldline-fake/server';
import type { ConformanceTarget } from './harness';

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}

export const sandboxTarget: ConformanceTarget = {
  name: 'sandbox (API v1)',
  async start({ expirySeconds }) {
    const sandbox = await startTestSandbox({ expirySeconds });
    let token: string | null = null;
    return {
      port: Number(new URL(sandbox.url).port),
      gateway: ({ baseUrl, timeoutMs }) =>
        new SandboxGateway({
          baseUrl: baseUrl ?? sandbox.url,
          timeoutMs: timeoutMs ?? 5_000,
          pollIntervalMs: 200,
          reconnectMinMs: 50,
          reconnectMaxMs: 400,
        }),
      credentials: { kind: 'convention', conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD },
      wrongCredentials: { kind: 'convention', conventionNumber: DEMO_CONVENTION_NUMBER, password: 'not-the-password' },
      async pay(qrPayload, amount) {
        await sandbox.api.pay(qrPayload, 'demo-wallet-1', amount);
      },
      async payAttempt(qrPayload, amount) {
        return (await sandbox.api.payAttempt(qrPayload, 'demo-wallet-1', amount)).status;
      },
      async requestsFor(basketNumber) {
        token ??= await sandbox.api.token();
        return (await sandbox.api.list(token, { basketNumber, limit: 100 })).items.length;
      },
      async cutPush(ms) {
        await sandbox.api.admin.cutStreams(ms);
      },
      async delayCreates(ms) {
        await sandbox.api.admin.setFaults(ms > 0 ? { createResponseDelayMs: ms } : {});
      },
      close: () => sandbox.close(),
    };
  },
};

export const worldlineTarget: ConformanceTarget = {
  name: 'Worldline Direct (fake)',
  async start({ expirySeconds }) {
    const fake = await startWorldlineFake();
    return {
      port: fake.port,
      gateway: ({ baseUrl, timeoutMs }) =>
        new WorldlineGateway({
          endpoint: { testServerUrl: baseUrl ?? fake.url },
          timeoutMs: timeoutMs ?? 5_000,
          linkValiditySeconds: expirySeconds,
          poll: { minMs: 100, maxMs: 400, factor: 1.5, tickMs: 50 },
        }),
      credentials: { kind: 'api-key', ...FAKE_MERCHANT },
      wrongCredentials: { kind: 'api-key', ...FAKE_MERCHANT, secretApiKey: 'd3JvbmctYnV0LXdlbGwtZm9ybWVkLXNlY3JldA==' },
      async pay(qrPayload, amount) {
        const status = await post(`${fake.url}/fake/customer/payments`, { qrPayload, amount });
        if (status !== 201) throw new Error(`customer payment refused: ${status}`);
      },
      payAttempt: (qrPayload, amount) => post(`${fake.url}/fake/customer/payments`, { qrPayload, amount }),
      async requestsFor(basketNumber) {
        return [...fake.state.links.values()].filter((l) => l.merchantReference === basketNumber).length;
      },
      async delayCreates(ms) {
        await post(`${fake.url}/fake/faults`, { createResponseDelayMs: ms });
      },
      close: () => fake.close(),
    };
  },
};
