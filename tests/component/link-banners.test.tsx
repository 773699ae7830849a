// Outages said aloud: a lasting banner when the platform cannot be reached (the core's link
// state, `platform.status` and `platform.changed`) or when this page cannot reach the companion
// (the browser bridge), counting how long it has lasted; it goes when the link returns.
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createFakeCompanion } from './support/fake-companion';
import { renderApp } from './support/render';

const banners = () => screen.queryByRole('region', { name: 'État de la connexion' });
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function loggedIn() {
  const fake = createFakeCompanion({ status: 'logged_in' });
  const view = renderApp(fake);
  await screen.findByRole('heading', { name: 'Demande de paiement' });
  return { fake, ...view };
}

describe('the platform banner', () => {
  it('appears when neither the stream nor the polls reach the platform, counts up, and goes when it is back', async () => {
    const { fake } = await loggedIn();
    expect(banners()).toBeEmptyDOMElement();
    act(() => fake.setPlatformLink({ state: 'polling', since: ago(5_000), lastContactAt: ago(1_000) }));
    expect(banners()).toBeEmptyDOMElement(); // statuses still arrive within the poll interval

    act(() => fake.setPlatformLink({ state: 'unreachable', since: ago(42_000), lastContactAt: ago(42_000) }));
    const title = within(banners()!).getByText(/^Statuts retardés — connexion à la plateforme perdue depuis 0:4\d$/);
    expect(within(banners()!).getByRole('alert')).toHaveTextContent('Statuts retardés : la connexion à la plateforme est perdue.');
    expect(banners()).toHaveTextContent('Le client peut encore payer le QR code affiché.');
    const first = title.textContent;
    await vi.waitFor(() => expect(title.textContent).not.toBe(first), { timeout: 3_000 }); // it counts

    act(() => fake.setPlatformLink({ state: 'connected', since: ago(0), lastContactAt: ago(0) }));
    expect(banners()).toBeEmptyDOMElement();
  });

  it('is there from the start when the platform is already unreachable', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    fake.handle('platform.status', () => ({
      ok: true,
      value: { state: 'unreachable', since: ago(3_725_000), lastContactAt: null },
    }));
    renderApp(fake);
    expect(await screen.findByText(/perdue depuis 1:02:0\d$/)).toBeInTheDocument();
  });
});

describe('the companion banner', () => {
  it('appears when this page loses the companion, replaces the platform one, and goes when the companion is back', async () => {
    const { fake } = await loggedIn();
    act(() => fake.setPlatformLink({ state: 'unreachable', since: ago(10_000), lastContactAt: null }));
    act(() => fake.setCompanionLink(false));
    expect(within(banners()!).getByText(/^Statuts retardés — compagnon de caisse injoignable depuis 0:0\d$/)).toBeInTheDocument();
    // What the companion said about the platform is stale while it cannot be heard.
    expect(within(banners()!).queryByText(/connexion à la plateforme perdue/)).not.toBeInTheDocument();
    expect(within(banners()!).getByRole('alert')).toHaveTextContent('Statuts retardés : le compagnon de caisse est injoignable.');

    act(() => fake.setCompanionLink(true));
    act(() => fake.setPlatformLink({ state: 'connected', since: ago(0), lastContactAt: ago(0) }));
    expect(banners()).toBeEmptyDOMElement();
  });
});
