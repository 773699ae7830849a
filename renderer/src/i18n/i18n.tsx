// The chosen language, for every screen: `useT()` gives the dictionary, `useLanguage()` the code.
import { createContext, useContext, type ReactNode } from 'react';
import type { Language } from '../../../electron/common/money';
import { messages, type Messages } from './messages';

const LanguageContext = createContext<Language>('fr');

export function LanguageProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <LanguageContext.Provider value={language}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

export function useT(): Messages {
  return messages[useContext(LanguageContext)];
}
