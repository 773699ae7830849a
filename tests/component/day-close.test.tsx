// « Clôture de journée » and the customer's receipt on the cashier screens, against the in-memory
// companion checked by the real contract: true totals, a period, the check against the platform,
// saving through the desktop shell, « Imprimer le ticket » and its automatic printing.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parisDay } from '../../electron/common/dates';
import { DayCloseScreen } from '../../renderer/src/cashier/DayCloseScreen';
import { PaymentRecap } from '../../renderer/src/cashier/PaymentRecap';
import { SettingsScreen } from '../../renderer/src/cashier/SettingsScreen';
import { createFakeCompanion, makeOperation } from './support/fake-companion';
import { renderApp, renderScreen } from './support/render';

const TODAY = parisDay();
const todayText = TODAY.split('-').reverse().join('/');

function dayOperations() {
  const partial = makeOperation({ id: 'op-part', basketNumber: 'REF310', status: 'validated', amountRequested: 2000, amountReceived: 1500, remainder: 500, qrPayload: null, sellerId: 'V1' });
  return [
    partial,
    makeOperation({ id: 'op-rest', basketNumber: 'REF310', status: 'validated', amountRequested: 500, amountReceived: 500, remainder: 0, qrPayload: null, followUpOf: 'op-part', sellerId: 'V1' }),
    makeOperation({ id: 'op-full', basketNumber: 'REF311', status: 'validated', amountRequested: 2000, amountReceived: 2000, remainder: 0, qrPayload: null, origin: 'caisse-ap' }),
    makeOperation({ id: 'op-fail', basketNumber: 'REF311', status: 'failed', amountRequested: 2000, qrPayload: null, failure: { code: 'basket_in_progress', message: 'Déjà en attente.' } }),
    makeOperation({ id: 'op-wait', basketNumber: 'REF312', status: 'pending', amountRequested: 950 }),
  ];
}

/** A table row as its cells read, one space between cells. */
const rowText = (table: HTMLElement, header: string) =>
  [...within(table).getByRole('rowheader', { name: header }).closest('tr')!.querySelectorAll('th, td')]
    .map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim())
    .join(' ');

afterEach(() => {
  delete (window as { companionShell?: unknown }).companionShell;
  vi.restoreAllMocks();
});

describe('« Clôture de journée »', () => {
  it('opens on today with the true totals: refused attempts apart, a basket asked once', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', operations: dayOperations() });
    renderApp(fake);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Clôture de journée' }));
    const report = await screen.findByRole('article', { name: `Clôture du ${todayText}` });
    expect(fake.callsTo('report.day')).toEqual([{ from: TODAY, to: TODAY, includeOtherTills: false }]);

    const requests = within(report).getByRole('table', { name: 'Demandes de paiement' });
    expect(rowText(requests, 'Validé')).toBe('Validé 3 45,00 € 40,00 €');
    expect(rowText(requests, 'Toutes les demandes')).toBe('Toutes les demandes 4 54,50 € 40,00 €');
    expect(rowText(requests, 'Tentatives refusées')).toBe('Tentatives refusées 1 — —');
    expect(within(report).getByText(/^Refusées par la plateforme ou jamais arrivées/)).toBeInTheDocument();
    expect(within(requests).queryByRole('rowheader', { name: 'Échec' })).toBeNull();

    const baskets = within(report).getByRole('table', { name: 'Paniers' });
    expect(rowText(baskets, 'Paniers')).toBe('Paniers 3');
    expect(rowText(baskets, 'Montant demandé (une fois par panier)')).toBe('Montant demandé (une fois par panier) 49,50 €');
    expect(rowText(baskets, 'Reçu en Chèque-Vacances Connect')).toBe('Reçu en Chèque-Vacances Connect 40,00 €');
    expect(rowText(baskets, 'Réglés en totalité')).toBe('Réglés en totalité 2');

    const sellers = within(report).getByRole('table', { name: 'Par vendeur' });
    expect(rowText(sellers, 'V1')).toBe('V1 2 25,00 € 20,00 € 2 0');
    expect(rowText(sellers, 'Sans identifiant vendeur')).toBe('Sans identifiant vendeur 2 29,50 € 20,00 € 1 1');
    const origins = within(report).getByRole('table', { name: 'Par origine' });
    expect(rowText(origins, 'Logiciel de caisse (Caisse-AP)')).toMatch(/^Logiciel de caisse \(Caisse-AP\) 1 20,00 €/);
    expect(within(report).getByRole('region', { name: 'Encore en attente' })).toHaveTextContent('REF312');
  });

  it('shows a period, with the other tills when asked, and checks only a single day', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', operations: dayOperations() });
    renderScreen(<DayCloseScreen />, fake);
    const user = userEvent.setup();
    await screen.findByRole('article', { name: `Clôture du ${todayText}` });
    const from = screen.getByLabelText('Du');
    expect(from).toHaveValue(todayText);
    await user.clear(from);
    await user.type(from, '31/02/2026{Enter}');
    expect(await screen.findByText('Indiquez un jour au format jj/mm/aaaa, par exemple 29/03/2026.')).toBeInTheDocument();
    expect(from).toHaveAttribute('aria-invalid', 'true');
    expect(fake.callsTo('report.day')).toHaveLength(1);
    await user.clear(from);
    await user.type(from, '1/3/2026');
    await user.click(screen.getByLabelText(/Compter aussi les autres caisses/));
    await user.click(screen.getByRole('button', { name: 'Afficher' }));
    await screen.findByRole('article', { name: `Période du 01/03/2026 au ${todayText}` });
    expect(fake.callsTo('report.day').at(-1)).toEqual({ from: '2026-03-01', to: TODAY, includeOtherTills: true });
    expect(screen.getByRole('button', { name: 'Vérifier avec la plateforme' })).toBeDisabled();
  });

  it('lists the differences the check against the platform found', async () => {
    const fake = createFakeCompanion({ status: 'logged_in', operations: dayOperations() });
    fake.handle('report.check', ({ day }) => ({
      ok: true,
      value: {
        day,
        checkedAt: new Date().toISOString(),
        localCount: 4,
        platformCount: 5,
        matching: 3,
        differences: [
          { kind: 'amount_differs', operationId: 'op-full', platformId: 'pr-9', basketNumber: 'REF311', createdAt: new Date().toISOString(), local: { status: 'validated', amountRequested: 2000, amountReceived: 1000 }, platform: { status: 'validated', amountRequested: 2000, amountReceived: 2000 } },
          { kind: 'only_platform', operationId: null, platformId: 'pr-b', basketNumber: 'B-1', createdAt: new Date().toISOString(), local: null, platform: { status: 'validated', amountRequested: 3500, amountReceived: 3000 } },
        ],
      },
    }));
    renderScreen(<DayCloseScreen />, fake);
    const user = userEvent.setup();
    await screen.findByRole('article', { name: `Clôture du ${todayText}` });
    await user.click(screen.getByRole('button', { name: 'Vérifier avec la plateforme' }));
    const check = await screen.findByRole('region', { name: '2 différences entre ce journal et la plateforme' });
    expect(fake.callsTo('report.check')).toEqual([{ day: TODAY }]);
    expect(within(check).getByRole('rowheader', { name: 'REF311' }).closest('tr')).toHaveTextContent(/Montant différent.*10,00\s€.*20,00\s€/);
    expect(within(check).getByRole('rowheader', { name: 'B-1' }).closest('tr')).toHaveTextContent('Sur la plateforme seulement (autre caisse ?)');
  });

  it('saves the PDF and the CSV through the desktop shell, and says where, or that the disk refused', async () => {
    const shell = {
      saveReportPdf: vi.fn(async () => ({ saved: true as const, path: '/home/caisse/cloture.pdf' })),
      saveReportCsv: vi.fn(async () => ({ saved: false as const, reason: 'write_failed' as const })),
    };
    (window as { companionShell?: unknown }).companionShell = shell;
    const fake = createFakeCompanion({ status: 'logged_in', operations: dayOperations() });
    renderScreen(<DayCloseScreen />, fake);
    const user = userEvent.setup();
    await screen.findByRole('article', { name: `Clôture du ${todayText}` });
    await user.click(screen.getByRole('button', { name: 'Enregistrer en PDF' }));
    expect(shell.saveReportPdf).toHaveBeenCalledWith({ fileName: `cloture_${TODAY}.pdf` });
    expect(await screen.findByText('Fichier enregistré : /home/caisse/cloture.pdf')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Exporter en CSV' }));
    expect(shell.saveReportCsv).toHaveBeenCalledWith({ from: TODAY, to: TODAY });
    expect(await screen.findByText(/Le fichier n’a pas pu être écrit/)).toBeInTheDocument();
  });

  it('prints on the chosen paper through the print dialog in a browser', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const fake = createFakeCompanion({ status: 'logged_in', operations: dayOperations() });
    const { container } = renderScreen(<DayCloseScreen />, fake);
    const user = userEvent.setup();
    await screen.findByRole('article', { name: `Clôture du ${todayText}` });
    await user.click(screen.getByRole('button', { name: 'Ticket 80 mm' }));
    expect(container.querySelector('.day-close')).toHaveClass('paper-80mm');
    await user.click(screen.getByRole('button', { name: 'Imprimer' }));
    expect(print).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Enregistrer en PDF' }));
    expect(print).toHaveBeenCalledTimes(2);
    expect(screen.getByText('Dans la fenêtre d’impression, choisissez « Enregistrer au format PDF ».')).toBeInTheDocument();
  });
});

describe('« Imprimer le ticket »', () => {
  let print: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
  });

  it('prints the receipt alone, 80 mm, through the print dialog when no network printer is set', async () => {
    const operation = makeOperation({ status: 'validated', amountRequested: 2000, amountReceived: 1500, remainder: 500, qrPayload: null, label: 'Emplacement 12' });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [operation] });
    let printing: string | undefined;
    print.mockImplementation(() => {
      printing = document.documentElement.dataset.print;
    });
    renderScreen(<PaymentRecap initial={operation} onClose={() => undefined} onOpen={() => undefined} />, fake);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Imprimer le ticket' }));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(printing).toBe('receipt');
    expect(document.documentElement.dataset.print).toBeUndefined();
    const paper = screen.getByRole('document', { name: 'Ticket client' });
    expect(paper.closest('.receipt-print')?.parentElement).toBe(document.body);
    for (const text of ['Camping des Pins', 'N° de convention : 643736001001', 'REF253', 'Emplacement 12', operation.platformId!]) {
      expect(paper).toHaveTextContent(text);
    }
    expect(paper).toHaveTextContent(/Montant demandé\s*20,00\s€/);
    expect(paper).toHaveTextContent(/Reçu en Chèque-Vacances Connect\s*15,00\s€/);
    expect(paper).toHaveTextContent(/Reste à encaisser\s*5,00\s€/);
    expect(fake.callsTo('receipt.print')).toEqual([]);
  });

  it('sends it to the network printer of the settings, and says where', async () => {
    const operation = makeOperation({ status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [operation] });
    await fake.api.settings.update({ receipt: { printer: '192.168.1.50:9100' } });
    renderScreen(<PaymentRecap initial={operation} onClose={() => undefined} onOpen={() => undefined} />, fake);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Imprimer le ticket' }));
    expect(await screen.findByText('Ticket envoyé à l’imprimante 192.168.1.50:9100.')).toBeInTheDocument();
    expect(fake.callsTo('receipt.print')).toEqual([{ id: operation.id }]);
    expect(print).not.toHaveBeenCalled();
  });

  it('prints by itself once when the payment on screen is validated, never for an old one', async () => {
    const pending = makeOperation({ id: 'op-live', status: 'pending' });
    const old = makeOperation({ id: 'op-old', status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    const fake = createFakeCompanion({ status: 'logged_in', operations: [pending, old] });
    await fake.api.settings.update({ receipt: { autoPrint: true } });
    const first = renderScreen(<PaymentRecap initial={old} onClose={() => undefined} onOpen={() => undefined} />, fake);
    await screen.findByRole('button', { name: 'Imprimer le ticket' });
    first.unmount();
    renderScreen(<PaymentRecap initial={pending} onClose={() => undefined} onOpen={() => undefined} />, fake);
    expect(screen.queryByRole('button', { name: 'Imprimer le ticket' })).toBeNull();
    act(() => {
      fake.update('op-live', { status: 'validated', amountReceived: 2000, remainder: 0, qrPayload: null });
    });
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    act(() => {
      fake.update('op-live', { label: 'encore' });
    });
    expect(fake.callsTo('receipt.get')).toEqual([{ id: 'op-live' }]);
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('is set in Paramètres, and a printer address is checked where it is typed', async () => {
    const fake = createFakeCompanion({ status: 'logged_in' });
    renderScreen(<SettingsScreen />, fake);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Imprimer le ticket tout seul après un paiement validé'));
    const printer = screen.getByLabelText('Imprimante de tickets réseau (adresse:port)');
    await user.type(printer, 'imprimante');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Indiquez l’adresse et le port, par exemple 192.168.1.50:9100.')).toBeInTheDocument();
    expect(fake.callsTo('settings.update')).toEqual([]);
    await user.type(printer, ':9100');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await screen.findByText('Paramètres enregistrés.');
    expect(fake.settings.receipt).toEqual({ autoPrint: true, printer: 'imprimante:9100' });
  });
});
