// Renders the real cashier app (or one screen) against a fake companion.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { App } from '../../../renderer/src/cashier/App';
import { CompanionProvider } from '../../../renderer/src/cashier/companion-context';
import { LanguageProvider } from '../../../renderer/src/i18n/i18n';
import type { FakeCompanion } from './fake-companion';

export function renderApp(fake: FakeCompanion) {
  const user = userEvent.setup();
  const view = render(<App api={fake.api} onReconnected={fake.onReconnected} onCompanionLink={fake.onCompanionLink} />);
  return { user, ...view };
}

/** One screen on its own, with what App would give it. */
export function renderScreen(ui: ReactElement, fake: FakeCompanion, language: 'fr' | 'en' = 'fr') {
  const link = { api: fake.api, onReconnected: fake.onReconnected, onError: () => undefined, onLoggedInAgain: () => () => undefined };
  return render(
    <LanguageProvider language={language}>
      <CompanionProvider link={link}>{ui}</CompanionProvider>
    </LanguageProvider>,
  );
}
