// What the cashier must see about a till's request, as `till.notice` events: each case has a
// code, a level and the facts its sentence needs (the cashier screen words it in the cashier's
// language from those), plus a French fallback sentence for the logs and integrators.
import { formatCents } from '../common/money';
import type { TillNoticeDraft, TillRefusal } from '../common/till-notice';

export { TILL_NOTICE_CODES, type TillNoticeCode, type TillNoticeDraft } from '../common/till-notice';

const euros = (cents: number) => formatCents(cents, 'fr');

export const notices = {
  basketGenerated(operationId: string | null, basketNumber: string, register: string, unusable: string | null): TillNoticeDraft {
    const why = unusable === null ? 'sans référence' : `avec une référence inutilisable comme N° de panier (« ${unusable} »)`;
    return {
      operationId,
      level: 'info',
      code: 'caisse_ap.basket_generated',
      params: { register, basketNumber, unusable },
      message: `Demande de la caisse ${register} ${why} : N° de panier attribué ${basketNumber}.`,
    };
  },
  createUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.create_unknown',
      params: { basketNumber },
      message:
        `La plateforme n’a pas confirmé la demande de la caisse pour le N° de panier ${basketNumber} : vérification en cours, ` +
        `la caisse attend. Ne relancez pas le paiement en caisse avant la réponse.`,
    };
  },
  /** `reason`: the refusal in French, for the fallback sentence. */
  refused(operationId: string | null, refusal: TillRefusal, reason: string): TillNoticeDraft {
    return { operationId, level: 'error', code: 'caisse_ap.refused', params: { refusal }, message: `Demande de la caisse refusée : ${reason}` };
  },
  busy(register: string, amount: number): TillNoticeDraft {
    return {
      operationId: null,
      level: 'warning',
      code: 'caisse_ap.busy',
      params: { register, amount },
      message: `La caisse ${register} a demandé ${euros(amount)} alors qu’une demande de paiement est déjà en cours : demande refusée. Terminez ou annulez la demande en cours.`,
    };
  },
  actionRefused(register: string, what: 'credit' | 'cancellation' | 'currency'): TillNoticeDraft {
    const sentence = {
      credit: 'un remboursement : un paiement Chèque-Vacances Connect ne peut pas être remboursé depuis la caisse',
      cancellation: 'une annulation : un paiement Chèque-Vacances Connect ne peut pas être annulé depuis la caisse',
      currency: 'un paiement dans une autre devise que l’euro',
    }[what];
    return { operationId: null, level: 'warning', code: 'caisse_ap.action_refused', params: { register, action: what }, message: `La caisse ${register} a demandé ${sentence}.` };
  },
  undelivered(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.undelivered',
      params: { basketNumber },
      message: `La caisse s’est déconnectée avant le résultat du N° de panier ${basketNumber} : vérifiez-le dans Mes opérations et reportez-le en caisse.`,
    };
  },
  partialWaiting(operationId: string, basketNumber: string, received: number, remainder: number): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.partial_waiting',
      params: { basketNumber, received, remainder },
      message: `Paiement partiel pour le N° de panier ${basketNumber} : ${euros(received)} reçus, reste ${euros(remainder)} — la caisse attend votre choix.`,
    };
  },
  partialNotTold(operationId: string, basketNumber: string, received: number, remainder: number, why: 'paid_otherwise' | 'till_timeout' | 'till_gone'): TillNoticeDraft {
    const cause = {
      paid_otherwise: 'La caisse a reçu « non effectuée » (le reste sera payé autrement)',
      till_timeout: 'Le temps d’attente de la caisse était écoulé : elle a reçu « non effectuée »',
      till_gone: 'La caisse a abandonné la demande',
    }[why];
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.partial_not_told',
      params: { basketNumber, received, remainder, why },
      message:
        `${cause} alors que le client a payé ${euros(received)} en Chèque-Vacances pour le N° de panier ${basketNumber}. ` +
        `Enregistrez à la main ${euros(received)} de Chèque-Vacances sur la caisse, puis encaissez le reste (${euros(remainder)}) autrement.`,
    };
  },
  abandoned(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.abandoned',
      params: { basketNumber },
      message: `La caisse a abandonné la demande du N° de panier ${basketNumber} : demande annulée, rien n’a été payé.`,
    };
  },
  paidAfterAbandon(operationId: string, basketNumber: string, received: number): TillNoticeDraft {
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.paid_after_abandon',
      params: { basketNumber, received },
      message:
        `N° de panier ${basketNumber} payé après l’abandon de la caisse : ${euros(received)} reçus en Chèque-Vacances que la caisse ignore. ` +
        `Ne faites pas payer le client une deuxième fois : enregistrez ${euros(received)} de Chèque-Vacances sur la caisse à la main.`,
    };
  },
  timedOut(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.timed_out',
      params: { basketNumber },
      message: `Le temps d’attente de la caisse était presque écoulé : la demande du N° de panier ${basketNumber} a été annulée, la caisse a reçu « non effectuée ».`,
    };
  },
  unresolved(operationId: string, basketNumber: string, tillGone: boolean): TillNoticeDraft {
    const told = tillGone ? 'La caisse a abandonné' : 'La caisse a dû recevoir une réponse (« prise en compte », résultat inconnu)';
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.unresolved',
      params: { basketNumber, tillGone },
      message:
        `${told} alors que la plateforme n’a pas pu dire si le N° de panier ${basketNumber} est payé. ` +
        `Ne redemandez pas le paiement : vérifiez avec le client (son App’ Chèque-Vacances) ; le résultat s’affichera ici dès qu’il sera connu.`,
    };
  },
  paidAfterUnknown(operationId: string, basketNumber: string, received: number): TillNoticeDraft {
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.paid_after_unknown',
      params: { basketNumber, received },
      message:
        `Résultat connu pour le N° de panier ${basketNumber} : ${euros(received)} payés, alors que la caisse n’en a pas été informée. ` +
        `Enregistrez ${euros(received)} de Chèque-Vacances sur la caisse à la main ; ne faites pas payer le client une deuxième fois.`,
    };
  },
  unpaidAfterUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'info',
      code: 'caisse_ap.unpaid_after_unknown',
      params: { basketNumber },
      message: `Résultat connu pour le N° de panier ${basketNumber} : rien n’a été payé. Vous pouvez encaisser ce panier autrement.`,
    };
  },
  tillLocked(register: string, amount: number): TillNoticeDraft {
    return {
      operationId: null,
      level: 'error',
      code: 'caisse_ap.till_locked',
      params: { register, amount },
      message:
        `La caisse ${register} a demandé ${euros(amount)}, refusé : un paiement Chèque-Vacances que la caisse ignore est encore à traiter ` +
        `(panneau « Caisse »). Traitez-le et cliquez « C’est fait », puis relancez le paiement.`,
    };
  },
  /** `detail`: the system's own words when the address is not simply in use. */
  listenFailed(address: string, inUse: boolean, detail: string): TillNoticeDraft {
    return {
      operationId: null,
      level: 'error',
      code: 'caisse_ap.listen_failed',
      params: { address, inUse, detail },
      message: `La liaison caisse (Caisse-AP) ne peut pas écouter sur ${address} : ${inUse ? 'adresse déjà utilisée' : detail}.`,
    };
  },
};
