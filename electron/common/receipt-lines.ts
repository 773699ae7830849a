// The customer's receipt as lines of text, in French or English: the one wording the 80 mm page
// (print dialog) and the network thermal printer (ESC/POS) both print, so the two never differ.
import type { Receipt, RemainderMeans } from './contract';
import { formatCents, type Language } from './money';
import { formatDateTime } from './dates';

export type ReceiptLine =
  | { kind: 'title'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'pair'; label: string; value: string; strong?: boolean }
  | { kind: 'small'; text: string }
  | { kind: 'rule' };

const WORDS = {
  fr: {
    fallbackName: 'Chèque-Vacances Connect',
    convention: 'N° de convention',
    date: 'Date',
    basket: 'N° de panier',
    label: 'Libellé',
    requested: 'Montant demandé',
    received: 'Reçu en Chèque-Vacances Connect',
    remainder: 'Reste à encaisser',
    collectedBy: (means: string) => `Reste encaissé par ${means}`,
    reference: 'Référence plateforme',
    till: 'Caisse',
    thanks: 'Paiement Chèque-Vacances Connect validé. Merci !',
    means: {
      cash: 'Espèces',
      card: 'Carte bancaire',
      cheque: 'Chèque',
      paper_cheque_vacances: 'Chèque-Vacances papier',
      other: 'Autre',
    } satisfies Record<RemainderMeans, string>,
  },
  en: {
    fallbackName: 'Chèque-Vacances Connect',
    convention: 'Convention number',
    date: 'Date',
    basket: 'Basket number',
    label: 'Label',
    requested: 'Amount requested',
    received: 'Received in Chèque-Vacances Connect',
    remainder: 'Left to collect',
    collectedBy: (means: string) => `Remainder paid by ${means}`,
    reference: 'Platform reference',
    till: 'Till',
    thanks: 'Chèque-Vacances Connect payment validated. Thank you!',
    means: {
      cash: 'Cash',
      card: 'Bank card',
      cheque: 'Cheque',
      paper_cheque_vacances: 'Paper Chèque-Vacances',
      other: 'Other',
    } satisfies Record<RemainderMeans, string>,
  },
} as const;

export function remainderMeansName(means: RemainderMeans, language: Language = 'fr'): string {
  return WORDS[language].means[means];
}

export function receiptLines(receipt: Receipt, language: Language = 'fr'): ReceiptLine[] {
  const w = WORDS[language];
  const money = (cents: number) => formatCents(cents, language);
  const lines: ReceiptLine[] = [
    { kind: 'title', text: receipt.merchant.name ?? w.fallbackName },
    { kind: 'text', text: `${w.convention}${language === 'fr' ? ' : ' : ': '}${receipt.merchant.conventionNumber}` },
    { kind: 'text', text: `${w.date}${language === 'fr' ? ' : ' : ': '}${formatDateTime(receipt.paidAt, language)}` },
    { kind: 'rule' },
    { kind: 'pair', label: w.basket, value: receipt.basketNumber },
  ];
  if (receipt.label) lines.push({ kind: 'pair', label: w.label, value: receipt.label });
  lines.push(
    { kind: 'pair', label: w.requested, value: money(receipt.amountRequested) },
    { kind: 'pair', label: w.received, value: money(receipt.amountReceived), strong: true },
  );
  if (receipt.remainder > 0) {
    lines.push({ kind: 'pair', label: w.remainder, value: money(receipt.remainder) });
    if (receipt.remainderCollected) {
      lines.push({ kind: 'pair', label: w.collectedBy(w.means[receipt.remainderCollected.means]), value: money(receipt.remainderCollected.amount) });
    }
  }
  lines.push({ kind: 'rule' }, { kind: 'small', text: `${w.reference}${language === 'fr' ? ' :' : ':'}` });
  for (const payment of receipt.payments) lines.push({ kind: 'small', text: payment.platformId });
  lines.push({ kind: 'small', text: `${w.till}${language === 'fr' ? ' : ' : ': '}${receipt.tillId}` }, { kind: 'rule' }, { kind: 'text', text: w.thanks });
  return lines;
}
