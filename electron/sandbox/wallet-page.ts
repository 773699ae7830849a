// `GET /wallet`: the simulated customer app. A phone that scans a sandbox QR code (a link to
// this page with `?qr=`) or a person who pastes a payload sees the merchant, the basket and the
// amount, picks a wallet, may lower the amount (partial payment) and pays. Strict CSP: no
// inline code, nothing from another origin; it works with no internet.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from './context';
import { WALLET_PAGE_CSS, WALLET_PAGE_SCRIPT } from './wallet-page-assets';

export const WALLET_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function page(walletIds: readonly string[]): string {
  const options = walletIds.map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`).join('');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chèque-Vacances Connect — simulateur client</title>
<link rel="stylesheet" href="/wallet/wallet.css">
</head>
<body>
<header>
<h1>Chèque-Vacances Connect</h1>
<p>Simulateur de l’application client (plateforme bac à sable)</p>
</header>
<main>
<section>
<label for="payload">Contenu du QR code</label>
<textarea id="payload" rows="3" placeholder="Collez ici le lien du QR code (…/wallet?qr=…)"></textarea>
<button id="show" type="button">Afficher la demande</button>
</section>
<section id="request" hidden>
<dl>
<dt>Commerçant</dt><dd id="merchant"></dd>
<dt>N° de panier</dt><dd id="basket"></dd>
<dt>Libellé</dt><dd id="label"></dd>
<dt>Montant demandé</dt><dd id="requested" class="amount"></dd>
<dt>Statut</dt><dd id="status"></dd>
<dt>Expire à</dt><dd id="expires"></dd>
</dl>
<form id="pay-form">
<label for="wallet">Porte-monnaie</label>
<select id="wallet">${options}</select>
<p id="balance" class="hint"></p>
<label for="amount">Montant à payer (€)</label>
<input id="amount" inputmode="decimal" autocomplete="off">
<p class="hint">Vous pouvez ne payer qu’une partie du montant : le commerçant encaissera le reste autrement.</p>
<button id="pay" class="primary" type="submit">Payer</button>
</form>
</section>
<p id="message" role="status" aria-live="polite"></p>
</main>
<script src="/wallet/wallet.js"></script>
</body>
</html>
`;
}

export function registerWalletPageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/wallet', async (_request, reply) =>
    reply
      .header('content-security-policy', WALLET_PAGE_CSP)
      // The page URL carries the QR token: never leak it to another site.
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(page(ctx.store.walletIds())),
  );
  app.get('/wallet/wallet.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(WALLET_PAGE_SCRIPT),
  );
  app.get('/wallet/wallet.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(WALLET_PAGE_CSS));
}
