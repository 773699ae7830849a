// The cashier app: reads the session and settings once at start, then shows the login or the
// screens of the guide. A session that expires brings the login over the current screen, so a
// request on screen stays there and the cashier carries on where they were. Wherever the cashier
// is, nothing slips past: this till's requests still payable stay in sight, every outcome that
// happens off screen is announced until seen, outages are said in a lasting banner, and a till's
// request over Caisse-AP opens its recap at once.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type {
  AppAbout,
  CompanionApi,
  ContractError,
  Operation,
  PlatformLink,
  SessionState,
  Settings,
} from '../../../electron/common/contract';
import { centsToInputText, type Language } from '../../../electron/common/money';
import type { Outcome } from '../../../electron/common/outcome';
import { LanguageProvider } from '../i18n/i18n';
import { messages } from '../i18n/messages';
import { createChime, type Chime } from './chime';
import { CompanionProvider, createSignal, type CompanionLink } from './companion-context';
import { DayCloseScreen } from './DayCloseScreen';
import { DemoBanner } from './DemoBanner';
import { explainError } from './explain-error';
import { Header, type Place } from './Header';
import { LanguageSwitch } from './LanguageSwitch';
import { LinkBanners } from './LinkBanners';
import { ApiKeyLoginForm } from './ApiKeyLoginForm';
import { LoginForm } from './LoginForm';
import { Modal } from './Modal';
import { OpenRequests } from './OpenRequests';
import { OperationsScreen } from './OperationsScreen';
import { OutcomeNotices } from './OutcomeNotices';
import { PaymentForm } from './PaymentForm';
import { EMPTY_PAYMENT_FORM, type PaymentFormValues } from './payment-form-rules';
import { PaymentRecap } from './PaymentRecap';
import { usePaymentWatch } from './payment-watch';
import { SettingsScreen } from './SettingsScreen';
import { SetupScreen } from './SetupScreen';
import { LoadingPage, MissingTokenPage, UnreachablePage } from './StartupPages';
import { outcomeFacts } from './outcome-words';
import { TillNotices } from './TillNotices';
import { TillWaitingPanel } from './TillWaitingPanel';

type Screen = { name: Place } | { name: 'recap'; operation: Operation; back: Place };
type Boot = { state: 'loading' } | { state: 'ready' } | { state: 'refused' } | { state: 'failed'; reason: string };

export interface AppProps {
  api: CompanionApi;
  /** The browser bridge's "event stream reconnected" signal; Electron's IPC never drops. */
  onReconnected?: (listener: () => void) => () => void;
  /** The browser bridge's link to the host: false while the companion does not answer this page. */
  onCompanionLink?: (listener: (up: boolean) => void) => () => void;
  /** The host refused the access token (it was restarted with another one). */
  onTokenRefused?: () => void;
}

/** What the Electron shell's preload offers for notifications (electron/main/shell-contract.ts);
 *  absent in a browser, where the page title says it instead. */
interface ShellNotifications {
  notify?: (input: { title: string; body: string }) => Promise<void>;
}

const noReconnects = () => () => undefined;
const noLinkChanges = () => () => undefined;

export function App({
  api,
  onReconnected: subscribeReconnected = noReconnects,
  onCompanionLink: subscribeCompanionLink = noLinkChanges,
  onTokenRefused,
}: AppProps) {
  // Callbacks from the page's entry are read through refs: a new function identity from a
  // parent must not restart the app.
  const callbacks = useRef({ subscribeReconnected, subscribeCompanionLink, onTokenRefused });
  callbacks.current = { subscribeReconnected, subscribeCompanionLink, onTokenRefused };
  const onReconnected = useCallback((listener: () => void) => callbacks.current.subscribeReconnected(listener), []);
  const [loggedInAgainSignal] = useState(createSignal);
  const [language, setLanguage] = useState<Language>('fr');
  const [settings, setSettings] = useState<Settings | null>(null);
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [session, setSession] = useState<SessionState | null>(null);
  /** Version, log folder, demo credentials: null until read (or from a host that has none). */
  const [about, setAbout] = useState<AppAbout | null>(null);
  const [screen, setScreen] = useState<Screen>({ name: 'form' });
  const [draft, setDraft] = useState<PaymentFormValues>(EMPTY_PAYMENT_FORM);
  const [prefilledKey, setPrefilledKey] = useState(0);
  const [loggingOut, setLoggingOut] = useState(false);
  const [headerProblem, setHeaderProblem] = useState<ContractError | null>(null);
  const [platformLink, setPlatformLink] = useState<PlatformLink | null>(null);
  const [companionDownSince, setCompanionDownSince] = useState<number | null>(null);
  /** Outcomes that happened on screen while the window was in the background: said in the title. */
  const [unseenOnScreen, setUnseenOnScreen] = useState<Array<{ operation: Operation; outcome: Outcome }>>([]);
  const chime = useRef<Chime | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const languageRef = useRef(language);
  languageRef.current = language;

  const start = useCallback(async () => {
    setBoot({ state: 'loading' });
    // What the companion is (version, demo credentials) never holds the start back: a host that
    // cannot say leaves the version line out, nothing more.
    const about = Promise.resolve()
      .then(() => api.app.about({}))
      .catch(() => null);
    const [sessionResult, settingsResult, aboutResult] = await Promise.all([api.session.get({}), api.settings.get({}), about]);
    const chosen = settingsResult.ok ? settingsResult.value.language : 'fr';
    setLanguage(chosen);
    if (settingsResult.ok) setSettings(settingsResult.value);
    setAbout(aboutResult?.ok ? aboutResult.value : null);
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
  const readPlatformLink = useCallback(() => {
    void api.platform.status({}).then((result) => result.ok && setPlatformLink(result.value));
  }, [api]);

  useEffect(() => {
    void start();
  }, [start]);
  useEffect(
    () =>
      api.on('session.changed', (next) => {
        setSession(next);
        if (next.status === 'logged_out') {
          // Another platform may be in use now (Paramètres): its demo merchant, or none.
          void Promise.resolve()
            .then(() => api.app.about({}))
            .then((result) => result.ok && setAbout(result.value))
            .catch(() => undefined);
          setScreen({ name: 'form' });
          setDraft(EMPTY_PAYMENT_FORM);
        }
      }),
    [api],
  );
  useEffect(() => api.on('platform.changed', setPlatformLink), [api]);
  useEffect(
    () =>
      onReconnected(() => {
        reReadSession();
        readPlatformLink();
      }),
    [onReconnected, reReadSession, readPlatformLink],
  );
  useEffect(
    () =>
      callbacks.current.subscribeCompanionLink((up) => {
        setCompanionDownSince((since) => (up ? null : (since ?? Date.now())));
      }),
    [],
  );
  const sessionStatus = session?.status ?? null;
  useEffect(() => {
    if (boot.state === 'ready' && sessionStatus === 'logged_in') readPlatformLink();
  }, [boot.state, sessionStatus, readPlatformLink]);
  // In the same commit as the words: a screen reader never reads English text as French.
  useLayoutEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    chime.current = createChime();
    return () => {
      chime.current?.dispose();
      chime.current = null;
    };
  }, []);

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
  const link = useMemo<CompanionLink>(
    () => ({ api, onReconnected, onError, onLoggedInAgain: loggedInAgainSignal.subscribe }),
    [api, onReconnected, onError, loggedInAgainSignal],
  );

  const openRecap = useCallback((operation: Operation) => {
    setScreen((current) => ({ name: 'recap', operation, back: current.name === 'recap' ? current.back : current.name }));
  }, []);

  const onScreen = screen.name === 'recap' ? screen.operation.id : null;
  const watch = usePaymentWatch({
    api,
    onReconnected,
    active: session !== null && session.status !== 'logged_out',
    tillId: settings?.tillId ?? null,
    onScreen,
    onOutcome(operation, outcome, shown) {
      if ((outcome === 'validated' || outcome === 'partial') && (settingsRef.current?.chime ?? true)) chime.current?.play(outcome);
      if (document.hasFocus()) return;
      if (shown) setUnseenOnScreen((current) => [{ operation, outcome }, ...current]);
      // Out of sight (the cashier is in the till software): the shell shows it on the desktop.
      const t = messages[languageRef.current];
      const shell = (window as { companionShell?: ShellNotifications }).companionShell;
      void shell
        ?.notify?.({ title: t.outcomeTitle[outcome], body: t.outcomeDetail(outcome, outcomeFacts(operation, languageRef.current)) })
        .catch(() => undefined);
    },
    onTillRequest: openRecap,
  });

  useEffect(() => {
    const seen = () => setUnseenOnScreen([]);
    window.addEventListener('focus', seen);
    return () => window.removeEventListener('focus', seen);
  }, []);

  // The page title tells a cashier looking at another window (or tab) that something happened.
  useEffect(() => {
    const t = messages[language];
    const waiting = [...unseenOnScreen, ...watch.notices.filter((n) => !unseenOnScreen.some((u) => u.operation.id === n.operation.id))];
    const latest = waiting[0];
    document.title = latest
      ? t.pageTitleAttention(waiting.length, `${t.outcomeTitle[latest.outcome]} — ${latest.operation.basketNumber}`)
      : t.pageTitle;
  }, [language, watch.notices, unseenOnScreen]);

  async function changeLanguage(next: Language) {
    if (next === language) return;
    const result = await api.settings.update({ language: next });
    if (result.ok) {
      setLanguage(result.value.language);
      setSettings(result.value);
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
      setDraft(EMPTY_PAYMENT_FORM);
      setHeaderProblem(null);
    } else {
      onError(result.error);
      setHeaderProblem(result.error);
    }
  }

  function loggedInAgain(next: SessionState) {
    setSession(next);
    // Alerts from before the login are stale; each screen clears its own and carries on.
    setHeaderProblem(null);
    loggedInAgainSignal.emit();
    readPlatformLink();
  }

  function startNewRequest(operation: Operation) {
    setDraft({
      amount: centsToInputText(operation.amountRequested),
      basketNumber: operation.basketNumber,
      label: operation.label ?? '',
      customerReference: operation.customerReference ?? '',
      sellerId: operation.sellerId ?? '',
    });
    setPrefilledKey((key) => key + 1);
    setScreen({ name: 'form' });
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
    // The demo's credentials only on the demo platform: `about` is read again after a platform
    // switch, so for a moment it is still the previous platform's.
    const demoCredentials = demo ? (about?.demo ?? null) : null;
    // The first start: nobody has chosen a platform yet.
    if (session.platform.source === 'default' && settings) {
      return (
        <SetupScreen
          settings={settings}
          onChosen={(next) => {
            if (next) setSession(next);
            else reReadSession();
            void api.settings.get({}).then((result) => result.ok && setSettings(result.value));
          }}
        />
      );
    }
    // API keys (Worldline Direct) or a convention number and password, as the platform asks.
    const keysLogin = session.platform.credentials === 'api-key';
    if (session.status === 'logged_out') {
      return (
        <>
          {demo ? <DemoBanner /> : null}
          <main className="login-screen">
            <LinkBanners platform={null} companionDownSince={companionDownSince} />
            <div className="login-card">
              <LanguageSwitch language={language} onLanguage={(next) => void changeLanguage(next)} />
              <h1>{messages[language].appName}</h1>
              <p className="muted">{messages[language].appSubtitle}</p>
              <h2>{messages[language].loginTitle}</h2>
              {keysLogin ? (
                <>
                  <ApiKeyLoginForm
                    onLoggedIn={(next) => {
                      setSession(next);
                      setScreen({ name: 'form' });
                    }}
                  />
                  {about?.version ? <p className="app-version">{messages[language].appVersion(about.version)}</p> : null}
                </>
              ) : (
                <LoginForm
                  demo={demoCredentials}
                  version={about?.version ?? null}
                  onLoggedIn={(next) => {
                    setSession(next);
                    setScreen({ name: 'form' });
                  }}
                />
              )}
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
            <LinkBanners platform={platformLink} companionDownSince={companionDownSince} />
            <TillWaitingPanel />
            <OutcomeNotices notices={watch.notices} onOpen={openRecap} onAcknowledge={watch.acknowledge} />
            <OpenRequests open={watch.open} current={onScreen} onOpen={openRecap} />
            <TillNotices onOpen={openRecap} />
            {currentScreen()}
          </main>
        </div>
        {expired ? (
          <Modal title={t.sessionExpiredTitle} className="session-expired">
            <p>{t.sessionExpiredText}</p>
            {keysLogin ? (
              <ApiKeyLoginForm initialMerchantId={session.merchant?.conventionNumber} onLoggedIn={loggedInAgain} />
            ) : (
              <LoginForm demo={demoCredentials} initialConventionNumber={session.merchant?.conventionNumber} onLoggedIn={loggedInAgain} />
            )}
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
            values={draft}
            onValuesChange={setDraft}
            prefilledKey={prefilledKey}
            onCreated={(operation) => {
              setDraft(EMPTY_PAYMENT_FORM);
              setScreen({ name: 'recap', operation, back: 'form' });
            }}
            onOpenOperation={openRecap}
          />
        );
      case 'recap':
        return (
          <PaymentRecap
            key={screen.operation.id}
            initial={screen.operation}
            onClose={() => setScreen({ name: screen.back })}
            onOpen={(operation) => setScreen({ name: 'recap', operation, back: screen.back })}
            onNewRequest={startNewRequest}
          />
        );
      case 'operations':
        return <OperationsScreen onOpen={openRecap} />;
      case 'dayclose':
        return <DayCloseScreen />;
      case 'settings':
        return <SettingsScreen onSaved={setSettings} session={session} about={about} />;
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
