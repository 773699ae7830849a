// What the cashier must see about a till's request, as `till.notice` events (the cashier screen
// shows them): each case has a code, a level and a French sentence in the guide's words.
import type { TillNotice } from '../common/contract';
import { formatCents } from '../common/money';

export const TILL_NOTICE_CODES = [
  'caisse_ap.basket_generated', // info: the till sent no usable reference, a basket number was made up
  'caisse_ap.refused', // error: the platform refused the request (or nobody is logged in): the reason
  'caisse_ap.create_unknown', // warning: the platform did not answer the create: it is being checked, the till waits
  'caisse_ap.busy', // warning: a till request came while another was in progress, and was refused
  'caisse_ap.action_refused', // warning: the till asked for a refund/cancellation or another currency
  'caisse_ap.undelivered', // warning: the till had hung up when the result came (BA=1 excepted, nothing is lost)
  'caisse_ap.listen_failed', // error: the Caisse-AP server could not listen on its address
  'caisse_ap.partial_waiting', // warning: part was paid, the till (no BF=1) waits while the cashier chooses
  'caisse_ap.partial_not_told', // error: part was paid, the till was answered "not done": record it on the till by hand
  'caisse_ap.abandoned', // warning: the till gave up, its request was cancelled before any payment
  'caisse_ap.paid_after_abandon', // error: the till had given up when the customer paid
  'caisse_ap.timed_out', // warning: the till's time was nearly up: its request was cancelled, the till told "not done"
  'caisse_ap.unresolved', // error: the till was answered (or gave up) while nobody knew whether the customer paid
  'caisse_ap.paid_after_unknown', // error: the truth came after an answer given without knowing: it was paid
  'caisse_ap.unpaid_after_unknown', // info: the truth came after an answer given without knowing: nothing was paid
  'caisse_ap.till_locked', // error: the till asked again while what it was not told is still on the cashier screen
] as const;
export type TillNoticeCode = (typeof TILL_NOTICE_CODES)[number];

export type TillNoticeDraft = Omit<TillNotice, 'at'> & { code: TillNoticeCode };

const euros = (cents: number) => formatCents(cents, 'fr');

export const notices = {
  basketGenerated(operationId: string | null, basketNumber: string, register: string, unusable: string | null): TillNoticeDraft {
    const why = unusable === null ? 'sans référence' : `avec une référence inutilisable comme N° de panier (« ${unusable} »)`;
    return {
      operationId,
      level: 'info',
      code: 'caisse_ap.basket_generated',
      message: `Demande de la caisse ${register} ${why} : N° de panier attribué ${basketNumber}.`,
    };
  },
  createUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.create_unknown',
      message:
        `La plateforme n’a pas confirmé la demande de la caisse pour le N° de panier ${basketNumber} : vérification en cours, ` +
        `la caisse attend. Ne relancez pas le paiement en caisse avant la réponse.`,
    };
  },
  refused(operationId: string | null, reason: string): TillNoticeDraft {
    return { operationId, level: 'error', code: 'caisse_ap.refused', message: `Demande de la caisse refusée : ${reason}` };
  },
  busy(register: string, amount: number): TillNoticeDraft {
    return {
      operationId: null,
      level: 'warning',
      code: 'caisse_ap.busy',
      message: `La caisse ${register} a demandé ${euros(amount)} alors qu’une demande de paiement est déjà en cours : demande refusée. Terminez ou annulez la demande en cours.`,
    };
  },
  actionRefused(register: string, what: 'credit' | 'cancellation' | 'currency'): TillNoticeDraft {
    const sentence = {
      credit: 'un remboursement : un paiement Chèque-Vacances Connect ne peut pas être remboursé depuis la caisse',
      cancellation: 'une annulation : un paiement Chèque-Vacances Connect ne peut pas être annulé depuis la caisse',
      currency: 'un paiement dans une autre devise que l’euro',
    }[what];
    return { operationId: null, level: 'warning', code: 'caisse_ap.action_refused', message: `La caisse ${register} a demandé ${sentence}.` };
  },
  undelivered(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.undelivered',
      message: `La caisse s’est déconnectée avant le résultat du N° de panier ${basketNumber} : vérifiez-le dans Mes opérations et reportez-le en caisse.`,
    };
  },
  partialWaiting(operationId: string, basketNumber: string, received: number, remainder: number): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.partial_waiting',
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
      message: `La caisse a abandonné la demande du N° de panier ${basketNumber} : demande annulée, rien n’a été payé.`,
    };
  },
  paidAfterAbandon(operationId: string, basketNumber: string, received: number): TillNoticeDraft {
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.paid_after_abandon',
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
      message: `Le temps d’attente de la caisse était presque écoulé : la demande du N° de panier ${basketNumber} a été annulée, la caisse a reçu « non effectuée ».`,
    };
  },
  unresolved(operationId: string, basketNumber: string, tillGone: boolean): TillNoticeDraft {
    const told = tillGone ? 'La caisse a abandonné' : 'La caisse a dû recevoir une réponse (« prise en compte », résultat inconnu)';
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.unresolved',
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
      message: `Résultat connu pour le N° de panier ${basketNumber} : rien n’a été payé. Vous pouvez encaisser ce panier autrement.`,
    };
  },
  tillLocked(register: string, amount: number): TillNoticeDraft {
    return {
      operationId: null,
      level: 'error',
      code: 'caisse_ap.till_locked',
      message:
        `La caisse ${register} a demandé ${euros(amount)}, refusé : un paiement Chèque-Vacances que la caisse ignore est encore à traiter ` +
        `(panneau « Caisse »). Traitez-le et cliquez « C’est fait », puis relancez le paiement.`,
    };
  },
  listenFailed(address: string, reason: string): TillNoticeDraft {
    return {
      operationId: null,
      level: 'error',
      code: 'caisse_ap.listen_failed',
      message: `La liaison caisse (Caisse-AP) ne peut pas écouter sur ${address} : ${reason}.`,
    };
  },
};
