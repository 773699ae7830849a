// Getting in, and being kept out: the access token (taken out of the address bar, required,
// refused when wrong) and the merchant login with its lockout after the 3rd wrong password, as
// the ANCV guide words it. The lockout test comes last: it locks this file's demo account.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxAdmin } from '../support/companion';
import { DEMO, amountField, submitLogin } from './support/cashier-actions';
import { startCashierHost, type CashierHost } from './support/cashier-host';
import { PATIENCE } from '../support/patience';

let host: CashierHost;

beforeAll(async () => {
  host = await startCashierHost();
});

afterAll(async () => {
  await host?.close();
});

/** Problems a refused login is expected to leave in the page's log (a 4xx answer), and only those. */
function unexpected(problems: string[], expectedPath: string): string[] {
  return problems.filter((problem) => !problem.includes(expectedPath));
}

describe('access to the cashier page', () => {
  it('takes the token out of the address bar and keeps it for the tab only', async () => {
    const { page, watch } = await host.openCashier();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(page.url()).toBe(`${host.companion.url}/`);
    expect(page.url()).not.toContain(host.companion.token);

    // A reload (F5 at the till) still works: the token stayed in this tab's session storage.
    await page.reload();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(page.url()).not.toContain('token');
    expect(watch.problems).toEqual([]);
  });

  it('explains how to get in when the page has no token, and calls nothing', async () => {
    const { page, watch } = await host.openCashier('/');
    await page.getByRole('heading', { name: 'Accès au compagnon de caisse' }).waitFor();
    await page.getByText('Ouvrez l’adresse affichée par npm run serve (elle contient le jeton d’accès).').waitFor();
    expect(await page.getByRole('button', { name: 'Se connecter' }).count()).toBe(0);
    expect(watch.apiCalls).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('says so when the host refuses the token', async () => {
    const { page, watch } = await host.openCashier('/?token=not-the-right-token');
    await page.getByText('Le jeton d’accès de cette page n’est plus valable.').waitFor();
    expect(page.url()).not.toContain('not-the-right-token');
    expect(await page.getByLabel('Mot de passe').count()).toBe(0);
    await vi.waitFor(() => expect(watch.problems.some((problem) => /^HTTP 401: .*\/api\/events$/.test(problem))).toBe(true), PATIENCE);
    // A refused token is not tried again and again: the bridge would retry a broken stream
    // after 250 ms, so a full second without a second attempt means it gave up.
    const retried = await page
      .waitForRequest((request) => request.url().endsWith('/api/events'), { timeout: 1_000 })
      .then(() => true, () => false);
    expect(retried).toBe(false);
    // The refused calls are the only problems in the page.
    expect(watch.problems.length).toBeGreaterThan(0);
    expect(watch.problems.filter((problem) => !/\/api\/(session\.get|settings\.get|app\.about|events)/.test(problem))).toEqual([]);
  });
});

describe('Connexion', () => {
  it('has the "Comment se connecter ?" help and the demo credentials of the simulated platform', async () => {
    const { page } = await host.openCashier();
    await page.getByText('Mode démonstration — plateforme simulée').waitFor();
    const help = page.getByRole('button', { name: 'Comment se connecter ?' });
    expect(await help.getAttribute('aria-expanded')).toBe('false');
    await help.click();
    await page.getByText(/^Saisissez votre numéro de convention Point d’accueil/).waitFor();
    expect(await help.getAttribute('aria-expanded')).toBe('true');
    await page.getByText(`Numéro de convention : ${DEMO.conventionNumber} — Mot de passe : ${DEMO.password}`).waitFor();
  });

  it('counts the attempts left; at the 3rd wrong password clears it, turns the login off until unlocked; accepts the number with spaces', async () => {
    const { page, watch } = await host.openCashier();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    const alert = page.getByRole('alert');
    const password = page.getByLabel('Mot de passe', { exact: true });
    const submit = page.getByRole('button', { name: 'Se connecter', exact: true });
    // « Mot de passe oublié ? » is on the login screen itself, before anything goes wrong.
    const forgot = page.getByRole('link', { name: 'Mot de passe oublié ?' });
    expect(await forgot.getAttribute('href')).toMatch(/^https:\/\/espace-ptl\.ancv\.fr(\/|$)/);

    await submitLogin(page, 'pas-le-bon-1');
    await alert.getByText('Mot de passe incorrect. Il vous reste 2 essais avant le blocage de votre compte.').waitFor();
    // The password is emptied and focused for the next try; the convention number stays.
    await password.and(page.locator(':focus')).waitFor();
    expect(await password.inputValue()).toBe('');
    expect(await page.getByLabel('Numéro de convention', { exact: true }).inputValue()).toBe(DEMO.conventionNumber);

    await submitLogin(page, 'pas-le-bon-2');
    await alert.getByText('Mot de passe incorrect. Il vous reste 1 essai avant le blocage de votre compte.').waitFor();

    await submitLogin(page, 'pas-le-bon-3');
    await alert.getByText('Votre compte est bloqué.', { exact: true }).waitFor();
    await alert.getByText(/^L’accès à votre compte a été bloqué après 3 mots de passe erronés\./).waitFor();
    expect(await alert.getByText(/sera bloqué/).count()).toBe(0);
    const unlock = alert.getByRole('link', { name: 'Débloquer mon compte sur espace-ptl.ancv.fr' });
    expect(await unlock.getAttribute('href')).toMatch(/^https:\/\/espace-ptl\.ancv\.fr(\/|$)/);
    expect(await password.inputValue()).toBe('');
    expect(await submit.isDisabled()).toBe(true);

    // Said unlocked too early: the platform still refuses, and the login is off again.
    await alert.getByRole('button', { name: 'J’ai débloqué mon compte' }).click();
    expect(await submit.isEnabled()).toBe(true);
    await password.fill(DEMO.password);
    await submit.click();
    await alert.getByText('Votre compte est bloqué.', { exact: true }).waitFor();
    expect(await submit.isDisabled()).toBe(true);
    expect(await amountField(page).count()).toBe(0);
    expect((await host.companion.call('session.get')).body.value.status).toBe('logged_out');

    // Unlocked on the merchant space; the number typed as ANCV's letters print it.
    await sandboxAdmin(host.sandboxUrl, `/sandbox/merchants/${DEMO.conventionNumber}/unlock`);
    await alert.getByRole('button', { name: 'J’ai débloqué mon compte' }).click();
    await submitLogin(page, DEMO.password, '6437 3600 1001');
    await amountField(page).waitFor();
    // One login sent per press of "Se connecter": never retried by the app, none while locked.
    expect(watch.apiCalls.filter((path) => path === '/api/session.login')).toHaveLength(5);
    expect(unexpected(watch.problems, '/api/session.login')).toEqual([]);
  });
});
