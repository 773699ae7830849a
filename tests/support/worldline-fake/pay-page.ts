// The page a customer's phone opens from the QR: in place of Worldline's hosted checkout and the
// ANCV app, one form to pay all or part of the amount. No script, no external asset.
import type { Link } from './state';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const euros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title></head>
<body><main>${body}</main></body></html>`;
}

export function payPage(link: Link): string {
  const payable = link.status === 'ACTIVE';
  return page(
    'Chèque-Vacances Connect — paiement',
    `<h1>Chèque-Vacances Connect</h1>
<p>Commerçant : ${escape(link.merchantId)}</p>
<p>N° de panier : ${escape(link.merchantReference ?? '—')}</p>
<p>Montant demandé : ${euros(link.amount)} €</p>
${
  payable
    ? `<form method="post">
<label for="amount">Montant à payer (€)${link.adjustableAmount ? ', tout ou partie' : ''}</label>
<input id="amount" name="amount" inputmode="decimal" required value="${euros(link.amount)}">
<button type="submit">Payer</button>
</form>`
    : `<p>Ce lien ne peut plus être payé (${escape(link.status)}).</p>`
}`,
  );
}

export function resultPage(message: string): string {
  return page('Chèque-Vacances Connect', `<h1>Chèque-Vacances Connect</h1><p role="status">${escape(message)}</p>`);
}
