// The simulated customer app's stylesheet and script, served by `wallet-page.ts` as separate
// same-origin files so the page's Content-Security-Policy can forbid inline code. Plain
// browser JavaScript (no build step): it must run from the Electron bundle and with no internet.

export const WALLET_PAGE_CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: #f3f5f9; color: #1d2433; }
main { max-width: 28rem; margin: 0 auto; padding: 1.25rem; }
header { background: #005ca9; color: #fff; padding: 1rem 1.25rem; }
header h1 { margin: 0; font-size: 1.3rem; }
header p { margin: .25rem 0 0; font-size: .9rem; opacity: .9; }
section { background: #fff; border-radius: .75rem; padding: 1rem; margin-bottom: 1rem; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
textarea, input, select { width: 100%; box-sizing: border-box; font: inherit; padding: .6rem; border: 1px solid #aab4c5; border-radius: .5rem; }
textarea { resize: vertical; font-family: ui-monospace, monospace; font-size: .85rem; }
button { font: inherit; font-weight: 600; border: 0; border-radius: .5rem; padding: .75rem 1rem; margin-top: .75rem; cursor: pointer; background: #dfe6f1; color: #1d2433; }
button.primary { width: 100%; background: #e2007a; color: #fff; font-size: 1.1rem; }
button:disabled { opacity: .5; cursor: not-allowed; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .35rem .75rem; margin: 0; }
dt { color: #56607a; }
dd { margin: 0; font-weight: 600; }
.amount { font-size: 1.4rem; }
.hint { font-size: .85rem; color: #56607a; margin: .35rem 0 0; }
#message { padding: .75rem 1rem; border-radius: .5rem; }
#message:empty { display: none; }
#message.ok { background: #e3f6e8; color: #14532d; }
#message.error { background: #fde8e8; color: #7f1d1d; }
#message.info { background: #e8eefb; color: #1e3a8a; }
`;

export const WALLET_PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
  var clock = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  var STATUS = { pending: 'En attente de paiement', validated: 'Validé', cancelled: 'Annulé', expired: 'Expiré' };
  var current = null;

  function money(cents) { return euros.format(cents / 100); }
  function time(iso) { return clock.format(new Date(iso)).replace(':', 'h'); }
  function say(kind, text) { var m = $('message'); m.className = kind; m.textContent = text; }

  // "20", "20,5", "20,50", "20.50 €" -> cents; null when it is not an amount.
  function cents(text) {
    var compact = text.replace(/[\s\u00a0\u202f€]/g, '');
    var match = /^(\d{1,7})(?:[.,](\d{0,2}))?$/.exec(compact);
    if (!match) return null;
    return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
  }
  function amountText(c) { return Math.floor(c / 100) + ',' + String(c % 100).padStart(2, '0'); }

  function problem(body) {
    var error = body && body.error;
    if (!error) return 'Réponse inattendue de la plateforme.';
    switch (error.code) {
      case 'unknown_qr': return 'Ce QR code ne correspond à aucune demande de paiement.';
      case 'not_pending': return 'Cette demande n’est plus en attente de paiement.';
      case 'insufficient_balance': return 'Solde insuffisant sur ce porte-monnaie pour ce montant.';
      case 'unknown_wallet': return 'Porte-monnaie inconnu.';
      case 'validation_error':
        if (error.field === 'amount') return 'Montant invalide : il doit être positif et ne pas dépasser le montant demandé.';
        return 'Donnée invalide : ' + (error.field || 'demande') + '.';
      default: return 'Erreur de la plateforme (' + error.code + ') : ' + error.message;
    }
  }

  function call(path, init) {
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        return { ok: response.ok, body: body };
      });
    }, function () {
      return { ok: false, body: { error: { code: 'network', message: 'la plateforme (bac à sable) est injoignable' } } };
    });
  }

  function showBalance() {
    var walletId = $('wallet').value;
    if (!walletId) { $('balance').textContent = ''; return; }
    call('/v1/wallet/wallets/' + encodeURIComponent(walletId)).then(function (result) {
      $('balance').textContent = result.ok ? 'Solde : ' + money(result.body.balance) : problem(result.body);
    });
  }

  function render(lookup) {
    var request = lookup.paymentRequest;
    $('merchant').textContent = lookup.merchant.name;
    $('basket').textContent = request.basketNumber;
    $('label').textContent = request.label || '—';
    $('requested').textContent = money(request.amountRequested);
    $('status').textContent = STATUS[request.status] || request.status;
    $('expires').textContent = time(request.expiresAt);
    $('request').hidden = false;
    var payable = request.status === 'pending';
    $('pay').disabled = !payable;
    if (payable) {
      $('amount').value = amountText(request.amountRequested);
      say('info', 'Vérifiez le montant, choisissez votre porte-monnaie puis appuyez sur « Payer ».');
    } else {
      say('error', 'Cette demande n’est plus en attente de paiement (statut : ' + $('status').textContent + ').');
    }
  }

  function lookUp() {
    var payload = $('payload').value.trim();
    if (!payload) { say('error', 'Collez d’abord le contenu du QR code.'); return; }
    say('info', 'Recherche de la demande…');
    call('/v1/wallet/qr?payload=' + encodeURIComponent(payload)).then(function (result) {
      if (!result.ok) { current = null; $('request').hidden = true; say('error', problem(result.body)); return; }
      current = { payload: payload, lookup: result.body };
      render(result.body);
    });
  }

  function pay(event) {
    event.preventDefault();
    if (!current) return;
    var amount = cents($('amount').value);
    var requested = current.lookup.paymentRequest.amountRequested;
    if (amount === null || amount <= 0) { say('error', 'Saisissez un montant, par exemple 20,00.'); return; }
    if (amount > requested) { say('error', 'Le montant ne peut pas dépasser ' + money(requested) + '.'); return; }
    $('pay').disabled = true;
    say('info', 'Paiement en cours…');
    call('/v1/wallet/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qrPayload: current.payload, walletId: $('wallet').value, amount: amount }),
    }).then(function (result) {
      if (!result.ok) { $('pay').disabled = false; say('error', problem(result.body)); return; }
      var paid = result.body;
      $('status').textContent = STATUS[paid.paymentRequest.status];
      $('balance').textContent = 'Solde : ' + money(paid.balance);
      var text = 'Paiement validé : ' + money(paid.amount) + ' payés à ' + current.lookup.merchant.name + '.';
      if (paid.amount < requested) text += ' Le commerçant encaissera le reste (' + money(requested - paid.amount) + ') par un autre moyen de paiement.';
      say('ok', text + ' Nouveau solde : ' + money(paid.balance) + '.');
    });
  }

  $('show').addEventListener('click', lookUp);
  $('pay-form').addEventListener('submit', pay);
  $('wallet').addEventListener('change', showBalance);
  showBalance();
  if (new URLSearchParams(location.search).get('qr')) {
    $('payload').value = location.href;
    lookUp();
  }
})();
`;
