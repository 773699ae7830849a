// What the customer sees for one display state: the idle screen, the QR code to scan, or the
// outcome. Only what the state carries is shown, and the state carries no cashier-only data.
import type { DisplayState } from '../../../electron/common/contract';
import { formatCents } from '../../../electron/common/money';
import { ScannableQr } from './ScannableQr';
import { ServerCountdown } from './ServerCountdown';
import { displayMessages, type DisplayMessages } from './messages';

interface DisplayScreenProps {
  state: DisplayState;
  /** Server time minus this machine's time, from the state's `serverTime`. */
  clockOffsetMs: number;
}

export function DisplayScreen({ state, clockOffsetMs }: DisplayScreenProps) {
  const t = displayMessages[state.language];
  const payment = state.payment;
  switch (state.phase) {
    case 'idle':
      return <Idle t={t} merchantName={state.merchantName} />;
    case 'payment':
      if (!payment) return <Idle t={t} merchantName={state.merchantName} />;
      return (
        <main className="screen payment" data-phase="payment">
          {payment.qrPayload ? (
            <ScannableQr value={payment.qrPayload} label={t.qrName(payment.basketNumber)} />
          ) : null}
          <div className="payment-details">
            <h1 className="label">{t.amountToPay}</h1>
            <p className="amount">{formatCents(payment.amountRequested, state.language)}</p>
            <p className="basket">
              {t.basketNumber} <strong>{payment.basketNumber}</strong>
            </p>
            <p className="instruction">{t.scanInstruction}</p>
            {payment.expiresAt ? (
              <ServerCountdown key={payment.expiresAt} label={t.timeLeft} expiresAt={payment.expiresAt} clockOffsetMs={clockOffsetMs} />
            ) : null}
          </div>
        </main>
      );
    case 'partial':
      return (
        <main className="screen outcome partial" data-phase="partial">
          <h1>{t.partialTitle}</h1>
          {payment ? (
            <>
              <p className="big-line">{t.received(payment.amountReceived)}</p>
              <p className="big-line">{t.rest(payment.remainder)}</p>
            </>
          ) : null}
          <p>{t.restAnotherWay}</p>
        </main>
      );
    case 'validated':
      return (
        <main className="screen outcome validated" data-phase="validated">
          <h1>{t.validated}</h1>
          {payment ? <p className="big-line">{t.validatedAmount(payment.amountReceived)}</p> : null}
        </main>
      );
    case 'cancelled':
      return <Outcome phase="cancelled" title={t.cancelled} text={t.cancelledText} />;
    case 'expired':
      return <Outcome phase="expired" title={t.expired} text={t.expiredText} />;
    case 'failed':
      return <Outcome phase="failed" title={t.failed} text={t.failedText} />;
    default: {
      const unreachable: never = state.phase;
      return unreachable;
    }
  }
}

function Idle({ t, merchantName }: { t: DisplayMessages; merchantName: string | null }) {
  return (
    <main className="screen idle" data-phase="idle">
      {merchantName ? <h1 className="merchant">{merchantName}</h1> : null}
      {/* Without a merchant name (no session yet), the invitation is the page's heading. */}
      {merchantName ? <p className="pay-with">{t.payWith}</p> : <h1 className="pay-with">{t.payWith}</h1>}
    </main>
  );
}

function Outcome({ phase, title, text }: { phase: string; title: string; text: string }) {
  return (
    <main className="screen outcome ended" data-phase={phase}>
      <h1>{title}</h1>
      <p>{text}</p>
    </main>
  );
}
