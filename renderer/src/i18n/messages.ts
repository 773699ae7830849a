// Every string the cashier screens show, in French (the ANCV guide's wording) and English.
// French is the reference: English must provide the same keys with the same shapes, so a
// missing translation is a type error, not a blank on screen.
import type { AmountInputProblem } from '../../../electron/common/money';
import type { OperationStatus, RemainderMeans, StatusFilter } from '../../../electron/common/contract';
import type { Outcome } from '../../../electron/common/outcome';

/** What a notice or an OS notification says about one outcome. */
export interface OutcomeFacts {
  basketNumber: string;
  requested: string;
  received: string;
  remainder: string;
}

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
  accountLockedText:
    'L’accès à votre compte a été bloqué après 3 mots de passe erronés. Pour le débloquer, rendez-vous sur espace-ptl.ancv.fr : sur la page de connexion, cliquez sur « mot de passe oublié », muni de votre numéro de convention Point d’accueil.',
  loginDisabledWhileLocked: 'La connexion reste désactivée tant que votre compte est bloqué.',
  accountUnlocked: 'J’ai débloqué mon compte',
  forgotPassword: 'Mot de passe oublié ?',
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
  tillRequest: 'Demande de la caisse',
  newRequest: 'Nouvelle demande',
  expiresSoon: 'Expire bientôt',
  expiresSoonAnnouncement: 'La demande expire dans moins de 30 secondes.',
  heroValidated: 'Validé',
  heroReceived: (amount: string) => `${amount} reçus`,
  heroPartial: (remainder: string) => `Paiement partiel — reste ${remainder}`,
  heroPartialReceived: (received: string) => `${received} reçus en Chèques-Vacances Connect`,
  heroSettled: 'Réglé',
  heroSettledText: (amount: string, means: string) => `Reste de ${amount} encaissé autrement : ${means}`,
  collectRemainder: 'Reste encaissé autrement',
  askRemainderLead: 'Ou, si votre client veut régler le reste avec Chèque-Vacances Connect (depuis un autre compte, par exemple) :',
  collectRemainderTitle: (amount: string) => `Reste encaissé autrement : ${amount}`,
  collectRemainderQuestion: 'Avec quel moyen de paiement votre client a-t-il réglé le reste ?',
  recordRemainder: 'Enregistrer',
  chooseMeans: 'Choisissez le moyen de paiement utilisé.',
  recordingRemainder: 'Enregistrement…',
  goBack: 'Revenir',
  remainderCollectedRow: 'Reste encaissé autrement',
  remainderCollectedValue: (amount: string, means: string, when: string) => `${amount} — ${means}, le ${when}`,
  remainderMeans: {
    cash: 'Espèces',
    card: 'Carte bancaire',
    cheque: 'Chèque',
    paper_cheque_vacances: 'Chèque-Vacances papier',
    other: 'Autre',
  } satisfies Record<RemainderMeans, string>,
  closePendingTitle: 'La demande reste payable par le client',
  closePendingText: (amount: string, basketNumber: string) =>
    `Le QR code de ${amount} pour le panier ${basketNumber} reste valable : votre client peut encore le payer. La demande reste dans « Demandes en attente » et son résultat vous sera annoncé.`,
  keepRequestOpen: 'Garder la demande ouverte',
  openPendingRequest: 'Ouvrir la demande en attente',
  amountOutsideLimits: (min: string, max: string | null) =>
    `La plateforme refuse ce montant : le minimum accepté est de ${min}${max ? `, le maximum de ${max}` : ''}.`,
  resumeAfterLogin: (amount: string, basketNumber: string) =>
    `Vous êtes reconnecté. La demande de ${amount} pour le panier ${basketNumber} n’a pas encore été envoyée.`,
  sendRequestNow: 'Envoyer la demande',

  // requests in progress, outcomes, outages
  openRequestsTitle: 'Demandes en attente',
  openRequestsCount: (count: number) => (count > 1 ? `${count} demandes en attente de paiement` : '1 demande en attente de paiement'),
  openRequestAction: 'Ouvrir la demande : panier',
  fromTill: 'Caisse',
  outcomeNotices: 'Résultats à voir',
  outcomeTitle: {
    validated: 'Paiement validé',
    partial: 'Paiement partiel',
    settled: 'Reste encaissé',
    expired: 'Demande expirée',
    cancelled: 'Demande annulée',
    failed: 'Demande en échec',
  } satisfies Record<Outcome, string>,
  outcomeDetail: (outcome: Outcome, facts: OutcomeFacts): string => {
    switch (outcome) {
      case 'validated':
        return `${facts.received} reçus — panier ${facts.basketNumber}`;
      case 'partial':
        return `${facts.received} reçus, reste ${facts.remainder} à encaisser — panier ${facts.basketNumber}`;
      case 'settled':
        return `${facts.remainder} encaissés autrement — panier ${facts.basketNumber}`;
      case 'expired':
        return `${facts.requested} non payés — panier ${facts.basketNumber}`;
      case 'cancelled':
        return `${facts.requested} — panier ${facts.basketNumber}`;
      case 'failed':
        return `${facts.requested} — panier ${facts.basketNumber}`;
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  },
  noticeAt: (time: string) => `à ${time}`,
  showRequest: 'Voir la demande',
  acknowledge: 'J’ai vu',
  acknowledgeName: (title: string, basketNumber: string) => `J’ai vu : ${title}, panier ${basketNumber}`,
  pageTitle: 'Chèque-Vacances Connect — Caisse',
  pageTitleAttention: (count: number, headline: string) => `(${count}) ${headline} — Chèque-Vacances Connect`,
  linkStatus: 'État de la connexion',
  platformDown: (elapsed: string) => `Statuts retardés — connexion à la plateforme perdue depuis ${elapsed}`,
  platformDownHelp:
    'Le client peut encore payer le QR code affiché. Les statuts arriveront dès le retour de la connexion, et chaque résultat vous sera annoncé.',
  platformDownAnnouncement: 'Statuts retardés : la connexion à la plateforme est perdue.',
  companionDown: (elapsed: string) => `Statuts retardés — compagnon de caisse injoignable depuis ${elapsed}`,
  companionDownHelp: 'Reconnexion automatique en cours. Si cela dure, vérifiez que le compagnon de caisse est démarré.',
  companionDownAnnouncement: 'Statuts retardés : le compagnon de caisse est injoignable.',

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
  settledShort: 'Réglé',
  remainderLeftShort: (amount: string) => `Reste ${amount}`,
  remainderShort: 'Reste encaissé',
  remaindersTotals: 'Restes encaissés autrement (hors Chèque-Vacances Connect)',
  meansColumn: 'Moyen de paiement',
  amountColumn: 'Montant',

  // Paramètres
  navSettings: 'Paramètres',
  settingsTitle: 'Paramètres',
  settingsTill: 'Cette caisse',
  tillId: 'Nom de la caisse',
  tillIdHint: 'Enregistré avec chaque opération (1 à 20 caractères).',
  settingsDisplay: 'Écran client',
  displayEnabled: 'Afficher le QR code sur un second écran quand il y en a un',
  finalStatusSeconds: 'Durée d’affichage du résultat (secondes)',
  settingsCaisseAp: 'Caisse-AP (logiciel de caisse)',
  caisseApEnabled: 'Laisser le logiciel de caisse envoyer le montant (Caisse-AP sur IP)',
  caisseApHost: 'Adresse d’écoute',
  caisseApHostHint: '127.0.0.1 : ce poste seulement. 0.0.0.0 : le réseau du magasin (indiquez alors les caisses autorisées).',
  caisseApPort: 'Port',
  caisseApAllowList: 'Caisses autorisées (adresses IP séparées par des virgules)',
  caisseApAllowListHint: 'Vide : toute caisse qui peut joindre l’adresse d’écoute.',
  settingsPlatform: 'Plateforme Chèque-Vacances Connect',
  platformUrl: 'Adresse de la plateforme',
  platformUrlHint: 'Vide : plateforme simulée (démonstration). Pris en compte au prochain démarrage.',
  settingsSound: 'Son',
  chimeEnabled: 'Jouer un son quand un paiement est validé',
  saveSettings: 'Enregistrer',
  savingSettings: 'Enregistrement…',
  settingsSaved: 'Paramètres enregistrés.',
  wholeNumberBetween: (min: number, max: number) => `Un nombre entier de ${min} à ${max}.`,

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

  // the till's requests waiting for an answer, and what the till was not told (Caisse-AP)
  tillPanel: 'Caisse (Caisse-AP)',
  tillWaitingPayment: (amount: string, basket: string) => `La caisse attend le paiement de ${amount} — N° de panier ${basket}.`,
  tillWaitingRemainder: (remainder: string, received: string, basket: string) =>
    `Reste de ${remainder} demandé en Chèque-Vacances (${received} déjà reçus) — N° de panier ${basket}. La caisse attend.`,
  tillSettling: (basket: string) => `Demande du N° de panier ${basket} : la caisse abandonne ou n’attendra plus, annulation en cours…`,
  tillPartialTitle: (received: string, remainder: string) => `Paiement partiel : ${received} reçus, reste ${remainder} — la caisse attend`,
  tillPartialDetail: (basket: string, requested: string) => `N° de panier ${basket}, montant demandé par la caisse : ${requested}. Que faire du reste ?`,
  tillAskRemainder: 'Demander le reste en Chèque-Vacances',
  tillPaidOtherwise: 'Le reste sera payé autrement',
  tillAnswerBy: (time: string) => `Réponse à la caisse au plus tard à ${time}.`,
  tillChoosing: 'Envoi en cours…',
  tillAttention: 'À faire sur la caisse',
  tillRecordByHand: (received: string) => `Enregistrez à la main ${received} de Chèque-Vacances sur la caisse.`,
  tillPartialNotTold: (received: string, remainder: string, basket: string) =>
    `N° de panier ${basket} : le client a payé ${received} en Chèque-Vacances, la caisse a reçu « non effectuée ». Encaissez le reste (${remainder}) par un autre moyen de paiement.`,
  tillPaidAfterAbandon: (received: string, basket: string) =>
    `N° de panier ${basket} payé après l’abandon de la caisse : ${received} reçus que la caisse ignore. Ne faites pas payer le client une deuxième fois.`,
  tillUnresolved: (requested: string, basket: string) =>
    `Résultat inconnu pour le N° de panier ${basket} (${requested}) : la caisse n’a pas reçu de résultat. Ne redemandez pas le paiement ; vérifiez avec le client (son App’ Chèque-Vacances). La caisse est bloquée jusqu’à votre confirmation.`,
  tillPaidAfterUnknown: (received: string, basket: string) =>
    `N° de panier ${basket} payé (${received}) alors que la caisse a reçu « résultat inconnu ». Ne faites pas payer le client une deuxième fois.`,
  tillLockedUntilDone: 'La caisse ne pourra pas redemander un paiement Chèque-Vacances avant que vous ayez cliqué « C’est fait ».',
  tillAcknowledge: 'C’est fait',
  tillAcknowledgeUnresolved: 'C’est vérifié avec le client',
  caisseApTillTimeout: 'Temps d’attente de la caisse (secondes)',
  caisseApTillTimeoutHint:
    'Ce que votre logiciel de caisse attend avant d’abandonner (Odoo : son délai moins 3 s, soit 177). Le compagnon annule la demande et répond avant.',
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
  accountLockedText:
    'Access to your account was locked after 3 wrong passwords. To unlock it, go to espace-ptl.ancv.fr: on the login page, click “mot de passe oublié” (forgotten password) with your point of acceptance convention number.',
  loginDisabledWhileLocked: 'Logging in stays disabled while your account is locked.',
  accountUnlocked: 'I have unlocked my account',
  forgotPassword: 'Forgotten password?',
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
  tillRequest: 'Request from the till',
  newRequest: 'New request',
  expiresSoon: 'Expires soon',
  expiresSoonAnnouncement: 'The request expires in less than 30 seconds.',
  heroValidated: 'Validated',
  heroReceived: (amount) => `${amount} received`,
  heroPartial: (remainder) => `Partial payment — ${remainder} left`,
  heroPartialReceived: (received) => `${received} received in Chèques-Vacances Connect`,
  heroSettled: 'Settled',
  heroSettledText: (amount, means) => `Rest of ${amount} collected another way: ${means}`,
  collectRemainder: 'Rest collected another way',
  askRemainderLead: 'Or, if your customer wants to pay the rest with Chèque-Vacances Connect (from another account, say):',
  collectRemainderTitle: (amount) => `Rest collected another way: ${amount}`,
  collectRemainderQuestion: 'How did your customer pay the rest?',
  recordRemainder: 'Save',
  chooseMeans: 'Choose the means of payment used.',
  recordingRemainder: 'Saving…',
  goBack: 'Go back',
  remainderCollectedRow: 'Rest collected another way',
  remainderCollectedValue: (amount, means, when) => `${amount} — ${means}, on ${when}`,
  remainderMeans: {
    cash: 'Cash',
    card: 'Bank card',
    cheque: 'Cheque',
    paper_cheque_vacances: 'Paper Chèque-Vacances',
    other: 'Other',
  },
  closePendingTitle: 'The customer can still pay this request',
  closePendingText: (amount, basketNumber) =>
    `The QR code for ${amount} (basket ${basketNumber}) stays valid: your customer can still pay it. The request stays in “Pending requests” and you will be told its outcome.`,
  keepRequestOpen: 'Keep the request open',
  openPendingRequest: 'Open the pending request',
  amountOutsideLimits: (min, max) =>
    `The platform refuses this amount: the minimum accepted is ${min}${max ? `, the maximum ${max}` : ''}.`,
  resumeAfterLogin: (amount, basketNumber) =>
    `You are logged in again. The request for ${amount} for basket ${basketNumber} has not been sent yet.`,
  sendRequestNow: 'Send the request',

  openRequestsTitle: 'Pending requests',
  openRequestsCount: (count) => (count === 1 ? '1 request waiting for payment' : `${count} requests waiting for payment`),
  openRequestAction: 'Open the request: basket',
  fromTill: 'Till',
  outcomeNotices: 'Outcomes to see',
  outcomeTitle: {
    validated: 'Payment validated',
    partial: 'Partial payment',
    settled: 'Rest collected',
    expired: 'Request expired',
    cancelled: 'Request cancelled',
    failed: 'Request failed',
  },
  outcomeDetail: (outcome, facts) => {
    switch (outcome) {
      case 'validated':
        return `${facts.received} received — basket ${facts.basketNumber}`;
      case 'partial':
        return `${facts.received} received, ${facts.remainder} left to collect — basket ${facts.basketNumber}`;
      case 'settled':
        return `${facts.remainder} collected another way — basket ${facts.basketNumber}`;
      case 'expired':
        return `${facts.requested} not paid — basket ${facts.basketNumber}`;
      case 'cancelled':
      case 'failed':
        return `${facts.requested} — basket ${facts.basketNumber}`;
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  },
  noticeAt: (time) => `at ${time}`,
  showRequest: 'Show the request',
  acknowledge: 'Seen',
  acknowledgeName: (title, basketNumber) => `Seen: ${title}, basket ${basketNumber}`,
  pageTitle: 'Chèque-Vacances Connect — Till',
  pageTitleAttention: (count, headline) => `(${count}) ${headline} — Chèque-Vacances Connect`,
  linkStatus: 'Connection status',
  platformDown: (elapsed) => `Statuses delayed — connection to the platform lost for ${elapsed}`,
  platformDownHelp:
    'The customer can still pay the QR code shown. Statuses will arrive as soon as the connection is back, and each outcome will be announced to you.',
  platformDownAnnouncement: 'Statuses delayed: the connection to the platform is lost.',
  companionDown: (elapsed) => `Statuses delayed — till companion unreachable for ${elapsed}`,
  companionDownHelp: 'Reconnecting automatically. If this lasts, check that the till companion is running.',
  companionDownAnnouncement: 'Statuses delayed: the till companion cannot be reached.',

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
  settledShort: 'Settled',
  remainderLeftShort: (amount) => `${amount} left`,
  remainderShort: 'Rest collected',
  remaindersTotals: 'Rests collected another way (not Chèque-Vacances Connect)',
  meansColumn: 'Means of payment',
  amountColumn: 'Amount',

  // Settings
  navSettings: 'Settings',
  settingsTitle: 'Settings',
  settingsTill: 'This till',
  tillId: 'Till name',
  tillIdHint: 'Recorded with every operation (1 to 20 characters).',
  settingsDisplay: 'Customer display',
  displayEnabled: 'Show the QR code on a second monitor when there is one',
  finalStatusSeconds: 'How long the outcome stays on screen (seconds)',
  settingsCaisseAp: 'Caisse-AP (till software)',
  caisseApEnabled: 'Let the till software send the amount (Caisse-AP over IP)',
  caisseApHost: 'Listening address',
  caisseApHostHint: '127.0.0.1: this computer only. 0.0.0.0: the shop network (then list the tills allowed).',
  caisseApPort: 'Port',
  caisseApAllowList: 'Tills allowed (IP addresses separated by commas)',
  caisseApAllowListHint: 'Empty: any till that can reach the listening address.',
  settingsPlatform: 'Chèque-Vacances Connect platform',
  platformUrl: 'Platform address',
  platformUrlHint: 'Empty: the simulated platform (demo). Takes effect at the next start.',
  settingsSound: 'Sound',
  chimeEnabled: 'Play a sound when a payment is validated',
  saveSettings: 'Save',
  savingSettings: 'Saving…',
  settingsSaved: 'Settings saved.',
  wholeNumberBetween: (min: number, max: number) => `A whole number from ${min} to ${max}.`,

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

  tillPanel: 'Till (Caisse-AP)',
  tillWaitingPayment: (amount, basket) => `The till is waiting for a payment of ${amount} — basket ${basket}.`,
  tillWaitingRemainder: (remainder, received, basket) =>
    `The rest, ${remainder}, asked in Chèque-Vacances (${received} already received) — basket ${basket}. The till is waiting.`,
  tillSettling: (basket) => `Basket ${basket}: the till is giving up or will not wait any longer, cancelling…`,
  tillPartialTitle: (received, remainder) => `Partial payment: ${received} received, ${remainder} left — the till is waiting`,
  tillPartialDetail: (basket, requested) => `Basket ${basket}, amount the till asked: ${requested}. What about the rest?`,
  tillAskRemainder: 'Ask the rest in Chèque-Vacances',
  tillPaidOtherwise: 'The rest will be paid another way',
  tillAnswerBy: (time) => `The till gets its answer by ${time} at the latest.`,
  tillChoosing: 'Sending…',
  tillAttention: 'To do on the till',
  tillRecordByHand: (received) => `Record ${received} of Chèque-Vacances on the till by hand.`,
  tillPartialNotTold: (received, remainder, basket) =>
    `Basket ${basket}: the customer paid ${received} in Chèque-Vacances, the till was told “not done”. Collect the rest (${remainder}) with another means of payment.`,
  tillPaidAfterAbandon: (received, basket) =>
    `Basket ${basket} paid after the till gave up: ${received} received that the till does not know of. Do not make the customer pay twice.`,
  tillUnresolved: (requested, basket) =>
    `Unknown result for basket ${basket} (${requested}): the till got no result. Do not ask for the payment again; check with the customer (their Chèque-Vacances app). The till is blocked until you confirm.`,
  tillPaidAfterUnknown: (received, basket) =>
    `Basket ${basket} paid (${received}) while the till was told “result unknown”. Do not make the customer pay twice.`,
  tillLockedUntilDone: 'The till cannot ask for another Chèque-Vacances payment until you click “Done”.',
  tillAcknowledge: 'Done',
  tillAcknowledgeUnresolved: 'Checked with the customer',
  caisseApTillTimeout: 'How long the till waits (seconds)',
  caisseApTillTimeoutHint:
    'What your till software waits before it gives up (Odoo: its timeout minus 3 s, i.e. 177). The companion cancels the request and answers before that.',
};

export const messages: Record<'fr' | 'en', Messages> = { fr, en };
