// The Worldline Direct adapter as the platform the core starts on, for tests: pointed at the
// Worldline test server (or a proxy in front of it), with the polling pace the test chooses.
import { WorldlineGateway } from '../../electron/core/platform/worldline/worldline-gateway';
import type { OpenedPlatform } from '../../electron/core/ports';

export function worldlinePlatform(
  url: string,
  options: { timeoutMs?: number; poll?: { minMs: number; maxMs: number; factor: number; tickMs: number }; linkValiditySeconds?: number } = {},
): OpenedPlatform {
  return {
    gateway: new WorldlineGateway({
      endpoint: { testServerUrl: url },
      timeoutMs: options.timeoutMs ?? 3_000,
      poll: options.poll ?? { minMs: 100, maxMs: 400, factor: 1.5, tickMs: 50 },
      ...(options.linkValiditySeconds !== undefined ? { linkValiditySeconds: options.linkValiditySeconds } : {}),
    }),
    demo: null,
    source: 'command-line',
    key: `worldline-direct ${url}`,
    close: async () => undefined,
  };
}
