// « Clôture de journée » over a real operation log on disk with past days (written as the app
// writes them, through its own query functions), and the accountant's CSV through the local
// API's streamed route, read back by csv-parse and by Python's csv module as a spreadsheet would.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayReport } from '../../electron/common/contract';
import type { CoreCompanion } from '../../electron/core/companion';
import { openDatabase } from '../../electron/core/db/open';
import { insertIntent, markFailed, recordPlatformState } from '../../electron/core/db/operation-log';
import { openTillExchange, recordTillOutcome, recordTillAnswer } from '../../electron/core/db/till-exchanges';
import { fromApiV1 } from '../../electron/core/platform/sandbox-gateway';
import { localTotals, periodRange } from '../../electron/core/reports/day-report';
import { CSV_HEADER } from '../../electron/core/reports/csv-export';
import { startHttpHost, type RunningHttpHost } from '../../electron/host/http-host';
import { startTestCompanion, tempDir, unwrap } from '../support/companion';

const CASHIER = 'cashier-token-day-report';

interface Seed {
  n: number;
  at: string;
  amount: number;
  status: 'pending' | 'validated' | 'cancelled' | 'expired' | 'failed';
  received?: number;
  seller?: string;
  till?: string;
  origin?: string;
  followUpOf?: string;
  label?: string;
  basket?: string;
  customerReference?: string;
}

// Around the spring-forward night (29/03/2026: 02:00 Paris does not exist) and the fall-back
// night (25/10/2026: 02:00–03:00 Paris happens twice).
const SEEDS: Seed[] = [
  { n: 1, at: '2026-03-28T22:59:00.000Z', amount: 1000, status: 'validated', received: 1000, seller: 'V1' }, // 28/03 23:59 Paris
  { n: 2, at: '2026-03-28T23:00:00.000Z', amount: 2000, status: 'validated', received: 1500, seller: 'V1', label: 'Emplacement 12; bord du lac' }, // 29/03 00:00
  { n: 3, at: '2026-03-29T00:10:00.000Z', amount: 500, status: 'validated', received: 500, seller: 'V1', followUpOf: 'op-2' }, // rest of n°2
  { n: 4, at: '2026-03-29T00:59:00.000Z', amount: 3000, status: 'cancelled', seller: 'V2', origin: 'caisse-ap' }, // 01:59 Paris
  { n: 5, at: '2026-03-29T01:00:00.000Z', amount: 4000, status: 'expired', till: 'caisse-2', origin: 'api' }, // 03:00 Paris
  { n: 6, at: '2026-03-29T09:30:00.000Z', amount: 2500, status: 'failed', seller: 'V2' }, // refused attempt
  { n: 7, at: '2026-03-29T10:00:00.000Z', amount: 1234, status: 'pending', till: 'caisse-2', label: 'Glaces "à l’italienne"', customerReference: 'Client n°7' },
  { n: 8, at: '2026-03-29T21:59:00.000Z', amount: 700, status: 'validated', received: 700, origin: 'caisse-ap' }, // 29/03 23:59 CEST
  { n: 9, at: '2026-03-29T22:00:00.000Z', amount: 900, status: 'validated', received: 900 }, // 30/03 00:00
  { n: 10, at: '2026-10-25T00:30:00.000Z', amount: 1100, status: 'validated', received: 1100 }, // 25/10 02:30 CEST
  { n: 11, at: '2026-10-25T01:30:00.000Z', amount: 1200, status: 'validated', received: 1200, basket: '-5POUR100' }, // 25/10 02:30 CET
];

function seedLog(file: string): void {
  const db = openDatabase(file);
  for (const seed of SEEDS) {
    const id = `op-${seed.n}`;
    const basketNumber = seed.basket ?? (seed.followUpOf ? `REF${seed.followUpOf.slice(3)}` : `REF${seed.n}`);
    insertIntent(db, {
      id,
      idempotencyKey: `key-${seed.n}`,
      conventionNumber: '643736001001',
      basketNumber,
      amountRequested: seed.amount,
      label: seed.label ?? null,
      customerReference: seed.customerReference ?? null,
      sellerId: seed.seller ?? null,
      followUpOf: seed.followUpOf ?? null,
      tillId: seed.till ?? 'caisse-1',
      origin: seed.origin ?? 'cashier',
      at: seed.at,
    });
    const later = new Date(Date.parse(seed.at) + 60_000).toISOString();
    if (seed.status === 'failed') {
      markFailed(db, id, { code: 'basket_in_progress', message: 'Une demande de paiement est déjà en attente pour ce N° de panier.' }, 'local', seed.at);
      continue;
    }
    const request = {
      id: `pr-${seed.n}`,
      basketNumber,
      amountRequested: seed.amount,
      amountReceived: 0,
      currency: 'EUR' as const,
      status: 'pending' as const,
      label: null,
      customerReference: null,
      sellerId: null,
      qrPayload: `http://127.0.0.1:1/wallet?qr=token-${seed.n}-abcdefghijklmnopqrstuv`,
      createdAt: seed.at,
      updatedAt: seed.at,
      expiresAt: new Date(Date.parse(seed.at) + 300_000).toISOString(),
    };
    recordPlatformState(db, id, fromApiV1(request), 'local', seed.at);
    if (seed.status !== 'pending') {
      recordPlatformState(db, id, fromApiV1({ ...request, status: seed.status, amountReceived: seed.received ?? 0, updatedAt: later }), 'stream', later);
    }
  }
  // The till that sent n°4 over Caisse-AP had hung up while nobody knew the outcome.
  const exchange = openTillExchange(db, {
    at: SEEDS[3]!.at,
    remoteAddress: '127.0.0.1',
    requestFrame: 'CZ0040300CB0043000',
    register: '01',
    amountRequested: 3000,
    operationId: 'op-4',
  });
  recordTillAnswer(db, exchange, { answerFrame: null, resultCode: '01-11', delivery: 'undelivered', at: SEEDS[3]!.at });
  recordTillOutcome(db, exchange, { outcome: 'unresolved', amountReceived: null, at: SEEDS[3]!.at });
  db.close();
}

let dir: ReturnType<typeof tempDir>;
let companion: CoreCompanion;
let host: RunningHttpHost;

beforeAll(async () => {
  dir = tempDir('cvc-day-report-');
  seedLog(join(dir.path, 'operations.sqlite3'));
  companion = await startTestCompanion({ platformUrl: 'http://127.0.0.1:9', dataDir: dir.path });
  host = await startHttpHost({ companion, cashierToken: CASHIER, displayToken: 'display-token-day-report' });
});

afterAll(async () => {
  await host?.close();
  await companion?.close();
  dir.remove();
});

async function report(input: Record<string, unknown>): Promise<DayReport> {
  return unwrap(await companion.invoke('report.day', input));
}

const line = (lines: DayReport['bySeller'], key: string | null) => lines.find((l) => l.key === key);

describe('« Clôture de journée » of a past day', () => {
  it('counts the Paris day only (the spring-forward night included), refused attempts apart', async () => {
    const day = await report({ from: '2026-03-29' });
    expect(day).toMatchObject({ from: '2026-03-29', to: '2026-03-29', start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T22:00:00.000Z' });
    // n°2 to n°8: seven requests, n°6 refused.
    expect(day.requests.byStatus.validated).toEqual({ count: 3, amountRequested: 3200, amountReceived: 2700 });
    expect(day.requests.byStatus.cancelled).toEqual({ count: 1, amountRequested: 3000, amountReceived: 0 });
    expect(day.requests.byStatus.expired).toEqual({ count: 1, amountRequested: 4000, amountReceived: 0 });
    expect(day.requests.byStatus.pending).toEqual({ count: 1, amountRequested: 1234, amountReceived: 0 });
    expect(day.requests.refused).toEqual({ count: 1, amountRequested: 2500, amountReceived: 0 });
    expect(day.requests.total).toEqual({ count: 6, amountRequested: 11434, amountReceived: 2700 });
    // Baskets: n°2 (+ its rest n°3), n°4, n°5, n°7, n°8: five, n°2's 20 € counted once.
    expect(day.baskets).toEqual({
      count: 5,
      amountRequested: 2000 + 3000 + 4000 + 1234 + 700,
      amountReceived: 2700,
      paidInFull: 2,
      partiallyPaid: 0,
      pending: 1,
      unpaid: 2,
      collectedOtherwise: 0,
      leftToCollect: 0,
    });
    expect(day.pending.map((op) => op.id)).toEqual(['op-7']);
    expect(day.pendingCount).toBe(1);
    expect(day.tillNotTold).toEqual([expect.objectContaining({ operationId: 'op-4', delivery: 'undelivered', status: 'cancelled' })]);
    expect(day.otherTills).toEqual({ status: 'not_requested', count: 0, error: null });
  });

  it('breaks the day down per seller, per till and per origin', async () => {
    const day = await report({ from: '2026-03-29' });
    expect(line(day.bySeller, 'V1')).toEqual({
      key: 'V1',
      total: { count: 2, amountRequested: 2500, amountReceived: 2000 },
      validated: { count: 2, amountRequested: 2500, amountReceived: 2000 },
      refused: 0,
    });
    expect(line(day.bySeller, 'V2')).toMatchObject({ total: { count: 1, amountRequested: 3000 }, refused: 1 });
    expect(line(day.bySeller, null)).toMatchObject({ total: { count: 3, amountRequested: 4000 + 1234 + 700 } });
    expect(day.bySeller.at(-1)?.key).toBeNull();
    expect(line(day.byTill, 'caisse-1')).toMatchObject({ total: { count: 4, amountRequested: 2000 + 500 + 3000 + 700 }, refused: 1 });
    expect(line(day.byTill, 'caisse-2')).toMatchObject({ total: { count: 2, amountRequested: 5234 }, validated: { count: 0 } });
    expect(line(day.byOrigin, 'caisse-ap')).toMatchObject({ total: { count: 2, amountRequested: 3700, amountReceived: 700 } });
    expect(line(day.byOrigin, 'api')).toMatchObject({ total: { count: 1, amountRequested: 4000 } });
    expect(line(day.byOrigin, 'cashier')).toMatchObject({ total: { count: 3, amountRequested: 3734 }, refused: 1 });
  });

  it('covers a range of days, and a basket follows its first request\'s day', async () => {
    const range = await report({ from: '2026-03-28', to: '2026-03-30' });
    expect(range.requests.total.count).toBe(8);
    expect(range.requests.refused.count).toBe(1);
    expect(range.baskets).toMatchObject({ count: 7, amountReceived: 1000 + 2000 + 700 + 900, paidInFull: 4 });
    // A basket started the day before (n°2 at 00:00 is the 29th; n°1 at 23:59 is the 28th).
    const before = await report({ from: '2026-03-28' });
    expect(before.requests.total).toEqual({ count: 1, amountRequested: 1000, amountReceived: 1000 });
    const fallBack = await report({ from: '2026-10-25' });
    expect(fallBack.requests.total.count).toBe(2);
    const year = await report({ from: '2026-01-01', to: '2026-12-31' });
    expect(year.requests.total.count).toBe(11 - 1);
    expect(year.baskets.count).toBe(9);
  });

  it('refuses a period that ends before it starts, or is not a calendar day, and says which field', async () => {
    expect(await companion.invoke('report.day', { from: '2026-03-29', to: '2026-03-28' })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'to' } } });
    expect(await companion.invoke('report.day', { from: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'from' } } });
    expect(await companion.invoke('report.day', { from: '2020-01-01', to: '2031-01-01' })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'to' } } });
  });

  it('says the other tills could not be read instead of leaving them out silently', async () => {
    // Nobody is logged in: the platform cannot be asked.
    const day = await report({ from: '2026-03-29', includeOtherTills: true });
    expect(day.otherTills).toMatchObject({ status: 'unavailable', count: 0, error: { code: 'not_logged_in' } });
    expect(day.requests.total.count).toBe(6);
  });
});

describe('remainders collected by another means (the counter\'s record, once wired)', () => {
  it('counts them per means, and takes them off what is left to collect', () => {
    // Stands in for the counter's columns, on a copy of the log's schema.
    const db = openDatabase(join(dir.path, 'remainders.sqlite3'));
    db.exec('ALTER TABLE operations ADD COLUMN test_means TEXT; ALTER TABLE operations ADD COLUMN test_amount INTEGER');
    const at = '2026-05-01T10:00:00.000Z';
    for (const [n, amount, received, means] of [[1, 2000, 1500, 'cash'], [2, 3000, 1000, 'card'], [3, 1000, 400, 'cash'], [4, 1000, 1000, null]] as const) {
      insertIntent(db, { id: `r-${n}`, idempotencyKey: `rk-${n}`, conventionNumber: '643736001001', basketNumber: `R${n}`, amountRequested: amount, label: null, customerReference: null, sellerId: null, followUpOf: null, tillId: 'caisse-1', origin: 'cashier', at });
      const request = { id: `rp-${n}`, basketNumber: `R${n}`, amountRequested: amount, amountReceived: received, currency: 'EUR' as const, status: 'validated' as const, label: null, customerReference: null, sellerId: null, qrPayload: 'http://127.0.0.1:1/wallet?qr=x', createdAt: at, updatedAt: at, expiresAt: at };
      recordPlatformState(db, `r-${n}`, fromApiV1(request), 'stream', at);
      if (means) db.prepare('UPDATE operations SET test_means = ?, test_amount = ? WHERE id = ?').run(means, amount - received, `r-${n}`);
    }
    const { start, end, days } = periodRange({ from: '2026-05-01', to: '2026-05-01' });
    const { totals, remainders } = localTotals(db, start, end, days, 'test_means AS remainder_means, test_amount AS remainder_amount_cents, NULL AS remainder_at');
    db.close();
    expect(remainders).toEqual([
      { means: 'card', count: 1, amount: 2000 },
      { means: 'cash', count: 2, amount: 500 + 600 },
    ]);
    expect(totals.baskets).toMatchObject({ count: 4, amountRequested: 7000, amountReceived: 3900, partiallyPaid: 3, collectedOtherwise: 3100, leftToCollect: 0 });
  });
});

describe('the accountant\'s CSV over the local API', () => {
  const csvUrl = (query: string) => `${host.url}/api/report.csv?${query}`;

  it('streams text/csv for French Excel: BOM, `;`, CRLF, decimal comma, Paris time across both DST nights', async () => {
    const response = await fetch(csvUrl('from=2026-03-28&to=2026-10-31'), { headers: { authorization: `Bearer ${CASHIER}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cheque-vacances-connect_2026-03-28_2026-10-31.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(`\ufeff${CSV_HEADER.join(';')}`);
    // Every line ends with CRLF (no value here holds a line break).
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(SEEDS.length + 2);

    // Read back by the library that wrote it, as a spreadsheet would: header row, `;`, CRLF.
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { delimiter: ';', newline: '\r\n', header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const records = parsed.data;
    expect(records).toHaveLength(SEEDS.length);
    const byId = (id: string) => records.find((r) => r['Identifiant de l’opération'] === id)!;

    expect(byId('op-2')).toMatchObject({
      'Date de création': '29/03/2026 00:00',
      Statut: 'Validé',
      'N° de panier': 'REF2',
      'Montant demandé': '20,00',
      'Montant reçu': '15,00',
      'Reste à encaisser': '5,00',
      'Libellé de transaction': 'Emplacement 12; bord du lac',
      'Identifiant vendeur': 'V1',
      Caisse: 'caisse-1',
      Origine: 'Écran caisse',
      'Référence plateforme': 'pr-2',
    });
    expect(byId('op-3')).toMatchObject({ 'Demande d’origine': 'op-2', 'Reste à encaisser': '0,00' });
    expect(byId('op-4')).toMatchObject({ 'Date de création': '29/03/2026 01:59', Statut: 'Annulé', Origine: 'Logiciel de caisse (Caisse-AP)' });
    expect(byId('op-5')).toMatchObject({ 'Date de création': '29/03/2026 03:00', Statut: 'Expiré', Origine: 'API locale', Caisse: 'caisse-2' });
    expect(byId('op-6')).toMatchObject({ Statut: 'Échec', 'Référence plateforme': '', 'Motif d’échec': 'Une demande de paiement est déjà en attente pour ce N° de panier.' });
    expect(byId('op-7')).toMatchObject({ Statut: 'En attente de paiement', 'Montant demandé': '12,34', 'Libellé de transaction': 'Glaces "à l’italienne"', 'Référence client': 'Client n°7' });
    expect(byId('op-8')['Date de création']).toBe('29/03/2026 23:59');
    expect(byId('op-9')['Date de création']).toBe('30/03/2026 00:00');
    expect(byId('op-10')['Date de création']).toBe('25/10/2026 02:30');
    expect(byId('op-11')).toMatchObject({ 'Date de création': '25/10/2026 02:30', 'N° de panier': "'-5POUR100" });
    expect(records.map((r) => r['Identifiant de l’opération'])).toEqual(SEEDS.map((s) => `op-${s.n}`));

    // A spreadsheet-style reader: Python's csv module, `;`, UTF-8 with BOM, reads the same cells.
    const file = join(dir.path, 'export.csv');
    writeFileSync(file, bytes);
    const python = execFileSync(
      'python3',
      ['-c', 'import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8-sig") as f:\n    print(json.dumps(list(csv.reader(f, delimiter=";"))))', file],
      { encoding: 'utf8' },
    );
    const rows = JSON.parse(python) as string[][];
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1)).toEqual(records.map((record) => CSV_HEADER.map((column) => record[column])));
  });

  it('answers a day without operations with the header alone', async () => {
    const response = await fetch(csvUrl('from=2025-01-01'), { headers: { authorization: `Bearer ${CASHIER}` } });
    expect(response.status).toBe(200);
    // (fetch's text() would drop the BOM: read the bytes.)
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe(`\ufeff${CSV_HEADER.join(';')}\r\n`);
  });

  it('refuses a caller without the cashier token, and a bad period, with the API\'s error shape', async () => {
    expect((await fetch(csvUrl('from=2026-03-29'))).status).toBe(401);
    const display = await fetch(csvUrl('from=2026-03-29'), { headers: { authorization: 'Bearer display-token-day-report' } });
    expect(display.status).toBe(403);
    const bad = await fetch(csvUrl('from=2026-03-29&to=2026-03-01'), { headers: { authorization: `Bearer ${CASHIER}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'to' } } });
    const unknown = await fetch(csvUrl('from=2026-03-29&format=xls'), { headers: { authorization: `Bearer ${CASHIER}` } });
    expect(unknown.status).toBe(400);
  });
});
