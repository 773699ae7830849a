// The disk itself on a bad day: the data folder read-only (a tmpfs remounted read-only when
// root, permissions otherwise), and the disk filling up while the host runs (a small tmpfs, root
// only).
import { chmodSync, closeSync, cpSync, existsSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS_FILE } from '../../../electron/core/companion';
import type { Check } from '../checks';
import { dataDir } from '../context';
import { changedFiles, checksums, filesUnder, mountTmpfs, remountReadOnly, tmpfsUnavailable, unmount } from '../files';
import { launchHost, loginThroughApi, startHost, type ApiAnswer } from '../host-process';
import { settleAndCompare } from '../ledger';
import { payAsCustomer } from '../platform-process';
import { firstLine, START_TIMEOUT_MS, summarise, ZERO, type StorageRig } from './common';

export async function readOnlyFolder(rig: StorageRig): Promise<Check> {
  const unavailable = tmpfsUnavailable();
  const base = dataDir(rig.ctx, 'storage-read-only', { preparedByHarness: true });
  const dir = join(base, 'data');
  let mounted = false;
  try {
    if (unavailable) {
      // Without root, permissions make the folder read-only (root would ignore them).
      cpSync(rig.template, dir, { recursive: true });
      for (const file of filesUnder(dir)) execChmod(file, 0o400);
      execChmod(dir, 0o500);
    } else {
      mountTmpfs(dir, 16 * 1024);
      mounted = true;
      cpSync(rig.template, dir, { recursive: true });
      remountReadOnly(dir);
    }
    const { counts, info } = await expectRefusalWithProbe(rig, dir);
    return {
      part: 'storage',
      name: `read-only data folder (${unavailable ? 'permissions' : 'a tmpfs mounted read-only'})`,
      ran: '1 start; if it starts: 1 login and 1 create',
      mustBeZero: counts,
      info,
    };
  } finally {
    if (unavailable) execChmod(dir, 0o700);
    if (mounted) unmount(dir);
  }
}

function execChmod(path: string, mode: number): void {
  if (existsSync(path)) chmodSync(path, mode);
}

/** A refusal is expected; a host that starts anyway is asked to log in and create, and must say
 *  `storage_read_only` to both (nothing can be written). */
async function expectRefusalWithProbe(rig: StorageRig, dir: string) {
  const before = checksums(dir);
  const result = await launchHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: read-only folder', timeoutMs: START_TIMEOUT_MS });
  const counts: Record<string, number> = { ...ZERO, 'answers other than storage_read_only': 0 };
  const info: Record<string, string> = {};
  if (result.state === 'ready') {
    counts.started = 1;
    const answers = [
      await loginThroughApi(result.host, rig.ctx.password),
      await result.host.call('payments.create', { amount: 1_000, basketNumber: 'SRO-1' }),
    ];
    counts['answers other than storage_read_only'] = answers.filter((a) => a.body?.error?.code !== 'storage_read_only').length;
    info.outcome = `started; login ${answers[0]!.status} ${answers[0]!.body?.error?.code ?? 'ok'}, create ${answers[1]!.status} ${answers[1]!.body?.error?.code ?? 'ok'}`;
    await result.host.stop();
  } else if (result.state === 'exited') {
    if (result.exit.code === 0) counts.started = 1;
    if (!result.stderr.includes(dir)) counts['refusals without the path on stderr'] = 1;
    info.outcome = `exit ${result.exit.code}: ${firstLine(result.stderr)}`;
  } else {
    counts['neither started nor refused'] = 1;
  }
  counts['existing files changed'] = changedFiles(before, checksums(dir)).length;
  return { counts, info };
}

/** Writes until the file system says it is full. */
function fillUp(dir: string): number {
  const fd = openSync(join(dir, 'filler.bin'), 'w');
  let chunk = 1 << 20;
  let written = 0;
  try {
    while (chunk >= 1) {
      try {
        written += writeSync(fd, Buffer.alloc(chunk));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        chunk >>= 1;
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

export async function fullDisk(rig: StorageRig): Promise<Check> {
  const unavailable = tmpfsUnavailable();
  const name = 'disk full while the host runs';
  if (unavailable) return { part: 'storage', name, ran: 'nothing', mustBeZero: {}, skipped: unavailable };
  const base = dataDir(rig.ctx, 'storage-full', { preparedByHarness: true });
  const dir = join(base, 'data');
  mountTmpfs(dir, 24 * 1024);
  let host: Awaited<ReturnType<typeof startHost>> | null = null;
  try {
    cpSync(rig.template, dir, { recursive: true });
    host = await startHost(rig.ctx, { dataDir: dir, platformUrl: rig.platform.url, what: 'storage: full disk' });
    const warmUp = await host.call('payments.create', { amount: 1_000, basketNumber: 'SF-0' });
    if (warmUp.body?.ok !== true) throw new Error(`payments.create before the disk fills: ${JSON.stringify(warmUp.body)}`);
    const filled = fillUp(dir);
    const answers: ApiAnswer[] = [];
    for (let i = 1; i <= 10; i++) answers.push(await host.call('payments.create', { amount: 1_000 + i, basketNumber: `SF-${i}` }));
    answers.push(await loginThroughApi(host, rig.ctx.password));
    const temps = filesUnder(dir).filter((f) => f.endsWith('.tmp'));
    rmSync(join(dir, 'filler.bin'));
    const again = await host.call('payments.create', { amount: 2_000, basketNumber: 'SF-AFTER' });
    if (again.body?.ok === true) await payAsCustomer(rig.platform, again.body.value.qrPayload, 2_000);
    const comparison = await settleAndCompare(rig.platform, join(dir, OPERATIONS_FILE), 'SF-', { timeoutMs: rig.ctx.sizes.settleMs });
    const code = (a: ApiAnswer) => (a.body?.ok ? 'ok' : String(a.body?.error?.code ?? a.status));
    const other = answers.filter((a) => !['ok', 'storage_full'].includes(code(a)));
    return {
      part: 'storage',
      name,
      ran: `a ${24} MiB tmpfs filled (${Math.round(filled / 1e4) / 100} MB of filler); 10 creates and 1 login while full; 1 create once freed`,
      mustBeZero: {
        'answers other than ok or storage_full': other.length,
        'temp files left behind': temps.length,
        'not working again once space is freed': again.body?.ok === true ? 0 : 1,
        'host crashes': host.exit() ? 1 : 0,
        ...comparison.counts,
      },
      info: {
        'storage_full answers': answers.filter((a) => code(a) === 'storage_full').length,
        'ok while full': answers.filter((a) => code(a) === 'ok').length,
        answers: summarise(answers.map((a) => `${a.status} ${code(a)}`)),
      },
      examples: [...temps, ...comparison.examples],
    };
  } finally {
    await host?.stop();
    unmount(dir);
  }
}
