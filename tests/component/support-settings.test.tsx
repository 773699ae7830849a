// The version under the login (the guide's « V0.0.10 »), Paramètres' « Assistance » (version,
// « Journaux »: opened by the desktop app, named in a browser) and, in a browser only, « Révoquer
// l'écran client » and « Nouveau jeton ». The demo credentials come from app.about, never from the
// session.
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { createFakeCompanion, DEMO, FAKE_VERSION } from './support/fake-companion';
import { renderApp } from './support/render';

const shellWindow = window as { companionShell?: unknown };
afterEach(() => {
  delete shellWindow.companionShell;
});

async function openSettings(options: Parameters<typeof createFakeCompanion>[0] = {}) {
  const fake = createFakeCompanion({ status: 'logged_in', ...options });
  const view = renderApp(fake);
  await view.user.click(await screen.findByRole('button', { name: 'Paramètres' }));
  await screen.findByRole('heading', { name: 'Paramètres' });
  // The heading shows at once; the rest of the screen comes with the answer to settings.get.
  await screen.findByLabelText('Nom de la caisse');
  return { fake, ...view };
}

describe('the version and the demo credentials on the login screen', () => {
  it('shows « V0.1.0 » under the login, and the demo credentials from app.about', async () => {
    const fake = createFakeCompanion();
    renderApp(fake);
    await screen.findByRole('heading', { name: 'Connexion' });
    expect(screen.getByText(`V${FAKE_VERSION}`)).toBeInTheDocument();
    expect(screen.getByText(`Numéro de convention : ${DEMO.conventionNumber} — Mot de passe : ${DEMO.password}`)).toBeInTheDocument();
    const session = await fake.api.session.get({});
    expect(JSON.stringify(session)).not.toContain(DEMO.password);
  });

  it('still lets the cashier log in when the host cannot say what it is', async () => {
    const fake = createFakeCompanion({ mode: 'platform' });
    fake.handle('app.about', () => ({ ok: false, error: contractError('internal_error') }));
    renderApp(fake);
    await screen.findByRole('heading', { name: 'Connexion' });
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeEnabled();
    expect(screen.queryByText(/^V\d/)).not.toBeInTheDocument();
  });
});

describe('Paramètres, « Assistance »', () => {
  it('in the desktop app: the version and « Journaux », which opens the logs folder', async () => {
    const opened: string[] = [];
    shellWindow.companionShell = {
      platform: 'linux',
      openLogsFolder: async () => {
        opened.push('logs');
        return { opened: true, path: '/home/caisse/.config/cv-connect-companion/logs' };
      },
    };
    const { user } = await openSettings();
    const support = screen.getByRole('group', { name: 'Assistance' });
    expect(within(support).getByText(`Version ${FAKE_VERSION} — mode démonstration`)).toBeInTheDocument();
    await user.click(within(support).getByRole('button', { name: 'Journaux' }));
    expect(await within(support).findByText('Dossier ouvert : /home/caisse/.config/cv-connect-companion/logs')).toBeInTheDocument();
    expect(opened).toEqual(['logs']);
    // No local API in the desktop app: nothing to revoke.
    expect(screen.queryByRole('button', { name: 'Nouveau jeton' })).not.toBeInTheDocument();
  });

  it('in a browser: names the logs folder, and revokes the display or replaces the token on request', async () => {
    const { fake, user } = await openSettings({ mode: 'platform' });
    const support = screen.getByRole('group', { name: 'Assistance' });
    expect(within(support).getByText(`Version ${FAKE_VERSION}`)).toBeInTheDocument();
    expect(within(support).getByText('/home/caisse/.local/share/cv-connect-companion/logs')).toBeInTheDocument();
    expect(within(support).queryByRole('button', { name: 'Journaux' })).not.toBeInTheDocument();

    fake.handle('display.revoke', () => ({ ok: true, value: { url: 'http://127.0.0.1:8787/display?token=new', code: '482913' } }));
    fake.handle('access.rotate', () => ({ ok: true, value: { token: 'a-brand-new-cashier-token' } }));
    const access = screen.getByRole('group', { name: 'Écran client et API locale' });
    await user.click(within(access).getByRole('button', { name: 'Révoquer l’écran client' }));
    expect(await within(access).findByText('Écran client révoqué : les écrans appairés sont déconnectés. Nouveau code d’appairage : 482 913.')).toBeInTheDocument();
    await user.click(within(access).getByRole('button', { name: 'Nouveau jeton' }));
    expect(await within(access).findByText(/Nouveau jeton en service : cette page l’utilise déjà/)).toBeInTheDocument();
    expect(fake.callsTo('display.revoke')).toHaveLength(1);
    expect(fake.callsTo('access.rotate')).toHaveLength(1);
  });

  it('says why when the host refuses', async () => {
    const { fake, user } = await openSettings();
    fake.handle('access.rotate', () => ({ ok: false, error: contractError('storage_read_only') }));
    await user.click(screen.getByRole('button', { name: 'Nouveau jeton' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/./);
  });
});
