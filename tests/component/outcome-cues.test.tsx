// Strong outcome cues: the recap turns to the success colour with a large « Validé » and the
// amount received, a partial payment has its own colour and « Paiement partiel — reste X € », a
// chime plays (switchable in Paramètres), and after an expiry « Nouvelle demande » starts again
// with the same basket and amount. jsdom has no Web Audio: a recording AudioContext stands in for
// the sound card here (the Chromium tests use the real one).
import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

const normalise = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** Records the notes played (each oscillator's frequency when started). */
class RecordingAudioContext {
  static notes: number[] = [];
  state = 'running';
  currentTime = 0;
  destination = {};
  resume() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
  createGain() {
    const param = { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined };
    const node = { gain: param, connect: (next: unknown) => next };
    return node;
  }
  createOscillator() {
    const oscillator = {
      type: 'sine',
      frequency: { value: 0 },
      connect: (next: unknown) => next,
      start: () => RecordingAudioContext.notes.push(oscillator.frequency.value),
      stop: () => undefined,
    };
    return oscillator;
  }
}

beforeEach(() => {
  RecordingAudioContext.notes = [];
  (window as unknown as { AudioContext: unknown }).AudioContext = RecordingAudioContext;
});
afterEach(() => {
  delete (window as unknown as { AudioContext?: unknown }).AudioContext;
});

async function startRequest(options: { chime?: boolean } = {}) {
  const fake = createFakeCompanion({ status: 'logged_in' });
  if (options.chime === false) fake.handle('settings.get', () => ({ ok: true, value: { ...fake.settings, chime: false } }));
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  await view.user.type(screen.getByLabelText('Montant demandé'), '20');
  await view.user.type(screen.getByLabelText('N° de panier'), 'REF253{Enter}');
  const recap = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
  return { fake, recap, operation: fake.operations[0]!, ...view };
}

describe('the recap’s outcome, seen from across the counter', () => {
  it('turns the whole panel green with a large « Validé », the amount received, and a rising chime', async () => {
    const { fake, recap, operation } = await startRequest();
    expect(recap).toHaveClass('recap-open');
    expect(RecordingAudioContext.notes).toEqual([]);
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(recap).toHaveClass('recap-validated');
    const hero = recap.querySelector('.outcome-hero')!;
    expect(hero).toHaveClass('hero-validated');
    expect(normalise(hero.textContent)).toBe('✓ Validé20,00 € reçus');
    expect(within(recap).getByRole('button', { name: 'Fermer' })).toHaveClass('primary');
    const [first, second] = RecordingAudioContext.notes;
    expect(RecordingAudioContext.notes).toHaveLength(2);
    expect(second!).toBeGreaterThan(first!);
  });

  it('gives a partial payment its own colour, « Paiement partiel — reste X € », and a falling chime', async () => {
    const { fake, recap, operation } = await startRequest();
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 1500, remainder: 500, qrPayload: null });
    });
    expect(recap).toHaveClass('recap-partial');
    expect(normalise(recap.querySelector('.outcome-hero')!.textContent)).toBe(
      'Paiement partiel — reste 5,00 €15,00 € reçus en Chèques-Vacances Connect',
    );
    const [first, second] = RecordingAudioContext.notes;
    expect(second!).toBeLessThan(first!);
    // The guide's way first; asking Chèque-Vacances Connect again is the second option, said as such.
    const buttons = within(recap).getAllByRole('button').map((b) => b.textContent);
    expect(buttons.indexOf('Reste encaissé autrement')).toBeLessThan(buttons.indexOf('Demander le reste'));
    expect(within(recap).getByRole('button', { name: 'Reste encaissé autrement' })).toHaveClass('primary');
    expect(within(recap).getByRole('button', { name: 'Demander le reste' })).not.toHaveClass('primary');
    expect(recap).toHaveTextContent(
      'Ou, si votre client veut régler le reste avec Chèque-Vacances Connect (depuis un autre compte, par exemple) :',
    );
  });

  it('plays no chime when it is switched off in Paramètres', async () => {
    const { fake, recap, operation } = await startRequest({ chime: false });
    act(() => {
      fake.update(operation.id, { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    expect(recap).toHaveClass('recap-validated');
    expect(RecordingAudioContext.notes).toEqual([]);
  });

  it('after an expiry, « Nouvelle demande » fills the form with the same basket and amount', async () => {
    const { fake, recap, operation, user } = await startRequest();
    act(() => {
      fake.update(operation.id, { status: 'expired', qrPayload: null, remainder: 0 });
    });
    expect(recap).toHaveClass('recap-ended');
    await user.click(within(recap).getByRole('button', { name: 'Nouvelle demande' }));
    expect(screen.getByLabelText('Montant demandé')).toHaveValue('20,00');
    expect(screen.getByLabelText('N° de panier')).toHaveValue('REF253');
    expect(screen.getByRole('button', { name: 'Je continue' })).toHaveFocus();
    await user.keyboard('{Enter}');
    const again = await screen.findByRole('region', { name: 'Récapitulatif de paiement' });
    expect(again).toHaveTextContent(/Montant demandé :20,00\s€/);
    expect(fake.callsTo('payments.create').at(-1)).toEqual({ amount: 2000, basketNumber: 'REF253' });
  });

  it('offers « Nouvelle demande » after a cancel too', async () => {
    const { recap, user } = await startRequest();
    await user.click(within(recap).getByRole('button', { name: 'Annuler la demande' }));
    await user.click(screen.getByRole('button', { name: 'Oui, annuler la demande' }));
    await within(recap).findByText('La demande a été annulée.');
    await user.click(within(recap).getByRole('button', { name: 'Nouvelle demande' }));
    expect(screen.getByLabelText('N° de panier')).toHaveValue('REF253');
  });
});

describe('Paramètres', () => {
  it('switches the chime off and on', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    const { user } = renderApp(fake);
    await screen.findByRole('heading', { name: 'Demande de paiement' });
    await user.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Paramètres' }));
    const box = await screen.findByRole('checkbox', { name: 'Jouer un son quand un paiement est validé' });
    expect(box).toBeChecked(); // on by default
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText('Paramètres enregistrés.');
    expect(fake.settings.chime).toBe(false);
    expect(fake.callsTo('settings.update').at(-1)).toMatchObject({ chime: false });
  });
});
