// Part: cold start of the headless host, as `npm run serve` runs it (`node dist/host/serve.cjs`;
// the bundle and the renderer are built beforehand, as `npm run serve` builds them before starting:
// not timed).
// From spawning the process to the first 200 of `GET /api/health`, then to the login form's
// button usable in Chromium (a tab already open, in a fresh context, goes to the cashier URL as
// soon as the host answers; the moment is taken in the page, see page-marks.ts). Each start reuses a data
// folder that has served (the operation log is there: a till restarting), after one untimed
// start. Demo mode (the embedded sandbox) and with a platform URL (a sandbox outside the process,
// as a production till has). Baselines: a bare Node HTTP server's start to its first answer, and
// the same login screen opened on a host already running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../electron/sandbox/index';
import { SERVE_COMMAND } from '../../support/companion-process';
import { launchChromium } from '../../support/chromium';
import { requireBuiltRenderer } from '../../e2e/support/built-renderer';
import type { BenchContext } from '../context';
import { humanPause } from '../bench-host';
import { installLoginMarks, waitForMark, wallClock } from '../page-marks';
import { distribution, type Figure } from '../stats';

const ROOT = resolve(import.meta.dirname, '../../..');
const TOKEN = 'bench-cold-start-token';
const HEALTH_GOAL_MS = 1_000;
const SCREEN_GOAL_MS = 1_500;
const START_WITHIN_MS = 30_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

/** Asks `/api/health` (or `/`) every 2 ms until it answers 200: the wall-clock time of that answer. */
async function firstAnswer(url: string, child: ChildProcess, output: () => string): Promise<number> {
  const until = performance.now() + START_WITHIN_MS;
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return wallClock();
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode}:\n${output()}`);
    if (performance.now() > until) throw new Error(`${url} did not answer within ${START_WITHIN_MS} ms:\n${output()}`);
    await humanPause(2);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  await exited;
}

interface Start {
  health: number;
  screen: number | null;
}

function spawnHost(port: number, dataDir: string, platformArgs: string[]): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(
    process.execPath,
    [...SERVE_COMMAND, '--port', String(port), '--data-dir', dataDir, '--token', TOKEN, '--display-token', `${TOKEN}-display`, ...platformArgs],
    { cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** A browser tab with nothing open yet, in a fresh context (no cache): the cashier's browser is
 *  already running when the companion starts; opening a tab is not the companion's start. */
async function blankTab(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  await installLoginMarks(context);
  const page = await context.newPage();
  await page.evaluate('document.readyState'); // its renderer is up before the clock starts
  return { page, close: () => context.close() };
}

/** Opens the cashier URL: when the login form's button was usable (wall clock). */
async function loginScreen(page: Page, port: number): Promise<number> {
  await page.goto(`http://127.0.0.1:${port}/?token=${TOKEN}`);
  return waitForMark(page, 'login', '', START_WITHIN_MS);
}

/** One start of the host: spawned, health answered, and (with a browser) the login screen usable. */
async function startOnce(dataDir: string, platformArgs: string[], browser: Browser | null): Promise<Start> {
  const port = await freePort();
  const tab = browser ? await blankTab(browser) : null;
  try {
    const started = wallClock();
    const { child, output } = spawnHost(port, dataDir, platformArgs);
    try {
      const healthAt = await firstAnswer(`http://127.0.0.1:${port}/api/health`, child, output);
      const screen = tab ? (await loginScreen(tab.page, port)) - started : null;
      return { health: healthAt - started, screen };
    } finally {
      await stop(child);
    }
  } finally {
    await tab?.close();
  }
}

/** A bare Node HTTP server: spawned, first answer. */
async function bareNodeStart(): Promise<number> {
  const port = await freePort();
  let output = '';
  const started = wallClock();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q, r) => r.end('ok')).listen(${port}, '127.0.0.1')`]);
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    return (await firstAnswer(`http://127.0.0.1:${port}/`, child, () => output)) - started;
  } finally {
    await stop(child);
  }
}

/** The login screen opened on a host already running, from the navigation: the page's own share. */
async function warmScreens(browser: Browser, dataDir: string, runs: number): Promise<number[]> {
  const port = await freePort();
  const { child, output } = spawnHost(port, dataDir, ['--sandbox']);
  try {
    await firstAnswer(`http://127.0.0.1:${port}/api/health`, child, output);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const tab = await blankTab(browser);
      try {
        const opened = wallClock();
        samples.push((await loginScreen(tab.page, port)) - opened);
      } finally {
        await tab.close();
      }
    }
    return samples;
  } finally {
    await stop(child);
  }
}

export async function benchColdStart(ctx: BenchContext): Promise<Figure[]> {
  requireBuiltRenderer();
  const runs = ctx.sizes.coldStarts;
  const demoDir = join(ctx.workDir, 'cold-start-demo');
  const platformDir = join(ctx.workDir, 'cold-start-platform');
  mkdirSync(demoDir, { recursive: true });
  mkdirSync(platformDir, { recursive: true });
  let browser: Browser | null = null;
  let sandbox: RunningSandbox | null = null;
  const demo: Start[] = [];
  const platform: number[] = [];
  const bare: number[] = [];
  let warm: number[] = [];
  try {
    browser = await launchChromium();
    sandbox = await startSandbox({ port: 0 });
    // The first start of each folder creates its log: not what a till does every morning.
    await startOnce(demoDir, ['--sandbox'], browser);
    await startOnce(platformDir, ['--platform-url', sandbox.url], null);
    await bareNodeStart();
    for (let i = 0; i < runs; i++) {
      ctx.progress(`cold start ${i + 1}/${runs}…`);
      bare.push(await bareNodeStart());
      demo.push(await startOnce(demoDir, ['--sandbox'], browser));
      platform.push((await startOnce(platformDir, ['--platform-url', sandbox.url], null)).health);
    }
    warm = await warmScreens(browser, demoDir, runs);
  } finally {
    await browser?.close();
    await sandbox?.close();
  }
  const part = `cold start (${runs} starts each)`;
  const bareBaseline = { name: 'bare Node HTTP server, start → first answer', value: distribution(bare) };
  const health = (name: string, samples: number[], note: string): Figure => {
    const value = distribution(samples);
    return { part, name, unit: 'ms', value, baseline: bareBaseline, goal: `p95 ≤ ${HEALTH_GOAL_MS} ms`, met: value.p95 <= HEALTH_GOAL_MS, note };
  };
  const screen = distribution(demo.map((start) => start.screen!));
  return [
    health('process start → /api/health answers (demo: embedded sandbox)', demo.map((start) => start.health), 'npm run serve without a platform URL; a data folder that has served'),
    health('process start → /api/health answers (a platform URL)', platform, 'npm run serve -- --platform-url (the platform outside the process)'),
    {
      part,
      name: 'process start → login screen usable in Chromium (demo)',
      unit: 'ms',
      value: screen,
      baseline: { name: 'the same screen on a host already running', value: distribution(warm) },
      goal: `p95 ≤ ${SCREEN_GOAL_MS} ms`,
      met: screen.p95 <= SCREEN_GOAL_MS,
      note: 'a tab already open (fresh context, no cache) goes to the cashier URL once /api/health answers; timed in the page when « Se connecter » can be pressed',
    },
  ];
}
