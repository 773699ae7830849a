// Which platform the core talks to (issue 4 §1): with no platform URL configured, the sandbox
// platform runs inside the main process on a free loopback port, its state in the data folder,
// and the login screen shows the demo credentials; otherwise the configured URL (https unless
// loopback, checked by the contract's PlatformUrl when it was saved).
import { join } from 'node:path';
import type { CompanionConfig, Logger } from '../core/ports';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox } from '../sandbox/index';

export const SANDBOX_DB_FILE = 'sandbox-platform.sqlite3';

export interface ChosenPlatform extends Pick<CompanionConfig, 'platformUrl' | 'platformMode' | 'demo'> {
  /** Stops the embedded sandbox, if there is one. */
  close(): Promise<void>;
}

export async function choosePlatform(options: {
  configuredUrl: string | null;
  dataDir: string;
  nativeBinding?: string;
  log?: Logger;
}): Promise<ChosenPlatform> {
  if (options.configuredUrl !== null) {
    options.log?.info('platform', { mode: 'platform', url: options.configuredUrl });
    return { platformUrl: options.configuredUrl, platformMode: 'platform', demo: null, close: async () => undefined };
  }
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    dbPath: join(options.dataDir, SANDBOX_DB_FILE),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  options.log?.info('platform', { mode: 'sandbox', url: sandbox.url });
  return {
    platformUrl: sandbox.url,
    platformMode: 'sandbox',
    demo: { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD },
    close: () => sandbox.close(),
  };
}
