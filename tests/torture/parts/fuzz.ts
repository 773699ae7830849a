// Fuzz, against one running host: Caisse-AP frames on its till port (logged out, so that nothing
// a till sends can create an operation), contract inputs on every channel of its local API
// (logged in), and malformed or inconsistent platform answers served by the fault proxy. No
// crash, no 500 on the local API, and an input or answer that is refused changes nothing.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import type { Check } from '../checks';
import { dataDir, partSeed, type TortureContext } from '../context';
import { startFaultProxy } from '../fault-proxy';
import { fuzzContract } from '../fuzz/contract';
import { fuzzFrames } from '../fuzz/frames';
import { fuzzPlatformAnswers } from '../fuzz/platform-answers';
import type { FuzzRig } from '../fuzz/rig';
import { loginThroughApi, startHost, type TortureHost } from '../host-process';
import { startPlatform } from '../platform-process';

export async function tortureFuzz(ctx: TortureContext): Promise<Check[]> {
  const seed = partSeed(ctx, 'fuzz');
  const platform = await startPlatform(ctx, 'fuzz');
  const proxy = await startFaultProxy(platform.port);
  const dir = dataDir(ctx, 'fuzz');
  let host: TortureHost | null = null;
  let log: Database.Database | null = null;
  try {
    host = await startHost(ctx, { dataDir: dir, platformUrl: proxy.url, args: ['--caisse-ap', '127.0.0.1:0'], what: 'fuzz' });
    const logFile = join(dir, OPERATIONS_FILE);
    log = new Database(logFile, { readonly: true, fileMustExist: true });
    const rig: FuzzRig = { ctx, seed, platform, proxy, host, logFile, log };
    const checks = [await fuzzFrames(rig)];
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    checks.push(...(await fuzzContract(rig)));
    checks.push(...(await fuzzPlatformAnswers(rig)));
    return checks;
  } finally {
    log?.close();
    for (const token of proxy.tokens) ctx.registry.tokens.add(token);
    await host?.stop();
    await proxy.close();
    await platform.stop();
  }
}
