// "Demande de paiement": every accepted and refused amount form of the issue, the basket and
// optional field rules, nothing sent while invalid, Enter submits, one click = one request.
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { contractError } from '../../electron/common/error-messages';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

async function openForm() {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  return { fake, ...view };
}

const amountField = () => screen.getByLabelText('Montant demandé');
const basketField = () => screen.getByLabelText('N° de panier');

/** The inline error attached to a field through aria-describedby. */
function errorOf(field: HTMLElement): string | null {
  const ids = field.getAttribute('aria-describedby')?.split(' ') ?? [];
  const error = ids.map((id) => document.getElementById(id)).find((node) => node?.classList.contains('field-error'));
  return error?.textContent ?? null;
}

describe('Demande de paiement', () => {
  it('shows the guide’s labels, the required-field legend and the immediate-payment note', async () => {
    await openForm();
    expect(screen.getByText('Merci de renseigner les informations pour générer la demande de paiement')).toBeInTheDocument();
    for (const label of ['Montant demandé', 'N° de panier', 'Libellé de transaction', 'Référence client', 'Identifiant vendeur']) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(amountField()).toBeRequired();
    expect(basketField()).toBeRequired();
    expect(screen.getByLabelText('Libellé de transaction')).not.toBeRequired();
    expect(screen.getByText('* Champs obligatoires')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Je continue' })).toBeInTheDocument();
    const note = screen.getByRole('complementary', { name: 'LE SAVIEZ-VOUS ?' });
    expect(note).toHaveTextContent('Vous ne pouvez faire que des demandes de paiement immédiat.');
    expect(amountField()).toHaveFocus();
  });

  it.each([
    ['20', 2000],
    ['20,5', 2050],
    ['20,50', 2050],
    ['20.50', 2050],
    ['0,01', 1],
    ['1 000,00', 100_000],
    ['10000', 1_000_000],
  ])('accepts "%s" and sends %i cents', async (typed, cents) => {
    const { fake, user } = await openForm();
    await user.type(amountField(), typed);
    await user.type(basketField(), 'REF253{Enter}');
    expect(await screen.findByRole('heading', { name: 'Récapitulatif de paiement' })).toBeInTheDocument();
    expect(fake.callsTo('payments.create')).toEqual([{ amount: cents, basketNumber: 'REF253' }]);
  });

  it.each([
    ['', 'Indiquez le montant demandé.'],
    ['-5', 'Le montant ne peut pas être négatif.'],
    ['-20,50', 'Le montant ne peut pas être négatif.'],
    ['0', 'Le montant doit être supérieur à 0,00 €.'],
    ['0,00', 'Le montant doit être supérieur à 0,00 €.'],
    ['20,505', 'Deux chiffres après la virgule au maximum (les centimes).'],
    ['vingt', 'Le montant doit être un nombre, par exemple 20 ou 20,50.'],
    ['20€50', 'Le montant doit être un nombre, par exemple 20 ou 20,50.'],
    ['10000,01', 'Le montant ne peut pas dépasser 10 000,00 €.'],
  ])('refuses "%s" inline and sends nothing', async (typed, message) => {
    const { fake, user } = await openForm();
    if (typed) await user.type(amountField(), typed);
    await user.type(basketField(), 'REF253{Enter}');
    expect(amountField()).toHaveAttribute('aria-invalid', 'true');
    // The French number formatter puts a narrow no-break space in "10 000,00 €".
    expect(errorOf(amountField())?.replace(/[\u00a0\u202f]/g, ' ')).toBe(message);
    expect(amountField()).toHaveFocus();
    expect(fake.callsTo('payments.create')).toHaveLength(0);
  });

  it('shows an amount problem when leaving the field, and clears it once corrected', async () => {
    const { user } = await openForm();
    await user.type(amountField(), '20,505');
    expect(errorOf(amountField())).toBeNull(); // no scolding while typing
    await user.tab();
    expect(errorOf(amountField())).toBe('Deux chiffres après la virgule au maximum (les centimes).');
    await user.type(amountField(), '{Backspace}');
    expect(errorOf(amountField())).toBeNull();
    expect(amountField()).not.toHaveAttribute('aria-invalid');
  });

  it.each([
    ['', 'Indiquez le N° de panier.'],
    ['REF 253', 'De 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace).'],
    ['PANIER-É', 'De 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace).'],
    ['A'.repeat(21), 'De 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace).'],
  ])('refuses the basket number "%s"', async (typed, message) => {
    const { fake, user } = await openForm();
    await user.type(amountField(), '20');
    if (typed) await user.type(basketField(), typed);
    await user.click(screen.getByRole('button', { name: 'Je continue' }));
    expect(errorOf(basketField())).toBe(message);
    expect(basketField()).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('payments.create')).toHaveLength(0);
  });

  it('sends the optional fields trimmed, and refuses them over their maximum length', async () => {
    const { fake, user } = await openForm();
    await user.type(amountField(), '35');
    await user.type(basketField(), 'A_20-chars_basket-no');
    await user.type(screen.getByLabelText('Libellé de transaction'), 'x'.repeat(51));
    await user.type(screen.getByLabelText('Identifiant vendeur'), 'v'.repeat(21));
    await user.keyboard('{Enter}');
    expect(errorOf(screen.getByLabelText('Libellé de transaction'))).toBe('50 caractères au maximum.');
    expect(errorOf(screen.getByLabelText('Identifiant vendeur'))).toBe('20 caractères au maximum.');
    expect(fake.callsTo('payments.create')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Libellé de transaction'));
    await user.type(screen.getByLabelText('Libellé de transaction'), '  Emplacement 12  ');
    await user.clear(screen.getByLabelText('Identifiant vendeur'));
    await user.type(screen.getByLabelText('Référence client'), 'DUPONT');
    await user.click(screen.getByRole('button', { name: 'Je continue' }));
    await screen.findByRole('heading', { name: 'Récapitulatif de paiement' });
    expect(fake.callsTo('payments.create')).toEqual([
      { amount: 3500, basketNumber: 'A_20-chars_basket-no', label: 'Emplacement 12', customerReference: 'DUPONT' },
    ]);
  });

  it('shows progress while creating and never sends twice', async () => {
    const { fake, user } = await openForm();
    const release = fake.hold('payments.create');
    await user.type(amountField(), '20');
    await user.type(basketField(), 'REF253{Enter}');
    const busy = await screen.findByRole('button', { name: 'Création en cours…' });
    expect(busy).toBeDisabled();
    await user.type(basketField(), '{Enter}');
    await user.click(busy);
    release();
    await screen.findByRole('heading', { name: 'Récapitulatif de paiement' });
    expect(fake.callsTo('payments.create')).toHaveLength(1);
  });

  it('shows "basket already in progress" next to the basket number', async () => {
    const { fake, user } = await openForm();
    fake.handle('payments.create', () => ({ ok: false, error: contractError('basket_in_progress') }));
    await user.type(amountField(), '20');
    await user.type(basketField(), 'REF253{Enter}');
    expect(await screen.findByText('Une demande de paiement est déjà en attente pour ce N° de panier.')).toBeInTheDocument();
    expect(errorOf(basketField())).toBe('Une demande de paiement est déjà en attente pour ce N° de panier.');
    expect(basketField()).toHaveFocus();
  });

  it('names the field the platform refused, and words other errors plainly', async () => {
    const { fake, user } = await openForm();
    fake.handle('payments.create', () => ({ ok: false, error: contractError('validation_error', { field: 'label' }) }));
    await user.type(amountField(), '20');
    await user.type(basketField(), 'REF253');
    await user.type(screen.getByLabelText('Libellé de transaction'), 'Nuitée{Enter}');
    expect(await screen.findByText('La plateforme refuse le champ « Libellé de transaction ».')).toBeInTheDocument();
    expect(errorOf(screen.getByLabelText('Libellé de transaction'))).toBe(
      'La plateforme refuse le champ « Libellé de transaction ».',
    );

    fake.handle('payments.create', () => ({ ok: false, error: contractError('network_unreachable') }));
    await user.click(screen.getByRole('button', { name: 'Je continue' }));
    const alert = await screen.findByText(/La plateforme Chèque-Vacances Connect est injoignable/);
    expect(alert).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('heading', { name: 'Demande de paiement' })).toBeInTheDocument();
  });

  it('after "Fermer" (the request kept open), the form is empty again and the focus is in the amount', async () => {
    const { user } = await openForm();
    await user.type(amountField(), '20');
    await user.type(basketField(), 'REF253{Enter}');
    const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    await user.click(within(recap).getByRole('button', { name: 'Fermer' }));
    await user.click(screen.getByRole('button', { name: 'Garder la demande ouverte' }));
    expect(amountField()).toHaveValue('');
    expect(amountField()).toHaveFocus();
  });

  it('works in English too', async () => {
    const { user } = await openForm();
    await user.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('heading', { name: 'Payment request' });
    await user.type(screen.getByLabelText('Amount requested'), '20,505');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(errorOf(screen.getByLabelText('Amount requested'))).toBe('At most two digits after the decimal point (cents).');
    expect(errorOf(screen.getByLabelText('Basket number'))).toBe('Enter the basket number.');
  });
});
