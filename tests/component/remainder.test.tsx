// « Reste encaissé autrement », the guide's way for what a partial payment leaves: the cashier
// says which means of payment took the rest; the recap, « Mes opérations » and the day totals
// then show the basket as settled, the rest counted apart per means.
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

async function partialPayment() {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  await view.user.type(screen.getByLabelText('Montant demandé'), '20');
  await view.user.type(screen.getByLabelText('N° de panier'), 'PART-1{Enter}');
  const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
  const operation = fake.operations[0]!;
  act(() => {
    fake.update(operation.id, { status: 'validated', amountReceived: 1500, remainder: 500, qrPayload: null });
  });
  return { fake, recap, operation, ...view };
}

describe('the remainder collected another way', () => {
  it('is recorded with its means, and the basket reads as settled in the recap, the list and the totals', async () => {
    const { fake, recap, operation, user } = await partialPayment();
    await user.click(within(recap).getByRole('button', { name: 'Reste encaissé autrement' }));
    const dialog = screen.getByRole('dialog', { name: /^Reste encaissé autrement : 5,00\s€$/ });
    expect(within(dialog).getByRole('group', { name: 'Avec quel moyen de paiement votre client a-t-il réglé le reste ?' })).toBeInTheDocument();
    expect(within(dialog).getAllByRole('radio').map((radio) => radio.closest('label')!.textContent)).toEqual([
      'Espèces',
      'Carte bancaire',
      'Chèque',
      'Chèque-Vacances papier',
      'Autre',
    ]);
    // A means must be chosen: nothing is recorded by default.
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Choisissez le moyen de paiement utilisé.');
    expect(fake.callsTo('payments.collectRemainder')).toHaveLength(0);

    await user.click(within(dialog).getByRole('radio', { name: 'Espèces' }));
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    // Closed, and the recap settled, with the answer to payments.collectRemainder.
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(fake.callsTo('payments.collectRemainder')).toEqual([{ id: operation.id, means: 'cash' }]);

    expect(recap).toHaveClass('recap-settled');
    expect(normalise(recap.querySelector('.outcome-hero')!.textContent)).toBe('✓ RégléReste de 5,00 € encaissé autrement : Espèces');
    expect(normalise(recap.querySelector('dl')!.textContent)).toMatch(/Reste encaissé autrement :5,00 € — Espèces, le \d\d\/\d\d\/\d{4} \d\dh\d\d/);
    expect(within(recap).queryByRole('button', { name: 'Reste encaissé autrement' })).not.toBeInTheDocument();
    expect(within(recap).queryByRole('button', { name: 'Demander le reste' })).not.toBeInTheDocument();

    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Mes opérations' }));
    const row = (await screen.findAllByRole('listitem')).find((item) => item.textContent?.includes('PART-1'))!;
    expect(row).toHaveTextContent('Réglé — Espèces');
    const totals = await screen.findByRole('table', { name: 'Restes encaissés autrement (hors Chèque-Vacances Connect)' });
    const cash = within(totals).getByRole('row', { name: /Espèces/ });
    expect(within(cash).getAllByRole('cell').map((cell) => normalise(cell.textContent))).toEqual(['1', '5,00 €']);
  });

  it('shows what a partial payment still leaves in « Mes opérations »', async () => {
    const { recap, user } = await partialPayment();
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Mes opérations' }));
    const row = (await screen.findAllByRole('listitem')).find((item) => item.textContent?.includes('PART-1'))!;
    expect(normalise(row.textContent)).toContain('Reste 5,00 €');
    // The day totals come in their own call: absent once they are there.
    await screen.findByRole('table', { name: /^Totaux du jour/ });
    expect(screen.queryByRole('table', { name: /Restes encaissés autrement/ })).not.toBeInTheDocument();
  });

  it('says why when the companion refuses it, and records nothing', async () => {
    const { fake, recap, user } = await partialPayment();
    fake.handle('payments.collectRemainder', () => ({ ok: false, error: contractError('remainder_requested') }));
    await user.click(within(recap).getByRole('button', { name: 'Reste encaissé autrement' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: 'Carte bancaire' }));
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Le reste de cette opération a déjà été demandé par une autre demande de paiement.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Revenir' }));
    expect(recap).toHaveClass('recap-partial');
  });
});
