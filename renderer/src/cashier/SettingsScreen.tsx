// "Paramètres": this till's name, the customer display, Caisse-AP (so the till software can send
// the amount), the chime and the payment platform. The core validates and keeps them
// (settings.update); Caisse-AP, the customer window and the platform follow a change at once (a
// new platform logs the till out; Worldline's keys typed here log it in again, tested by the
// platform).
import { useEffect, useState, type FormEvent } from 'react';
import {
  PRINTER_ADDRESS_PATTERN,
  type AppAbout,
  type ContractError,
  type SessionState,
  type Settings,
  type SettingsPatch,
} from '../../../electron/common/contract';
import type { Language } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink, useLoggedInAgain } from './companion-context';
import { explainError } from './explain-error';
import { platformDraftOf, platformPatchOf, typedKeys, type PlatformDraft } from './platform-draft';
import { PlatformFields } from './PlatformFields';
import { LANGUAGE_NAMES } from './LanguageSwitch';
import { SupportSettings } from './SupportSettings';
import { TextField } from './TextField';

interface Draft {
  tillId: string;
  displayEnabled: boolean;
  finalStatusSeconds: string;
  displayLanguage: Language;
  caisseApEnabled: boolean;
  caisseApHost: string;
  caisseApPort: string;
  caisseApAllowList: string;
  caisseApTillTimeout: string;
  chime: boolean;
  receiptAutoPrint: boolean;
  receiptPrinter: string;
}

function draftOf(settings: Settings): Draft {
  return {
    tillId: settings.tillId,
    displayEnabled: settings.customerDisplay.enabled,
    finalStatusSeconds: String(settings.customerDisplay.finalStatusSeconds),
    displayLanguage: settings.customerDisplay.language,
    caisseApEnabled: settings.caisseAp.enabled,
    caisseApHost: settings.caisseAp.host,
    caisseApPort: String(settings.caisseAp.port),
    caisseApAllowList: settings.caisseAp.allowList.join(', '),
    caisseApTillTimeout: String(settings.caisseAp.tillTimeoutSeconds),
    chime: settings.chime,
    receiptAutoPrint: settings.receipt.autoPrint,
    receiptPrinter: settings.receipt.printer ?? '',
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= min && value <= max ? value : null;
}

export function SettingsScreen({
  onSaved,
  session = null,
  about = null,
}: {
  onSaved?: (settings: Settings) => void;
  session?: SessionState | null;
  about?: AppAbout | null;
}) {
  const t = useT();
  const language = useLanguage();
  const api = useCompanion();
  const { onError } = useLink();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [platform, setPlatform] = useState<{ initial: PlatformDraft; draft: PlatformDraft } | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Draft | 'platform', string>>>({});
  useLoggedInAgain(() => setProblem(null));

  useEffect(() => {
    void api.settings.get({}).then((result) => {
      if (result.ok) {
        setDraft(draftOf(result.value));
        const initial = platformDraftOf(result.value, session);
        setPlatform({ initial, draft: initial });
      } else {
        onError(result.error);
        setProblem(result.error);
      }
    });
    // The platform in use is read with the settings, once: a switch re-renders from the new ones.
  }, [api, onError]);

  if (!draft || !platform) {
    return (
      <section className="screen settings-screen" aria-busy="true">
        <h2>{t.settingsTitle}</h2>
        {problem ? (
          <p className="alert" role="alert">
            {explainError(problem, language)}
          </p>
        ) : null}
      </section>
    );
  }

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const seconds = wholeNumber(draft.finalStatusSeconds, 1, 120);
    const port = wholeNumber(draft.caisseApPort, 1, 65535);
    const tillTimeout = wholeNumber(draft.caisseApTillTimeout, 10, 3600);
    const errors: Partial<Record<keyof Draft | 'platform', string>> = {};
    if (seconds === null) errors.finalStatusSeconds = t.wholeNumberBetween(1, 120);
    if (port === null) errors.caisseApPort = t.wholeNumberBetween(1, 65535);
    const printer = draft.receiptPrinter.trim();
    if (printer !== '' && !PRINTER_ADDRESS_PATTERN.test(printer)) errors.receiptPrinter = t.printerAddressFormat;
    if (tillTimeout === null) errors.caisseApTillTimeout = t.wholeNumberBetween(10, 3600);
    const keys = platform!.draft.platform === 'worldline-direct' ? typedKeys(platform!.draft) : null;
    if (keys === 'incomplete') errors.platform = t.apiKeysIncomplete;
    setFieldErrors(errors);
    if (seconds === null || port === null || tillTimeout === null || errors.receiptPrinter || keys === 'incomplete') return;
    const patch: SettingsPatch = {
      tillId: draft.tillId.trim(),
      ...platformPatchOf(platform!.draft, platform!.initial),
      customerDisplay: { enabled: draft.displayEnabled, finalStatusSeconds: seconds, language: draft.displayLanguage },
      caisseAp: {
        enabled: draft.caisseApEnabled,
        host: draft.caisseApHost.trim(),
        port,
        allowList: draft.caisseApAllowList.split(',').map((entry) => entry.trim()).filter(Boolean),
        tillTimeoutSeconds: tillTimeout,
      },
      chime: draft.chime,
      receipt: { autoPrint: draft.receiptAutoPrint, printer: printer === '' ? null : printer },
    };
    setSaving(true);
    const result = await api.settings.update(patch);
    if (result.ok && keys) {
      // Worldline's keys: the platform checks them (its test call) and the companion keeps them in
      // the SecretStore; they never travel with the settings.
      const login = await api.session.login(keys);
      if (!login.ok) {
        setSaving(false);
        onError(login.error);
        setProblem(login.error.code === 'invalid_credentials' ? { ...login.error, message: t.apiKeysRefused, details: { field: 'secretApiKey' } } : login.error);
        return;
      }
    }
    setSaving(false);
    if (result.ok) {
      setDraft(draftOf(result.value));
      const initial = { ...platformDraftOf(result.value, null), platform: result.value.platform ?? platform!.draft.platform };
      setPlatform({ initial, draft: initial });
      setProblem(null);
      setSaved(true);
      onSaved?.(result.value);
      return;
    }
    onError(result.error);
    setProblem(result.error);
  }

  const fieldProblem = (field: string) =>
    problem?.details?.field?.startsWith(field) ? explainError(problem, language) : null;

  return (
    <section className="screen settings-screen">
      <h2>{t.settingsTitle}</h2>
      <form onSubmit={(event) => void save(event)} noValidate>
        <fieldset>
          <legend>{t.settingsTill}</legend>
          <TextField label={t.tillId} hint={t.tillIdHint} value={draft.tillId} onChange={(v) => set('tillId', v)} error={fieldProblem('tillId')} />
        </fieldset>
        <fieldset>
          <legend>{t.settingsDisplay}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.displayEnabled} onChange={(e) => set('displayEnabled', e.target.checked)} />
            {t.displayEnabled}
          </label>
          <TextField
            label={t.finalStatusSeconds}
            inputMode="numeric"
            value={draft.finalStatusSeconds}
            onChange={(v) => set('finalStatusSeconds', v)}
            error={fieldErrors.finalStatusSeconds ?? fieldProblem('customerDisplay')}
          />
          <fieldset className="display-language">
            <legend>{t.customerDisplayLanguage}</legend>
            {(Object.keys(LANGUAGE_NAMES) as Language[]).map((name) => (
              <label key={name} className="radio" lang={name}>
                <input
                  type="radio"
                  name="customer-display-language"
                  value={name}
                  checked={draft.displayLanguage === name}
                  onChange={() => set('displayLanguage', name)}
                />
                {LANGUAGE_NAMES[name]}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{t.settingsSound}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.chime} onChange={(e) => set('chime', e.target.checked)} />
            {t.chimeEnabled}
          </label>
        </fieldset>
        <fieldset>
          <legend>{t.settingsCaisseAp}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.caisseApEnabled} onChange={(e) => set('caisseApEnabled', e.target.checked)} />
            {t.caisseApEnabled}
          </label>
          <TextField
            label={t.caisseApHost}
            hint={t.caisseApHostHint}
            value={draft.caisseApHost}
            onChange={(v) => set('caisseApHost', v)}
            error={fieldProblem('caisseAp.host')}
          />
          <TextField
            label={t.caisseApPort}
            inputMode="numeric"
            value={draft.caisseApPort}
            onChange={(v) => set('caisseApPort', v)}
            error={fieldErrors.caisseApPort ?? fieldProblem('caisseAp.port')}
          />
          <TextField
            label={t.caisseApAllowList}
            hint={t.caisseApAllowListHint}
            value={draft.caisseApAllowList}
            onChange={(v) => set('caisseApAllowList', v)}
            error={fieldProblem('caisseAp.allowList')}
          />
          <TextField
            label={t.caisseApTillTimeout}
            hint={t.caisseApTillTimeoutHint}
            inputMode="numeric"
            value={draft.caisseApTillTimeout}
            onChange={(v) => set('caisseApTillTimeout', v)}
            error={fieldErrors.caisseApTillTimeout ?? fieldProblem('caisseAp.tillTimeoutSeconds')}
          />
        </fieldset>
        <fieldset>
          <legend>{t.settingsPlatform}</legend>
          {session ? (
            <p className="muted">
              {t.platformInUse(t.platformName[session.platform.kind ?? (session.platform.mode === 'sandbox' ? 'sandbox' : 'api-v1')], session.platform.url)}
              {session.platform.source === 'command-line' ? ` ${t.platformFromCommandLine}` : ''}
            </p>
          ) : null}
          <PlatformFields
            draft={platform.draft}
            onChange={(next) => {
              setPlatform({ ...platform, draft: next });
              setSaved(false);
            }}
            fieldError={(field) => (field === 'secretApiKey' && fieldErrors.platform ? fieldErrors.platform : fieldProblem(field))}
            keysSaved={session?.platform.kind === 'worldline-direct' && session.status !== 'logged_out'}
          />
          <p className="field-hint">{t.platformSwitchHint}</p>
        </fieldset>
        <fieldset>
          <legend>{t.settingsReceipt}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={draft.receiptAutoPrint} onChange={(e) => set('receiptAutoPrint', e.target.checked)} />
            {t.receiptAutoPrint}
          </label>
          <TextField
            label={t.receiptPrinter}
            hint={t.receiptPrinterHint}
            value={draft.receiptPrinter}
            onChange={(v) => set('receiptPrinter', v)}
            error={fieldErrors.receiptPrinter ?? fieldProblem('receipt')}
          />
        </fieldset>
        {problem && !problem.details?.field ? (
          <p className="alert" role="alert">
            {explainError(problem, language)}
          </p>
        ) : null}
        <div className="settings-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t.savingSettings : t.saveSettings}
          </button>
          <p role="status" className="muted">
            {saved ? t.settingsSaved : ''}
          </p>
        </div>
      </form>
      <SupportSettings about={about} />
    </section>
  );
}
