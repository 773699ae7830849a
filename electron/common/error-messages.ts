// What a cashier reads when something goes wrong, for every contract error code. The core puts
// the French sentence in `error.message`; the renderer can re-word it in the chosen language.
import type { ContractError, ErrorCode } from './contract';
import { formatCents, type Language } from './money';

type Details = ContractError['details'];

const FIELD_NAMES: Record<Language, Record<string, string>> = {
  fr: {
    amount: 'Montant demandé',
    basketNumber: 'N° de panier',
    label: 'Libellé de transaction',
    customerReference: 'Référence client',
    sellerId: 'Identifiant vendeur',
    conventionNumber: 'Numéro de convention',
    password: 'Mot de passe',
    platformUrl: 'Adresse de la plateforme',
    merchantId: 'Identifiant marchand (PSPID)',
    apiKeyId: 'Identifiant de la clé API',
    secretApiKey: 'Clé API secrète',
  },
  en: {
    amount: 'Amount requested',
    basketNumber: 'Basket number',
    label: 'Transaction label',
    customerReference: 'Customer reference',
    sellerId: 'Seller id',
    conventionNumber: 'Convention number',
    password: 'Password',
    platformUrl: 'Platform address',
    merchantId: 'Merchant id (PSPID)',
    apiKeyId: 'API key id',
    secretApiKey: 'Secret API key',
  },
};

export function fieldName(field: string, language: Language): string {
  return FIELD_NAMES[language][field] ?? field;
}

const SENTENCES: Record<Language, Record<ErrorCode, (d: Details) => string>> = {
  fr: {
    bad_request: (d) => (d?.field ? `Champ invalide : ${fieldName(d.field, 'fr')}.` : 'Demande invalide.'),
    validation_error: (d) =>
      d?.field === 'amount' && d.minAmount !== undefined
        ? `Le montant demandé est refusé par la plateforme : il doit être d’au moins ${formatCents(d.minAmount, 'fr')}${d.maxAmount !== undefined ? ` et d’au plus ${formatCents(d.maxAmount, 'fr')}` : ''}.`
        : d?.field
          ? `La plateforme refuse le champ « ${fieldName(d.field, 'fr')} ».`
          : 'La plateforme refuse la demande.',
    not_logged_in: () => 'Vous n’êtes pas connecté. Merci de vous connecter.',
    invalid_credentials: (d) =>
      d?.attemptsLeft === undefined
        ? 'Numéro de convention ou mot de passe incorrect.'
        : `Mot de passe incorrect. Il vous reste ${d.attemptsLeft} essai${d.attemptsLeft > 1 ? 's' : ''} avant le blocage de votre compte.`,
    account_locked: () =>
      'Votre compte est bloqué après 3 mots de passe erronés. Pour le débloquer, rendez-vous sur espace-ptl.ancv.fr, cliquez sur « mot de passe oublié » muni de votre numéro de convention.',
    token_expired: () => 'Votre session a expiré. Merci de vous reconnecter : la demande en cours est conservée.',
    network_unreachable: () => 'La plateforme Chèque-Vacances Connect est injoignable. Vérifiez la connexion internet.',
    timeout: () => 'La plateforme ne répond pas à temps. La demande sera vérifiée automatiquement.',
    basket_in_progress: () => 'Une demande de paiement est déjà en attente pour ce N° de panier.',
    not_pending: () => 'Cette demande n’est plus en attente de paiement.',
    not_found: () => 'Opération introuvable.',
    idempotency_conflict: () => 'Cette demande a déjà été envoyée avec d’autres informations.',
    platform_error: () => 'La plateforme a rencontré une erreur. Réessayez dans un instant.',
    unauthorized: () => 'Accès refusé : jeton manquant ou invalide.',
    forbidden: () => 'Accès refusé pour cet écran.',
    busy: () => 'Une autre demande est déjà en cours.',
    internal_error: () => 'Erreur interne du compagnon de caisse.',
    no_remainder: () => 'Cette opération n’a pas de reste à encaisser.',
    remainder_already_collected: () => 'Le reste de cette opération est déjà encaissé.',
    remainder_requested: () => 'Le reste de cette opération a déjà été demandé par une autre demande de paiement.',
    outcome_unknown: () =>
      'Résultat inconnu : la plateforme n’a pas confirmé la demande. Elle est vérifiée automatiquement ; suivez-la dans « Mes opérations » avant d’en refaire une.',
    storage_full: () =>
      'Le disque de l’ordinateur de caisse est plein : rien n’a été enregistré. Libérez de la place (ou prévenez votre support informatique), puis recommencez.',
    storage_read_only: () =>
      'Le dossier de données du compagnon n’est pas modifiable (disque en lecture seule ou droits insuffisants) : rien n’a été enregistré. Prévenez votre support informatique.',
    other_platform: () =>
      'Cette demande a été faite sur une autre plateforme que celle configurée maintenant : elle ne peut être vérifiée qu’avec celle-ci. Vérifiez les paramètres.',
    printer_not_configured: () => 'Aucune imprimante de tickets réseau n’est indiquée dans les Paramètres.',
    printer_unreachable: () => 'L’imprimante de tickets ne répond pas. Vérifiez qu’elle est allumée et reliée au réseau.',
    not_supported: () => 'La plateforme de paiement utilisée ne le permet pas.',
  },
  en: {
    bad_request: (d) => (d?.field ? `Invalid field: ${fieldName(d.field, 'en')}.` : 'Invalid request.'),
    validation_error: (d) =>
      d?.field === 'amount' && d.minAmount !== undefined
        ? `The platform refused the amount requested: it must be at least ${formatCents(d.minAmount, 'en')}${d.maxAmount !== undefined ? ` and at most ${formatCents(d.maxAmount, 'en')}` : ''}.`
        : d?.field
          ? `The platform refused the field “${fieldName(d.field, 'en')}”.`
          : 'The platform refused the request.',
    not_logged_in: () => 'You are not logged in. Please log in.',
    invalid_credentials: (d) =>
      d?.attemptsLeft === undefined
        ? 'Wrong convention number or password.'
        : `Wrong password. ${d.attemptsLeft} attempt${d.attemptsLeft > 1 ? 's' : ''} left before your account is locked.`,
    account_locked: () =>
      'Your account is locked after 3 wrong passwords. To unlock it, go to espace-ptl.ancv.fr and click “mot de passe oublié” with your convention number.',
    token_expired: () => 'Your session has expired. Please log in again: the current request is kept.',
    network_unreachable: () => 'The Chèque-Vacances Connect platform cannot be reached. Check the internet connection.',
    timeout: () => 'The platform did not answer in time. The request will be checked automatically.',
    basket_in_progress: () => 'A payment request is already pending for this basket number.',
    not_pending: () => 'This request is no longer waiting for payment.',
    not_found: () => 'Operation not found.',
    idempotency_conflict: () => 'This request was already sent with different details.',
    platform_error: () => 'The platform had an error. Try again in a moment.',
    unauthorized: () => 'Access denied: missing or invalid token.',
    forbidden: () => 'Access denied for this screen.',
    busy: () => 'Another request is already in progress.',
    internal_error: () => 'Internal error in the till companion.',
    no_remainder: () => 'This operation has nothing left to collect.',
    remainder_already_collected: () => 'The remainder of this operation is already collected.',
    remainder_requested: () => 'The remainder of this operation was already requested by another payment request.',
    outcome_unknown: () =>
      'Outcome unknown: the platform did not confirm the request. It is being checked automatically; follow it in “My operations” before making another one.',
    storage_full: () => 'The till computer’s disk is full: nothing was recorded. Free some space (or call your IT support), then try again.',
    storage_read_only: () =>
      'The companion’s data folder cannot be written (read-only disk or missing rights): nothing was recorded. Call your IT support.',
    other_platform: () =>
      'This request was made on another platform than the one configured now: it can only be checked with that one. Check the settings.',
    printer_not_configured: () => 'No network receipt printer is set in the Settings.',
    printer_unreachable: () => 'The receipt printer does not answer. Check that it is on and connected to the network.',
    not_supported: () => 'The payment platform in use does not offer this.',
  },
};

export function errorSentence(code: ErrorCode, details: Details, language: Language = 'fr'): string {
  return SENTENCES[language][code](details);
}

/** A contract error with its French sentence. */
export function contractError(code: ErrorCode, details?: Details): ContractError {
  return details ? { code, message: errorSentence(code, details), details } : { code, message: errorSentence(code, undefined) };
}
