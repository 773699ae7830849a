// What a till driving us over Caisse-AP is waiting for, on every screen: the request on the
// customer display, and above all a partial payment the till was not told about (it did not
// accept partial payments), with the cashier's two choices. Below, what the till does not know
// and the cashier must deal with (record an amount on the till by hand, check with the customer):
// it stays, loud, until the cashier says it is done. The core sends codes and amounts
// (`till.waiting`, `till.changed`); every sentence is in the catalogue.
import { useState } from 'react';
import type { ContractError, TillReportItem, TillState, TillWaitingRequest } from '../../../electron/common/contract';
import { formatTime } from '../../../electron/common/dates';
import { formatCents } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import { useTillState } from './till-state';
import './till-waiting-panel.css';

export function TillWaitingPanel() {
  const { onError } = useLink();
  const t = useT();
  const [state, setState] = useTillState();

  if (state.requests.length === 0 && state.attention.length === 0) return null;
  return (
    <section className="till-panel" aria-label={t.tillPanel}>
      {state.requests.map((request) => (
        <WaitingRequest key={request.exchangeId} request={request} onState={setState} onError={onError} />
      ))}
      {state.attention.length > 0 ? (
        <div className="till-attention">
          <h2 className="till-attention-title">{t.tillAttention}</h2>
          {state.attention.map((item) => (
            <Untold key={`${item.exchangeId}-${item.outcome}`} item={item} onState={setState} onError={onError} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

interface ActionProps {
  onState(state: TillState): void;
  onError(error: ContractError): void;
}

function WaitingRequest({ request, onState, onError }: { request: TillWaitingRequest } & ActionProps) {
  const api = useCompanion();
  const t = useT();
  const language = useLanguage();
  const [busy, setBusy] = useState<'ask_remainder' | 'paid_otherwise' | null>(null);
  const [problem, setProblem] = useState<ContractError | null>(null);
  const euros = (cents: number) => formatCents(cents, language);

  async function choose(choice: 'ask_remainder' | 'paid_otherwise') {
    setBusy(choice);
    setProblem(null);
    const result = await api.till.choose({ exchangeId: request.exchangeId, choice });
    setBusy(null);
    if (result.ok) onState(result.value);
    else {
      onError(result.error);
      setProblem(result.error);
    }
  }

  switch (request.state) {
    case 'partial':
      return (
        <div className="till-request till-request-partial" role="group" aria-labelledby={`till-partial-${request.exchangeId}`}>
          <p id={`till-partial-${request.exchangeId}`} className="till-partial-title" role="alert">
            {t.tillPartialTitle(euros(request.amountReceived), euros(request.remainder))}
          </p>
          <p>{t.tillPartialDetail(request.basketNumber, euros(request.amountRequested))}</p>
          <div className="till-actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void choose('ask_remainder')}>
              {busy === 'ask_remainder' ? t.tillChoosing : t.tillAskRemainder}
            </button>
            <button type="button" className="secondary" disabled={busy !== null} onClick={() => void choose('paid_otherwise')}>
              {busy === 'paid_otherwise' ? t.tillChoosing : t.tillPaidOtherwise}
            </button>
          </div>
          {problem ? (
            <p className="alert" role="alert">
              {explainError(problem, language)}
            </p>
          ) : null}
          <p className="muted">{t.tillAnswerBy(formatTime(request.answerBy, language))}</p>
        </div>
      );
    case 'awaiting_payment':
      return (
        <p className="till-request" role="status">
          {t.tillWaitingPayment(euros(request.amountRequested), request.basketNumber)}
        </p>
      );
    case 'awaiting_remainder':
      return (
        <p className="till-request" role="status">
          {t.tillWaitingRemainder(euros(request.remainder), euros(request.amountReceived), request.basketNumber)}
        </p>
      );
    case 'settling':
      return (
        <p className="till-request" role="status">
          {t.tillSettling(request.basketNumber)}
        </p>
      );
    default: {
      const unreachable: never = request.state;
      return unreachable;
    }
  }
}

function Untold({ item, onState, onError }: { item: TillReportItem } & ActionProps) {
  const api = useCompanion();
  const t = useT();
  const language = useLanguage();
  const [busy, setBusy] = useState(false);
  const euros = (cents: number | null) => formatCents(cents ?? 0, language);
  const basket = item.basketNumber ?? '—';

  async function acknowledge() {
    setBusy(true);
    const result = await api.till.acknowledge({ exchangeId: item.exchangeId });
    setBusy(false);
    if (result.ok) onState(result.value);
    else onError(result.error);
  }

  let sentence: string;
  let recordByHand = true;
  switch (item.outcome) {
    case 'partial_not_told':
      sentence = t.tillPartialNotTold(euros(item.amountReceived), euros((item.amountRequested ?? 0) - (item.amountReceived ?? 0)), basket);
      break;
    case 'paid_after_abandon':
      sentence = t.tillPaidAfterAbandon(euros(item.amountReceived), basket);
      break;
    case 'paid_after_unknown':
      sentence = t.tillPaidAfterUnknown(euros(item.amountReceived), basket);
      break;
    case 'unresolved':
      sentence = t.tillUnresolved(euros(item.amountRequested), basket);
      recordByHand = false;
      break;
    case 'abandoned':
    case 'unpaid_after_unknown':
      // Nothing to do: never listed for the cashier.
      return null;
    default: {
      const unreachable: never = item.outcome;
      return unreachable;
    }
  }
  return (
    <div className="till-untold" role="alert">
      {recordByHand ? <p className="till-untold-todo">{t.tillRecordByHand(euros(item.amountReceived))}</p> : null}
      <p>{sentence}</p>
      <p className="muted">{t.tillLockedUntilDone}</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void acknowledge()}>
        {recordByHand ? t.tillAcknowledge : t.tillAcknowledgeUnresolved}
      </button>
    </div>
  );
}
