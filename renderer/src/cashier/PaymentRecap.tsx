// "Récapitulatif de paiement": the QR code to present, the request's fields and its status,
// which changes by itself as `payment.updated` events arrive. The outcome is seen from across
// the counter: the whole panel turns green with « Validé » and the amount received, or amber
// with what a partial payment leaves. From here the cashier refreshes, cancels (after
// confirming), records the rest collected another way or asks for it, starts a new request after
// an expiry, or closes; closing a request the customer can still pay says so first.
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { type ContractError, type Operation, type Result } from '../../../electron/common/contract';
import { formatDateTime } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { isOpenRequest, outcomeOf } from '../../../electron/common/outcome';
import { wordFailure } from '../../../electron/common/core-words';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useCompanionEvent, useLink, useLoggedInAgain, useReconnected } from './companion-context';
import { Countdown } from './Countdown';
import { explainError } from './explain-error';
import { Modal } from './Modal';
import { latestOf } from './operation-updates';
import { RemainderDialog } from './RemainderDialog';
import { useTillState, waitingTillRequestOf } from './till-state';
import { ReceiptButton } from './Receipt';
import { StatusBadge } from './StatusBadge';

interface PaymentRecapProps {
  initial: Operation;
  onClose(): void;
  /** Shows another operation here: the follow-up request for the rest. */
  onOpen(operation: Operation): void;
  /** « Nouvelle demande » after an expiry or a cancel: the form, filled with this request. */
  onNewRequest?(operation: Operation): void;
}

type Busy = 'refresh' | 'cancel' | 'remainder' | null;
type Dialog = 'cancel' | 'close' | 'remainder' | null;

export function PaymentRecap({ initial, onClose, onOpen, onNewRequest }: PaymentRecapProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [operation, setOperation] = useState(initial);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [tillState] = useTillState();
  const heading = useRef<HTMLHeadingElement>(null);
  const latestOperation = useRef(operation);
  latestOperation.current = operation;
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  const take = (next: Operation) => setOperation((current) => latestOf(current, next));
  const readAgain = () => void api.payments.get({ id: initial.id }).then((result) => result.ok && take(result.value));
  useCompanionEvent('payment.updated', take);
  useReconnected(readAgain);
  useLoggedInAgain(() => setError(null));
  // What opened this recap may be a step behind (a till's request seen as it was being created,
  // its platform answer arriving before the recap was drawn): read it once as it is now.
  useEffect(readAgain, [api, initial.id]);

  /** « Fermer » and Escape: a request the customer can still pay is never closed silently. */
  const requestClose = useRef(() => {
    if (isOpenRequest(latestOperation.current)) setDialog('close');
    else latestClose.current();
  });

  // A question about a request that is no longer payable (paid meanwhile) would say something false.
  useEffect(() => {
    if (!isOpenRequest(operation)) setDialog((current) => (current === 'close' || current === 'cancel' ? null : current));
  }, [operation]);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[aria-modal="true"]')) return;
      requestClose.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  async function run(kind: Exclude<Busy, null>, call: () => Promise<Result<Operation>>): Promise<Operation | null> {
    setBusy(kind);
    setError(null);
    const result = await call();
    setBusy(null);
    if (result.ok) return result.value;
    link.onError(result.error);
    setError(result.error);
    return null;
  }

  async function refresh() {
    const next = await run('refresh', () => api.payments.refresh({ id: operation.id }));
    if (next) take(next);
  }

  async function cancel() {
    setDialog(null);
    const next = await run('cancel', () => api.payments.cancel({ id: operation.id }));
    if (next) take(next);
  }

  async function askRemainder() {
    const next = await run('remainder', () =>
      api.payments.create({
        amount: operation.remainder,
        basketNumber: operation.basketNumber,
        label: operation.label ?? undefined,
        customerReference: operation.customerReference ?? undefined,
        sellerId: operation.sellerId ?? undefined,
        followUpOf: operation.id,
      }),
    );
    if (next) onOpen(next);
  }

  const outcome = outcomeOf(operation);
  // A till's request is the till's to settle: while it waits, its choices are in the till panel;
  // afterwards the till asks again itself. A second request from here would be a second way to pay.
  const fromTill = operation.origin === 'caisse-ap';
  const tillWaiting = waitingTillRequestOf(tillState, operation.id) !== null;
  const pending = operation.status === 'pending';
  const showQr = pending && operation.qrPayload !== null;
  const money = (cents: number) => formatCents(cents, language);
  const ended = outcome === 'expired' || outcome === 'cancelled' || outcome === 'failed';
  const cue = outcome === 'validated' || outcome === 'partial' || outcome === 'settled' ? outcome : ended ? 'ended' : 'open';

  return (
    <section className={`screen recap recap-${cue}`} aria-labelledby="recap-title" data-outcome={outcome ?? operation.status}>
      <h2 id="recap-title" ref={heading} tabIndex={-1}>
        {t.recapTitle}
      </h2>
      {operation.origin === 'caisse-ap' ? <p className="till-request-tag">{t.tillRequest}</p> : null}
      <div className={showQr ? 'recap-body with-qr' : 'recap-body'}>
        {showQr ? (
          <figure className="recap-qr">
            <div className="qr-frame" role="img" aria-label={t.qrCodeName(operation.basketNumber)}>
              <QRCodeSVG
                value={operation.qrPayload ?? ''}
                level="M"
                marginSize={4}
                size={280}
                bgColor="#ffffff"
                fgColor="#000000"
                aria-hidden="true"
              />
            </div>
            <figcaption>{t.presentQr}</figcaption>
          </figure>
        ) : null}

        <div className="recap-details">
          <OutcomeHero operation={operation} />
          <dl className="fields">
            <Row term={t.basketNumber}>{operation.basketNumber}</Row>
            <Row term={t.amountRequested}>
              <span className="amount">{money(operation.amountRequested)}</span>
            </Row>
            <Row term={t.amountReceived}>{money(operation.amountReceived)}</Row>
            {operation.remainderCollected ? (
              <Row term={t.remainderCollectedRow}>
                {t.remainderCollectedValue(
                  money(operation.remainderCollected.amount),
                  t.remainderMeans[operation.remainderCollected.means],
                  formatDateTime(operation.remainderCollected.at, language),
                )}
              </Row>
            ) : null}
            {operation.label ? <Row term={t.label}>{operation.label}</Row> : null}
            {operation.customerReference ? <Row term={t.customerReference}>{operation.customerReference}</Row> : null}
            {operation.sellerId ? <Row term={t.sellerId}>{operation.sellerId}</Row> : null}
          </dl>
          {operation.followUpOf ? <p className="muted">{t.followUpOf}</p> : null}

          <div className="recap-status" role="status" aria-live="polite" aria-atomic="true">
            <p className="status-line">
              {t.status}
              {t.colon} <StatusBadge status={operation.status} />
            </p>
            <OutcomeSentence operation={operation} />
          </div>

          {pending && operation.expiresAt ? (
            <Countdown key={operation.expiresAt} expiresAt={operation.expiresAt} onTimeUp={() => void refresh()} />
          ) : null}

          {error ? (
            <p className="alert" role="alert">
              {explainError(error, language)}
            </p>
          ) : null}

          <div className="actions">
            {outcome === 'partial' && !tillWaiting ? (
              <button type="button" className="primary big" onClick={() => setDialog('remainder')} disabled={busy !== null}>
                {t.collectRemainder}
              </button>
            ) : null}
            {ended && onNewRequest && !fromTill ? (
              <button type="button" className="primary big" onClick={() => onNewRequest(operation)}>
                {t.newRequest}
              </button>
            ) : null}
            {pending || operation.status === 'creating' ? (
              <button
                type="button"
                className="secondary"
                onClick={refresh}
                disabled={busy !== null}
                aria-busy={busy === 'refresh' || undefined}
              >
                {busy === 'refresh' ? t.refreshing : t.refresh}
              </button>
            ) : null}
            {pending ? (
              <button type="button" className="danger" onClick={() => setDialog('cancel')} disabled={busy !== null}>
                {busy === 'cancel' ? t.cancelling : t.cancelRequest}
              </button>
            ) : null}
            <ReceiptButton operation={operation} />
            <button
              type="button"
              className={outcome === 'validated' || outcome === 'settled' ? 'primary' : 'secondary'}
              onClick={() => requestClose.current()}
            >
              {t.close}
            </button>
          </div>
          {tillWaiting && outcome === 'partial' ? (
            <p className="till-decides" role="note">
              {t.tillDecidesInPanel}
            </p>
          ) : null}
          {outcome === 'partial' && !fromTill ? (
            <div className="ask-remainder">
              <p>{t.askRemainderLead}</p>
              <button type="button" className="secondary" onClick={askRemainder} disabled={busy !== null}>
                {t.askRemainder}
              </button>
            </div>
          ) : null}
        </div>
      </div>

      {dialog === 'cancel' ? (
        <Modal title={t.confirmCancelTitle} onClose={() => setDialog(null)}>
          <p>{t.confirmCancelText(money(operation.amountRequested), operation.basketNumber)}</p>
          <div className="actions">
            <button type="button" className="secondary" data-autofocus onClick={() => setDialog(null)}>
              {t.confirmCancelNo}
            </button>
            <button type="button" className="danger" onClick={cancel}>
              {t.confirmCancelYes}
            </button>
          </div>
        </Modal>
      ) : null}
      {dialog === 'close' ? (
        // Escape, like the first button, keeps the request open: the customer may be paying.
        <Modal title={t.closePendingTitle} onClose={() => latestClose.current()} className="close-pending">
          <p>{t.closePendingText(money(operation.amountRequested), operation.basketNumber)}</p>
          <div className="actions">
            <button type="button" className="primary" data-autofocus onClick={() => latestClose.current()}>
              {t.keepRequestOpen}
            </button>
            <button type="button" className="danger" onClick={cancel}>
              {t.cancelRequest}
            </button>
          </div>
        </Modal>
      ) : null}
      {dialog === 'remainder' ? (
        <RemainderDialog
          operation={operation}
          onRecorded={(next) => {
            take(next);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </section>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  const t = useT();
  return (
    <div className="field-row">
      <dt>
        {term}
        {t.colon}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The outcome in large type, for a cashier who glances from two metres away. The status region
 *  below says the same in words for assistive technology, so this is not read twice. */
function OutcomeHero({ operation }: { operation: Operation }) {
  const t = useT();
  const language = useLanguage();
  const money = (cents: number) => formatCents(cents, language);
  const outcome = outcomeOf(operation);
  switch (outcome) {
    case 'validated':
      return (
        <div className="outcome-hero hero-validated" aria-hidden="true">
          <p className="hero-title">✓ {t.heroValidated}</p>
          <p className="hero-amount">{t.heroReceived(money(operation.amountReceived))}</p>
        </div>
      );
    case 'partial':
      return (
        <div className="outcome-hero hero-partial" aria-hidden="true">
          <p className="hero-title">{t.heroPartial(money(operation.remainder))}</p>
          <p className="hero-amount">{t.heroPartialReceived(money(operation.amountReceived))}</p>
        </div>
      );
    case 'settled':
      return (
        <div className="outcome-hero hero-settled" aria-hidden="true">
          <p className="hero-title">✓ {t.heroSettled}</p>
          <p className="hero-amount">
            {t.heroSettledText(money(operation.remainder), t.remainderMeans[operation.remainderCollected!.means])}
          </p>
        </div>
      );
    default:
      return null;
  }
}

/** The sentence under the status, in the guide's words. */
function OutcomeSentence({ operation }: { operation: Operation }) {
  const t = useT();
  const language = useLanguage();
  switch (operation.status) {
    case 'creating':
    case 'pending':
      return null;
    case 'validated':
      if (operation.remainder === 0) return <p className="outcome outcome-validated">{t.paidInFull}</p>;
      if (operation.remainderCollected) {
        return (
          <p className="outcome outcome-settled">
            {t.heroSettledText(formatCents(operation.remainder, language), t.remainderMeans[operation.remainderCollected.means])}
          </p>
        );
      }
      return (
        <p className="outcome outcome-partial">
          {t.partialPayment(formatCents(operation.amountReceived, language), formatCents(operation.remainder, language))}
        </p>
      );
    case 'cancelled':
      return <p className="outcome">{t.cancelledText}</p>;
    case 'expired':
      return <p className="outcome">{t.expiredText}</p>;
    case 'failed':
      return <p className="outcome outcome-failed">{failureText(operation.failure, language) ?? t.failedText}</p>;
    default: {
      const unreachable: never = operation.status;
      return unreachable;
    }
  }
}

/** Why the request failed, worded from its failure code in the screen's language. */
function failureText(failure: Operation['failure'], language: 'fr' | 'en'): string | null {
  return failure ? wordFailure(failure.code, language) : null;
}
