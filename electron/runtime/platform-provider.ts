// Turns a platform choice (the settings, the command line) into a platform the core can use: the
// embedded demo sandbox (started here, on a free loopback port, its state in the data folder), a
// server of the documented API v1, or Worldline Direct. The only place outside the adapters that
// knows them; the core sees the port.
import type { PlatformTestInput, PlatformTestResult } from '../common/contract';
import { CompanionFailure } from '../core/failure';
import type { PlatformGateway } from '../core/platform/gateway';
import { SandboxGateway } from '../core/platform/sandbox-gateway';
import { WorldlineGateway } from '../core/platform/worldline/worldline-gateway';
import type { Logger, OpenedPlatform, PlatformChoice, PlatformProvider } from '../core/ports';
import type { RunningSandbox } from '../sandbox/index';

/** How adapters talk to their platform (the companion's defaults; tests go faster). */
export interface PlatformTiming {
  /** Any platform call that hears nothing for this long fails as `timeout`. */
  requestTimeoutMs: number;
  /** Polling: at most one call per this interval, whatever the number pending. */
  pollIntervalMs: number;
  /** The sandbox's event stream: reconnection backoff. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export const DEFAULT_PLATFORM_TIMING: PlatformTiming = {
  requestTimeoutMs: 8_000,
  pollIntervalMs: 500,
  reconnectMinMs: 250,
  reconnectMaxMs: 5_000,
};

export interface EmbeddedSandboxOptions {
  /** Where its state is kept (a file in the data folder). */
  dbFile: string;
  expirySeconds?: number;
  demoPassword?: string;
  nativeBinding?: string;
}

export interface RuntimePlatformProvider extends PlatformProvider {
  /** The embedded sandbox running now, if any (for the banner: its wallet page). */
  readonly sandbox: RunningSandbox | null;
}

export function createPlatformProvider(options: {
  sandbox: EmbeddedSandboxOptions;
  timing?: Partial<PlatformTiming>;
  log?: Logger;
}): RuntimePlatformProvider {
  const timing = { ...DEFAULT_PLATFORM_TIMING, ...options.timing };
  let running: RunningSandbox | null = null;

  const sandboxGateway = (baseUrl: string, kind: 'sandbox' | 'api-v1') =>
    new SandboxGateway({
      baseUrl,
      kind,
      timeoutMs: timing.requestTimeoutMs,
      pollIntervalMs: timing.pollIntervalMs,
      reconnectMinMs: timing.reconnectMinMs,
      reconnectMaxMs: timing.reconnectMaxMs,
      ...(options.log ? { log: options.log } : {}),
    });

  const worldlineGateway = (choice: Pick<PlatformChoice, 'worldline'>) =>
    new WorldlineGateway({
      endpoint: choice.worldline.testServerUrl !== null ? { testServerUrl: choice.worldline.testServerUrl } : { environment: choice.worldline.environment },
      timeoutMs: timing.requestTimeoutMs,
      poll: { minMs: 1_000, maxMs: 5_000, factor: 1.5, tickMs: timing.pollIntervalMs },
    });

  const apiUrl = (choice: Pick<PlatformChoice, 'platformUrl'>): string => {
    if (choice.platformUrl === null) throw CompanionFailure.of('bad_request', { field: 'platformUrl' });
    return choice.platformUrl;
  };

  const provider: RuntimePlatformProvider = {
    get sandbox() {
      return running;
    },

    keyOf(choice) {
      switch (choice.platform) {
        case 'sandbox':
          return 'sandbox';
        case 'api-v1':
          return `api-v1 ${choice.platformUrl === null ? '' : new URL(choice.platformUrl).href}`;
        case 'worldline-direct':
          return `worldline-direct ${choice.worldline.testServerUrl ?? choice.worldline.environment}`;
        default: {
          const unreachable: never = choice.platform;
          return unreachable;
        }
      }
    },

    async open(choice) {
      const key = provider.keyOf(choice);
      const none = async () => undefined;
      switch (choice.platform) {
        case 'sandbox': {
          // Loaded only for the demo: a till on a real platform starts without the sandbox's code.
          const { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox } = await import('../sandbox/index');
          const demoPassword = options.sandbox.demoPassword ?? DEFAULT_DEMO_PASSWORD;
          const sandbox = await startSandbox({
            host: '127.0.0.1',
            port: 0,
            dbPath: options.sandbox.dbFile,
            demoPassword,
            ...(options.sandbox.expirySeconds !== undefined ? { expirySeconds: options.sandbox.expirySeconds } : {}),
            ...(options.sandbox.nativeBinding ? { nativeBinding: options.sandbox.nativeBinding } : {}),
          });
          running = sandbox;
          options.log?.info('platform', { kind: 'sandbox', url: sandbox.url });
          let closed: Promise<void> | null = null;
          return {
            gateway: sandboxGateway(sandbox.url, 'sandbox'),
            demo: { conventionNumber: DEMO_CONVENTION_NUMBER, password: demoPassword },
            source: 'settings',
            key,
            close: () => {
              closed ??= sandbox.close().finally(() => {
                if (running === sandbox) running = null;
              });
              return closed;
            },
          } satisfies OpenedPlatform;
        }
        case 'api-v1': {
          const gateway = sandboxGateway(apiUrl(choice), 'api-v1');
          options.log?.info('platform', { kind: 'api-v1', url: gateway.endpoint });
          return { gateway, demo: null, source: 'settings', key, close: none };
        }
        case 'worldline-direct': {
          const gateway = worldlineGateway(choice);
          options.log?.info('platform', { kind: 'worldline-direct', url: gateway.endpoint });
          return { gateway, demo: null, source: 'settings', key, close: none };
        }
        default: {
          const unreachable: never = choice.platform;
          return unreachable;
        }
      }
    },

    async test(input: PlatformTestInput, inUse: PlatformGateway): Promise<PlatformTestResult> {
      switch (input.platform) {
        case 'sandbox': {
          // The embedded sandbox runs inside the companion: testing it is asking the one in use.
          if (inUse.kind === 'sandbox') await inUse.probe();
          return { platform: 'sandbox', url: inUse.kind === 'sandbox' ? inUse.endpoint : 'embedded', merchantId: null };
        }
        case 'api-v1': {
          const gateway = sandboxGateway(apiUrl({ platformUrl: input.platformUrl ?? null }), 'api-v1');
          await gateway.probe();
          return { platform: 'api-v1', url: gateway.endpoint, merchantId: null };
        }
        case 'worldline-direct': {
          const gateway = worldlineGateway({ worldline: input.worldline ?? { environment: 'preproduction', testServerUrl: null } });
          if (!input.credentials) {
            await gateway.probe();
            return { platform: 'worldline-direct', url: gateway.endpoint, merchantId: null };
          }
          // The documented test call, with the keys typed in: nothing is kept.
          const opened = await gateway.authenticate({ kind: 'api-key', ...input.credentials });
          await gateway.endSession(opened.session);
          return { platform: 'worldline-direct', url: gateway.endpoint, merchantId: opened.session.merchant.id };
        }
        default: {
          const unreachable: never = input.platform;
          return unreachable;
        }
      }
    },
  };
  return provider;
}
