// "Récapitulatif de paiement": the QR code to present, the request's fields and its status,
// which changes by itself as `payment.updated` events arrive. From here the cashier refreshes,
// cancels (after confirming), asks for the rest of a partial payment, or closes.
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ErrorCode, type ContractError, type Operation, type Result } from '../../../electron/common/contract';
import { errorSentence } from '../../../electron/common/error-messages';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useCompanionEvent, useLink, useReconnected } from './companion-context';
import { Countdown } from './Countdown';
import { explainError } from './explain-error';
import { Modal } from './Modal';
import { latestOf } from './operation-updates';
import { ReceiptButton } from './Receipt';
import { StatusBadge } from './StatusBadge';

interface PaymentRecapProps {
  initial: Operation;
  onClose(): void;
  /** Shows another operation here: the follow-up request for the rest. */
  onOpen(operation: Operation): void;
}

type Busy = 'refresh' | 'cancel' | 'remainder' | null;

export function PaymentRecap({ initial, onClose, onOpen }: PaymentRecapProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [operation, setOperation] = useState(initial);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  const take = (next: Operation) => setOperation((current) => latestOf(current, next));
  useCompanionEvent('payment.updated', take);
  useReconnected(() => {
    void api.payments.get({ id: operation.id }).then((result) => result.ok && take(result.value));
  });

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || document.querySelector('[aria-modal="true"]')) return;
      latestClose.current();
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
    setConfirming(false);
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

  const pending = operation.status === 'pending';
  const partial = operation.status === 'validated' && operation.remainder > 0;
  const showQr = pending && operation.qrPayload !== null;
  const money = (cents: number) => formatCents(cents, language);

  return (
    <section className="screen recap" aria-labelledby="recap-title">
      <h2 id="recap-title" ref={heading} tabIndex={-1}>
        {t.recapTitle}
      </h2>
      <div className={showQr ? 'recap-body with-qr' : 'recap-body'}>
        {showQr ? (
          <figure className="recap-qr">
            <div className="qr-frame" role="img" aria-label={t.qrCodeName(operation.basketNumber)}>
              <QRCodeSVG value={operation.qrPayload ?? ''} level="M" marginSize={4} size={280} bgColor="#ffffff" fgColor="#000000" />
            </div>
            <figcaption>{t.presentQr}</figcaption>
          </figure>
        ) : null}

        <div className="recap-details">
          <dl className="fields">
            <Row term={t.basketNumber}>{operation.basketNumber}</Row>
            <Row term={t.amountRequested}>
              <span className="amount">{money(operation.amountRequested)}</span>
            </Row>
            <Row term={t.amountReceived}>{money(operation.amountReceived)}</Row>
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
            <Outcome operation={operation} />
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
            {partial ? (
              <button type="button" className="primary big" onClick={askRemainder} disabled={busy !== null}>
                {t.askRemainder}
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
              <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={busy !== null}>
                {busy === 'cancel' ? t.cancelling : t.cancelRequest}
              </button>
            ) : null}
            <ReceiptButton operation={operation} />
            <button type="button" className={partial ? 'secondary' : 'primary'} onClick={onClose}>
              {t.close}
            </button>
          </div>
        </div>
      </div>

      {confirming ? (
        <Modal title={t.confirmCancelTitle} onClose={() => setConfirming(false)}>
          <p>{t.confirmCancelText(money(operation.amountRequested), operation.basketNumber)}</p>
          <div className="actions">
            <button type="button" className="secondary" data-autofocus onClick={() => setConfirming(false)}>
              {t.confirmCancelNo}
            </button>
            <button type="button" className="danger" onClick={cancel}>
              {t.confirmCancelYes}
            </button>
          </div>
        </Modal>
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

/** The sentence under the status, in the guide's words. */
function Outcome({ operation }: { operation: Operation }) {
  const t = useT();
  const language = useLanguage();
  switch (operation.status) {
    case 'creating':
    case 'pending':
      return null;
    case 'validated':
      return operation.remainder > 0 ? (
        <p className="outcome outcome-partial">
          {t.partialPayment(formatCents(operation.amountReceived, language), formatCents(operation.remainder, language))}
        </p>
      ) : (
        <p className="outcome outcome-validated">{t.paidInFull}</p>
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

/** The core words failures in French; in English, re-word the ones whose code we know. */
function failureText(failure: Operation['failure'], language: 'fr' | 'en'): string | null {
  if (!failure) return null;
  if (language === 'fr') return failure.message;
  const code = ErrorCode.safeParse(failure.code);
  return code.success ? errorSentence(code.data, undefined, language) : failure.message;
}

