// What the cashier reads for everything the core and the hosts send as a code: contract errors
// (and their specific cases), schema errors per field, why an operation failed, and the till's
// notices. French (the guide's wording) and English, complete: the core sends codes and
// parameters, and the screens word them here in the cashier's language. Shared, because the hosts
// also put the French sentence in `message` for integrators and the logs: each sentence once.
import type { ContractError, ErrorCode } from './contract';
import type { ErrorReason, FieldIssue, InputIssue, OperationFailureCode } from './error-details';
import { formatCents, type Language } from './money';
import type { TillNotice, TillNoticeCode, TillRefusal } from './till-notice';

type Details = NonNullable<ContractError['details']>;
type ParamsOf<C extends TillNoticeCode> = Extract<TillNotice, { code: C }>['params'];

export interface CoreWords {
  /** The input fields a cashier (or a till) fills, by their contract name. */
  fields: Record<string, string>;
  /** What to do about a field's problem, when the field has its own advice. */
  fieldAdvice: Record<string, Partial<Record<InputIssue, (limit: number | undefined) => string>>>;
  issues: Record<InputIssue, (limit: number | undefined) => string>;
  /** "Field: advice", in the language's punctuation. */
  fieldProblem: (field: string, advice: string) => string;
  errors: Record<ErrorCode, (details: Details) => string>;
  reasons: Record<ErrorReason, (details: Details) => string>;
  failures: Record<OperationFailureCode, string>;
  /** A failure code the companion does not know (the platform's own). */
  otherFailure: (code: string) => string;
  refusals: { [C in TillRefusal['cause']]: (refusal: Extract<TillRefusal, { cause: C }>, language: Language) => string };
  tillNotices: { [C in TillNoticeCode]: (params: ParamsOf<C>) => string };
}

const fr: CoreWords = {
  fields: {
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
    followUpOf: 'Demande d’origine',
    tillId: 'Nom de la caisse',
    from: 'Du',
    to: 'Au',
  },
  fieldAdvice: {
    amount: {
      required: () => 'saisissez un montant en euros, par exemple 12,50',
      wrong_type: () => 'saisissez un montant en euros, par exemple 12,50',
      format: () => 'saisissez un montant en euros, par exemple 12,50',
      too_small: (limit) => `au moins ${formatCents(limit ?? 1, 'fr')}`,
      too_big: (limit) => `au plus ${formatCents(limit ?? 0, 'fr')}`,
    },
    basketNumber: {
      format: () => 'de 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace)',
      too_big: () => 'de 1 à 20 caractères : lettres sans accent, chiffres, - ou _ (sans espace)',
    },
    conventionNumber: { format: () => '12 chiffres' },
  },
  issues: {
    required: () => 'à renseigner',
    wrong_type: () => 'valeur d’un type inattendu',
    too_small: (limit) => (limit === undefined ? 'trop court ou trop petit' : `au moins ${limit}`),
    too_big: (limit) => (limit === undefined ? 'trop long ou trop grand' : `${limit} au plus (caractères ou valeur)`),
    format: () => 'format incorrect',
    not_allowed: () => 'valeur non acceptée',
    unknown_field: () => 'champ inconnu',
  },
  fieldProblem: (field, advice) => `${field} : ${advice}.`,
  errors: {
    bad_request: (d) => (d.field ? `Champ invalide : ${fieldName(d.field, 'fr')}.` : 'Demande invalide.'),
    validation_error: (d) =>
      d.field === 'amount' && d.minAmount !== undefined
        ? `La plateforme refuse ce montant : le minimum accepté est de ${formatCents(d.minAmount, 'fr')}${d.maxAmount !== undefined ? `, le maximum de ${formatCents(d.maxAmount, 'fr')}` : ''}.`
        : d.field
          ? `La plateforme refuse le champ « ${fieldName(d.field, 'fr')} ».`
          : 'La plateforme refuse la demande.',
    not_logged_in: () => 'Vous n’êtes pas connecté. Merci de vous connecter.',
    invalid_credentials: (d) =>
      d.attemptsLeft === undefined
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
  reasons: {
    follow_up_not_found: () => 'La demande d’origine est introuvable.',
    follow_up_not_partial: () => 'La demande d’origine n’a pas de reste à encaisser.',
    follow_up_other_basket: () => 'Le reste doit être demandé sur le même N° de panier.',
    follow_up_more_than_remainder: () => 'Le montant dépasse le reste à encaisser.',
    period_too_long: () => 'Trop de demandes sur la plateforme pour cette période : choisissez une période plus courte.',
    no_receipt: () => 'Pas de ticket : aucun paiement validé pour ce panier.',
    till_request_not_waiting: () => 'Cette demande de la caisse n’attend plus de réponse.',
    till_choice_not_waiting: () => 'Cette demande de la caisse n’attend plus de choix.',
    body_too_large: (d) => `Requête trop volumineuse (${Math.round((d.limit ?? 16384) / 1024)} Kio au plus).`,
    body_not_json: () => 'Le corps doit être du JSON.',
    body_invalid_json: () => 'Corps JSON invalide.',
    unknown_channel: (d) => `Canal inconnu : ${d.field ?? ''}.`,
    bad_idempotency_key: () => 'En-tête Idempotency-Key invalide : 1 à 200 caractères ASCII visibles, sans espace.',
    too_many_streams: (d) =>
      `Trop de flux d’événements ouverts pour ${d.field === 'display' ? 'les écrans client' : 'l’écran caisse'} (${d.limit ?? 0} au plus) : fermez les onglets inutilisés, puis réessayez.`,
    unknown_host: () => 'Adresse non reconnue (en-tête Host) : ouvrez le compagnon par l’adresse qu’il affiche.',
  },
  failures: {
    never_reached: 'La demande n’est jamais parvenue à la plateforme : aucun paiement n’a été demandé au client.',
    unknown_to_platform: 'La plateforme ne connaît pas cette demande : aucun paiement ne peut y être reçu.',
  },
  otherFailure: (code) => `La plateforme a refusé la demande (code ${code}).`,
  refusals: {
    ceiling: (r) => `montant supérieur au plafond de ${formatCents(r.maxAmount, 'fr')} par demande.`,
    not_logged_in: () => 'la caisse n’est pas connectée à Chèque-Vacances Connect (vous n’êtes pas connecté).',
    error: (r, language) => wordError(r.error, language),
    failed: (r, language) => wordFailure(r.failureCode, language),
  },
  tillNotices: {
    'caisse_ap.basket_generated': (p) =>
      `Demande de la caisse ${p.register} ${p.unusable === null ? 'sans référence' : `avec une référence inutilisable comme N° de panier (« ${p.unusable} »)`} : N° de panier attribué ${p.basketNumber}.`,
    'caisse_ap.refused': (p) => `Demande de la caisse refusée : ${wordRefusal(p.refusal, 'fr')}`,
    'caisse_ap.create_unknown': (p) =>
      `La plateforme n’a pas confirmé la demande de la caisse pour le N° de panier ${p.basketNumber} : vérification en cours, ` +
      `la caisse attend. Ne relancez pas le paiement en caisse avant la réponse.`,
    'caisse_ap.busy': (p) =>
      `La caisse ${p.register} a demandé ${formatCents(p.amount, 'fr')} alors qu’une demande de paiement est déjà en cours : demande refusée. Terminez ou annulez la demande en cours.`,
    'caisse_ap.action_refused': (p) =>
      `La caisse ${p.register} a demandé ${
        {
          credit: 'un remboursement : un paiement Chèque-Vacances Connect ne peut pas être remboursé depuis la caisse',
          cancellation: 'une annulation : un paiement Chèque-Vacances Connect ne peut pas être annulé depuis la caisse',
          currency: 'un paiement dans une autre devise que l’euro',
        }[p.action]
      }.`,
    'caisse_ap.undelivered': (p) =>
      `La caisse s’est déconnectée avant le résultat du N° de panier ${p.basketNumber} : vérifiez-le dans Mes opérations et reportez-le en caisse.`,
    'caisse_ap.listen_failed': (p) => `La liaison caisse (Caisse-AP) ne peut pas écouter sur ${p.address} : ${p.inUse ? 'adresse déjà utilisée' : p.detail}.`,
    'caisse_ap.partial_waiting': (p) =>
      `Paiement partiel pour le N° de panier ${p.basketNumber} : ${formatCents(p.received, 'fr')} reçus, reste ${formatCents(p.remainder, 'fr')} — la caisse attend votre choix.`,
    'caisse_ap.partial_not_told': (p) =>
      `${
        {
          paid_otherwise: 'La caisse a reçu « non effectuée » (le reste sera payé autrement)',
          till_timeout: 'Le temps d’attente de la caisse était écoulé : elle a reçu « non effectuée »',
          till_gone: 'La caisse a abandonné la demande',
        }[p.why]
      } alors que le client a payé ${formatCents(p.received, 'fr')} en Chèque-Vacances pour le N° de panier ${p.basketNumber}. ` +
      `Enregistrez à la main ${formatCents(p.received, 'fr')} de Chèque-Vacances sur la caisse, puis encaissez le reste (${formatCents(p.remainder, 'fr')}) autrement.`,
    'caisse_ap.abandoned': (p) => `La caisse a abandonné la demande du N° de panier ${p.basketNumber} : demande annulée, rien n’a été payé.`,
    'caisse_ap.paid_after_abandon': (p) =>
      `N° de panier ${p.basketNumber} payé après l’abandon de la caisse : ${formatCents(p.received, 'fr')} reçus en Chèque-Vacances que la caisse ignore. ` +
      `Ne faites pas payer le client une deuxième fois : enregistrez ${formatCents(p.received, 'fr')} de Chèque-Vacances sur la caisse à la main.`,
    'caisse_ap.timed_out': (p) =>
      `Le temps d’attente de la caisse était presque écoulé : la demande du N° de panier ${p.basketNumber} a été annulée, la caisse a reçu « non effectuée ».`,
    'caisse_ap.unresolved': (p) =>
      `${p.tillGone ? 'La caisse a abandonné' : 'La caisse a dû recevoir une réponse (« prise en compte », résultat inconnu)'} alors que la plateforme n’a pas pu dire si le N° de panier ${p.basketNumber} est payé. ` +
      `Ne redemandez pas le paiement : vérifiez avec le client (son App’ Chèque-Vacances) ; le résultat s’affichera ici dès qu’il sera connu.`,
    'caisse_ap.paid_after_unknown': (p) =>
      `Résultat connu pour le N° de panier ${p.basketNumber} : ${formatCents(p.received, 'fr')} payés, alors que la caisse n’en a pas été informée. ` +
      `Enregistrez ${formatCents(p.received, 'fr')} de Chèque-Vacances sur la caisse à la main ; ne faites pas payer le client une deuxième fois.`,
    'caisse_ap.unpaid_after_unknown': (p) =>
      `Résultat connu pour le N° de panier ${p.basketNumber} : rien n’a été payé. Vous pouvez encaisser ce panier autrement.`,
    'caisse_ap.till_locked': (p) =>
      `La caisse ${p.register} a demandé ${formatCents(p.amount, 'fr')}, refusé : un paiement Chèque-Vacances que la caisse ignore est encore à traiter ` +
      `(panneau « Caisse »). Traitez-le et cliquez « C’est fait », puis relancez le paiement.`,
  },
};

const en: CoreWords = {
  fields: {
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
    followUpOf: 'Original request',
    tillId: 'Till name',
    from: 'From',
    to: 'To',
  },
  fieldAdvice: {
    amount: {
      required: () => 'enter an amount in euros, for example 12.50',
      wrong_type: () => 'enter an amount in euros, for example 12.50',
      format: () => 'enter an amount in euros, for example 12.50',
      too_small: (limit) => `at least ${formatCents(limit ?? 1, 'en')}`,
      too_big: (limit) => `at most ${formatCents(limit ?? 0, 'en')}`,
    },
    basketNumber: {
      format: () => '1 to 20 characters: letters without accents, digits, - or _ (no spaces)',
      too_big: () => '1 to 20 characters: letters without accents, digits, - or _ (no spaces)',
    },
    conventionNumber: { format: () => '12 digits' },
  },
  issues: {
    required: () => 'required',
    wrong_type: () => 'a value of an unexpected type',
    too_small: (limit) => (limit === undefined ? 'too short or too small' : `at least ${limit}`),
    too_big: (limit) => (limit === undefined ? 'too long or too large' : `${limit} at most (characters or value)`),
    format: () => 'wrong format',
    not_allowed: () => 'value not accepted',
    unknown_field: () => 'unknown field',
  },
  fieldProblem: (field, advice) => `${field}: ${advice}.`,
  errors: {
    bad_request: (d) => (d.field ? `Invalid field: ${fieldName(d.field, 'en')}.` : 'Invalid request.'),
    validation_error: (d) =>
      d.field === 'amount' && d.minAmount !== undefined
        ? `The platform refuses this amount: the minimum accepted is ${formatCents(d.minAmount, 'en')}${d.maxAmount !== undefined ? `, the maximum ${formatCents(d.maxAmount, 'en')}` : ''}.`
        : d.field
          ? `The platform refused the field “${fieldName(d.field, 'en')}”.`
          : 'The platform refused the request.',
    not_logged_in: () => 'You are not logged in. Please log in.',
    invalid_credentials: (d) =>
      d.attemptsLeft === undefined
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
  reasons: {
    follow_up_not_found: () => 'The original request cannot be found.',
    follow_up_not_partial: () => 'The original request has nothing left to collect.',
    follow_up_other_basket: () => 'The rest must be requested on the same basket number.',
    follow_up_more_than_remainder: () => 'The amount is more than what is left to collect.',
    period_too_long: () => 'Too many requests on the platform for this period: choose a shorter one.',
    no_receipt: () => 'No receipt: no validated payment for this basket.',
    till_request_not_waiting: () => 'This request from the till no longer waits for an answer.',
    till_choice_not_waiting: () => 'This request from the till no longer waits for a choice.',
    body_too_large: (d) => `Request too large (${Math.round((d.limit ?? 16384) / 1024)} KiB at most).`,
    body_not_json: () => 'The body must be JSON.',
    body_invalid_json: () => 'Invalid JSON body.',
    unknown_channel: (d) => `Unknown channel: ${d.field ?? ''}.`,
    bad_idempotency_key: () => 'Invalid Idempotency-Key header: 1 to 200 visible ASCII characters, no spaces.',
    too_many_streams: (d) =>
      `Too many event streams open for ${d.field === 'display' ? 'the customer displays' : 'the till screen'} (${d.limit ?? 0} at most): close unused tabs, then try again.`,
    unknown_host: () => 'Unknown address (Host header): open the companion at the address it prints.',
  },
  failures: {
    never_reached: 'The request never reached the platform: no payment was asked of the customer.',
    unknown_to_platform: 'The platform does not know this request: no payment can be received on it.',
  },
  otherFailure: (code) => `The platform refused the request (code ${code}).`,
  refusals: {
    ceiling: (r) => `amount above the ceiling of ${formatCents(r.maxAmount, 'en')} per request.`,
    not_logged_in: () => 'the till is not connected to Chèque-Vacances Connect (you are not logged in).',
    error: (r, language) => wordError(r.error, language),
    failed: (r, language) => wordFailure(r.failureCode, language),
  },
  tillNotices: {
    'caisse_ap.basket_generated': (p) =>
      `Request from till ${p.register} ${p.unusable === null ? 'without a reference' : `with a reference that cannot be a basket number (“${p.unusable}”)`}: basket number ${p.basketNumber} given.`,
    'caisse_ap.refused': (p) => `Request from the till refused: ${wordRefusal(p.refusal, 'en')}`,
    'caisse_ap.create_unknown': (p) =>
      `The platform did not confirm the till’s request for basket ${p.basketNumber}: checking, the till is waiting. ` +
      `Do not start the payment again on the till before the answer.`,
    'caisse_ap.busy': (p) =>
      `Till ${p.register} asked for ${formatCents(p.amount, 'en')} while a payment request is already in progress: refused. Finish or cancel the request in progress.`,
    'caisse_ap.action_refused': (p) =>
      `Till ${p.register} asked for ${
        {
          credit: 'a refund: a Chèque-Vacances Connect payment cannot be refunded from the till',
          cancellation: 'a cancellation: a Chèque-Vacances Connect payment cannot be cancelled from the till',
          currency: 'a payment in another currency than the euro',
        }[p.action]
      }.`,
    'caisse_ap.undelivered': (p) =>
      `The till disconnected before the outcome of basket ${p.basketNumber}: check it in My operations and report it on the till.`,
    'caisse_ap.listen_failed': (p) => `The till link (Caisse-AP) cannot listen on ${p.address}: ${p.inUse ? 'address already in use' : p.detail}.`,
    'caisse_ap.partial_waiting': (p) =>
      `Partial payment for basket ${p.basketNumber}: ${formatCents(p.received, 'en')} received, ${formatCents(p.remainder, 'en')} left — the till is waiting for your choice.`,
    'caisse_ap.partial_not_told': (p) =>
      `${
        {
          paid_otherwise: 'The till was told “not done” (the rest will be paid another way)',
          till_timeout: 'The till’s waiting time was over: it was told “not done”',
          till_gone: 'The till gave up the request',
        }[p.why]
      } while the customer paid ${formatCents(p.received, 'en')} in Chèque-Vacances for basket ${p.basketNumber}. ` +
      `Record ${formatCents(p.received, 'en')} of Chèque-Vacances on the till by hand, then collect the rest (${formatCents(p.remainder, 'en')}) another way.`,
    'caisse_ap.abandoned': (p) => `The till gave up the request for basket ${p.basketNumber}: request cancelled, nothing was paid.`,
    'caisse_ap.paid_after_abandon': (p) =>
      `Basket ${p.basketNumber} paid after the till gave up: ${formatCents(p.received, 'en')} received in Chèque-Vacances that the till does not know of. ` +
      `Do not make the customer pay twice: record ${formatCents(p.received, 'en')} of Chèque-Vacances on the till by hand.`,
    'caisse_ap.timed_out': (p) =>
      `The till’s waiting time was nearly over: the request for basket ${p.basketNumber} was cancelled, the till was told “not done”.`,
    'caisse_ap.unresolved': (p) =>
      `${p.tillGone ? 'The till gave up' : 'The till must have been answered (“taken into account”, result unknown)'} while the platform could not say whether basket ${p.basketNumber} is paid. ` +
      `Do not ask for the payment again: check with the customer (their Chèque-Vacances app); the outcome will show here as soon as it is known.`,
    'caisse_ap.paid_after_unknown': (p) =>
      `Outcome known for basket ${p.basketNumber}: ${formatCents(p.received, 'en')} paid, and the till was not told. ` +
      `Record ${formatCents(p.received, 'en')} of Chèque-Vacances on the till by hand; do not make the customer pay twice.`,
    'caisse_ap.unpaid_after_unknown': (p) => `Outcome known for basket ${p.basketNumber}: nothing was paid. You can collect this basket another way.`,
    'caisse_ap.till_locked': (p) =>
      `Till ${p.register} asked for ${formatCents(p.amount, 'en')}, refused: a Chèque-Vacances payment the till does not know of is still to be handled ` +
      `(“Till” panel). Handle it and click “Done”, then start the payment again.`,
  },
};

export const coreWords: Record<Language, CoreWords> = { fr, en };

export function fieldName(field: string, language: Language): string {
  return coreWords[language].fields[field] ?? field;
}

function wordFieldIssue({ field, issue, limit }: FieldIssue, language: Language): string {
  const words = coreWords[language];
  const advice = words.fieldAdvice[field]?.[issue] ?? words.issues[issue];
  return words.fieldProblem(fieldName(field, language), advice(limit));
}

/** The sentence for a contract error, from its code and details only (never its `message`). */
export function wordError(error: Pick<ContractError, 'code' | 'details'>, language: Language): string {
  const words = coreWords[language];
  const details = error.details ?? {};
  if (details.reason) return words.reasons[details.reason](details);
  // A schema refused the input: say, per field, what to type.
  if (error.code === 'bad_request' && details.issue && details.field) {
    const issues = details.issues?.length ? details.issues : [{ field: details.field, issue: details.issue, limit: details.limit }];
    return issues.map((issue) => wordFieldIssue(issue, language)).join(' ');
  }
  return words.errors[error.code](details);
}

/** Why an operation ended `failed`: a contract code, a reconciliation code or the platform's own. */
export function wordFailure(code: string, language: Language): string {
  const words = coreWords[language];
  if (Object.hasOwn(words.failures, code)) return words.failures[code as OperationFailureCode];
  if (Object.hasOwn(words.errors, code)) return words.errors[code as ErrorCode]({});
  return words.otherFailure(code);
}

function wordRefusal(refusal: TillRefusal, language: Language): string {
  const refusals = coreWords[language].refusals;
  switch (refusal.cause) {
    case 'ceiling':
      return refusals.ceiling(refusal, language);
    case 'not_logged_in':
      return refusals.not_logged_in(refusal, language);
    case 'error':
      return refusals.error(refusal, language);
    case 'failed':
      return refusals.failed(refusal, language);
    default: {
      const unreachable: never = refusal;
      return unreachable;
    }
  }
}

/** The sentence for a till's notice, from its code and params only. */
export function wordTillNotice(notice: Pick<TillNotice, 'code' | 'params'>, language: Language): string {
  const word = coreWords[language].tillNotices[notice.code] as (params: TillNotice['params']) => string;
  return word(notice.params);
}
