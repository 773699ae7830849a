// What the customer reads, in French (the ANCV guide's words) and English. French is the
// reference: English must give the same keys with the same shapes.
import { formatCents, type Language } from '../../../electron/common/money';

const fr = {
  pageTitle: 'Chèque-Vacances Connect — Écran client',
  payWith: 'Payez avec vos Chèques-Vacances Connect',
  amountToPay: 'Montant à payer',
  basketNumber: 'N° de panier',
  scanInstruction: "Ouvrez votre App' Chèque-Vacances et scannez ce QR code",
  qrName: (basketNumber: string) => `QR code de la demande de paiement, panier ${basketNumber}`,
  timeLeft: 'Temps restant',
  partialTitle: 'Paiement partiel reçu',
  received: (cents: number) => `Montant reçu\u00a0: ${formatCents(cents, 'fr')}`,
  rest: (cents: number) => `Reste à payer\u00a0: ${formatCents(cents, 'fr')}`,
  restAnotherWay: 'À régler avec un autre moyen de paiement, à la caisse.',
  validated: 'Paiement validé — merci !',
  validatedAmount: (cents: number) => `${formatCents(cents, 'fr')} reçus`,
  cancelled: 'Paiement annulé',
  cancelledText: 'Cette demande de paiement a été annulée par la caisse.',
  expired: 'Demande de paiement expirée',
  expiredText: 'Le délai pour payer est dépassé. Adressez-vous à la caisse.',
  failed: 'Paiement interrompu',
  failedText: 'Adressez-vous à la caisse.',
  reconnecting: 'Connexion à la caisse perdue — reconnexion…',
};

export type DisplayMessages = typeof fr;

const en: DisplayMessages = {
  pageTitle: 'Chèque-Vacances Connect — Customer display',
  payWith: 'Pay with your Chèques-Vacances Connect',
  amountToPay: 'Amount to pay',
  basketNumber: 'Basket no.',
  scanInstruction: 'Open your Chèque-Vacances app and scan this QR code',
  qrName: (basketNumber: string) => `Payment request QR code, basket ${basketNumber}`,
  timeLeft: 'Time left',
  partialTitle: 'Partial payment received',
  received: (cents: number) => `Amount received: ${formatCents(cents, 'en')}`,
  rest: (cents: number) => `Left to pay: ${formatCents(cents, 'en')}`,
  restAnotherWay: 'To be paid another way, at the till.',
  validated: 'Payment validated — thank you!',
  validatedAmount: (cents: number) => `${formatCents(cents, 'en')} received`,
  cancelled: 'Payment cancelled',
  cancelledText: 'This payment request was cancelled at the till.',
  expired: 'Payment request expired',
  expiredText: 'The time to pay is over. Please ask at the till.',
  failed: 'Payment interrupted',
  failedText: 'Please ask at the till.',
  reconnecting: 'Connection to the till lost — reconnecting…',
};

export const displayMessages: Record<Language, DisplayMessages> = { fr, en };

/** The pairing screen comes before any state, so before the language is known: French first,
 *  English underneath. */
export const pairingMessages = {
  fr: {
    title: 'Écran client',
    codeLabel: 'Code d’appairage',
    help: 'Saisissez le code à 6 chiffres affiché sur l’écran caisse (bouton « Écran client »).',
    submit: 'Appairer cet écran',
    submitting: 'Appairage…',
    codeFormat: 'Le code d’appairage compte 6 chiffres.',
    wrongCode: (attemptsLeft: number) =>
      `Code incorrect. ${attemptsLeft > 0 ? `Encore ${attemptsLeft} essai${attemptsLeft > 1 ? 's' : ''}.` : ''}`.trim(),
    tooMany: 'Trop de codes erronés\u00a0: patientez une minute, puis saisissez le nouveau code affiché sur l’écran caisse.',
    unreachable: 'Le compagnon de caisse est injoignable. Vérifiez le réseau, puis réessayez.',
    unpaired: 'Cet écran n’est plus appairé\u00a0: saisissez le code affiché sur l’écran caisse.',
  },
  en: {
    help: 'Type the 6-digit pairing code shown on the till screen (“Écran client” button).',
  },
};
