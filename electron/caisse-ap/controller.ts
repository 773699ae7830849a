// Runs the Caisse-AP server the way the settings say (off by default), and starts, stops or
// restarts it when `settings.update` changes them; or, when a host passes an address of its own
// (the `--caisse-ap` option), on that address whatever the settings. One terminal outlives the
// restarts, so a transaction in progress keeps its "one at a time" guard.
import { DEFAULT_SETTINGS, type Settings } from '../common/contract';
import type { Logger } from '../core/ports';
import type { CaisseApCore } from './core';
import { notices } from './notices';
import { DEFAULT_CAISSE_AP_TIMING, formatAddress, type CaisseApListen, type CaisseApTiming } from './options';
import { listenForTills, type RunningCaisseApListener } from './server';
import { TillTerminal } from './transaction';

export interface CaisseApServerOptions extends CaisseApListen {
  core: CaisseApCore;
  timing?: Partial<CaisseApTiming>;
  log?: Logger;
}

export interface RunningCaisseApServer {
  host: string;
  port: number;
  /** `127.0.0.1:8888` */
  address: string;
  close(): Promise<void>;
}

/** One Caisse-AP server on a fixed address (tests, tools). */
export async function startCaisseApServer(options: CaisseApServerOptions): Promise<RunningCaisseApServer> {
  const timing = { ...DEFAULT_CAISSE_AP_TIMING, ...options.timing };
  const terminal = new TillTerminal(options.core, { timing, ...(options.log ? { log: options.log } : {}) });
  const listener = await listenForTills(options, { terminal, tally: terminal.tally, timing, ...(options.log ? { log: options.log } : {}) });
  return {
    host: listener.host,
    port: listener.port,
    address: listener.address,
    async close() {
      terminal.close();
      await listener.close();
    },
  };
}

export type CaisseApConfig = Settings['caisseAp'];

export interface CaisseApControllerOptions {
  core: CaisseApCore;
  /** The command line's address and allow-list: when given, the settings are not followed. */
  override?: CaisseApListen | null;
  /** The command line's till timeout (seconds): when given, the setting is not followed. */
  tillTimeoutSeconds?: number | null;
  timing?: Partial<CaisseApTiming>;
  log?: Logger;
  /** Told the address each time the server starts listening, and null when it stops. */
  onListening?: (address: string | null) => void;
}

export interface CaisseApController {
  /** Applies the settings (or the override) now and follows settings changes from then on. */
  start(): Promise<void>;
  /** Starts, stops or restarts the server for this configuration. */
  apply(config: CaisseApConfig): Promise<void>;
  /** Stops listening and drops the connections (the app is quitting). */
  stop(): Promise<void>;
  /** Where it listens now (`127.0.0.1:8888`), or null when it is off. */
  readonly address: string | null;
  readonly port: number | null;
}

function sameConfig(a: CaisseApConfig, b: CaisseApConfig): boolean {
  return (
    a.enabled === b.enabled &&
    a.host === b.host &&
    a.port === b.port &&
    a.allowList.length === b.allowList.length &&
    a.allowList.every((item, i) => item === b.allowList[i])
  );
}

export function createCaisseApController(options: CaisseApControllerOptions): CaisseApController {
  const { core, log } = options;
  const timing = { ...DEFAULT_CAISSE_AP_TIMING, ...options.timing };
  const terminal = new TillTerminal(core, { timing, ...(log ? { log } : {}) });
  // The till's timeout follows the settings live (no restart of the listener), unless the
  // command line fixed it; a test's timing wins over both.
  const applyTillTimeout = (config: CaisseApConfig) => {
    if (options.timing?.tillTimeoutMs !== undefined) return;
    terminal.setTillTimeout((options.tillTimeoutSeconds ?? config.tillTimeoutSeconds) * 1000);
  };
  let current: { config: CaisseApConfig; listener: RunningCaisseApListener | null } | null = null;
  /** Listeners closed gracefully whose connections may still be finishing. */
  const draining = new Set<RunningCaisseApListener>();
  let queue: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let stopped = false;

  const applyNow = async (config: CaisseApConfig): Promise<void> => {
    if (stopped) return;
    applyTillTimeout(config);
    if (current && sameConfig(current.config, config)) return;
    if (current?.listener) {
      const old = current.listener;
      draining.add(old);
      await old.close({ graceful: true });
      void old.drained().then(() => draining.delete(old));
      options.onListening?.(null);
      log?.info('caisse-ap: server stopped', { address: old.address });
    }
    current = { config, listener: null };
    if (!config.enabled) return;
    try {
      const listener = await listenForTills(config, { terminal, tally: terminal.tally, timing, ...(log ? { log } : {}) });
      current.listener = listener;
      log?.info('caisse-ap: server listening', { address: listener.address, allowList: config.allowList });
      options.onListening?.(listener.address);
    } catch (error) {
      const address = formatAddress(config.host, config.port);
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      log?.error('caisse-ap: cannot listen', { address, error: String(error) });
      core.till.notice(notices.listenFailed(address, inUse, String((error as Error).message ?? error)));
    }
  };
  const apply = (config: CaisseApConfig): Promise<void> => {
    queue = queue.then(() => applyNow(config)).catch((error) => log?.error('caisse-ap: apply failed', { error: String(error) }));
    return queue;
  };

  return {
    async start() {
      if (options.override) {
        const settings = await core.invoke('settings.get', {});
        const tillTimeoutSeconds = settings.ok ? (settings.value as Settings).caisseAp.tillTimeoutSeconds : DEFAULT_SETTINGS.caisseAp.tillTimeoutSeconds;
        await apply({ enabled: true, host: options.override.host, port: options.override.port, allowList: [...options.override.allowList], tillTimeoutSeconds });
        // The address is fixed, the timeout may still follow Paramètres.
        unsubscribe ??= core.on('settings.changed', (next) => applyTillTimeout(next.caisseAp));
        return;
      }
      const settings = await core.invoke('settings.get', {});
      if (settings.ok) await apply((settings.value as Settings).caisseAp);
      unsubscribe ??= core.on('settings.changed', (next) => void apply(next.caisseAp));
    },
    apply,
    async stop() {
      unsubscribe?.();
      unsubscribe = null;
      await queue;
      stopped = true;
      terminal.close();
      const listeners = [...draining, ...(current?.listener ? [current.listener] : [])];
      draining.clear();
      if (current?.listener) options.onListening?.(null);
      current = null;
      await Promise.all(listeners.map((listener) => listener.close()));
    },
    get address() {
      return current?.listener?.address ?? null;
    },
    get port() {
      return current?.listener?.port ?? null;
    },
  };
}
