// « Mes opérations » over a log of a few thousand operations, written by the app's own schema and
// analysed as a long-lived log is: every filter, page size and page, read through the contract,
// against the same log read whole and filtered in plain JavaScript. The list's statements carry
// the status and the page size in their text, so a program paging with every size must still get
// exactly its pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusFilter, type ListOperationsInput, type OperationPage, type Result } from '../../electron/common/contract';
import { createCompanion } from '../../electron/core/companion';
import { silentLogger } from '../../electron/core/logger';
import type { Companion } from '../../electron/core/ports';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { buildOperationLog, type FixtureInfo } from '../bench/log-fixture';
import { sandboxPlatform } from '../support/companion';

interface Row {
  id: string;
  basket_number: string;
  status: string;
  label: string | null;
  customer_reference: string | null;
  seller_id: string | null;
  created_at: string;
}

let dir: string;
let companion: Companion;
let rows: Row[];
let info: FixtureInfo;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'list-pages-'));
  const file = join(dir, 'operations.sqlite3');
  info = buildOperationLog(file, { operations: 3_000, end: new Date(), seed: 7 });
  const whole = new Database(file);
  // A few requests still waiting, spread over the log, as a log with tills that went away has.
  whole.exec(`UPDATE operations SET status = 'pending' WHERE id IN
    (SELECT id FROM operations WHERE status = 'expired' AND rowid % 9 = 0 LIMIT 25)`);
  rows = whole
    .prepare('SELECT id, basket_number, status, label, customer_reference, seller_id, created_at FROM operations ORDER BY created_at DESC, id DESC')
    .all() as Row[];
  whole.close();
  companion = await createCompanion({
    dataDir: dir,
    // The list reads the log only: no platform is called.
    platform: sandboxPlatform('http://127.0.0.1:9', { kind: 'api-v1' }),
    secretStore: new MemorySecretStore(),
    settingsStore: new MemorySettingsStore(),
    log: silentLogger,
  });
});

afterAll(async () => {
  await companion?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function page(input: ListOperationsInput): Promise<OperationPage> {
  const result: Result<OperationPage> = await companion.invoke('operations.list', input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Every page of a filter, following the cursors, as ids. */
async function allPages(input: ListOperationsInput): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const next = await page({ ...input, ...(cursor ? { cursor } : {}) });
    expect(next.items.length).toBeLessThanOrEqual(input.limit ?? 50);
    ids.push(...next.items.map((operation) => operation.id));
    if (!next.nextCursor) return ids;
    expect(next.items).toHaveLength(input.limit ?? 50);
    cursor = next.nextCursor;
  }
}

/** The same filter over the whole log, in JavaScript: the oracle. */
function expected(filter: { status?: StatusFilter; from?: string; to?: string; query?: string }): string[] {
  const text = filter.query?.toLowerCase();
  return rows
    .filter((row) => !filter.status || filter.status === 'all' || row.status === filter.status)
    .filter((row) => !filter.from || row.created_at >= filter.from)
    .filter((row) => !filter.to || row.created_at < filter.to)
    .filter(
      (row) =>
        !text ||
        row.basket_number.toLowerCase().startsWith(text) ||
        (text.length >= 3 && [row.basket_number, row.label, row.customer_reference, row.seller_id].some((field) => field?.toLowerCase().includes(text))),
    )
    .map((row) => row.id);
}

describe('the operations list over a log of 3 000 operations', () => {
  it('has every status in the log, pending ones included', () => {
    for (const status of ['pending', 'validated', 'cancelled', 'expired', 'failed']) {
      expect(rows.some((row) => row.status === status), status).toBe(true);
    }
  });

  it('gives each status its own operations, page after page, newest first', async () => {
    for (const status of StatusFilter.options) {
      expect(await allPages({ status, limit: 200 }), status).toEqual(expected({ status }));
    }
  });

  it('gives the first page right for every page size from 1 to 200', async () => {
    const newest = expected({ status: 'all' });
    for (let limit = 1; limit <= 200; limit++) {
      const first = await page({ limit });
      expect(first.items.map((operation) => operation.id)).toEqual(newest.slice(0, limit));
      expect(first.nextCursor === null).toBe(newest.length <= limit);
    }
    // After two hundred shapes, the usual page is still the usual page.
    expect((await page({ status: 'validated' })).items.map((operation) => operation.id)).toEqual(expected({ status: 'validated' }).slice(0, 50));
  });

  it('combines a status, a period and a text, and pages through them', async () => {
    const from = new Date(Date.parse(info.to) - 400 * 86_400_000).toISOString();
    const to = new Date(Date.parse(info.to) - 100 * 86_400_000).toISOString();
    for (const filter of [
      { from, to },
      { status: 'validated' as const, from },
      { status: 'cancelled' as const, to },
      { query: 'REF1001' },
      { query: 'glaces' },
      { query: 'T2', status: 'expired' as const },
      { query: 'V11', from, to },
    ]) {
      expect(await allPages({ ...filter, limit: 37 }), JSON.stringify(filter)).toEqual(expected(filter));
    }
  });

  it('answers the same page the same way when it is asked again and again', async () => {
    const first = await page({ status: 'expired', limit: 20 });
    for (let i = 0; i < 20; i++) expect(await page({ status: 'expired', limit: 20 })).toEqual(first);
    // A page asked with a field the contract does not know is refused every time, not once.
    for (let i = 0; i < 3; i++) {
      expect(await companion.invoke('operations.list', { status: 'expired', limit: 20, colour: 'red' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });
});
