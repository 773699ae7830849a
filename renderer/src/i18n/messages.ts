// Every string the cashier screens show, in French (the ANCV guide's wording) and English.
// French is the reference: English must provide the same keys with the same shapes, so a
// missing translation is a type error, not a blank on screen.
import type { AmountInputProblem } from '../../../electron/common/money';
import type { OperationStatus, StatusFilter } from '../../../electron/common/contract';

const fr = {
  appName: 'Chèque-Vacances Connect',
  appSubtitle: 'Compagnon de caisse',
  demoBanner: 'Mode démonstration — plateforme simulée',
  loading: 'Chargement…',

  // header
  mainNavigation: 'Navigation principale',
  navPaymentRequest: 'Demande de paiement',
  navOperations: 'Mes opérations',
  language: 'Langue',
  logout: 'Se déconnecter',
  loggingOut: 'Déconnexion…',

  // Connexion
  loginTitle: 'Connexion',
  conventionNumber: 'Numéro de convention',
  conventionNumberHint: '12 chiffres, celui de votre convention Point d’accueil',
  conventionDigitsTyped: (typed: number) => `${typed}/12 chiffres`,
  conventionRequired: 'Indiquez votre numéro de convention.',
  conventionDigitsOnly: 'Le numéro de convention ne contient que des chiffres.',
  conventionTooShort: (missing: number) =>
    `Le numéro de convention compte 12 chiffres : il en manque ${missing}.`,
  conventionTooLong: 'Le numéro de convention compte 12 chiffres, pas plus.',
  password: 'Mot de passe',
  passwordRequired: 'Indiquez votre mot de passe.',
  loginSubmit: 'Se connecter',
  loggingIn: 'Connexion en cours…',
  howToLogIn: 'Comment se connecter ?',
  howToLogInText:
    'Saisissez votre numéro de convention Point d’accueil (12 chiffres) et le mot de passe de votre espace ANCV, puis cliquez sur « Se connecter ».',
  didYouKnow: 'LE SAVIEZ-VOUS ?',
  lockAdvice:
    'Au 3ème mot de passe erroné, l’accès à votre compte sera bloqué. Pour le débloquer, rendez-vous sur espace-ptl.ancv.fr. Sur la page de connexion, cliquez sur mot de passe oublié muni de votre numéro de convention Point d’accueil.',
  accountLockedTitle: 'Votre compte est bloqué.',
  unlockLink: 'Débloquer mon compte sur espace-ptl.ancv.fr',
  demoCredentialsTitle: 'Identifiants de démonstration',
  demoCredentials: (conventionNumber: string, password: string) =>
    `Numéro de convention : ${conventionNumber} — Mot de passe : ${password}`,
  fillDemoCredentials: 'Remplir les identifiants de démonstration',
  sessionExpiredTitle: 'Votre session a expiré',
  sessionExpiredText: 'Reconnectez-vous pour continuer : la demande en cours est conservée.',

  // Demande de paiement
  paymentFormTitle: 'Demande de paiement',
  paymentFormIntro: 'Merci de renseigner les informations pour générer la demande de paiement',
  amountRequested: 'Montant demandé',
  basketNumber: 'N° de panier',
  label: 'Libellé de transaction',
  customerReference: 'Référence client',
  sellerId: 'Identifiant vendeur',
  requiredFields: '* Champs obligatoires',
  submitPayment: 'Je continue',
  creatingPayment: 'Création en cours…',
  immediateOnly:
    'Vous ne pouvez faire que des demandes de paiement immédiat. Si vous souhaitez accorder un délai à votre client ou à vous, passez par votre espace dédié.',
  amountProblem: {
    required: 'Indiquez le montant demandé.',
    not_a_number: 'Le montant doit être un nombre, par exemple 20 ou 20,50.',
    negative: 'Le montant ne peut pas être négatif.',
    zero: 'Le montant doit être supérieur à 0,00 €.',
    too_many_decimals: 'Deux chiffres après la virgule au maximum (les centimes).',
    too_large: (max: string) => `Le montant ne peut pas dépasser ${max}.`,
  } satisfies Record<AmountInputProblem, string | ((max: string) => string)>,
  basketRequired: 'Indiquez le N° de panier.',
  basketFormat: 'De 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace).',
  tooLong: (max: number) => `${max} caractères au maximum.`,
  controlCharacters: 'Ce champ contient un caractère non autorisé (tabulation, retour à la ligne…).',

  // Récapitulatif de paiement
  recapTitle: 'Récapitulatif de paiement',
  presentQr: 'Présentez ce QR Code à votre client.',
  qrCodeName: (basketNumber: string) => `QR Code de la demande de paiement, panier ${basketNumber}`,
  amountReceived: 'Montant reçu',
  status: 'Statut',
  timeLeft: 'Temps restant',
  timeLeftAnnouncement: (minutes: number) =>
    minutes > 1 ? `Il reste ${minutes} minutes.` : minutes === 1 ? 'Il reste 1 minute.' : 'Il reste moins d’une minute.',
  refresh: 'Rafraîchir',
  refreshing: 'Actualisation…',
  cancelRequest: 'Annuler la demande',
  close: 'Fermer',
  confirmCancelTitle: 'Annuler cette demande de paiement ?',
  confirmCancelText: (amount: string, basketNumber: string) =>
    `La demande de ${amount} pour le panier ${basketNumber} ne pourra plus être payée.`,
  confirmCancelYes: 'Oui, annuler la demande',
  confirmCancelNo: 'Non, revenir',
  cancelling: 'Annulation…',
  paidInFull: 'Ça y est ! Votre client a payé. Le paiement est validé.',
  partialPayment: (received: string, remainder: string) =>
    `Votre client a réglé ${received}. Reste à encaisser : ${remainder} avec un autre moyen de paiement.`,
  askRemainder: 'Demander le reste',
  cancelledText: 'La demande a été annulée.',
  expiredText: 'La demande a expiré sans être payée.',
  failedText: 'La demande n’a pas abouti.',
  followUpOf: 'Reste de la demande précédente',

  // Mes opérations
  operationsTitle: 'Mes opérations',
  statusFilter: 'Filtrer par statut',
  searchBasket: 'Rechercher un N° de panier',
  operationsFound: (count: number) => (count > 1 ? `${count} opérations affichées` : `${count} opération affichée`),
  noOperations: 'Aucune opération.',
  moreOperations: 'Plus d’opérations',
  basketShort: 'N° Panier',
  createdOn: 'Créée le',
  updatedOn: 'Modifiée le',
  requestedShort: 'Demandé',
  receivedShort: 'Reçu',
  dayTotals: (day: string) => `Totaux du jour (${day})`,
  totalAll: 'Toutes',
  operationsColumn: 'Opérations',
  totalCount: (count: number) => (count > 1 ? `${count} opérations` : `${count} opération`),

  // notices from a till (Caisse-AP)
  tillNotices: 'Messages de la caisse',
  tillNoticeAt: (time: string) => `Caisse, ${time}`,
  showOperation: 'Voir l’opération',
  dismissNotice: 'Masquer ce message',

  // errors and pages
  colon: ' :',
  retry: 'Réessayer',
  unreachable: 'Le compagnon de caisse est injoignable.',
  startupFailed: 'Impossible de joindre le compagnon de caisse.',
  missingTokenTitle: 'Accès au compagnon de caisse',
  missingToken:
    'Ouvrez l’adresse affichée par npm run serve (elle contient le jeton d’accès).',
  badToken: 'Le jeton d’accès de cette page n’est plus valable.',
  statusLabel: {
    creating: 'Création en cours…',
    pending: 'En attente de paiement',
    validated: 'Validé',
    cancelled: 'Annulé',
    expired: 'Expiré',
    failed: 'Échec',
  } satisfies Record<OperationStatus, string>,
  filterLabel: {
    all: 'Toutes',
    pending: 'En attente',
    validated: 'Validées',
    cancelled: 'Annulées',
    expired: 'Expirées',
    failed: 'Échouées',
  } satisfies Record<StatusFilter, string>,
};

export type Messages = typeof fr;

const en: Messages = {
  appName: 'Chèque-Vacances Connect',
  appSubtitle: 'Till companion',
  demoBanner: 'Demo mode — simulated platform',
  loading: 'Loading…',

  mainNavigation: 'Main navigation',
  navPaymentRequest: 'Payment request',
  navOperations: 'My operations',
  language: 'Language',
  logout: 'Log out',
  loggingOut: 'Logging out…',

  loginTitle: 'Log in',
  conventionNumber: 'Convention number',
  conventionNumberHint: '12 digits, your point of acceptance convention',
  conventionDigitsTyped: (typed) => `${typed}/12 digits`,
  conventionRequired: 'Enter your convention number.',
  conventionDigitsOnly: 'The convention number contains digits only.',
  conventionTooShort: (missing) => `The convention number has 12 digits: ${missing} missing.`,
  conventionTooLong: 'The convention number has 12 digits, no more.',
  password: 'Password',
  passwordRequired: 'Enter your password.',
  loginSubmit: 'Log in',
  loggingIn: 'Logging in…',
  howToLogIn: 'How to log in?',
  howToLogInText:
    'Enter your point of acceptance convention number (12 digits) and the password of your ANCV merchant space, then click “Log in”.',
  didYouKnow: 'DID YOU KNOW?',
  lockAdvice:
    'After the 3rd wrong password, access to your account is locked. To unlock it, go to espace-ptl.ancv.fr. On the login page, click “mot de passe oublié” (forgotten password) with your point of acceptance convention number.',
  accountLockedTitle: 'Your account is locked.',
  unlockLink: 'Unlock my account on espace-ptl.ancv.fr',
  demoCredentialsTitle: 'Demo credentials',
  demoCredentials: (conventionNumber, password) =>
    `Convention number: ${conventionNumber} — Password: ${password}`,
  fillDemoCredentials: 'Fill in the demo credentials',
  sessionExpiredTitle: 'Your session has expired',
  sessionExpiredText: 'Log in again to carry on: the current request is kept.',

  paymentFormTitle: 'Payment request',
  paymentFormIntro: 'Please fill in the details to generate the payment request',
  amountRequested: 'Amount requested',
  basketNumber: 'Basket number',
  label: 'Transaction label',
  customerReference: 'Customer reference',
  sellerId: 'Seller id',
  requiredFields: '* Required fields',
  submitPayment: 'Continue',
  creatingPayment: 'Creating…',
  immediateOnly:
    'Only immediate payment requests are possible here. To give your customer or yourself more time, use your merchant space.',
  amountProblem: {
    required: 'Enter the amount requested.',
    not_a_number: 'The amount must be a number, for example 20 or 20.50.',
    negative: 'The amount cannot be negative.',
    zero: 'The amount must be more than €0.00.',
    too_many_decimals: 'At most two digits after the decimal point (cents).',
    too_large: (max) => `The amount cannot exceed ${max}.`,
  },
  basketRequired: 'Enter the basket number.',
  basketFormat: '1 to 20 characters: letters without accents, digits, - or _ (no spaces).',
  tooLong: (max) => `${max} characters at most.`,
  controlCharacters: 'This field contains a character that is not allowed (tab, line break…).',

  recapTitle: 'Payment summary',
  presentQr: 'Show this QR code to your customer.',
  qrCodeName: (basketNumber) => `QR code of the payment request, basket ${basketNumber}`,
  amountReceived: 'Amount received',
  status: 'Status',
  timeLeft: 'Time left',
  timeLeftAnnouncement: (minutes) =>
    minutes > 1 ? `${minutes} minutes left.` : minutes === 1 ? '1 minute left.' : 'Less than a minute left.',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  cancelRequest: 'Cancel the request',
  close: 'Close',
  confirmCancelTitle: 'Cancel this payment request?',
  confirmCancelText: (amount, basketNumber) =>
    `The request for ${amount} for basket ${basketNumber} will no longer be payable.`,
  confirmCancelYes: 'Yes, cancel the request',
  confirmCancelNo: 'No, go back',
  cancelling: 'Cancelling…',
  paidInFull: 'Done! Your customer has paid. The payment is validated.',
  partialPayment: (received, remainder) =>
    `Your customer paid ${received}. Left to collect: ${remainder} by another means of payment.`,
  askRemainder: 'Request the rest',
  cancelledText: 'The request was cancelled.',
  expiredText: 'The request expired without being paid.',
  failedText: 'The request did not go through.',
  followUpOf: 'Rest of the previous request',

  operationsTitle: 'My operations',
  statusFilter: 'Filter by status',
  searchBasket: 'Search a basket number',
  operationsFound: (count) => (count === 1 ? '1 operation shown' : `${count} operations shown`),
  noOperations: 'No operations.',
  moreOperations: 'More operations',
  basketShort: 'Basket',
  createdOn: 'Created',
  updatedOn: 'Modified',
  requestedShort: 'Requested',
  receivedShort: 'Received',
  dayTotals: (day) => `Today’s totals (${day})`,
  totalAll: 'All',
  operationsColumn: 'Operations',
  totalCount: (count) => (count === 1 ? '1 operation' : `${count} operations`),

  tillNotices: 'Messages from the till',
  tillNoticeAt: (time) => `Till, ${time}`,
  showOperation: 'Show the operation',
  dismissNotice: 'Hide this message',

  colon: ':',
  retry: 'Try again',
  unreachable: 'The till companion cannot be reached.',
  startupFailed: 'Cannot reach the till companion.',
  missingTokenTitle: 'Till companion access',
  missingToken: 'Open the address printed by npm run serve (it carries the access token).',
  badToken: 'This page’s access token is no longer valid.',
  statusLabel: {
    creating: 'Creating…',
    pending: 'Waiting for payment',
    validated: 'Validated',
    cancelled: 'Cancelled',
    expired: 'Expired',
    failed: 'Failed',
  },
  filterLabel: {
    all: 'All',
    pending: 'Pending',
    validated: 'Validated',
    cancelled: 'Cancelled',
    expired: 'Expired',
    failed: 'Failed',
  },
};

export const messages: Record<'fr' | 'en', Messages> = { fr, en };
