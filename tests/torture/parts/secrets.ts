// Secrets, once everything else has run: the merchant's password (fresh for this run) must
// appear nowhere in the companion's data folders, nor in any host's output; the platform's
// access tokens (read from the secret stores, and seen on the wire by the fault proxy) only in
// the secret store; and the files holding operations and secrets readable by their owner only.
// Run alone, a small workload of its own comes first (wrong password, logins, payments, logout),
// so the part means something by itself.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Check } from '../checks';
import { dataDir, type TortureContext } from '../context';
import { countIn, filesUnder, occurrences, openToOthers } from '../files';
import { loginThroughApi, startHost } from '../host-process';
import { payAsCustomer, startPlatform } from '../platform-process';

function isSecretStore(file: string): boolean {
  const name = basename(file);
  return name === 'secrets.json' || /^secrets\.json\.\d+\.tmp$/.test(name);
}

/** Access tokens kept in a secret store file (the session is a JSON string inside JSON). */
function tokensIn(file: string): string[] {
  try {
    const found: string[] = [];
    const visit = (value: unknown) => {
      if (typeof value === 'string') {
        if (value.trim().startsWith('{')) {
          try {
            visit(JSON.parse(value));
          } catch {
            // not JSON inside
          }
        }
        return;
      }
      if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'accessToken' && typeof inner === 'string' && inner.length >= 16) found.push(inner);
          else visit(inner);
        }
      }
    };
    visit(JSON.parse(readFileSync(file, 'utf8')));
    return found;
  } catch {
    return [];
  }
}

async function workload(ctx: TortureContext): Promise<void> {
  const platform = await startPlatform(ctx, 'secrets');
  const dir = dataDir(ctx, 'secrets');
  const host = await startHost(ctx, { dataDir: dir, platformUrl: platform.url, what: 'secrets' });
  try {
    await loginThroughApi(host, `${ctx.password}-typo`);
    const login = await loginThroughApi(host, ctx.password);
    if (login.body?.ok !== true) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const paid = await host.call('payments.create', { amount: 1_000, basketNumber: 'SE-1' });
    if (paid.body?.ok === true) await payAsCustomer(platform, paid.body.value.qrPayload, 1_000);
    const cancelled = await host.call('payments.create', { amount: 2_000, basketNumber: 'SE-2' });
    if (cancelled.body?.ok === true) await host.call('payments.cancel', { id: cancelled.body.value.id });
    await host.call('session.logout', {});
    await loginThroughApi(host, ctx.password);
  } finally {
    await host.stop();
    await platform.stop();
  }
}

export async function tortureSecrets(ctx: TortureContext): Promise<Check[]> {
  // Its own traces (a mistyped password among them) in a full run or alone; the smoke searches
  // what the other parts left, to stay short.
  if (ctx.mode === 'full' || ctx.registry.dataDirs.size === 0) await workload(ctx);
  const dirs = [...ctx.registry.dataDirs].filter((dir) => existsSync(dir));
  const tokens = new Set(ctx.registry.tokens);
  for (const dir of dirs) for (const file of filesUnder(dir)) if (isSecretStore(file)) for (const token of tokensIn(file)) tokens.add(token);

  const examples: string[] = [];
  let passwordInFiles = 0;
  let passwordInOutput = 0;
  let tokensOutside = 0;
  for (const dir of dirs) {
    for (const { file, count } of occurrences(dir, ctx.password)) {
      passwordInFiles += count;
      examples.push(`the password in ${file} ×${count}`);
    }
    for (const token of tokens) {
      for (const { file, count } of occurrences(dir, token, isSecretStore)) {
        tokensOutside += count;
        examples.push(`a platform token in ${file} ×${count}`);
      }
    }
  }
  for (const output of ctx.registry.outputs) {
    const text = `${output.stdout}\n${output.stderr}`;
    const password = countIn(text, ctx.password);
    if (password) examples.push(`the password in the output of the host (${output.what}) ×${password}`);
    passwordInOutput += password;
    for (const token of tokens) {
      const n = countIn(text, token);
      if (n) examples.push(`a platform token in the output of the host (${output.what}) ×${n}`);
      tokensOutside += n;
    }
  }
  const sensitive = dirs.filter((dir) => !ctx.registry.preparedByHarness.has(dir)).flatMap((dir) =>
    ['operations.sqlite3', 'operations.sqlite3-wal', 'operations.sqlite3-shm', 'secrets.json', 'settings.json'].map((name) => join(dir, name)),
  );
  const exposed = sensitive.filter((file) => existsSync(file) && openToOthers(file));
  for (const file of exposed.slice(0, 10)) examples.push(`readable by other users: ${file}`);
  return [
    {
      part: 'secrets',
      name: 'password and platform tokens after the whole run',
      ran: `${dirs.length} data folders (${dirs.reduce((n, d) => n + filesUnder(d).length, 0)} files), ${ctx.registry.outputs.length} host outputs, ${tokens.size} tokens`,
      mustBeZero: {
        'password in data folders': passwordInFiles,
        'password in host output': passwordInOutput,
        'tokens outside the secret store': tokensOutside,
      },
      examples,
    },
    {
      part: 'secrets',
      name: 'operation log, secrets and settings readable by their owner only',
      ran: `${sensitive.filter((f) => existsSync(f)).length} files the companion created`,
      mustBeZero: { 'files readable by other users': exposed.length },
      info: { 'files by name': summariseNames(exposed) },
      examples: exposed.slice(0, 10),
    },
  ];
}

function summariseNames(files: string[]): string {
  const counts = new Map<string, number>();
  for (const file of files) {
    const name = basename(file);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
}
