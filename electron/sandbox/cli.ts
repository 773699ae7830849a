// `npm run sandbox`: the sandbox platform on its own, for integrators and for walking the seed
// flow with curl. Prints where it listens, the demo credentials and the wallets.
import { parseArgs } from 'node:util';
import { formatCents } from '../common/money';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER, DEMO_MERCHANT_NAME, DEMO_WALLETS, startSandbox } from './index';

const USAGE = `Usage: npm run sandbox -- [options]

  --port N               port to listen on (default 0 = a free port, printed below)
  --host H               address to bind (default 127.0.0.1; 0.0.0.0 to reach it from a phone)
  --public-url URL       base of the wallet links in QR payloads (default the listening address)
  --db FILE              SQLite file that keeps the state across restarts (default in memory)
  --expiry-seconds N     seconds before a pending payment request expires (default 300)
  --token-ttl-seconds N  lifetime of an access token in seconds (default 43200 = 12 h)
  --demo-password P      password of the demo merchant (default ${DEFAULT_DEMO_PASSWORD})
  -h, --help             this help`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    fail(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return Number(text);
}

function parse() {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        db: { type: 'string' },
        'expiry-seconds': { type: 'string' },
        'token-ttl-seconds': { type: 'string' },
        'demo-password': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args['public-url'] !== undefined && !URL.canParse(args['public-url'])) {
    fail(`--public-url must be a URL such as http://192.168.1.20:4010, got "${args['public-url']}"`);
  }
  if (args['demo-password'] === '') fail('--demo-password must not be empty');
  const sandbox = await startSandbox({
    host: args.host,
    port: integer('port', args.port, 0, 65_535),
    publicUrl: args['public-url'],
    dbPath: args.db ?? null,
    expirySeconds: integer('expiry-seconds', args['expiry-seconds'], 1, 86_400),
    tokenTtlSeconds: integer('token-ttl-seconds', args['token-ttl-seconds'], 1, 30 * 86_400),
    demoPassword: args['demo-password'],
    logger: false,
  });
  const wallets = DEMO_WALLETS.map((w) => `  ${w.walletId.padEnd(16)} ${formatCents(w.balance)} (initial balance)`);
  process.stdout.write(
    [
      `Sandbox Chèque-Vacances Connect platform listening on ${sandbox.url}`,
      `  port:            ${sandbox.port}`,
      `  state:           ${args.db ? `SQLite file ${args.db}` : 'in memory (lost when it stops)'}`,
      `  API reference:   electron/sandbox/API.md`,
      `Demo merchant (${DEMO_MERCHANT_NAME}):`,
      `  convention number ${DEMO_CONVENTION_NUMBER}`,
      `  password          ${args['demo-password'] ?? DEFAULT_DEMO_PASSWORD}`,
      'Demo wallets:',
      ...wallets,
      `Wallet page (simulated customer app): ${sandbox.walletPageUrl}`,
      ...(args['public-url'] ? [`QR codes link to: ${args['public-url'].replace(/\/+$/, '')}/wallet?qr=…`] : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the sandbox…\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
