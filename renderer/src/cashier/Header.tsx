// The bar on every screen once logged in: who is logged in, where to go, which language, and
// "Se déconnecter".
import type { Language } from '../../../electron/common/money';
import { useT } from '../i18n/i18n';
import { CustomerDisplayPanel } from './CustomerDisplayPanel';
import { LanguageSwitch } from './LanguageSwitch';

export type Place = 'form' | 'operations' | 'settings';

interface HeaderProps {
  merchantName: string | null;
  current: Place | null;
  language: Language;
  busy: boolean;
  problem: string | null;
  onNavigate(place: Place): void;
  onLanguage(language: Language): void;
  onLogout(): void;
}

export function Header(props: HeaderProps) {
  const t = useT();
  return (
    <header className="app-header">
      <div className="brand">
        <h1 className="brand-name">{t.appName}</h1>
        {props.merchantName ? <span className="merchant-name">{props.merchantName}</span> : null}
      </div>
      <nav aria-label={t.mainNavigation} className="main-nav">
        <button
          type="button"
          aria-current={props.current === 'form' ? 'page' : undefined}
          onClick={() => props.onNavigate('form')}
        >
          {t.navPaymentRequest}
        </button>
        <button
          type="button"
          aria-current={props.current === 'operations' ? 'page' : undefined}
          onClick={() => props.onNavigate('operations')}
        >
          {t.navOperations}
        </button>
        <button
          type="button"
          aria-current={props.current === 'settings' ? 'page' : undefined}
          onClick={() => props.onNavigate('settings')}
        >
          {t.navSettings}
        </button>
      </nav>
      <CustomerDisplayPanel />
      <LanguageSwitch language={props.language} onLanguage={props.onLanguage} />
      <button type="button" className="logout" onClick={props.onLogout} disabled={props.busy}>
        {props.busy ? t.loggingOut : t.logout}
      </button>
      {props.problem ? (
        <p className="alert header-alert" role="alert">
          {props.problem}
        </p>
      ) : null}
    </header>
  );
}
