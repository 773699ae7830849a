// `npm run serve` runs the headless host from its bundle (dist/host/serve.cjs, made by `npm run
// build`), not from the sources: the seed flow through it, its screens, and the accountant's CSV
// through the worker it shares with the desktop app.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_API_ROUTES } from '../../electron/common/contract';
import { parisDay } from '../../electron/common/dates';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../electron/sandbox/index';
import { payAsCustomer, tempDir } from '../support/companion';
import { spawnCompanion, type CompanionProcess } from '../support/companion-process';

const BUNDLE = resolve(import.meta.dirname, '../../dist/host/serve.cjs');
const dataDir = tempDir('cvc-serve-bundle-');
let host: CompanionProcess;

beforeAll(async () => {
  expect(existsSync(BUNDLE), 'npm run build makes dist/host/serve.cjs').toBe(true);
  host = await spawnCompanion({ dataDir: dataDir.path, args: ['--sandbox'], bundled: true });
});

afterAll(async () => {
  await host?.stop();
  dataDir.remove();
});

describe('the bundled headless host', () => {
  it('walks the seed flow: login, 20,00 € for REF253, the customer pays 15,00 €, partial payment recorded', async () => {
    expect((await host.call('session.login', { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD })).body).toMatchObject({
      ok: true,
      value: { status: 'logged_in' },
    });
    const created = await host.call('payments.create', { amount: 2000, basketNumber: 'REF253', customerReference: 'client-42' });
    expect(created.body).toMatchObject({ ok: true, value: { status: 'pending', amountRequested: 2000 } });
    await payAsCustomer(host.sandboxUrl!, created.body.value.qrPayload, 1500);
    await expect
      .poll(async () => (await host.call('payments.get', { id: created.body.value.id })).body.value, { timeout: 15_000 })
      .toMatchObject({ status: 'validated', amountReceived: 1500, remainder: 500 });
  });

  it('serves the cashier screen and its health with the version', async () => {
    const health = await fetch(`${host.url}${LOCAL_API_ROUTES.health}`);
    expect(await health.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const page = await fetch(`${host.url}/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('exports the accountant’s CSV through the bundled worker', async () => {
    const today = parisDay(new Date());
    const response = await fetch(`${host.url}${LOCAL_API_ROUTES.reportCsv}?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${host.token}` },
    });
    expect(response.status).toBe(200);
    // The bytes as the accountant's file gets them (fetch's text() would drop the BOM).
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(text.startsWith('\ufeffDate de création;')).toBe(true);
    const rows = Papa.parse<Record<string, string>>(text.slice(1), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(rows).toEqual([expect.objectContaining({ 'N° de panier': 'REF253', 'Montant reçu': '15,00' })]);
  });
});
