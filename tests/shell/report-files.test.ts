// « Enregistrer en PDF » and « Exporter en CSV » in the desktop app: the cashier page's IPC
// (the real binding), printToPDF and the save dialog of the stand-in `electron`, the real core on
// a real operation log, real files on disk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { createCompanion, type CoreCompanion } from '../../electron/core/companion';
import { openDatabase } from '../../electron/core/db/open';
import { insertIntent, recordPlatformState } from '../../electron/core/db/operation-log';
import { silentLogger } from '../../electron/core/logger';
import { fromApiV1 } from '../../electron/core/platform/sandbox-gateway';
import { MemorySecretStore, MemorySettingsStore } from '../../electron/core/stores';
import { bindIpc } from '../../electron/main/ipc';
import { appPaths } from '../../electron/main/paths';
import { reportFileHandlers } from '../../electron/main/report-files';
import { createCashierWindow } from '../../electron/main/windows';
import { sandboxPlatform } from '../support/companion';
import { removeTempDirs, tempDir } from './helpers';
import { dialog, ipcMain, resetStandIn, type StandInWebContents } from './stand-in-electron';

afterAll(removeTempDirs);

function seed(file: string): void {
  const db = openDatabase(file);
  const at = '2026-03-29T09:30:00.000Z';
  insertIntent(db, { id: 'op-1', idempotencyKey: 'k-1', conventionNumber: '643736001001', basketNumber: 'REF253', amountRequested: 2000, label: 'Emplacement 12', customerReference: null, sellerId: 'V1', followUpOf: null, tillId: 'caisse-1', origin: 'cashier', at });
  recordPlatformState(db, 'op-1', fromApiV1({ id: 'pr-1', basketNumber: 'REF253', amountRequested: 2000, amountReceived: 1500, currency: 'EUR', status: 'validated', label: 'Emplacement 12', customerReference: null, sellerId: 'V1', qrPayload: 'http://127.0.0.1:1/wallet?qr=x', createdAt: at, updatedAt: at, expiresAt: at }), 'stream', at);
  db.close();
}

describe('saving the day close from the desktop app', () => {
  let dir: string;
  let companion: CoreCompanion;
  let cashier: ElectronWindow;
  let unbind: () => void;
  const contents = () => cashier.webContents as unknown as StandInWebContents;
  const call = (channel: string, input: unknown) => ipcMain.invokeFrom(contents(), channel, input) as Promise<any>;

  beforeEach(async () => {
    resetStandIn();
    dir = tempDir('report-files');
    seed(join(dir, 'operations.sqlite3'));
    companion = await createCompanion({
      dataDir: dir,
      platform: sandboxPlatform('http://127.0.0.1:9', { kind: 'api-v1' }),
      secretStore: new MemorySecretStore(),
      settingsStore: new MemorySettingsStore(),
      log: silentLogger,
    });
    const paths = appPaths(dir);
    cashier = createCashierWindow(paths);
    unbind = bindIpc({
      companion,
      contents: { cashier: () => cashier.webContents, customer: () => null },
      pages: { cashier: paths.cashierPage, customer: paths.customerPage },
      shell: {
        'shell.openCustomerDisplay': async () => undefined,
        'shell.notify': async () => undefined,
        ...reportFileHandlers({ companion, cashierWindow: () => cashier }),
        'shell.openLogsFolder': async () => ({ opened: false, path: null }),
      },
    });
  });

  afterEach(async () => {
    unbind();
    await companion.close();
    resetStandIn();
  });

  it('prints the page to PDF (A4, the page\'s own print stylesheet) and writes it where the cashier chose', async () => {
    dialog.savePath = join(dir, 'cloture.pdf');
    const result = await call('shell.saveReportPdf', { fileName: 'cloture_2026-03-29.pdf' });
    expect(result).toEqual({ ok: true, value: { saved: true, path: dialog.savePath } });
    expect(contents().pdfRequests).toEqual([{ pageSize: 'A4', printBackground: true, preferCSSPageSize: true }]);
    expect(dialog.saveDialogs).toHaveLength(1);
    expect(dialog.saveDialogs[0]!.window).toBe(cashier);
    expect(dialog.saveDialogs[0]!.options).toMatchObject({ defaultPath: 'cloture_2026-03-29.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    const written = readFileSync(dialog.savePath);
    expect(written.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect(written.toString()).toContain('index.html');
  });

  it('streams the period\'s CSV into the chosen file', async () => {
    dialog.savePath = join(dir, 'export.csv');
    const result = await call('shell.saveReportCsv', { from: '2026-03-29', to: '2026-03-29' });
    expect(result).toEqual({ ok: true, value: { saved: true, path: dialog.savePath } });
    expect(dialog.saveDialogs[0]!.options).toMatchObject({ defaultPath: 'cheque-vacances-connect_2026-03-29.csv' });
    const bytes = readFileSync(dialog.savePath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = Papa.parse<Record<string, string>>(bytes.toString('utf8').slice(1), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(rows).toEqual([
      expect.objectContaining({
        'Date de création': '29/03/2026 11:30',
        Statut: 'Validé',
        'N° de panier': 'REF253',
        'Montant demandé': '20,00',
        'Montant reçu': '15,00',
        'Reste à encaisser': '5,00',
        'Identifiant vendeur': 'V1',
        'Référence plateforme': 'pr-1',
      }),
    ]);
  });

  it('writes nothing when the cashier cancels, and says so when the disk refuses the file', async () => {
    expect(await call('shell.saveReportCsv', { from: '2026-03-29', to: '2026-03-29' })).toEqual({ ok: true, value: { saved: false, reason: 'cancelled' } });
    expect(await call('shell.saveReportPdf', { fileName: 'cloture.pdf' })).toEqual({ ok: true, value: { saved: false, reason: 'cancelled' } });

    dialog.savePath = join(dir, 'no-such-folder', 'export.csv');
    expect(await call('shell.saveReportCsv', { from: '2026-03-29', to: '2026-03-29' })).toEqual({ ok: true, value: { saved: false, reason: 'write_failed' } });
    expect(existsSync(dialog.savePath)).toBe(false);
  });

  it('refuses a file name or a period that is not one, before any dialog opens', async () => {
    dialog.savePath = join(dir, 'x.pdf');
    expect(await call('shell.saveReportPdf', { fileName: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call('shell.saveReportCsv', { from: 'hier', to: '2026-03-29' })).toMatchObject({ ok: false, error: { code: 'bad_request', details: { field: 'from' } } });
    expect(dialog.saveDialogs).toEqual([]);
    expect(contents().pdfRequests).toEqual([]);
  });
});
