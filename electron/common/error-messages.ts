// The French fallback sentence of every contract error code, put in `error.message` for
// integrators of the local API and for the logs. The screens never show it: they word the error
// from its code and details (renderer/src/i18n/core-words.ts, French and English; a unit test
// keeps this French identical to the screens' French).
import type { ContractError, ErrorCode } from './contract';
import { formatCents } from './money';

type Details = ContractError['details'];

const FIELD_NAMES: Record<'fr', Record<string, string>> = {
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
};

function fieldName(field: string, language: 'fr'): string {
  return FIELD_NAMES[language][field] ?? field;
}

const SENTENCES: Record<'fr', Record<ErrorCode, (d: Details) => string>> = {
  fr: {
    bad_request: (d) => (d?.field ? `Champ invalide : ${fieldName(d.field, 'fr')}.` : 'Demande invalide.'),
    validation_error: (d) =>
      d?.field === 'amount' && d.minAmount !== undefined
        ? `La plateforme refuse ce montant : le minimum accepté est de ${formatCents(d.minAmount, 'fr')}${d.maxAmount !== undefined ? `, le maximum de ${formatCents(d.maxAmount, 'fr')}` : ''}.`
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
};

function errorSentence(code: ErrorCode, details: Details): string {
  return SENTENCES.fr[code](details);
}

/** A contract error with its French fallback sentence. */
export function contractError(code: ErrorCode, details?: Details): ContractError {
  return details ? { code, message: errorSentence(code, details), details } : { code, message: errorSentence(code, undefined) };
}
