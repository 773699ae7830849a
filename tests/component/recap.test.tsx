// "Récapitulatif de paiement": the QR code, statuses that arrive by themselves, the partial
// payment and "Demander le reste", cancel with confirmation, the countdown, Escape, and a
// session that expires with the request on screen.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { PaymentRecap } from '../../renderer/src/cashier/PaymentRecap';
import { createFakeCompanion, DEMO, makeOperation } from './support/fake-companion';
import { renderApp, renderScreen } from './support/render';

/** Logs in (already), asks 20,00 € for REF253, and returns the recap region. */
async function requestPayment(amount = '20') {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  await view.user.type(screen.getByLabelText('Montant demandé'), amount);
  await view.user.type(screen.getByLabelText('N° de panier'), 'REF253{Enter}');
  const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
  const operation = fake.operations[0]!;
  return { fake, recap, operation, ...view };
}

const statusOf = (recap: HTMLElement) => within(recap).getAllByRole('status')[0]!;

describe('Récapitulatif de paiement', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the QR code of the request with the guide’s words and fields', async () => {
    const { recap, operation } = await requestPayment();
    const qr = within(recap).getByRole('img', { name: 'QR Code de la demande de paiement, panier REF253' });
    expect(qr.querySelector('svg')).not.toBeNull();
    expect(qr.querySelectorAll('svg path').length).toBeGreaterThan(0);
    expect(within(recap).getByText('Présentez ce QR Code à votre client.')).toBeInTheDocument();
    const fields = recap.querySelector('dl')!;
    expect(fields).toHaveTextContent('N° de panier :REF253');
    expect(fields).toHaveTextContent(/Montant demandé :20,00\s€/);
    expect(fields).toHaveTextContent(/Montant reçu :0,00\s€/);
    expect(statusOf(recap)).toHaveTextContent('Statut : En attente de paiement');
    expect(within(recap).getByRole('timer')).toHaveTextContent(/^0[45]:\d\d$/);
    expect(within(recap).getByRole('button', { name: 'Rafraîchir' })).toBeInTheDocument();
    expect(within(recap).getByRole('button', { name: 'Annuler la demande' })).toBeInTheDocument();
    expect(operation.qrPayload).toMatch(/^https:/);
  });

  it('turns "Validé" by itself when the customer pays in full', async () => {
    const { fake, recap, operation } = await requestPayment();
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(statusOf(recap)).toHaveTextContent('Statut : Validé');
    expect(within(recap).getByText('Ça y est ! Votre client a payé. Le paiement est validé.')).toBeInTheDocument();
    expect(within(recap).getByText(/Montant reçu/).closest('div')).toHaveTextContent(/20,00\s€/);
    expect(within(recap).queryByRole('img')).not.toBeInTheDocument(); // nothing left to scan
    expect(within(recap).queryByRole('button', { name: 'Annuler la demande' })).not.toBeInTheDocument();
    expect(within(recap).queryByRole('timer')).not.toBeInTheDocument();
    expect(fake.callsTo('payments.refresh')).toHaveLength(0);
  });

  it('says plainly what remains after a partial payment and asks for the rest on the same basket', async () => {
    const { fake, recap, operation, user } = await requestPayment();
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 1200, remainder: 800, qrPayload: null });
    });
    expect(
      within(recap).getByText(
        (text) =>
          text.replace(/[\u00a0\u202f]/g, ' ') ===
          'Votre client a réglé 12,00 €. Reste à encaisser : 8,00 € avec un autre moyen de paiement.',
      ),
    ).toBeInTheDocument();

    await user.click(within(recap).getByRole('button', { name: 'Demander le reste' }));
    const next = await screen.findByText(/8,00\s€/, { selector: '.amount' });
    expect(next).toBeInTheDocument();
    expect(fake.callsTo('payments.create').at(-1)).toEqual({
      amount: 800,
      basketNumber: 'REF253',
      followUpOf: operation.id,
    });
    const followUp = screen.getByRole('region', { name: 'Récapitulatif de paiement' });
    expect(statusOf(followUp)).toHaveTextContent('En attente de paiement');
    expect(within(followUp).getByText('Reste de la demande précédente')).toBeInTheDocument();
  });

  it('shows every status with the guide’s label', async () => {
    const { fake, recap, operation } = await requestPayment();
    act(() => {
      fake.update(operation.id, { status: 'expired', qrPayload: null });
    });
    expect(statusOf(recap)).toHaveTextContent('Statut : Expiré');
    expect(within(recap).getByText('La demande a expiré sans être payée.')).toBeInTheDocument();

    const failed = makeOperation({ status: 'failed', qrPayload: null, failure: { code: 'never_reached', message: 'fallback for the logs' } });
    const creating = makeOperation({ status: 'creating', qrPayload: null, platformId: null });
    for (const [op, label] of [
      [failed, 'Échec'],
      [creating, 'Création en cours…'],
    ] as const) {
      const other = createFakeCompanion({ status: 'logged_in', operations: [op] });
      const view = renderScreen(<PaymentRecap initial={op} onClose={() => undefined} onOpen={() => undefined} />, other);
      expect(within(view.container).getAllByRole('status')[0]).toHaveTextContent(`Statut : ${label}`);
      view.unmount();
    }
    const other = createFakeCompanion({ status: 'logged_in', operations: [failed] });
    renderScreen(<PaymentRecap initial={failed} onClose={() => undefined} onOpen={() => undefined} />, other);
    // Worded from the failure's code, not from the core's fallback message.
    expect(screen.getByText('La demande n’est jamais parvenue à la plateforme : aucun paiement n’a été demandé au client.')).toBeInTheDocument();
  });

  it('asks before cancelling; Escape closes the question, not the recap', async () => {
    const { fake, recap, user } = await requestPayment();
    await user.click(within(recap).getByRole('button', { name: 'Annuler la demande' }));
    let dialog = screen.getByRole('dialog', { name: 'Annuler cette demande de paiement ?' });
    expect(dialog).toHaveTextContent(/La demande de 20,00\s€ pour le panier REF253 ne pourra plus être payée\./);
    expect(within(dialog).getByRole('button', { name: 'Non, revenir' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Récapitulatif de paiement' })).toBeInTheDocument();
    expect(fake.callsTo('payments.cancel')).toHaveLength(0);

    await user.click(within(recap).getByRole('button', { name: 'Annuler la demande' }));
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Oui, annuler la demande' }));
    expect(await within(recap).findByText('La demande a été annulée.')).toBeInTheDocument();
    expect(statusOf(recap)).toHaveTextContent('Statut : Annulé');
    expect(fake.callsTo('payments.cancel')).toHaveLength(1);
  });

  it('"Rafraîchir" fetches the request now and shows what it says', async () => {
    const { fake, recap, operation, user } = await requestPayment();
    fake.updateSilently(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    expect(statusOf(recap)).toHaveTextContent('En attente de paiement');
    await user.click(within(recap).getByRole('button', { name: 'Rafraîchir' }));
    expect(await within(recap).findByText('Ça y est ! Votre client a payé. Le paiement est validé.')).toBeInTheDocument();
    expect(fake.callsTo('payments.refresh')).toEqual([{ id: operation.id }]);
  });

  it('reads the request again when the event stream comes back after a cut', async () => {
    const { fake, recap, operation } = await requestPayment();
    fake.updateSilently(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    act(() => fake.reconnect());
    expect(await within(recap).findByText('Ça y est ! Votre client a payé. Le paiement est validé.')).toBeInTheDocument();
    // The recap reads it, and so does the watch over open requests (it is no longer pending).
    expect(fake.callsTo('payments.get')).toContainEqual({ id: operation.id });
    // Once the watch has read it too (the request leaves the open ones), no notice is ever coming.
    await waitFor(() => expect(screen.queryByRole('region', { name: /Demandes en attente/ })).not.toBeInTheDocument());
    // On screen: the outcome shows here, not as a notice on top.
    expect(screen.queryByRole('region', { name: 'Résultats à voir' })).not.toBeInTheDocument();
  });

  it('Escape on a pending recap asks first; Escape again keeps the request open, closes, and the focus goes back to the amount', async () => {
    const { user, fake } = await requestPayment();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'La demande reste payable par le client' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Récapitulatif de paiement' })).not.toBeInTheDocument();
    expect(fake.callsTo('payments.cancel')).toHaveLength(0);
    expect(screen.getByRole('region', { name: /Demandes en attente/ })).toHaveTextContent('REF253');
    expect(screen.getByLabelText('Montant demandé')).toHaveFocus();
  });

  it('counts down to the expiry every second', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-04-30T08:06:00Z'));
    const operation = makeOperation({ expiresAt: '2020-04-30T08:11:00Z' });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [operation] });
    renderScreen(<PaymentRecap initial={operation} onClose={() => undefined} onOpen={() => undefined} />, fake);
    const timer = screen.getByRole('timer', { name: 'Temps restant :' });
    expect(timer).toHaveTextContent('05:00');
    act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent('04:59');
    act(() => vi.advanceTimersByTime(59_000));
    expect(timer).toHaveTextContent('04:00');
    expect(screen.getByText('Il reste 4 minutes.')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(3 * 60_000 + 29_000));
    expect(timer).toHaveTextContent('00:31');
    expect(screen.getByText('Il reste moins d’une minute.')).toBeInTheDocument();
    expect(screen.queryByText('Expire bientôt')).not.toBeInTheDocument();
    // The last 30 seconds look and read different.
    act(() => vi.advanceTimersByTime(1000));
    expect(timer).toHaveTextContent('00:30');
    expect(screen.getByText('Expire bientôt')).toBeInTheDocument();
    expect(timer.closest('.countdown')).toHaveClass('countdown-soon');
    expect(screen.getByText('La demande expire dans moins de 30 secondes.')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(29_000));
    expect(timer).toHaveTextContent('00:01');
    act(() => vi.advanceTimersByTime(5000));
    expect(timer).toHaveTextContent('00:00'); // never negative
    expect(fake.callsTo('payments.refresh')).toEqual([{ id: operation.id }]); // asks once when time is up
  });

  it('brings the login over the recap when the session expires, and carries on after', async () => {
    const { fake, recap, operation, user } = await requestPayment();
    act(() => fake.setSession({ ...fake.session, status: 'expired' }));
    const dialog = screen.getByRole('dialog', { name: 'Votre session a expiré' });
    expect(dialog).toHaveTextContent('Reconnectez-vous pour continuer : la demande en cours est conservée.');
    expect(within(dialog).getByLabelText('Numéro de convention')).toHaveValue(DEMO.conventionNumber);
    expect(within(dialog).getByLabelText('Mot de passe')).toHaveFocus();
    expect(recap).toBeInTheDocument(); // the request stays on screen underneath

    // A payment arriving meanwhile still shows.
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    await user.keyboard('{Escape}'); // cannot be dismissed without logging in
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Mot de passe'), `${DEMO.password}{Enter}`);
    // The login is answered later: the dialog goes then.
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('region', { name: 'Récapitulatif de paiement' })).toBe(recap);
    expect(statusOf(recap)).toHaveTextContent('Statut : Validé');
  });

  it('an expired token seen on a call also brings the login', async () => {
    const { fake, recap, user } = await requestPayment();
    fake.handle('payments.refresh', () => ({ ok: false, error: contractError('token_expired') }));
    await user.click(within(recap).getByRole('button', { name: 'Rafraîchir' }));
    expect(await screen.findByRole('dialog', { name: 'Votre session a expiré' })).toBeInTheDocument();
    expect(within(recap).getByRole('alert')).toHaveTextContent(
      'Votre session a expiré. Merci de vous reconnecter : la demande en cours est conservée.',
    );
  });
});

