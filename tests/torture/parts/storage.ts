// Storage on a bad day: the data folder read-only, the disk full while the host runs, the
// operation log emptied, deleted, replaced by garbage, by another application's database or by a
// newer app's, a migration to run, broken settings and secrets files. Each is refused at start
// (exit code not 0, the data folder's path on stderr, no existing file changed) or handled as
// promised (a clear error code, nothing lost, a backup before a migration, logins still work).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Check } from '../checks';
import { dataDir, type TortureContext } from '../context';
import { loginThroughApi, startHost } from '../host-process';
import { payAsCustomer, startPlatform, type TorturePlatform } from '../platform-process';
import { logFileOf, type StorageRig } from '../storage/common';
import { fullDisk, readOnlyFolder } from '../storage/disks';
import { brokenSecrets, brokenSettings, emptiedLog, firstRun, olderLog, replacedLog } from '../storage/log-files';

async function prepareTemplate(ctx: TortureContext, platform: TorturePlatform): Promise<string> {
  const dir = dataDir(ctx, 'storage-template');
  const host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: 'storage: template' });
  try {
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const paid = await host.call('payments.create', { amount: 1_500, basketNumber: 'ST-1' });
    const pending = await host.call('payments.create', { amount: 2_500, basketNumber: 'ST-2' });
    if (paid.body?.ok !== true || pending.body?.ok !== true) throw new Error('payments.create for the template failed');
    await payAsCustomer(platform, paid.body.value.qrPayload, 1_500);
  } finally {
    await host.stop();
  }
  if (!existsSync(logFileOf(dir))) throw new Error('the template has no operation log');
  return dir;
}

export async function tortureStorage(ctx: TortureContext): Promise<Check[]> {
  const platform = await startPlatform(ctx, 'storage');
  try {
    const rig: StorageRig = { ctx, platform, template: await prepareTemplate(ctx, platform) };
    mkdirSync(join(ctx.workDir, 'companion'), { recursive: true });
    const full = ctx.mode === 'full';
    const cases: Array<() => Promise<Check>> = [
      // The smoke leaves out what another case already covers or what only guards against
      // refusing too much: every start costs seconds on a loaded machine.
      ...(full ? [() => firstRun(rig)] : []),
      () => readOnlyFolder(rig),
      () => fullDisk(rig),
      () => emptiedLog(rig, 'zero-length'),
      ...(full ? [() => emptiedLog(rig, 'missing')] : []),
      () => replacedLog(rig, 'garbage'),
      () => replacedLog(rig, 'foreign'),
      () => replacedLog(rig, 'newer'),
      () => olderLog(rig),
      ...(full ? [() => brokenSettings(rig, 'command line')] : []),
      () => brokenSettings(rig, 'settings'),
      () => brokenSecrets(rig),
    ];
    // A few at a time: each is mostly a process starting up.
    const checks: Check[] = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const index = next++;
        ctx.progress(`storage: case ${index + 1}/${cases.length}`);
        checks[index] = await cases[index]!();
      }
    };
    await Promise.all(Array.from({ length: 3 }, worker));
    return checks;
  } finally {
    await platform.stop();
  }
}
