// The day close saved where the cashier chooses (« Enregistrer en PDF », « Exporter en CSV »):
// Chromium's printToPDF of the cashier page as its print stylesheet lays it out (A4), and the
// core's CSV streamed into the file. A write that fails (full or read-only disk) removes what it
// began and says so; nothing is left half-written under the chosen name.
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { dialog, type BrowserWindow } from 'electron';
import type { Companion, Logger } from '../core/ports';
import type { SavedFile, ShellHandlers } from './shell-contract';

export interface ReportFileDeps {
  companion: Pick<Companion, 'reports'>;
  cashierWindow(): BrowserWindow | null;
  log?: Logger;
}

async function chooseFile(window: BrowserWindow, defaultPath: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
  const choice = await dialog.showSaveDialog(window, { defaultPath, filters: [filter], properties: ['createDirectory', 'showOverwriteConfirmation'] });
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

async function failedWrite(path: string, error: unknown, log?: Logger): Promise<SavedFile> {
  log?.warn('report file not written', { path, error: String(error) });
  await rm(path, { force: true }).catch(() => undefined);
  return { saved: false, reason: 'write_failed' };
}

export function reportFileHandlers(deps: ReportFileDeps): Pick<ShellHandlers, 'shell.saveReportPdf' | 'shell.saveReportCsv'> {
  return {
    async 'shell.saveReportPdf'({ fileName }) {
      const window = deps.cashierWindow();
      if (!window) return { saved: false, reason: 'cancelled' };
      // The page's print stylesheet decides the layout (A4, or 80 mm for a ticket).
      const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      const path = await chooseFile(window, fileName, { name: 'PDF', extensions: ['pdf'] });
      if (!path) return { saved: false, reason: 'cancelled' };
      try {
        await writeFile(path, pdf);
        return { saved: true, path };
      } catch (error) {
        return failedWrite(path, error, deps.log);
      }
    },

    async 'shell.saveReportCsv'(period) {
      const window = deps.cashierWindow();
      if (!window) return { saved: false, reason: 'cancelled' };
      const name = period.from === period.to ? period.from : `${period.from}_${period.to}`;
      const path = await chooseFile(window, `cheque-vacances-connect_${name}.csv`, { name: 'CSV', extensions: ['csv'] });
      if (!path) return { saved: false, reason: 'cancelled' };
      const csv = deps.companion.reports.csv(period);
      if (!csv.ok) throw new Error(csv.error.message);
      try {
        await pipeline(csv.value.stream, createWriteStream(path));
        return { saved: true, path };
      } catch (error) {
        return failedWrite(path, error, deps.log);
      }
    },
  };
}
