// No payment goes unseen at the counter: a pending recap is never closed silently, the requests
// the customer can still pay stay in sight, and an outcome that happens off screen is announced
// on whatever screen the cashier is on, until seen (in the page title too). A request sent by a
// till over Caisse-AP opens its recap at once.
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeCompanion, makeOperation } from './support/fake-companion';
import { renderApp } from './support/render';

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

async function startRequest(amount = '30', basketNumber = 'REF300') {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  await view.user.type(screen.getByLabelText('Montant demandé'), amount);
  await view.user.type(screen.getByLabelText('N° de panier'), `${basketNumber}{Enter}`);
  const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
  return { fake, recap, operation: fake.operations[0]!, ...view };
}

const openRequests = () => screen.getByRole('region', { name: /Demandes en attente/ });
const notices = () => screen.queryByRole('region', { name: 'Résultats à voir' });

afterEach(() => {
  document.title = '';
});

describe('closing a request the customer can still pay', () => {
  it('« Fermer » is not the main action while pending, and asks first', async () => {
    const { recap, user, fake } = await startRequest();
    const close = within(recap).getByRole('button', { name: 'Fermer' });
    expect(close).not.toHaveClass('primary');
    await user.click(close);
    const dialog = screen.getByRole('dialog', { name: 'La demande reste payable par le client' });
    expect(normalise(dialog.textContent)).toContain(
      'Le QR code de 30,00 € pour le panier REF300 reste valable : votre client peut encore le payer.',
    );
    expect(within(dialog).getByRole('button', { name: 'Garder la demande ouverte' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Garder la demande ouverte' }));
    expect(screen.queryByRole('region', { name: 'Récapitulatif de paiement' })).not.toBeInTheDocument();
    expect(fake.callsTo('payments.cancel')).toHaveLength(0);
    // Kept in sight: basket, amount and time left; one click opens it again.
    const chip = within(openRequests()).getByRole('button', { name: /^Ouvrir la demande : panier ?REF300 ?30,00\s€ ?0[45]:\d\d$/ });
    expect(normalise(chip.textContent)).toMatch(/^Ouvrir la demande : panierREF30030,00 €0[45]:\d\d$/);
    await user.click(chip);
    expect(await screen.findByRole('region', { name: 'Récapitulatif de paiement' })).toHaveTextContent('REF300');
  });

  it('can cancel the request from the same question', async () => {
    const { recap, user, fake, operation } = await startRequest('12', 'REF301');
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Annuler la demande' }));
    expect(fake.callsTo('payments.cancel')).toEqual([{ id: operation.id }]);
    expect(await within(recap).findByText('La demande a été annulée.')).toBeInTheDocument();
  });

  it('the question goes away if the customer pays meanwhile', async () => {
    const { recap, user, fake, operation } = await startRequest();
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 3000, remainder: 0, qrPayload: null });
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(within(recap).getByText('Ça y est ! Votre client a payé. Le paiement est validé.')).toBeInTheDocument();
  });
});

describe('an outcome that happens off screen', () => {
  it('is announced on every screen until the cashier has seen it, and opens the recap', async () => {
    const { recap, user, fake, operation } = await startRequest();
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(screen.getByRole('button', { name: 'Garder la demande ouverte' }));

    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 3000, remainder: 0, qrPayload: null });
    });
    const notice = within(notices()!).getByRole('alert');
    expect(normalise(notice.textContent)).toContain('Paiement validé30,00 € reçus — panier REF300');
    expect(screen.queryByRole('region', { name: /Demandes en attente/ })).not.toBeInTheDocument();
    expect(document.title).toBe('(1) Paiement validé — REF300 — Chèque-Vacances Connect');

    // It stays, whatever screen the cashier goes to.
    const nav = screen.getByRole('navigation');
    await user.click(within(nav).getByRole('button', { name: 'Mes opérations' }));
    await screen.findByRole('heading', { name: 'Mes opérations', level: 2 });
    expect(notices()).toHaveTextContent('Paiement validé');
    await user.click(within(nav).getByRole('button', { name: 'Paramètres' }));
    await screen.findByRole('heading', { name: 'Paramètres', level: 2 });
    expect(notices()).toHaveTextContent('Paiement validé');

    await user.click(within(notices()!).getByRole('button', { name: /Voir la demande/ }));
    const opened = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(opened).toHaveTextContent('REF300');
    expect(within(opened).getAllByRole('status')[0]).toHaveTextContent('Statut : Validé');
    expect(notices()).not.toBeInTheDocument();
    expect(document.title).toBe('Chèque-Vacances Connect — Caisse');
  });

  it('says partial payments, expiries and cancels too; « J’ai vu » puts one away', async () => {
    const partial = makeOperation({ basketNumber: 'PART-1', amountRequested: 2000, remainder: 2000 });
    const expiring = makeOperation({ basketNumber: 'EXP-1', amountRequested: 1250, remainder: 1250 });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [partial, expiring] });
    const { user } = renderApp(fake);
    await within(await screen.findByRole('region', { name: /Demandes en attente/ })).findByText('EXP-1');
    act(() => {
      fake.update(partial.id, { status: 'validated', amountReceived: 1500, remainder: 500, qrPayload: null });
      fake.update(expiring.id, { status: 'expired', qrPayload: null, remainder: 0 });
    });
    const [newest, older] = within(notices()!).getAllByRole('alert');
    expect(normalise(newest!.textContent)).toContain('Demande expirée12,50 € non payés — panier EXP-1');
    expect(normalise(older!.textContent)).toContain('Paiement partiel15,00 € reçus, reste 5,00 € à encaisser — panier PART-1');
    expect(document.title).toBe('(2) Demande expirée — EXP-1 — Chèque-Vacances Connect');

    await user.click(screen.getByRole('button', { name: 'J’ai vu : Demande expirée, panier EXP-1' }));
    expect(within(notices()!).getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Demande de paiement' })).toBeInTheDocument(); // still where the cashier was
  });

  it('is found again after the event stream was cut, and announced the same way', async () => {
    const waiting = makeOperation({ basketNumber: 'CUT-1', amountRequested: 4000, remainder: 4000 });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [waiting] });
    renderApp(fake);
    await within(await screen.findByRole('region', { name: /Demandes en attente/ })).findByText('CUT-1');
    fake.updateSilently(waiting.id, { status: 'validated', amountReceived: 4000, remainder: 0, qrPayload: null });
    act(() => fake.reconnect());
    expect(await screen.findByText(/40,00 € reçus — panier CUT-1/)).toBeInTheDocument();
  });

  it('never announces another till’s requests', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    const elsewhere = makeOperation({ basketNumber: 'AILLEURS', tillId: 'caisse-2' });
    fake.operations.unshift(elsewhere);
    act(() => fake.emit('payment.updated', elsewhere));
    act(() => {
      fake.update(elsewhere.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(screen.queryByRole('region', { name: /Demandes en attente/ })).not.toBeInTheDocument();
    expect(notices()).not.toBeInTheDocument();
  });
});

describe('a request sent by the till over Caisse-AP', () => {
  it('opens its recap on the cashier screen at once, marked « Demande de la caisse », and keeps what was typed', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    await user.type(screen.getByLabelText('Montant demandé'), '7,50');

    const fromTill = makeOperation({ basketNumber: 'CAISSE-9', amountRequested: 4200, remainder: 4200, origin: 'caisse-ap' });
    fake.operations.unshift(fromTill);
    act(() => fake.emit('payment.updated', fromTill));
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(within(recap).getByText('Demande de la caisse')).toBeInTheDocument();
    expect(recap).toHaveTextContent(/Montant demandé :42,00\s€/);
    expect(within(recap).getByRole('img', { name: 'QR Code de la demande de paiement, panier CAISSE-9' })).toBeInTheDocument();
    expect(within(openRequests()).getByText('Caisse')).toBeInTheDocument();

    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(screen.getByRole('button', { name: 'Garder la demande ouverte' }));
    expect(screen.getByLabelText('Montant demandé')).toHaveValue('7,50');
  });
});

describe('a request sent by the till over Caisse-AP, seen late', () => {
  it('shows its QR when the platform had answered before its recap was drawn', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });

    // The intent and the platform's answer reach the page before React draws anything.
    const waiting = makeOperation({ basketNumber: 'CAISSE-7', amountRequested: 2450, remainder: 2450, origin: 'caisse-ap' });
    const creating = { ...waiting, status: 'creating' as const, platformId: null, qrPayload: null, expiresAt: null, updatedAt: new Date(Date.parse(waiting.updatedAt) - 20).toISOString() };
    fake.operations.unshift(waiting);
    act(() => {
      fake.emit('payment.updated', creating);
      fake.emit('payment.updated', waiting);
    });
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(within(recap).getByText('Demande de la caisse')).toBeInTheDocument();
    expect(await within(recap).findByRole('img', { name: 'QR Code de la demande de paiement, panier CAISSE-7' })).toBeInTheDocument();
  });
});

describe('the page title in the background', () => {
  afterEach(() => vi.restoreAllMocks());

  it('changes when the request on screen is paid while the window has not the focus, until it gets it back', async () => {
    const { fake, operation } = await startRequest('20', 'REF302');
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(document.title).toBe('(1) Paiement validé — REF302 — Chèque-Vacances Connect');
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    expect(document.title).toBe('Chèque-Vacances Connect — Caisse');
  });

  it('in Electron, asks the shell for an OS notification in the page’s words', async () => {
    const asked: unknown[] = [];
    (window as { companionShell?: unknown }).companionShell = { notify: async (input: unknown) => void asked.push(input) };
    try {
      const { fake, recap, user, operation } = await startRequest('15', 'REF303');
      await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
      await user.click(screen.getByRole('button', { name: 'Garder la demande ouverte' }));
      act(() => {
        fake.update(operation.id, { status: 'validated', amountReceived: 1000, remainder: 500, qrPayload: null });
      });
      expect(asked).toEqual([]); // in front: the notice on the page is enough
      const other = makeOperation({ basketNumber: 'REF304', amountRequested: 900, remainder: 900 });
      fake.operations.unshift(other);
      act(() => fake.emit('payment.updated', other));
      vi.spyOn(document, 'hasFocus').mockReturnValue(false);
      act(() => {
        fake.update(other.id, { status: 'validated', amountReceived: 900, remainder: 0, qrPayload: null });
      });
      expect(asked.map((input) => JSON.parse(normalise(JSON.stringify(input))))).toEqual([
        { title: 'Paiement validé', body: '9,00 € reçus — panier REF304' },
      ]);
    } finally {
      delete (window as { companionShell?: unknown }).companionShell;
    }
  });
});
