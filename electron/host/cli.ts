// `npm run serve`: the companion without Electron. The cashier screens in a browser, the
// customer display on a tablet, the local API for a till integrator, on this machine's loopback.
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllowList, parseListenAddress, type CaisseApListen } from '../caisse-ap/index';
import { TillTimeoutSeconds } from '../common/contract';
import { OPERATIONS_FILE } from '../core/companion';
import { checkDataFolder } from '../core/data-folder';
import { StartupRefusal } from '../core/startup-refusal';
import { FileSecretStore, JsonFileSettingsStore } from '../core/stores';
import { startRuntime } from '../runtime/runtime';
import { defaultDataDir } from './data-dir';
import { startHttpHost } from './http-host';
import { isLogLevel, LOG_LEVELS, logStart, openFileLog, traceEvents, type FileLog } from './logging';
import { ACCESS_TOKENS_FILE, PersistedTokens } from './persisted-tokens';
import { PLATFORM_USAGE, platformFromCommandLine } from './platform-options';
import { platformBannerLines } from './platform-banner';

const USAGE = `Usage: npm run serve -- [options]
  --port N               port of the local API and screens (default 8787; 0 = a free port)
  --data-dir DIR         operation log, settings and session token (default: the user's app data folder)
${PLATFORM_USAGE}
  --token T              bearer token of the local API (default: the one kept in the data folder,
                         made at the first start)
  --display-token T      token of the customer display (default: the one kept in the data folder)
  --display-host ADDR    also serve the customer display (and only it) on ADDR, e.g. 0.0.0.0 for a
                         tablet on the shop's network; the cashier API stays on 127.0.0.1
  --display-port N       port of that display listener (default: the same as --port)
  --caisse-ap HOST:PORT  serve Caisse-AP over IP to the till on this address (e.g. 127.0.0.1:8888);
                         without it, the settings decide (off by default)
  --caisse-ap-allow IPS  with --caisse-ap: till addresses allowed to connect (comma-separated)
  --caisse-ap-timeout S  how long the till waits for an answer, in seconds (10–3600; default: the
                         setting, 170): the companion cancels and answers before that
  --new-log              start a new, empty operation log although this data folder has served and
                         its log is missing or empty (refused otherwise: restore the log instead)
  --log-level LEVEL      what the log files keep: trace, debug, info (default), warn, error, fatal
                         or silent; files in the data folder's logs/ (secrets redacted)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} attend un entier ≥ ${min} (reçu : ${value}).`);
  return n;
}

/** `--caisse-ap HOST:PORT` and `--caisse-ap-allow IP[,IP]`: a fixed Caisse-AP address that wins over the settings. */
function caisseApOverride(address: string | undefined, allow: string | undefined): CaisseApListen | null {
  if (address === undefined) {
    if (allow !== undefined) fail('--caisse-ap-allow s’utilise avec --caisse-ap HOST:PORT.');
    return null;
  }
  const listen = parseListenAddress(address);
  if (!listen) fail(`--caisse-ap attend HOST:PORT, par exemple 127.0.0.1:8888 (reçu : ${address}).`);
  const allowList = allow === undefined ? [] : parseAllowList(allow);
  if (!allowList) fail(`--caisse-ap-allow attend des adresses IP séparées par des virgules (reçu : ${allow}).`);
  return { ...listen, allowList };
}

/** `--display-host ADDR [--display-port N]`: the opt-in listener for remote displays. */
function displayListenerOption(host: string | undefined, portText: string | undefined): { host: string; port?: number } | null {
  if (host === undefined) {
    if (portText !== undefined) fail('--display-port s’utilise avec --display-host ADDR.');
    return null;
  }
  if (!isIP(host) && host !== 'localhost') fail(`--display-host attend une adresse IP, par exemple 0.0.0.0 (reçu : ${host}).`);
  const displayPort = positiveInt(portText, 'display-port');
  if (displayPort !== undefined && displayPort > 65535) fail('--display-port doit être entre 0 et 65535.');
  return displayPort === undefined ? { host } : { host, port: displayPort };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        platform: { type: 'string' },
        'platform-url': { type: 'string' },
        sandbox: { type: 'boolean' },
        'worldline-environment': { type: 'string' },
        'worldline-test-server': { type: 'string' },
        'expiry-seconds': { type: 'string' },
        'demo-password': { type: 'string' },
        token: { type: 'string' },
        'display-token': { type: 'string' },
        'display-host': { type: 'string' },
        'display-port': { type: 'string' },
        'caisse-ap': { type: 'string' },
        'caisse-ap-allow': { type: 'string' },
        'caisse-ap-timeout': { type: 'string' },
        'new-log': { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = positiveInt(values.port, 'port') ?? 8787;
  if (port > 65535) fail('--port doit être entre 0 et 65535.');
  const expirySeconds = positiveInt(values['expiry-seconds'], 'expiry-seconds', 1);
  const displayListener = displayListenerOption(values['display-host'], values['display-port']);
  const caisseAp = caisseApOverride(values['caisse-ap'], values['caisse-ap-allow']);
  const tillTimeoutSeconds = positiveInt(values['caisse-ap-timeout'], 'caisse-ap-timeout', 10);
  if (tillTimeoutSeconds !== undefined && !TillTimeoutSeconds.safeParse(tillTimeoutSeconds).success) fail('--caisse-ap-timeout doit être entre 10 et 3600 secondes.');
  const logLevel = values['log-level'] ?? 'info';
  if (!isLogLevel(logLevel)) fail(`--log-level attend l’un de : ${LOG_LEVELS.join(', ')} (reçu : ${logLevel}).`);
  const platform = platformFromCommandLine(values);
  if (!platform.ok) fail(platform.message);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const settingsFile = join(dataDir, 'settings.json');
  // Before anything is written there, the log files included.
  checkDataFolder(dataDir, join(dataDir, OPERATIONS_FILE));
  fileLog = await openFileLog({ folder: join(dataDir, LOG_FOLDER), name: 'serve', level: logLevel });
  const log = fileLog.log;
  logStart(log, { host: 'serve', platform: platform.choice?.platform ?? 'settings', dataDir, logFolder: fileLog.folder, logLevel });

  // Changes after start-up (settings.update) are printed as they happen.
  let startupPrinted = false;
  const runtime = await startRuntime({
    dataDir,
    secretStore: fileLog.hidingSecrets(new FileSecretStore(join(dataDir, 'secrets.json'), log)),
    settingsStore: new JsonFileSettingsStore(settingsFile),
    settingsFile,
    platform: platform.choice,
    sandbox: {
      dbFileName: 'sandbox.sqlite3',
      ...(expirySeconds !== undefined ? { expirySeconds } : {}),
      ...(values['demo-password'] !== undefined ? { demoPassword: values['demo-password'] } : {}),
    },
    caisseAp: {
      override: caisseAp,
      tillTimeoutSeconds: tillTimeoutSeconds ?? null,
      onListening: (address) => {
        if (startupPrinted) console.log(address ? `Caisse-AP : à l’écoute sur ${address}` : 'Caisse-AP : arrêtée');
      },
    },
    log,
    logFolder: fileLog.folder,
    newLog: values['new-log'] ?? false,
  });
  const companion = runtime.companion;
  if (fileLog.verbose) traceEvents(companion, log);
  let tokenStore: PersistedTokens;
  try {
    tokenStore = new PersistedTokens(
      join(dataDir, ACCESS_TOKENS_FILE),
      { ...(values.token ? { cashierToken: values.token } : {}), ...(values['display-token'] ? { displayToken: values['display-token'] } : {}) },
      log,
    );
  } catch (error) {
    await runtime.shutdown().catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  }
  const { cashierToken, displayToken } = tokenStore.tokens;
  fileLog.hide(cashierToken);
  fileLog.hide(displayToken);
  const host = await startHttpHost({
    companion,
    cashierToken,
    displayToken,
    tokenStore,
    onTokenRotated: (kind, token) => {
      fileLog?.hide(token);
      console.log(
        kind === 'cashier'
          ? `Nouveau jeton de l’API locale : ${host.url}/?token=${token}`
          : `Écran client révoqué ; nouvel écran client : ${host.url}/display?token=${token} (code ${host.pairing().code})`,
      );
    },
    rendererDir: resolve(import.meta.dirname, '../../dist/renderer'),
    port,
    ...(displayListener ? { displayListener } : {}),
    pairing: { onNewCode: (code) => console.log(`Nouveau code d’appairage de l’écran client : ${code}`) },
    log,
  }).catch(async (error: unknown) => {
    await runtime.shutdown().catch(() => undefined);
    const busy = (error as { code?: string }).code === 'EADDRINUSE';
    if (busy && displayListener) fail(`Écran client : l’adresse ${displayListener.host} est déjà utilisée sur ce port ; choisissez --display-port.`);
    throw error;
  });

  runtime.addHost(() => host.close());
  const inUse = runtime.platform();
  const lines = [
    `Compagnon de caisse Chèque-Vacances Connect prêt${inUse.kind === 'sandbox' ? ' (mode démonstration — plateforme simulée)' : ''}.`,
    `  Écran caisse  : ${host.url}/?token=${cashierToken}`,
    `  Écran client  : ${host.url}/display?token=${displayToken}`,
    ...(host.displayListenerUrl ? [`  Écran client  : ${host.displayListenerUrl}/display?token=${displayToken} (réseau)`] : []),
    `  Appairage     : code ${host.pairing().code} (à saisir sur un écran client ouvert sans jeton)`,
    `  API locale    : ${host.url}/api/<canal>  (Authorization: Bearer ${cashierToken})`,
    `  Données       : ${dataDir}`,
    ...platformBannerLines(inUse),
  ];
  const till = runtime.caisseAp;
  lines.push(`  Caisse-AP     : ${till.address ? `${till.address} (TCP)` : 'désactivée'}`);
  if (till.address && caisseAp && !isLoopback(caisseAp.host) && caisseAp.allowList.length === 0) {
    lines.push('  Attention : Caisse-AP écoute sur le réseau sans liste d’adresses autorisées (--caisse-ap-allow).');
  }
  console.log(lines.join('\n'));
  startupPrinted = true;

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.shutdown().catch(() => undefined);
    log.info('companion stopped');
    await fileLog?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The data folder's log files (`--data-dir`/logs). */
const LOG_FOLDER = 'logs';
let fileLog: FileLog | null = null;

main().catch(async (error) => {
  if (error instanceof StartupRefusal) console.error(error.describe());
  else console.error(`Le compagnon n’a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}`);
  fileLog?.log.error('start failed', { error: error instanceof StartupRefusal ? error.describe() : String(error) });
  await fileLog?.close();
  process.exit(1);
});
