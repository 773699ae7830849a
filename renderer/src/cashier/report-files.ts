// Where the day close goes once on screen. In the desktop app, the shell saves it (printToPDF or
// the CSV streamed into a file the cashier picks); in a browser, the print dialog (« Enregistrer
// au format PDF ») and a download of the local API's CSV route.
import { LOCAL_API_ROUTES } from '../../../electron/common/contract';
import { CASHIER_TOKEN_KEY } from '../bridge/access-token';

/** What a save in the desktop app came to (electron/main/shell-contract.ts). */
export type SavedFile = { saved: true; path: string } | { saved: false; reason: 'cancelled' | 'write_failed' };

/** The desktop shell's saving methods; null in a browser. */
export interface ReportShell {
  saveReportPdf(input: { fileName: string }): Promise<SavedFile>;
  saveReportCsv(input: { from: string; to: string }): Promise<SavedFile>;
}

export function reportShell(win: Window = window): ReportShell | null {
  const shell = (win as { companionShell?: Partial<ReportShell> }).companionShell;
  return shell?.saveReportPdf && shell.saveReportCsv ? (shell as ReportShell) : null;
}

/** A browser's download of the period's CSV (the route needs the cashier's bearer token). */
export async function downloadCsv(period: { from: string; to: string }, win: Window = window): Promise<boolean> {
  let token: string | null = null;
  try {
    token = win.sessionStorage.getItem(CASHIER_TOKEN_KEY);
  } catch {
    token = null;
  }
  if (!token) return false;
  const query = new URLSearchParams(period).toString();
  let response: Response;
  try {
    response = await fetch(`${LOCAL_API_ROUTES.reportCsv}?${query}`, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch {
    return false;
  }
  if (!response.ok) return false;
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'cheque-vacances-connect.csv';
  const url = URL.createObjectURL(await response.blob());
  const link = win.document.createElement('a');
  link.href = url;
  link.download = name;
  win.document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
