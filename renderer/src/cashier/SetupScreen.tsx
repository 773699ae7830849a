// The first start: nobody has chosen a platform yet (the demo sandbox runs meanwhile). « Mode
// démonstration » keeps it; « Ma plateforme » is a server of the API v1 or Worldline Direct with
// its keys, saved only once « Tester la connexion » has passed with exactly these values. Choosing
// never touches the operation log: requests of another platform stay in it, left alone.
import { useState } from 'react';
import type { ContractError, SessionState, Settings } from '../../../electron/common/contract';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import { platformDraftOf, platformPatchOf, testKeyOf, typedKeys, type PlatformDraft } from './platform-draft';
import { PlatformFields } from './PlatformFields';

/** « Ma plateforme »: a real one (the demo has its own button). */
const OWN_PLATFORMS = ['api-v1', 'worldline-direct'] as const;

interface SetupScreenProps {
  settings: Settings;
  /** The choice is saved (and, with Worldline's keys, the till logged in). */
  onChosen(session: SessionState | null): void;
}

export function SetupScreen({ settings, onChosen }: SetupScreenProps) {
  const t = useT();
  const language = useLanguage();
  const api = useCompanion();
  const { onError } = useLink();
  const [initial] = useState<PlatformDraft>(() => ({ ...platformDraftOf(settings, null), platform: 'api-v1' }));
  const [draft, setDraft] = useState<PlatformDraft>(initial);
  const [passedFor, setPassedFor] = useState<string | null>(null);
  const [busy, setBusy] = useState<'demo' | 'own' | null>(null);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const [needTest, setNeedTest] = useState(false);
  const tested = passedFor !== null && passedFor === testKeyOf(draft);

  async function chooseDemo() {
    setBusy('demo');
    setProblem(null);
    const result = await api.settings.update({ platform: 'sandbox' });
    setBusy(null);
    if (!result.ok) {
      onError(result.error);
      setProblem(result.error);
      return;
    }
    onChosen(null);
  }

  async function chooseOwn() {
    if (!tested) {
      setNeedTest(true);
      return;
    }
    setBusy('own');
    setProblem(null);
    const patch = { ...platformPatchOf(draft, { ...initial, platform: 'sandbox' }), platform: draft.platform };
    const result = await api.settings.update(patch);
    if (!result.ok) {
      setBusy(null);
      onError(result.error);
      setProblem(result.error);
      return;
    }
    const keys = draft.platform === 'worldline-direct' ? typedKeys(draft) : null;
    if (keys && keys !== 'incomplete') {
      const login = await api.session.login(keys);
      setBusy(null);
      if (!login.ok) {
        // Saved already: the login screen asks for the keys again.
        onError(login.error);
        onChosen(null);
        return;
      }
      onChosen(login.value);
      return;
    }
    setBusy(null);
    onChosen(null);
  }

  return (
    <main className="setup-screen" aria-labelledby="setup-title">
      <div className="setup-card">
        <h1 id="setup-title">{t.setupTitle}</h1>
        <p>{t.setupIntro}</p>
        {problem ? (
          <p className="alert" role="alert">
            {explainError(problem, language)}
          </p>
        ) : null}
        <div className="setup-choices">
          <section className="setup-choice" aria-labelledby="setup-demo">
            <h2 id="setup-demo">{t.setupDemoTitle}</h2>
            <p>{t.setupDemoText}</p>
            <button type="button" className="primary big" onClick={() => void chooseDemo()} disabled={busy !== null} aria-busy={busy === 'demo' || undefined}>
              {busy === 'demo' ? t.setupChoosing : t.setupDemoStart}
            </button>
          </section>
          <section className="setup-choice" aria-labelledby="setup-own">
            <h2 id="setup-own">{t.setupOwnTitle}</h2>
            <p>{t.setupOwnText}</p>
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                void chooseOwn();
              }}
            >
              <PlatformFields
                kinds={OWN_PLATFORMS}
                draft={draft}
                onChange={(next) => {
                  setDraft(next);
                  setNeedTest(false);
                }}
                fieldError={(field) => (problem?.details?.field === field ? explainError(problem, language) : null)}
                onTested={(key) => {
                  setPassedFor(key);
                  setNeedTest(false);
                }}
              />
              {needTest && !tested ? (
                <p className="alert" role="alert">
                  {t.setupTestFirst}
                </p>
              ) : null}
              <button type="submit" className="primary big" disabled={busy !== null} aria-busy={busy === 'own' || undefined}>
                {busy === 'own' ? t.setupChoosing : t.setupSave}
              </button>
            </form>
          </section>
        </div>
        <p className="muted">{t.setupChangeLater}</p>
      </div>
    </main>
  );
}
