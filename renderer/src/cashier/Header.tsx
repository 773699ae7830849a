// The bar on every screen once logged in: who is logged in, where to go, which language, and
// "Se déconnecter".
import type { Language } from '../../../electron/common/money';
import { useT } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';
import { CustomerDisplayPanel } from './CustomerDisplayPanel';
import { LanguageSwitch } from './LanguageSwitch';

export type Place = 'form' | 'operations' | 'dayclose' | 'settings';

/** The screens of the bar, in the guide's order, with the key of their name. */
const PLACES = [
  ['form', 'navPaymentRequest'],
  ['operations', 'navOperations'],
  ['dayclose', 'navDayClose'],
  ['settings', 'navSettings'],
] as const satisfies ReadonlyArray<readonly [Place, keyof Messages]>;

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
        {PLACES.map(([place, label]) => (
          <button
            key={place}
            type="button"
            aria-current={props.current === place ? 'page' : undefined}
            onClick={() => props.onNavigate(place)}
          >
            {t[label]}
          </button>
        ))}
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
