// `npm run serve`: the companion without Electron. The cashier screens in a browser, the
// customer display on a tablet, the local API for a till integrator, on this machine's loopback.
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCaisseApController, parseAllowList, parseListenAddress, type CaisseApListen } from '../caisse-ap/index';
import { PlatformUrl, TillTimeoutSeconds } from '../common/contract';
import { createCompanion, OPERATIONS_FILE } from '../core/companion';
import { checkDataFolder } from '../core/data-folder';
import { consoleLogger } from '../core/logger';
import { StartupRefusal } from '../core/startup-refusal';
import { FileSecretStore, JsonFileSettingsStore, unreadableSettings } from '../core/stores';
import type { RunningSandbox } from '../sandbox/index';
import { generateToken } from './access-tokens';
import { defaultDataDir } from './data-dir';
import { startHttpHost } from './http-host';

const USAGE = `Usage: npm run serve -- [options]
  --port N               port of the local API and screens (default 8787; 0 = a free port)
  --data-dir DIR         operation log, settings and session token (default: the user's app data folder)
  --platform-url URL     the Chèque-Vacances Connect platform (https, or http on loopback)
  --sandbox              start the embedded sandbox platform (the default when no platform URL is set)
  --expiry-seconds N     sandbox: how long a payment request can be paid (default 300)
  --demo-password P      sandbox: the demo merchant's password
  --token T              bearer token of the local API (default: a new random one)
  --display-token T      token of the customer display (default: a new random one)
  --display-host ADDR    also serve the customer display (and only it) on ADDR, e.g. 0.0.0.0 for a
                         tablet on the shop's network; the cashier API stays on 127.0.0.1
  --display-port N       port of that display listener (default: the same as --port)
  --caisse-ap HOST:PORT  serve Caisse-AP over IP to the till on this address (e.g. 127.0.0.1:8888);
                         without it, the settings decide (off by default)
  --caisse-ap-allow IPS  with --caisse-ap: till addresses allowed to connect (comma-separated)
  --caisse-ap-timeout S  how long the till waits for an answer, in seconds (10–3600; default: the
                         setting, 170): the companion cancels and answers before that
  --new-log              start a new, empty operation log although this data folder has served and
                         its log is missing or empty (refused otherwise: restore the log instead)`;

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

/** The platform URL the settings file names, if any. A value that is there but unusable stops the
 *  start: reading it as "none" would switch a production till to the demo sandbox. */
function savedPlatformUrl(store: JsonFileSettingsStore, file: string): string | undefined {
  const saved = store.load();
  if (saved === undefined) return undefined;
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) throw unreadableSettings(file, 'le contenu n’est pas un objet JSON');
  const value = (saved as { platformUrl?: unknown }).platformUrl;
  if (value === undefined || value === null) return undefined;
  const checked = PlatformUrl.safeParse(value);
  if (!checked.success) {
    throw unreadableSettings(file, `platformUrl invalide (${JSON.stringify(value)} : ${checked.error.issues[0]?.message ?? 'URL invalide'})`);
  }
  return checked.data;
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
        'platform-url': { type: 'string' },
        sandbox: { type: 'boolean' },
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
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  // Before anything is written there (the embedded sandbox keeps its state in it too).
  checkDataFolder(dataDir, join(dataDir, OPERATIONS_FILE));
  const settingsFile = join(dataDir, 'settings.json');
  const settingsStore = new JsonFileSettingsStore(settingsFile);
  const log = consoleLogger('serve');

  let platformUrl = values['platform-url'];
  if (platformUrl !== undefined && values.sandbox) fail('--platform-url et --sandbox sont incompatibles.');
  if (platformUrl === undefined && !values.sandbox) platformUrl = savedPlatformUrl(settingsStore, settingsFile);
  let sandbox: RunningSandbox | null = null;
  let demo: { conventionNumber: string; password: string } | null = null;
  if (platformUrl === undefined) {
    // Loaded only for the demo: a till with a platform URL starts without the sandbox's code.
    const { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, startSandbox } = await import('../sandbox/index');
    const demoPassword = values['demo-password'] ?? DEFAULT_DEMO_PASSWORD;
    sandbox = await startSandbox({
      dbPath: join(dataDir, 'sandbox.sqlite3'),
      demoPassword,
      ...(expirySeconds !== undefined ? { expirySeconds } : {}),
    });
    platformUrl = sandbox.url;
    demo = { conventionNumber: DEMO_CONVENTION_NUMBER, password: demoPassword };
  } else {
    const checked = PlatformUrl.safeParse(platformUrl);
    if (!checked.success) fail(`--platform-url refusée : ${checked.error.issues[0]?.message ?? 'URL invalide'}.`);
  }

  const companion = await createCompanion({
    dataDir,
    platformUrl,
    platformMode: sandbox ? 'sandbox' : 'platform',
    demo,
    secretStore: new FileSecretStore(join(dataDir, 'secrets.json'), log),
    settingsStore,
    log,
    newLog: values['new-log'] ?? false,
  });
  const cashierToken = values.token ?? generateToken();
  const displayToken = values['display-token'] ?? generateToken();
  const host = await startHttpHost({
    companion,
    cashierToken,
    displayToken,
    rendererDir: resolve(import.meta.dirname, '../../dist/renderer'),
    port,
    ...(displayListener ? { displayListener } : {}),
    pairing: { onNewCode: (code) => console.log(`Nouveau code d’appairage de l’écran client : ${code}`) },
    log,
  }).catch((error: unknown) => {
    const busy = (error as { code?: string }).code === 'EADDRINUSE';
    if (busy && displayListener) fail(`Écran client : l’adresse ${displayListener.host} est déjà utilisée sur ce port ; choisissez --display-port.`);
    throw error;
  });

  const lines = [
    `Compagnon de caisse Chèque-Vacances Connect prêt${sandbox ? ' (mode démonstration — plateforme simulée)' : ''}.`,
    `  Écran caisse  : ${host.url}/?token=${cashierToken}`,
    `  Écran client  : ${host.url}/display?token=${displayToken}`,
    ...(host.displayListenerUrl ? [`  Écran client  : ${host.displayListenerUrl}/display?token=${displayToken} (réseau)`] : []),
    `  Appairage     : code ${host.pairing().code} (à saisir sur un écran client ouvert sans jeton)`,
    `  API locale    : ${host.url}/api/<canal>  (Authorization: Bearer ${cashierToken})`,
    `  Données       : ${dataDir}`,
  ];
  if (sandbox && demo) {
    lines.push(
      `  Plateforme    : ${sandbox.url} (sandbox)`,
      `  Client simulé : ${sandbox.walletPageUrl}`,
      `  Identifiants de démonstration : ${demo.conventionNumber} / ${demo.password}`,
    );
  } else {
    lines.push(`  Plateforme    : ${platformUrl}`);
  }
  // Changes after start-up (settings.update) are printed as they happen.
  let startupPrinted = false;
  const till = createCaisseApController({
    core: companion,
    override: caisseAp,
    tillTimeoutSeconds: tillTimeoutSeconds ?? null,
    log,
    onListening: (address) => {
      if (startupPrinted) console.log(address ? `Caisse-AP : à l’écoute sur ${address}` : 'Caisse-AP : arrêtée');
    },
  });
  await till.start();
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
    await till.stop().catch(() => undefined);
    await host.close().catch(() => undefined);
    await companion.close().catch(() => undefined);
    await sandbox?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  if (error instanceof StartupRefusal) console.error(error.describe());
  else console.error(`Le compagnon n’a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
