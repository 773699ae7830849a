// The headless companion as a real child process (`electron/host/cli.ts` under tsx, or the bundle
// `npm run serve` runs), so tests can SIGKILL it at any step of a payment and start it again on the
// same data folder.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { channelRoute } from '../../electron/common/contract';
import packageJson from '../../package.json';

const ROOT = resolve(import.meta.dirname, '../..');
/** `npm run serve` after its build step, read from package.json: node's flags and the bundle. */
export const SERVE_COMMAND = /node (.*dist\/host\/serve\.cjs)/.exec(packageJson.scripts.serve)![1]!.split(' ');

export interface CompanionProcess {
  url: string;
  /** The embedded sandbox's URL when started with --sandbox (to pay as the customer). */
  sandboxUrl: string | null;
  token: string;
  displayToken: string;
  output(): string;
  call(channel: string, input?: unknown, token?: string): Promise<{ status: number; body: any }>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `persistedTokens`: no --token/--display-token, the host uses (or makes) the data folder's own;
 *  they are read from what it prints. */
export async function spawnCompanion(options: {
  dataDir: string;
  args: string[];
  token?: string;
  displayToken?: string;
  persistedTokens?: boolean;
  /** Run `dist/host/serve.cjs` (built by `npm run build`) with the flags `npm run serve` gives it. */
  bundled?: boolean;
}): Promise<CompanionProcess> {
  const fixed = !options.persistedTokens;
  let token = options.token ?? 'test-cashier-token';
  let displayToken = options.displayToken ?? 'test-display-token';
  const tokenArgs = fixed ? ['--token', token, '--display-token', displayToken] : [];
  // A later --port wins over this one (node's parseArgs keeps the last).
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [...(options.bundled ? SERVE_COMMAND : ['--import', 'tsx', 'electron/host/cli.ts']), '--port', '0', '--data-dir', options.dataDir, ...tokenArgs, ...options.args],
    { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`companion did not start:\n${output}`)), 20_000);
    const look = () => {
      // The banner is printed in one write; wait for its last line.
      if (!/Plateforme\s*:/.test(output)) return;
      const match = /Écran caisse\s*: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        ready(match[1]!);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`companion exited with ${code}:\n${output}`));
    });
  });
  const sandboxUrl = /Plateforme\s*: (http:\/\/127\.0\.0\.1:\d+) \(sandbox\)/.exec(output)?.[1] ?? null;
  if (!fixed) {
    token = /Écran caisse\s*: \S+\/\?token=(\S+)/.exec(output)![1]!;
    displayToken = /Écran client\s*: \S+\/display\?token=(\S+)/.exec(output)![1]!;
  }
  return {
    url,
    sandboxUrl,
    token,
    displayToken,
    output: () => output,
    async call(channel, input = {}, bearer = token) {
      const response = await fetch(`${url}${channelRoute(channel)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: await response.json() };
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The Caisse-AP port a host started with `--caisse-ap 127.0.0.1:0` printed in its banner. */
export function caisseApPortOf(output: string): number {
  const match = /Caisse-AP\s*: 127\.0\.0\.1:(\d+) \(TCP\)/.exec(output);
  if (!match) throw new Error(`the host did not print its Caisse-AP address:\n${output}`);
  return Number(match[1]);
}
