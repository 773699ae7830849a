// The cashier app: reads the session and settings once at start, then shows the login or the
// screens of the guide. A session that expires brings the login over the current screen, so a
// request on screen stays there and the cashier carries on where they were.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  CompanionApi,
  ContractError,
  Operation,
  SessionState,
} from '../../../electron/common/contract';
import type { Language } from '../../../electron/common/money';
import { LanguageProvider } from '../i18n/i18n';
import { messages } from '../i18n/messages';
import { CompanionProvider, type CompanionLink } from './companion-context';
import { DayCloseScreen } from './DayCloseScreen';
import { DemoBanner } from './DemoBanner';
import { explainError } from './explain-error';
import { Header, type Place } from './Header';
import { LanguageSwitch } from './LanguageSwitch';
import { LoginForm } from './LoginForm';
import { Modal } from './Modal';
import { OperationsScreen } from './OperationsScreen';
import { PaymentForm } from './PaymentForm';
import { PaymentRecap } from './PaymentRecap';
import { SettingsScreen } from './SettingsScreen';
import { LoadingPage, MissingTokenPage, UnreachablePage } from './StartupPages';
import { TillNotices } from './TillNotices';

type Screen = { name: Place } | { name: 'recap'; operation: Operation; back: Place };
type Boot = { state: 'loading' } | { state: 'ready' } | { state: 'refused' } | { state: 'failed'; reason: string };

export interface AppProps {
  api: CompanionApi;
  /** The browser bridge's "event stream reconnected" signal; Electron's IPC never drops. */
  onReconnected?: (listener: () => void) => () => void;
  /** The host refused the access token (it was restarted with another one). */
  onTokenRefused?: () => void;
}

const noReconnects = () => () => undefined;

export function App({ api, onReconnected: subscribeReconnected = noReconnects, onTokenRefused }: AppProps) {
  // Callbacks from the page's entry are read through refs: a new function identity from a
  // parent must not restart the app.
  const callbacks = useRef({ subscribeReconnected, onTokenRefused });
  callbacks.current = { subscribeReconnected, onTokenRefused };
  const onReconnected = useCallback((listener: () => void) => callbacks.current.subscribeReconnected(listener), []);
  const [language, setLanguage] = useState<Language>('fr');
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [session, setSession] = useState<SessionState | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'form' });
  const [amountFocus, setAmountFocus] = useState(0);
  const [loggingOut, setLoggingOut] = useState(false);
  const [headerProblem, setHeaderProblem] = useState<ContractError | null>(null);

  const start = useCallback(async () => {
    setBoot({ state: 'loading' });
    const [sessionResult, settingsResult] = await Promise.all([api.session.get({}), api.settings.get({})]);
    const chosen = settingsResult.ok ? settingsResult.value.language : 'fr';
    setLanguage(chosen);
    if (sessionResult.ok) {
      setSession(sessionResult.value);
      setBoot({ state: 'ready' });
    } else if (sessionResult.error.code === 'unauthorized') {
      callbacks.current.onTokenRefused?.();
      setBoot({ state: 'refused' });
    } else {
      setBoot({ state: 'failed', reason: explainError(sessionResult.error, chosen) });
    }
  }, [api]);

  const reReadSession = useCallback(() => {
    void api.session.get({}).then((result) => result.ok && setSession(result.value));
  }, [api]);

  useEffect(() => {
    void start();
  }, [start]);
  useEffect(
    () =>
      api.on('session.changed', (next) => {
        setSession(next);
        if (next.status === 'logged_out') setScreen({ name: 'form' });
      }),
    [api],
  );
  useEffect(() => onReconnected(reReadSession), [onReconnected, reReadSession]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const onError = useCallback(
    (error: ContractError) => {
      // Whatever screen saw it, an expired token means: log in again over this screen.
      if (error.code === 'token_expired') {
        setSession((current) => (current && current.status === 'logged_in' ? { ...current, status: 'expired' } : current));
      } else if (error.code === 'not_logged_in') {
        reReadSession();
      }
    },
    [reReadSession],
  );
  const link = useMemo<CompanionLink>(() => ({ api, onReconnected, onError }), [api, onReconnected, onError]);

  async function changeLanguage(next: Language) {
    if (next === language) return;
    const result = await api.settings.update({ language: next });
    if (result.ok) {
      setLanguage(result.value.language);
      setHeaderProblem(null);
    } else {
      onError(result.error);
      setHeaderProblem(result.error);
    }
  }

  async function logout() {
    setLoggingOut(true);
    const result = await api.session.logout({});
    setLoggingOut(false);
    if (result.ok) {
      setSession(result.value);
      setScreen({ name: 'form' });
      setHeaderProblem(null);
    } else {
      onError(result.error);
      setHeaderProblem(result.error);
    }
  }

  function loggedInAgain(next: SessionState) {
    setSession(next);
    // Carry on where the cashier was; on the form, the amount is where they type next.
    if (screen.name === 'form') setAmountFocus((count) => count + 1);
  }

  function body() {
    switch (boot.state) {
      case 'loading':
        return <LoadingPage />;
      case 'refused':
        return <MissingTokenPage refused />;
      case 'failed':
        return <UnreachablePage reason={boot.reason} onRetry={() => void start()} />;
      case 'ready':
        break;
      default: {
        const unreachable: never = boot;
        return unreachable;
      }
    }
    if (!session) return <LoadingPage />;
    const demo = session.platform.mode === 'sandbox';
    if (session.status === 'logged_out') {
      return (
        <>
          {demo ? <DemoBanner /> : null}
          <main className="login-screen">
            <div className="login-card">
              <LanguageSwitch language={language} onLanguage={(next) => void changeLanguage(next)} />
              <h1>{messages[language].appName}</h1>
              <p className="muted">{messages[language].appSubtitle}</p>
              <h2>{messages[language].loginTitle}</h2>
              <LoginForm
                demo={session.demo}
                onLoggedIn={(next) => {
                  setSession(next);
                  setScreen({ name: 'form' });
                }}
              />
            </div>
          </main>
        </>
      );
    }
    const expired = session.status === 'expired';
    const t = messages[language];
    return (
      <>
        {demo ? <DemoBanner /> : null}
        <div className="app-frame" inert={expired}>
          <Header
            merchantName={session.merchant?.name ?? null}
            current={screen.name === 'recap' ? null : screen.name}
            language={language}
            busy={loggingOut}
            problem={headerProblem ? explainError(headerProblem, language) : null}
            onNavigate={(place) => setScreen({ name: place })}
            onLanguage={(next) => void changeLanguage(next)}
            onLogout={() => void logout()}
          />
          <main className="app-main">
            <TillNotices
              onOpen={(operation) =>
                setScreen((current) => ({
                  name: 'recap',
                  operation,
                  back: current.name === 'recap' ? current.back : current.name,
                }))
              }
            />
            {currentScreen()}
          </main>
        </div>
        {expired ? (
          <Modal title={t.sessionExpiredTitle} className="session-expired">
            <p>{t.sessionExpiredText}</p>
            <LoginForm
              demo={session.demo}
              initialConventionNumber={session.merchant?.conventionNumber}
              onLoggedIn={loggedInAgain}
            />
          </Modal>
        ) : null}
      </>
    );
  }

  function currentScreen() {
    switch (screen.name) {
      case 'form':
        return (
          <PaymentForm
            focusKey={amountFocus}
            onCreated={(operation) => setScreen({ name: 'recap', operation, back: 'form' })}
          />
        );
      case 'recap':
        return (
          <PaymentRecap
            key={screen.operation.id}
            initial={screen.operation}
            onClose={() => setScreen({ name: screen.back })}
            onOpen={(operation) => setScreen({ name: 'recap', operation, back: screen.back })}
          />
        );
      case 'operations':
        return (
          <OperationsScreen onOpen={(operation) => setScreen({ name: 'recap', operation, back: 'operations' })} />
        );
      case 'dayclose':
        return <DayCloseScreen />;
      case 'settings':
        return <SettingsScreen />;
      default: {
        const unreachable: never = screen;
        return unreachable;
      }
    }
  }

  return (
    <LanguageProvider language={language}>
      <CompanionProvider link={link}>{body()}</CompanionProvider>
    </LanguageProvider>
  );
}
