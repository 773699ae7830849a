// The till's panel on the cashier screens: a partial payment the till waits on, with the
// cashier's two choices, and what the till was not told, loud until the cashier says it is done.
// Driven through the real contract shapes (the fake companion checks them both ways).
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TillReportItem, TillState, TillWaitingRequest } from '../../electron/common/contract';
import { PaymentRecap } from '../../renderer/src/cashier/PaymentRecap';
import { TillWaitingPanel } from '../../renderer/src/cashier/TillWaitingPanel';
import { createFakeCompanion, makeOperation } from './support/fake-companion';
import { renderApp, renderScreen } from './support/render';
import userEvent from '@testing-library/user-event';

function waiting(overrides: Partial<TillWaitingRequest> = {}): TillWaitingRequest {
  return {
    exchangeId: 7,
    register: '01',
    basketNumber: 'CAP-01-260504100000',
    amountRequested: 2000,
    amountReceived: 0,
    remainder: 2000,
    state: 'awaiting_payment',
    operationId: 'op-1',
    operationIds: ['op-1'],
    startedAt: '2026-05-04T08:00:00.000Z',
    answerBy: '2026-05-04T08:02:48.500Z',
    ...overrides,
  };
}

function untold(overrides: Partial<TillReportItem> = {}): TillReportItem {
  return {
    exchangeId: 7,
    register: '01',
    basketNumber: 'CAP-01-260504100000',
    operationId: 'op-1',
    outcome: 'partial_not_told',
    amountRequested: 2000,
    amountReceived: 1500,
    tillResult: '01-11',
    at: '2026-05-04T08:01:00.000Z',
    acknowledgedAt: null,
    ...overrides,
  };
}

/** Each fixture state newer than the last, as the core numbers its changes. */
let revisions = 0;
const rev = () => ++revisions;

describe('the till panel', () => {
  it('shows nothing while no till waits, then the partial payment on any screen, and sends the cashier’s choice', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    let state: TillState = { revision: rev(), requests: [], attention: [] };
    fake.handle('till.waiting', () => ({ ok: true, value: state }));
    fake.handle('till.choose', ({ choice }) => {
      state =
        choice === 'ask_remainder'
          ? { revision: rev(), requests: [waiting({ state: 'awaiting_remainder', amountReceived: 1500, remainder: 500, operationId: 'op-2', operationIds: ['op-1', 'op-2'] })], attention: [] }
          : { revision: rev(), requests: [], attention: [untold()] };
      return { ok: true, value: state };
    });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    expect(screen.queryByRole('region', { name: 'Caisse (Caisse-AP)' })).not.toBeInTheDocument();

    act(() => fake.emit('till.changed', { revision: rev(), requests: [waiting()], attention: [] }));
    const panel = screen.getByRole('region', { name: 'Caisse (Caisse-AP)' });
    expect(within(panel).getByRole('status')).toHaveTextContent(/La caisse attend le paiement de 20,00\s€ — N° de panier CAP-01-260504100000\./);

    // On another screen too.
    await user.click(screen.getByRole('button', { name: 'Mes opérations' }));
    act(() => fake.emit('till.changed', { revision: rev(), requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500 })], attention: [] }));
    const alert = within(screen.getByRole('region', { name: 'Caisse (Caisse-AP)' })).getByRole('alert');
    expect(alert).toHaveTextContent(/^Paiement partiel : 15,00\s€ reçus, reste 5,00\s€ — la caisse attend$/);
    expect(screen.getByText(/Réponse à la caisse au plus tard à 10h02/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Demander le reste en Chèque-Vacances' }));
    expect(fake.callsTo('till.choose')).toEqual([{ exchangeId: 7, choice: 'ask_remainder' }]);
    expect(await screen.findByText(/Reste de 5,00\s€ demandé en Chèque-Vacances \(15,00\s€ déjà reçus\)/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Le reste sera payé autrement' })).not.toBeInTheDocument();
  });

  it('after « Le reste sera payé autrement », tells the cashier to record the 15,00 € on the till by hand until they say it is done', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    let state: TillState = { revision: rev(), requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500 })], attention: [] };
    fake.handle('till.waiting', () => ({ ok: true, value: state }));
    fake.handle('till.choose', () => ({ ok: true, value: (state = { revision: rev(), requests: [], attention: [untold()] }) }));
    fake.handle('till.acknowledge', () => ({ ok: true, value: (state = { revision: rev(), requests: [], attention: [] }) }));
    const user = userEvent.setup();
    renderScreen(<TillWaitingPanel />, fake);

    await user.click(await screen.findByRole('button', { name: 'Le reste sera payé autrement' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Enregistrez à la main 15,00\s€ de Chèque-Vacances sur la caisse\./);
    expect(alert).toHaveTextContent(/la caisse a reçu « non effectuée »\. Encaissez le reste \(5,00\s€\)/);
    expect(alert).toHaveTextContent('La caisse ne pourra pas redemander un paiement Chèque-Vacances avant que vous ayez cliqué « C’est fait ».');

    await user.click(within(alert).getByRole('button', { name: 'C’est fait' }));
    expect(fake.callsTo('till.acknowledge')).toEqual([{ exchangeId: 7 }]);
    // Gone with the answer to till.acknowledge.
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('words a payment after the till gave up and an unknown result, and keeps a failed choice on screen with its reason', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    fake.handle('till.waiting', () => ({
      ok: true,
      value: {
        revision: rev(),
        requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500 })],
        attention: [
          untold({ exchangeId: 3, outcome: 'paid_after_abandon', amountReceived: 2000, tillResult: null, basketNumber: 'REF1' }),
          untold({ exchangeId: 4, outcome: 'unresolved', amountReceived: null, tillResult: '11', basketNumber: 'REF2' }),
        ],
      },
    }));
    fake.handle('till.choose', () => ({ ok: false, error: { code: 'network_unreachable', message: 'x' } }));
    const user = userEvent.setup();
    renderScreen(<TillWaitingPanel />, fake);

    expect(await screen.findByText(/N° de panier REF1 payé après l’abandon de la caisse : 20,00\s€ reçus/)).toBeInTheDocument();
    expect(screen.getByText(/Résultat inconnu pour le N° de panier REF2 \(20,00\s€\)/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'C’est vérifié avec le client' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Demander le reste en Chèque-Vacances' }));
    expect(await screen.findByText('La plateforme Chèque-Vacances Connect est injoignable. Vérifiez la connexion internet.')).toBeInTheDocument();
    // The choice is still there to make again.
    expect(screen.getByRole('button', { name: 'Demander le reste en Chèque-Vacances' })).toBeEnabled();
  });

  it('keeps the newest state when the answer to a choice arrives after the event of a later change', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    fake.handle('till.waiting', () => ({ ok: true, value: { revision: 1, requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500 })], attention: [] } }));
    let answerChoice!: (result: { ok: true; value: TillState }) => void;
    fake.handle('till.choose', () => new Promise((resolve) => (answerChoice = resolve)));
    const user = userEvent.setup();
    renderScreen(<TillWaitingPanel />, fake);

    await user.click(await screen.findByRole('button', { name: 'Demander le reste en Chèque-Vacances' }));
    // The customer pays the rest and the till gets its answer before the choice's answer arrives.
    act(() => fake.emit('till.changed', { revision: 3, requests: [], attention: [] }));
    await act(async () =>
      answerChoice({
        ok: true,
        value: { revision: 2, requests: [waiting({ state: 'awaiting_remainder', amountReceived: 1500, remainder: 500, operationId: 'op-2', operationIds: ['op-1', 'op-2'] })], attention: [] },
      }),
    );
    expect(screen.queryByRole('region', { name: 'Caisse (Caisse-AP)' })).not.toBeInTheDocument();
  });

  it('speaks English when the cashier chose it', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', language: 'en' });
    fake.handle('till.waiting', () => ({ ok: true, value: { revision: rev(), requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500 })], attention: [] } }));
    renderScreen(<TillWaitingPanel />, fake, 'en');
    expect(await screen.findByRole('alert')).toHaveTextContent(/Partial payment: €15.00 received, €5.00 left — the till is waiting/);
    expect(screen.getByRole('button', { name: 'Ask the rest in Chèque-Vacances' })).toBeInTheDocument();
  });
});

describe('the recap of a till’s request', () => {
  it('leaves the partial payment’s choices to the till panel while the till waits, and never offers a second request from the recap', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    const operation = makeOperation({ origin: 'caisse-ap', status: 'validated', amountRequested: 2000, amountReceived: 1500, remainder: 500, qrPayload: null });
    fake.operations.push(operation);
    let state: TillState = {
      revision: rev(),
      requests: [waiting({ state: 'partial', amountReceived: 1500, remainder: 500, operationId: operation.id, operationIds: [operation.id] })],
      attention: [],
    };
    fake.handle('till.waiting', () => ({ ok: true, value: state }));
    renderScreen(<PaymentRecap initial={operation} onClose={() => undefined} onOpen={() => undefined} onNewRequest={() => undefined} />, fake);
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(await within(recap).findByRole('note')).toHaveTextContent('La caisse attend votre choix : répondez dans l’encadré « Paiement partiel » en haut de l’écran.');
    expect(within(recap).queryByRole('button', { name: 'Reste encaissé autrement' })).not.toBeInTheDocument();
    expect(within(recap).queryByRole('button', { name: 'Demander le reste' })).not.toBeInTheDocument();

    // The till has its answer: what was collected otherwise can be recorded; a request for the rest
    // from here would be one the till knows nothing of.
    state = { revision: rev(), requests: [], attention: [] };
    act(() => fake.emit('till.changed', state));
    expect(await within(recap).findByRole('button', { name: 'Reste encaissé autrement' })).toBeInTheDocument();
    expect(within(recap).queryByRole('note')).not.toBeInTheDocument();
    expect(within(recap).queryByRole('button', { name: 'Demander le reste' })).not.toBeInTheDocument();
  });

  it('offers no « Nouvelle demande » after a till’s request expired: the till asks again itself', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    const operation = makeOperation({ origin: 'caisse-ap', status: 'expired', qrPayload: null });
    fake.operations.push(operation);
    renderScreen(<PaymentRecap initial={operation} onClose={() => undefined} onOpen={() => undefined} onNewRequest={() => undefined} />, fake);
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(within(recap).getByText('Demande de la caisse')).toBeInTheDocument();
    expect(within(recap).queryByRole('button', { name: 'Nouvelle demande' })).not.toBeInTheDocument();
  });
});
