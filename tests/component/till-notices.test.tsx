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
        code: 'caisse_ap.partial_told',
        message: 'La caisse a été informée d’un paiement partiel : 12,00 € reçus sur 20,00 €.',
        at: '2020-04-30T08:06:00.000Z',
      }),
    );
    const notices = screen.getByRole('region', { name: 'Messages de la caisse' });
    const notice = within(notices).getByRole('status');
    expect(notice).toHaveTextContent('Caisse, 10h06 La caisse a été informée d’un paiement partiel : 12,00 € reçus sur 20,00 €.');

    act(() =>
      fake.emit('till.notice', {
        operationId: null,
        level: 'error',
        code: 'caisse_ap.refused',
        message: 'La plateforme a refusé la demande de la caisse.',
        at: '2020-04-30T08:07:00.000Z',
      }),
    );
    expect(within(notices).getByRole('alert')).toHaveTextContent('La plateforme a refusé la demande de la caisse.');

    await user.click(within(notice).getByRole('button', { name: 'Voir l’opération' }));
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(recap).toHaveTextContent(/Reste à encaisser : 8,00\s€/);

    await user.click(within(within(notices).getByRole('alert')).getByRole('button', { name: 'Masquer ce message' }));
    expect(within(notices).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(notices).getByRole('status')).toBeInTheDocument();
  });
});
