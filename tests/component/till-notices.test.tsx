// Notices from a till (Caisse-AP) reach the cashier's screen by themselves and lead to the
// operation they are about.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeCompanion, makeOperation } from './support/fake-companion';
import { renderApp } from './support/render';

describe('messages from the till', () => {
  it('shows a till’s warning on any screen, opens its operation, and hides it on request', async () => {
    const operation = makeOperation({ status: 'validated', amountReceived: 1200, remainder: 800, qrPayload: null, origin: 'caisse-ap' });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [operation] });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });

    act(() =>
      fake.emit('till.notice', {
        operationId: operation.id,
        level: 'warning',
        code: 'caisse_ap.partial_waiting',
        params: { basketNumber: operation.basketNumber, received: 1200, remainder: 800 },
        // The screen words the notice from its code and params, never from this fallback.
        message: 'fallback for the logs',
        at: '2020-04-30T08:06:00.000Z',
      }),
    );
    const notices = screen.getByRole('region', { name: 'Messages de la caisse' });
    const notice = within(notices).getByRole('status');
    expect(notice).toHaveTextContent(
      new RegExp(`^Caisse, 10h06 Paiement partiel pour le N° de panier ${operation.basketNumber} : 12,00\\s€ reçus, reste 8,00\\s€ — la caisse attend votre choix\\.`),
    );

    act(() =>
      fake.emit('till.notice', {
        operationId: null,
        level: 'error',
        code: 'caisse_ap.refused',
        params: { refusal: { cause: 'error', error: { code: 'basket_in_progress' } } },
        message: 'fallback for the logs',
        at: '2020-04-30T08:07:00.000Z',
      }),
    );
    expect(within(notices).getByRole('alert')).toHaveTextContent(
      'Demande de la caisse refusée : Une demande de paiement est déjà en attente pour ce N° de panier.',
    );

    await user.click(within(notice).getByRole('button', { name: 'Voir l’opération' }));
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(recap).toHaveTextContent(/Reste à encaisser : 8,00\s€/);

    await user.click(within(within(notices).getByRole('alert')).getByRole('button', { name: 'Masquer ce message' }));
    expect(within(notices).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(notices).getByRole('status')).toBeInTheDocument();
  });
});
