import type { Language } from '../../../electron/common/money';
import { useT } from '../i18n/i18n';

// Each language is named in itself, so a cashier who does not read the current one finds theirs.
export const LANGUAGE_NAMES: Record<Language, string> = { fr: 'Français', en: 'English' };

export function LanguageSwitch({ language, onLanguage }: { language: Language; onLanguage(language: Language): void }) {
  const t = useT();
  return (
    <div role="group" aria-label={t.language} className="language-switch">
      {(Object.keys(LANGUAGE_NAMES) as Language[]).map((name) => (
        <button key={name} type="button" lang={name} aria-pressed={language === name} onClick={() => onLanguage(name)}>
          {LANGUAGE_NAMES[name]}
        </button>
      ))}
    </div>
  );
}
