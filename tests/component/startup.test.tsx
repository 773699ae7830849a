// What the page shows when it cannot start: a token the host refused, or a host that does not
// answer (with "Réessayer"). And the language saved in the settings is used from the start.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { COMPANION_UNREACHABLE } from '../../renderer/src/bridge/http-bridge';
import { App } from '../../renderer/src/cashier/App';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

describe('start-up', () => {
  it('a refused token: forgets it and says where to find a fresh address', async () => {
    const fake = createFakeCompanion();
    fake.handle('session.get', () => ({ ok: false, error: contractError('unauthorized') }));
    const refused = vi.fn();
    render(<App api={fake.api} onTokenRefused={refused} />);
    expect(await screen.findByText('Le jeton d’accès de cette page n’est plus valable.')).toBeInTheDocument();
    expect(screen.getByText('Ouvrez l’adresse affichée par npm run serve (elle contient le jeton d’accès).')).toBeInTheDocument();
    expect(refused).toHaveBeenCalledOnce();
  });

  it('a companion that does not answer: says so, and "Réessayer" tries again', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    fake.handle('session.get', () => ({ ok: false, error: { code: 'internal_error', message: COMPANION_UNREACHABLE } }));
    const user = userEvent.setup();
    render(<App api={fake.api} />);
    expect(await screen.findByRole('heading', { name: 'Impossible de joindre le compagnon de caisse.' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Le compagnon de caisse est injoignable.');

    fake.handle('session.get', () => ({ ok: true, value: fake.session }));
    await user.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('heading', { name: 'Demande de paiement' })).toBeInTheDocument();
  });

  it('starts in the language saved in the settings', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', language: 'en' });
    renderApp(fake);
    expect(await screen.findByRole('heading', { name: 'Payment request' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeInTheDocument();
    expect(screen.getByText('Demo mode — simulated platform')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });
});
