// A till that drives a Caisse-AP terminal the way Odoo's Point of Sale does with the OCA module
// for Caisse-AP over IP, written from the protocol as that module uses it (not from its code):
// - one request per TCP connection, fields CZ (0300 first), CJ, CA=01, CE (978), CD (0 debit,
//   1 refund) and CB (the amount in cents, no padding); never BA, never BF, never CF;
// - the request is written with one send, the answer read with ONE recv of at most 1024 bytes;
// - the socket's timeout is the POS timeout minus 3 seconds (Odoo's POS waits 180 s);
// - AE=10: the answer must carry CA, CB, CD and CE; CA, CD and CE must equal the request's and CB
//   (leading zeros removed) the amount asked, otherwise the line is an "issue";
// - AE=01: "failure", with the AF reason; any other AE, an empty answer, a connection error or a
//   timeout: "issue".
// Odoo shows the cashier an error for "issue" and "failure" alike and offers to retry the line.
import net from 'node:net';

export type OdooPaymentStatus = 'success' | 'issue' | 'failure';

export interface OdooVerdict {
  paymentStatus: OdooPaymentStatus;
  /** What Odoo would show the cashier (English, as the module words it before translation). */
  errorMessage: string | null;
  /** `AC-…|CD-0`-like id Odoo stores on the payment line on success. */
  transactionId: string | null;
  /** The bytes of the single recv, as ASCII ('' when the connection closed first, null on a timeout or error). */
  received: string | null;
}

/** Odoo's labels of the AF codes, as its failure message names them. */
const AF_LABELS: Record<string, string> = {
  '04': 'Refusée',
  '05': 'Interdite',
  '06': 'Abandon',
  '07': 'Non aboutie',
  '08': 'Opération non effectuée Time-out saisie',
  '09': 'Opération non effectuée erreur format message',
  '11': 'Opération non effectuée Abandon Opérateur',
  '12': 'Opération non effectuée type d’action demandé inconnu',
  '13': 'Devise non supportée',
};

export interface OdooRequest {
  host?: string;
  port: number;
  /** The payment line's amount, in euros as the POS holds it (e.g. 20 or 12.5). */
  amount: number;
  /** The POS timeout in ms (180 000 in Odoo); the socket waits 3 s less. */
  posTimeoutMs?: number;
}

/** The request's fields in the order the module writes them. */
export function odooRequestFields(amount: number): Record<string, string> {
  const cents = String(Math.round(Math.abs(amount) * 100));
  return { CZ: '0300', CJ: '012345678901', CA: '01', CE: '978', CD: amount < 0 ? '1' : '0', CB: cents };
}

export function encodeOdooRequest(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([tag, value]) => `${tag}${String(value.length).padStart(3, '0')}${value}`)
    .join('');
}

/** One payment line sent to the terminal, and what Odoo concludes. */
export function odooSendPayment(request: OdooRequest): Promise<OdooVerdict> {
  const fields = odooRequestFields(request.amount);
  const socketTimeoutMs = (request.posTimeoutMs ?? 180_000) - 3_000;
  return new Promise((resolve) => {
    let settled = false;
    const socket = net.connect({ host: request.host ?? '127.0.0.1', port: request.port });
    const finish = (verdict: OdooVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The `with` block closes the socket whatever happened.
      socket.destroy();
      resolve(verdict);
    };
    const connectionIssue = (error: string) =>
      finish({ paymentStatus: 'issue', errorMessage: `Failure in the connection to the payment terminal: ${error}.`, transactionId: null, received: null });
    const timer = setTimeout(() => connectionIssue('timed out'), socketTimeoutMs);
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write(encodeOdooRequest(fields), 'ascii'));
    // recv(1024), once: the first bytes that arrive are the answer, whatever follows is never read.
    socket.once('data', (chunk: string) => finish(judge(chunk.slice(0, 1024), fields)));
    socket.once('end', () => finish(judge('', fields)));
    socket.once('close', () => finish(judge('', fields)));
    socket.once('error', (error) => connectionIssue(error.message));
  });
}

function judge(answer: string, request: Record<string, string>): OdooVerdict {
  if (answer === '') {
    return { paymentStatus: 'issue', errorMessage: 'Empty answer from payment terminal. This should never happen.', transactionId: null, received: answer };
  }
  const parsed = parseAnswer(answer);
  if (!parsed) return { paymentStatus: 'issue', errorMessage: 'The answer of the payment terminal cannot be read.', transactionId: null, received: answer };
  switch (parsed.AE) {
    case '10': {
      for (const tag of ['CA', 'CB', 'CD', 'CE'] as const) {
        if (!parsed[tag]) return issue(`Caisse AP IP protocol: tag ${tag} is required but it is not present in the answer from the terminal.`, answer);
      }
      for (const tag of ['CA', 'CD', 'CE'] as const) {
        if (parsed[tag] !== request[tag]) {
          return issue(`Tag ${tag} has value ${request[tag]} in the query and ${parsed[tag]} in the answer, but these values should be identical.`, answer);
        }
      }
      const amount = parsed.CB!.replace(/^0+/, '');
      if (amount !== request.CB) {
        return issue(`Tag amount (CB) has value ${request.CB} in the request and ${amount} in the answer, but these values should be identical.`, answer);
      }
      const transactionId = ['AA', 'AB', 'AC', 'AI', 'CD']
        .filter((tag) => parsed[tag])
        .map((tag) => `${tag}-${parsed[tag]}`)
        .join('|');
      return { paymentStatus: 'success', errorMessage: null, transactionId, received: answer };
    }
    case '01': {
      const label = parsed.AF ? AF_LABELS[parsed.AF] : undefined;
      return {
        paymentStatus: 'failure',
        errorMessage: label ? `The payment transaction has failed: ${label}` : 'The payment transaction has failed.',
        transactionId: null,
        received: answer,
      };
    }
    default:
      return issue(`Error in the communication with the payment terminal: the action status is invalid (AE=${parsed.AE}).`, answer);
  }
}

function issue(message: string, received: string): OdooVerdict {
  return { paymentStatus: 'issue', errorMessage: `${message} This should never happen!`, transactionId: null, received };
}

/** Tag, 3-digit length, value, until the end; null when a length is not 3 digits. */
function parseAnswer(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const tag = text.slice(at, at + 2);
    const size = text.slice(at + 2, at + 5);
    if (!/^\d{3}$/.test(size)) return null;
    out[tag] = text.slice(at + 5, at + 5 + Number(size));
    at += 5 + Number(size);
  }
  return out;
}

/** Akretion's till simulator (caisse-ap-ip's client): BA=0 sent, one recv of 1024, 180 s timeout. */
export function akretionClientRequest(amountEuros: number): string {
  const cents = String(Math.round(amountEuros * 100)).padStart(2, '0');
  return encodeOdooRequest({ CZ: '0300', CJ: '012345678901', CA: '01', CE: '978', BA: '0', CD: '0', CB: cents });
}

export function akretionClientSend(port: number, amountEuros: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 180 s'));
    }, 180_000);
    socket.setEncoding('latin1');
    socket.once('connect', () => socket.write(akretionClientRequest(amountEuros), 'ascii'));
    socket.once('data', (chunk: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(chunk.slice(0, 1024));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve('');
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
