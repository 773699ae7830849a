// The headless host for the torture: `electron/host/cli.ts` under tsx as a child process, with
// its own data folder. Unlike the test helper it keeps stdout and stderr apart (a refusal must
// name the path on stderr), reports how it ended (a crash is a finding), and sends any header
// (Idempotency-Key). `launchHost` resolves once the host is ready or has exited, whichever
// comes first, so a refusal to start is a result, not an error.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { channelRoute } from '../../electron/common/contract';
import { DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { trackChild } from './children';
import type { TortureContext } from './context';

const ROOT = resolve(import.meta.dirname, '../..');
export const CASHIER_TOKEN = 'torture-cashier-token';

export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiAnswer {
  status: number;
  body: any;
}

export interface TortureHost {
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  /** The Caisse-AP port when started with `--caisse-ap HOST:0`. */
  readonly caisseApPort: number | null;
  stdout(): string;
  stderr(): string;
  /** How it ended, or null while it runs. */
  exit(): HostExit | null;
  /** Set when it ended without being asked to (a crash). */
  readonly ended: Promise<HostExit>;
  /** POST /api/<channel>. Network failures reject (the host died mid-call). */
  call(channel: string, input?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** POST /api/<channel> with a raw body and content type. */
  callRaw(channel: string, body: string, contentType: string): Promise<ApiAnswer>;
  /** Calls from now on with this bearer token (after `access.rotate` replaced the cashier's). */
  useToken(token: string): void;
  kill(): Promise<HostExit>;
  stop(): Promise<HostExit>;
}

export type LaunchResult =
  | { state: 'ready'; host: TortureHost }
  | { state: 'exited'; exit: HostExit; stdout: string; stderr: string }
  | { state: 'hung'; stdout: string; stderr: string };

function record(ctx: TortureContext, what: string, stdout: () => string, stderr: () => string): void {
  ctx.registry.outputs.push({
    what,
    get stdout() {
      return stdout();
    },
    get stderr() {
      return stderr();
    },
  });
}

/** Starts a host; `ready` once its banner is printed, `exited` if it stopped first, `hung` if neither
 *  within `timeoutMs`. `platformUrl: null` starts it the way a till does, from its saved settings. */
export async function launchHost(
  ctx: TortureContext,
  options: { dataDir: string; platformUrl: string | null; args?: string[]; what: string; timeoutMs?: number },
): Promise<LaunchResult> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/host/cli.ts',
      '--port',
      '0',
      '--data-dir',
      options.dataDir,
      ...(options.platformUrl === null ? [] : ['--platform-url', options.platformUrl]),
      '--token',
      CASHIER_TOKEN,
      ...(options.args ?? []),
    ],
    { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  record(ctx, options.what, () => stdout, () => stderr);
  let exit: HostExit | null = null;
  // 'close', not 'exit': the pipes may still hold what the host wrote last (its refusal sentence).
  const ended = new Promise<HostExit>((done) =>
    child.once('close', (code, signal) => {
      exit = { code, signal };
      done(exit);
    }),
  );

  const outcome = await new Promise<'ready' | 'exited' | 'hung'>((settle) => {
    const timer = setTimeout(() => settle('hung'), options.timeoutMs ?? 60_000);
    const look = () => {
      // The banner is one write; its last line names Caisse-AP.
      if (/Caisse-AP\s*:/.test(stdout) && /Écran caisse\s*: http/.test(stdout)) {
        clearTimeout(timer);
        settle('ready');
      }
    };
    child.stdout!.on('data', look);
    void ended.then(() => {
      clearTimeout(timer);
      settle('exited');
    });
  });
  if (outcome === 'exited') return { state: 'exited', exit: exit!, stdout, stderr };
  if (outcome === 'hung') {
    child.kill('SIGKILL');
    await ended;
    return { state: 'hung', stdout, stderr };
  }

  const url = /Écran caisse\s*: (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)![1]!;
  const caisseAp = /Caisse-AP\s*: 127\.0\.0\.1:(\d+) \(TCP\)/.exec(stdout);
  let token = CASHIER_TOKEN;
  const post = async (channel: string, body: string, headers: Record<string, string>): Promise<ApiAnswer> => {
    const response = await fetch(`${url}${channelRoute(channel)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...headers },
      body,
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { unparsable: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed };
  };
  const host: TortureHost = {
    url,
    pid: child.pid!,
    dataDir: options.dataDir,
    caisseApPort: caisseAp ? Number(caisseAp[1]) : null,
    stdout: () => stdout,
    stderr: () => stderr,
    exit: () => exit,
    ended,
    call: (channel, input = {}, headers = {}) =>
      post(channel, JSON.stringify(input), { 'content-type': 'application/json', ...headers }),
    callRaw: (channel, body, contentType) => post(channel, body, { 'content-type': contentType }),
    useToken(next) {
      token = next;
    },
    async kill() {
      if (exit) return exit;
      child.kill('SIGKILL');
      return ended;
    },
    async stop() {
      if (exit) return exit;
      child.kill('SIGTERM');
      return ended;
    },
  };
  return { state: 'ready', host };
}

/** A host that must start: throws with its output otherwise. */
export async function startHost(
  ctx: TortureContext,
  options: { dataDir: string; platformUrl: string; args?: string[]; what: string },
): Promise<TortureHost> {
  const result = await launchHost(ctx, options);
  if (result.state === 'ready') return result.host;
  throw new Error(
    `the host (${options.what}) did not start: ${result.state === 'exited' ? `exited ${JSON.stringify(result.exit)}` : 'no banner'}\n` +
      `${result.stdout}\n${result.stderr}`,
  );
}

/** Logs the demo merchant in through the local API (the way a cashier does). */
export async function loginThroughApi(host: TortureHost, password: string): Promise<ApiAnswer> {
  return host.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password });
}
