// "Mes opérations": French formats, the status filter, the debounced basket search, paging,
// the day's totals, live updates, and opening a row.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../electron/common/contract';
import { createFakeCompanion, makeOperation } from './support/fake-companion';
import { renderApp } from './support/render';

// The guide's two example rows (30/04/2020, Paris time = UTC+2).
const cancelled = () =>
  makeOperation({
    basketNumber: 'REF253',
    status: 'cancelled',
    qrPayload: null,
    createdAt: '2020-04-30T08:06:00.000Z',
    updatedAt: '2020-04-30T08:07:00.000Z',
  });
const expired = () =>
  makeOperation({
    basketNumber: 'REF253',
    status: 'expired',
    qrPayload: null,
    createdAt: '2020-04-30T07:47:00.000Z',
    updatedAt: '2020-04-30T07:56:00.000Z',
  });
const validated = () =>
  makeOperation({
    basketNumber: 'REF300',
    status: 'validated',
    amountRequested: 4550,
    amountReceived: 4550,
    remainder: 0,
    qrPayload: null,
    createdAt: '2020-04-30T09:00:00.000Z',
    updatedAt: '2020-04-30T09:01:00.000Z',
  });

async function openOperations(operations: Operation[]) {
  const fake = createFakeCompanion({ status: 'logged_in', operations });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  await view.user.click(screen.getByRole('button', { name: 'Mes opérations' }));
  await screen.findByRole('heading', { name: 'Mes opérations' });
  const list = screen.getByRole('list', { name: 'Mes opérations' });
  await waitFor(() => expect(list).not.toHaveAttribute('aria-busy'));
  return { fake, list, ...view };
}

const rows = (list: HTMLElement) => within(list).queryAllByRole('button');
const nbsp = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ') ?? '';

describe('Mes opérations', () => {
  it('shows each operation the guide’s way, newest first, in French formats', async () => {
    const { list } = await openOperations([expired(), cancelled()]);
    const [first, second] = rows(list);
    expect(nbsp(first!.textContent)).toBe(
      'N° Panier : REF253AnnuléCréée le : 30/04/2020 10h06Modifiée le : 30/04/2020 10h07Demandé : 20,00 €Reçu : 0,00 €',
    );
    expect(nbsp(second!.textContent)).toContain('Expiré');
    expect(nbsp(second!.textContent)).toContain('Créée le : 30/04/2020 09h47');
    expect(nbsp(second!.textContent)).toContain('Modifiée le : 30/04/2020 09h56');
    expect(screen.getByRole('button', { name: 'Mes opérations' })).toHaveAttribute('aria-current', 'page');
  });

  it('each filter button asks for its status and shows which one is on', async () => {
    const { fake, user, list } = await openOperations([cancelled(), expired(), validated()]);
    expect(rows(list)).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Toutes', pressed: true })).toBeInTheDocument();
    const expected = [
      ['En attente', 'pending'],
      ['Validées', 'validated'],
      ['Annulées', 'cancelled'],
      ['Expirées', 'expired'],
      ['Échouées', 'failed'],
      ['Toutes', 'all'],
    ] as const;
    const group = screen.getByRole('group', { name: 'Filtrer par statut' });
    for (const [label, status] of expected) {
      await user.click(within(group).getByRole('button', { name: label }));
      await waitFor(() => expect(fake.callsTo('operations.list').at(-1)).toEqual({ status, limit: 20 }));
      expect(within(group).getByRole('button', { name: label })).toHaveAttribute('aria-pressed', 'true');
    }
    await user.click(within(group).getByRole('button', { name: 'Validées' }));
    await waitFor(() => expect(rows(list)).toHaveLength(1));
    expect(rows(list)[0]).toHaveTextContent('REF300');
    await user.click(within(group).getByRole('button', { name: 'Échouées' }));
    expect(await screen.findByText('Aucune opération.')).toBeInTheDocument();
  });

  it('searches by basket number once the cashier stops typing', async () => {
    const { fake, user, list } = await openOperations([cancelled(), validated()]);
    await user.type(screen.getByLabelText('Rechercher un N° de panier'), 'REF3');
    await waitFor(() => expect(rows(list)).toHaveLength(1));
    expect(rows(list)[0]).toHaveTextContent('REF300');
    const searches = fake.callsTo('operations.list').filter((input) => (input as { query?: string }).query);
    expect(searches).toEqual([{ status: 'all', query: 'REF3', limit: 20 }]); // one call, not one per key
  });

  it('loads the next page with "Plus d’opérations"', async () => {
    const many = Array.from({ length: 25 }, (_, index) =>
      makeOperation({
        basketNumber: `B${String(index).padStart(2, '0')}`,
        status: 'validated',
        amountReceived: 2000,
        remainder: 0,
        qrPayload: null,
        createdAt: new Date(Date.UTC(2020, 3, 30, 6, index)).toISOString(),
        updatedAt: new Date(Date.UTC(2020, 3, 30, 6, index)).toISOString(),
      }),
    );
    const { fake, user, list } = await openOperations(many);
    expect(rows(list)).toHaveLength(20);
    await user.click(screen.getByRole('button', { name: 'Plus d’opérations' }));
    await waitFor(() => expect(rows(list)).toHaveLength(25));
    expect(fake.callsTo('operations.list').at(-1)).toEqual({ status: 'all', limit: 20, cursor: '20' });
    expect(screen.queryByRole('button', { name: 'Plus d’opérations' })).not.toBeInTheDocument();
    expect(rows(list).at(-1)).toHaveTextContent('B00');
  });

  it('shows the day’s totals per status', async () => {
    await openOperations([cancelled(), expired(), validated()]);
    const table = await screen.findByRole('table', { name: 'Totaux du jour (30/04/2020)' });
    const validatedRow = within(table).getByRole('row', { name: /Validé/ });
    expect(nbsp(validatedRow.textContent)).toBe('Validé145,50 €45,50 €');
    const totalRow = within(table).getByRole('row', { name: /^Toutes/ });
    expect(nbsp(totalRow.textContent)).toBe('Toutes385,50 €45,50 €');
  });

  it('follows payment.updated live, in the list and in the totals', async () => {
    const { fake, list } = await openOperations([cancelled()]);
    const fresh = makeOperation({ basketNumber: 'REF999', createdAt: new Date().toISOString() });
    fake.operations.unshift(fresh);
    act(() => fake.emit('payment.updated', fresh));
    expect(rows(list)[0]).toHaveTextContent('REF999');
    expect(rows(list)[0]).toHaveTextContent('En attente de paiement');

    act(() => {
      fake.update(fresh.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(rows(list)[0]).toHaveTextContent('Validé');
    const table = screen.getByRole('table', { name: /Totaux du jour/ });
    await waitFor(() => expect(nbsp(within(table).getByRole('row', { name: /^Toutes/ }).textContent)).toBe('Toutes240,00 €20,00 €'));
  });

  it('takes a row out of a filtered list when its status no longer matches', async () => {
    const pending = makeOperation({ basketNumber: 'REF400' });
    const { fake, user, list } = await openOperations([pending, cancelled()]);
    await user.click(screen.getByRole('button', { name: 'En attente' }));
    await waitFor(() => expect(rows(list)).toHaveLength(1));
    act(() => {
      fake.update(pending.id, { status: 'expired', qrPayload: null });
    });
    expect(rows(list)).toHaveLength(0);
  });

  it('reads the list again after the event stream reconnects', async () => {
    const { fake, list } = await openOperations([cancelled()]);
    const missed = makeOperation({ basketNumber: 'MISSED', createdAt: new Date().toISOString() });
    fake.operations.unshift(missed);
    act(() => fake.reconnect());
    await waitFor(() => expect(rows(list)).toHaveLength(2));
    expect(rows(list)[0]).toHaveTextContent('MISSED');
  });

  it('opens a row’s recap, and "Fermer" comes back to the list', async () => {
    const { user, list } = await openOperations([validated(), cancelled()]);
    await user.click(rows(list)[0]!);
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(recap).toHaveTextContent('REF300');
    expect(recap).toHaveTextContent('Ça y est ! Votre client a payé. Le paiement est validé.');
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    expect(await screen.findByRole('heading', { name: 'Mes opérations' })).toBeInTheDocument();
  });

  it('shows English formats when English is chosen', async () => {
    const { user, list } = await openOperations([cancelled()]);
    await user.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { name: 'My operations' });
    await waitFor(() => expect(nbsp(rows(list)[0]!.textContent)).toContain('Created: 30/04/2020 10:06'));
    expect(nbsp(rows(list)[0]!.textContent)).toContain('Requested: €20.00');
  });
});
