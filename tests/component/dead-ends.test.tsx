// No dead ends: each refusal says what to do and offers it. A basket already pending opens its
// request; an amount below the platform's minimum says the minimum in euros; after an expired
// session the alerts from before are gone and the request not sent is one click away.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { createFakeCompanion, DEMO, makeOperation } from './support/fake-companion';
import { renderApp } from './support/render';

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

async function openForm(fake = createFakeCompanion({ status: 'logged_in' })) {
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  return { fake, ...view };
}

describe('the request form’s ways out', () => {
  it('« Ouvrir la demande en attente » when the basket already has one', async () => {
    const pending = makeOperation({ basketNumber: 'REF253', amountRequested: 1800, remainder: 1800 });
    const { user, fake } = await openForm(createFakeCompanion({ status: 'logged_in', operations: [pending] }));
    await user.type(screen.getByLabelText('Montant demandé'), '20');
    await user.type(screen.getByLabelText('N° de panier'), 'REF253{Enter}');
    expect(await screen.findByText('Une demande de paiement est déjà en attente pour ce N° de panier.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ouvrir la demande en attente' }));
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(recap).toHaveTextContent(/Montant demandé :18,00\s€/);
    expect(fake.callsTo('operations.list').at(-1)).toMatchObject({ status: 'pending', query: 'REF253' });
  });

  it('says the platform’s minimum in euros when the amount is below it', async () => {
    const { user, fake } = await openForm();
    fake.handle('payments.create', () => ({
      ok: false,
      error: contractError('validation_error', { field: 'amount', minAmount: 150, maxAmount: 1_000_000 }),
    }));
    await user.type(screen.getByLabelText('Montant demandé'), '0,99');
    await user.type(screen.getByLabelText('N° de panier'), 'MINI{Enter}');
    const amount = screen.getByLabelText('Montant demandé');
    await screen.findByText(/minimum accepté/);
    const error = document.getElementById(amount.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(normalise(error!.textContent)).toBe(
      'La plateforme refuse ce montant : le minimum accepté est de 1,50 €, le maximum de 10 000,00 €.',
    );
    expect(amount).toHaveFocus();
  });
});

describe('after the session expired', () => {
  it('clears the stale alert and sends the request that was being typed with one click', async () => {
    const { user, fake } = await openForm();
    fake.handle('payments.create', () => ({ ok: false, error: contractError('token_expired') }));
    await user.type(screen.getByLabelText('Montant demandé'), '45,90');
    await user.type(screen.getByLabelText('N° de panier'), 'REF255{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Votre session a expiré' });
    expect(screen.getByText('Votre session a expiré. Merci de vous reconnecter : la demande en cours est conservée.')).toBeInTheDocument();

    fake.handle('payments.create', (input) => {
      const operation = makeOperation({ basketNumber: input.basketNumber, amountRequested: input.amount, remainder: input.amount });
      fake.operations.unshift(operation);
      return { ok: true, value: operation };
    });
    await user.type(within(dialog).getByLabelText('Mot de passe'), `${DEMO.password}{Enter}`);
    await act(async () => undefined);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByText(/Votre session a expiré/)).not.toBeInTheDocument(); // the stale alert is gone
    const resume = screen.getByText(/Vous êtes reconnecté/).closest('[role="status"]')!;
    expect(normalise(resume.textContent)).toContain(
      'Vous êtes reconnecté. La demande de 45,90 € pour le panier REF255 n’a pas encore été envoyée.',
    );
    const send = screen.getByRole('button', { name: 'Envoyer la demande' });
    // The focus moves in an effect, after the button is drawn.
    await waitFor(() => expect(send).toHaveFocus());
    await user.click(send);
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(recap).toHaveTextContent(/Montant demandé :45,90\s€/);
    expect(fake.callsTo('payments.create')).toHaveLength(2);
  });

  it('clears the alert a recap showed before the new login', async () => {
    const { user, fake } = await openForm();
    await user.type(screen.getByLabelText('Montant demandé'), '20');
    await user.type(screen.getByLabelText('N° de panier'), 'REF253{Enter}');
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    fake.handle('payments.refresh', () => ({ ok: false, error: contractError('token_expired') }));
    await user.click(within(recap).getByRole('button', { name: 'Rafraîchir' }));
    const dialog = await screen.findByRole('dialog', { name: 'Votre session a expiré' });
    expect(within(recap).getByRole('alert')).toHaveTextContent(/Votre session a expiré/);
    await user.type(within(dialog).getByLabelText('Mot de passe'), `${DEMO.password}{Enter}`);
    await screen.findByRole('button', { name: 'Rafraîchir' });
    await act(async () => undefined);
    expect(within(recap).queryByRole('alert')).not.toBeInTheDocument();
  });
});
