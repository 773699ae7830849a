// What a cashier does on the screens, found the way they find it: by role and by the French
// words of the ANCV guide. Every wait is Playwright's auto-waiting on a condition, never a sleep.
import type { Locator, Page } from 'playwright-core';
import type { Operation } from '../../../electron/common/contract';
import { DEFAULT_DEMO_PASSWORD, DEMO_CONVENTION_NUMBER } from '../../../electron/sandbox/index';
import type { CompanionProcess } from '../../support/companion-process';

export const DEMO = { conventionNumber: DEMO_CONVENTION_NUMBER, password: DEFAULT_DEMO_PASSWORD };

/** How long the screens may take to follow the platform (an event through sandbox → core → SSE → page). */
export const FOLLOW_MS = 15_000;

export function amountField(page: Page): Locator {
  return page.getByLabel('Montant demandé', { exact: true });
}

export function basketField(page: Page): Locator {
  return page.getByLabel('N° de panier', { exact: true });
}

/** "Récapitulatif de paiement", the screen with the QR code. */
export function recap(page: Page): Locator {
  return page.getByRole('region', { name: 'Récapitulatif de paiement' });
}

/** The recap's live status region ("Statut : …" and the sentence under it). */
export function recapStatus(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Statut' });
}

export function qrCode(page: Page, basketNumber: string): Locator {
  return page.getByRole('img', { name: `QR Code de la demande de paiement, panier ${basketNumber}` });
}

/** Waits until the recap says this status ("Validé", "Expiré"…), by itself. */
export async function waitForStatus(page: Page, label: string, timeout = FOLLOW_MS): Promise<void> {
  await recapStatus(page).getByText(label, { exact: true }).waitFor({ timeout });
}

export async function submitLogin(page: Page, password: string, conventionNumber = DEMO.conventionNumber): Promise<void> {
  await page.getByLabel('Numéro de convention', { exact: true }).fill(conventionNumber);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

/** Logs in with the demo credentials and waits for "Demande de paiement". */
export async function logIn(page: Page): Promise<void> {
  await submitLogin(page, DEMO.password);
  await amountField(page).waitFor();
}

export async function fillPaymentForm(page: Page, amount: string, basketNumber: string): Promise<void> {
  await amountField(page).fill(amount);
  await basketField(page).fill(basketNumber);
}

/** Fills and sends the form, then waits for the recap with its QR code. */
export async function requestPayment(page: Page, amount: string, basketNumber: string): Promise<void> {
  await fillPaymentForm(page, amount, basketNumber);
  await page.getByRole('button', { name: 'Je continue', exact: true }).click();
  await qrCode(page, basketNumber).waitFor();
}

export async function goToOperations(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Mes opérations', exact: true }).click();
  await page.getByRole('heading', { name: 'Mes opérations', level: 2 }).waitFor();
}

export async function goToPaymentForm(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Demande de paiement', exact: true }).click();
  await amountField(page).waitFor();
}

/** The operations of a basket, newest first, as the local API lists them. */
export async function operationsOf(companion: CompanionProcess, basketNumber: string): Promise<Operation[]> {
  const { status, body } = await companion.call('operations.list', { query: basketNumber, limit: 50 });
  if (status !== 200 || !body.ok) throw new Error(`operations.list: ${status} ${JSON.stringify(body)}`);
  return (body.value.items as Operation[]).filter((operation) => operation.basketNumber === basketNumber);
}

/** What the QR code on screen carries: the pending request of this basket. */
export async function qrPayloadOf(companion: CompanionProcess, basketNumber: string): Promise<string> {
  const pending = (await operationsOf(companion, basketNumber)).find((operation) => operation.status === 'pending');
  if (!pending?.qrPayload) throw new Error(`no pending request with a QR code for basket ${basketNumber}`);
  return pending.qrPayload;
}

/** The session belongs to the host, not to the tab: a new tab may already be logged in. */
export async function ensureLoggedIn(page: Page): Promise<void> {
  const loginButton = page.getByRole('button', { name: 'Se connecter', exact: true });
  await amountField(page).or(loginButton).first().waitFor();
  if (await loginButton.isVisible()) await logIn(page);
}
