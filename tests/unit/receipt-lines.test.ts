// The receipt's wording, shared by the 80 mm page and the thermal printer: every line the issue
// asks for, in French and in English, and the remainder's means once the counter records it.
import { describe, expect, it } from 'vitest';
import type { Receipt } from '../../electron/common/contract';
import { receiptLines, type ReceiptLine } from '../../electron/common/receipt-lines';

const RECEIPT: Receipt = {
  merchant: { name: 'Camping des Pins', conventionNumber: '643736001001' },
  operationId: 'op-1',
  basketNumber: 'REF253',
  label: null,
  paidAt: '2026-07-14T08:06:00.000Z',
  printedAt: '2026-07-14T08:07:00.000Z',
  amountRequested: 2000,
  amountReceived: 1500,
  remainder: 500,
  remainderCollected: { means: 'paper_cheque_vacances', amount: 500 },
  payments: [{ platformId: 'pr-1', amountReceived: 1500, at: '2026-07-14T08:06:00.000Z' }],
  tillId: 'caisse-1',
};

const text = (lines: ReceiptLine[]) =>
  lines.map((line) => (line.kind === 'pair' ? `${line.label} = ${line.value}` : line.kind === 'rule' ? '---' : line.text)).join('\n').replace(/[\u00a0\u202f]/g, ' ');

describe('receiptLines', () => {
  it('says everything a customer\'s receipt says, in French, Paris time', () => {
    expect(text(receiptLines(RECEIPT, 'fr'))).toBe(
      [
        'Camping des Pins',
        'N° de convention : 643736001001',
        'Date : 14/07/2026 10h06',
        '---',
        'N° de panier = REF253',
        'Montant demandé = 20,00 €',
        'Reçu en Chèque-Vacances Connect = 15,00 €',
        'Reste à encaisser = 5,00 €',
        'Reste encaissé par Chèque-Vacances papier = 5,00 €',
        '---',
        'Référence plateforme :',
        'pr-1',
        'Caisse : caisse-1',
        '---',
        'Paiement Chèque-Vacances Connect validé. Merci !',
      ].join('\n'),
    );
  });

  it('leaves out an empty remainder, and speaks English', () => {
    const paid = { ...RECEIPT, amountReceived: 2000, remainder: 0, remainderCollected: null, merchant: { name: null, conventionNumber: '643736001001' } };
    const lines = text(receiptLines(paid, 'en'));
    expect(lines).toContain('Chèque-Vacances Connect\nConvention number: 643736001001\nDate: 14/07/2026 10:06');
    expect(lines).toContain('Received in Chèque-Vacances Connect = €20.00');
    expect(lines).not.toContain('Left to collect');
  });
});
