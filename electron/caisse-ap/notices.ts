// What the cashier must see about a till's request, as `till.notice` events (the cashier screen
// shows them): each case has a code, a level and a French sentence in the guide's words.
import type { TillNotice } from '../common/contract';
import { formatCents } from '../common/money';

export const TILL_NOTICE_CODES = [
  'caisse_ap.basket_generated', // info: the till sent no usable reference, a basket number was made up
  'caisse_ap.partial_reported', // warning: a partial payment was reported to a till that did not accept partials (no BF=1)
  'caisse_ap.refused', // error: the platform refused the request (or nobody is logged in): the reason
  'caisse_ap.busy', // warning: a till request came while another was in progress, and was refused
  'caisse_ap.action_refused', // warning: the till asked for a refund/cancellation or another currency
  'caisse_ap.undelivered', // warning: the till had hung up when the result came
  'caisse_ap.status_unknown', // error: the final status could not be learnt in time; the till was told "timeout"
  'caisse_ap.listen_failed', // error: the Caisse-AP server could not listen on its address
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
  partialReported(operationId: string, basketNumber: string, received: number, requested: number): TillNoticeDraft {
    return {
      operationId,
      level: 'warning',
      code: 'caisse_ap.partial_reported',
      message:
        `Paiement partiel pour le N° de panier ${basketNumber} : ${euros(received)} reçus sur ${euros(requested)}. ` +
        `La caisse a été informée du montant reçu ; reste à encaisser ${euros(requested - received)} par un autre moyen de paiement.`,
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
  statusUnknown(operationId: string, basketNumber: string): TillNoticeDraft {
    return {
      operationId,
      level: 'error',
      code: 'caisse_ap.status_unknown',
      message: `Le statut du N° de panier ${basketNumber} n’a pas pu être obtenu à temps : la caisse a reçu « non effectuée ». Vérifiez la demande dans Mes opérations (Rafraîchir).`,
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
