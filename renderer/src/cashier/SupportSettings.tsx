// Paramètres, « Assistance »: which version runs and on which platform (what support asks first),
// where the log files are (« Journaux »: the desktop app opens the folder, a browser names it),
// and, for the headless host, the two ways to cut off whoever holds a token: « Révoquer l'écran
// client » (a lost or replaced tablet) and « Nouveau jeton » (the cashier page's and the local
// API's token). This page carries on with the new token by itself (the browser bridge adopts it);
// other pages and the till software with the old one are refused until given the new one.
import { useState } from 'react';
import type { AppAbout, ContractError, Result } from '../../../electron/common/contract';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';

/** What the Electron shell's preload offers here (electron/main/shell-contract.ts); absent in a browser. */
interface LogsShell {
  openLogsFolder?: () => Promise<{ opened: boolean; path: string | null }>;
}

export function SupportSettings({ about }: { about: AppAbout | null }) {
  const t = useT();
  const language = useLanguage();
  const api = useCompanion();
  const { onError } = useLink();
  const shell = (window as { companionShell?: LogsShell }).companionShell;
  const [logsNotice, setLogsNotice] = useState<string | null>(null);
  const [accessNotice, setAccessNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const [busy, setBusy] = useState(false);

  async function openLogs() {
    const folder = await shell?.openLogsFolder?.().catch(() => null);
    const path = folder?.path ?? about?.logFolder ?? '';
    setLogsNotice(folder?.opened ? t.logsOpened(path) : t.logsNotOpened(path));
  }

  /** A token change on the host: its answer as a notice, or the refusal. */
  async function changeAccess<T>(call: () => Promise<Result<T>>, notice: (value: T) => string | null) {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (!result.ok) {
      onError(result.error);
      setProblem(result.error);
      return;
    }
    setProblem(null);
    setAccessNotice(notice(result.value));
  }

  const revokeDisplay = () =>
    changeAccess(
      () => api.display.revoke({}),
      (pairing) => (pairing ? t.displayRevoked(pairing.code.replace(/^(\d{3})(\d{3})$/, '$1 $2')) : null),
    );
  const rotateToken = () => changeAccess(() => api.access.rotate({}), (token) => (token ? t.tokenRotated : null));

  const canOpenLogs = Boolean(shell?.openLogsFolder);
  return (
    <>
      <fieldset className="support-settings">
        <legend>{t.settingsSupport}</legend>
        {about ? <p className="app-version-line">{t.versionLine(about.version, about.platformMode === 'sandbox')}</p> : null}
        <p className="muted">{t.logsHint}</p>
        {canOpenLogs ? (
          <div className="settings-actions">
            <button type="button" className="secondary" onClick={() => void openLogs()}>
              {t.logsButton}
            </button>
            <p role="status" className="muted">
              {logsNotice ?? ''}
            </p>
          </div>
        ) : about?.logFolder ? (
          <p>
            {t.logsButton}
            {t.colon} <code className="logs-folder">{about.logFolder}</code>
          </p>
        ) : null}
      </fieldset>
      {shell ? null : (
        <fieldset className="access-settings">
          <legend>{t.settingsAccess}</legend>
          <div className="access-action">
            <button type="button" className="secondary" disabled={busy} onClick={() => void revokeDisplay()}>
              {t.revokeDisplay}
            </button>
            <p className="muted">{t.revokeDisplayHint}</p>
          </div>
          <div className="access-action">
            <button type="button" className="secondary" disabled={busy} onClick={() => void rotateToken()}>
              {t.rotateToken}
            </button>
            <p className="muted">{t.rotateTokenHint}</p>
          </div>
          <p role="status">{accessNotice ?? ''}</p>
          {problem ? (
            <p className="alert" role="alert">
              {explainError(problem, language)}
            </p>
          ) : null}
        </fieldset>
      )}
    </>
  );
}
