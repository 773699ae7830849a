// "Demande de paiement": amount, basket number and the optional fields of the guide. Nothing is
// sent until every field is valid; while the request is being created the button says so and
// cannot be pressed again (one click, one payment request). What is typed belongs to the app, not
// to this screen: it survives a visit to another screen, a till's request opening its recap, and
// an expired session (after which the request not sent is one click away). No dead ends: a basket
// that already has a pending request offers to open it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ContractError, CreatePaymentInput, Operation } from '../../../electron/common/contract';
import { formatCents, MAX_AMOUNT_CENTS } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';
import { useCompanion, useLink, useLoggedInAgain } from './companion-context';
import { explainError } from './explain-error';
import {
  checkPaymentForm,
  PAYMENT_FIELDS,
  type FieldProblem,
  type PaymentField,
  type PaymentFormValues,
} from './payment-form-rules';
import { TextField } from './TextField';

interface PaymentFormProps {
  values: PaymentFormValues;
  onValuesChange(values: PaymentFormValues): void;
  onCreated(operation: Operation): void;
  /** Opens the recap of an existing request (the one pending for this basket). */
  onOpenOperation(operation: Operation): void;
  /** Changes when the form was filled for the cashier (« Nouvelle demande »): « Je continue » takes the focus. */
  prefilledKey?: number;
}

type ServerError = { field: PaymentField | null; error: ContractError };

export function PaymentForm({ values, onValuesChange, onCreated, onOpenOperation, prefilledKey }: PaymentFormProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [shown, setShown] = useState<ReadonlySet<PaymentField>>(new Set());
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<ServerError | null>(null);
  /** A request refused because the session had expired: sent again with one click after the login. */
  const [interrupted, setInterrupted] = useState<CreatePaymentInput | null>(null);
  const [resumable, setResumable] = useState(false);
  const sending = useRef(false);
  const inputs = useRef<Partial<Record<PaymentField, HTMLInputElement | null>>>({});
  const submitButton = useRef<HTMLButtonElement>(null);
  const resumeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (prefilledKey) submitButton.current?.focus();
  }, [prefilledKey]);
  useEffect(() => {
    if (resumable) resumeButton.current?.focus();
  }, [resumable]);

  useLoggedInAgain(() => {
    // What was said before the login is stale; the request not sent is offered at once.
    setServerError(null);
    if (interrupted) setResumable(true);
    else inputs.current.amount?.focus();
  });

  const check = checkPaymentForm(values);
  const problems = check.ok ? {} : check.problems;

  function errorFor(field: PaymentField): string | null {
    if (serverError?.field === field) return explainError(serverError.error, language);
    const problem = problems[field];
    return problem && shown.has(field) ? problemText(problem, t, language) : null;
  }

  function update(field: PaymentField, value: string) {
    onValuesChange({ ...values, [field]: value });
    if (serverError) setServerError(null);
    setInterrupted(null);
    setResumable(false);
  }

  function reveal(field: PaymentField) {
    // A field left empty is not an error yet: "required" waits for "Je continue".
    if (values[field].trim() === '' || shown.has(field)) return;
    setShown((current) => new Set(current).add(field));
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (sending.current) return;
    if (!check.ok) {
      setShown(new Set(PAYMENT_FIELDS));
      const first = PAYMENT_FIELDS.find((field) => check.problems[field]);
      if (first) inputs.current[first]?.focus();
      return;
    }
    sending.current = true;
    // The request leaves before the page redraws anything.
    const created = api.payments.create(check.input);
    setBusy(true);
    setServerError(null);
    setResumable(false);
    const result = await created;
    sending.current = false;
    setBusy(false);
    if (result.ok) {
      setInterrupted(null);
      onCreated(result.value);
      return;
    }
    setInterrupted(result.error.code === 'token_expired' || result.error.code === 'not_logged_in' ? check.input : null);
    link.onError(result.error);
    const failed = { field: fieldOf(result.error), error: result.error };
    setServerError(failed);
    if (failed.field) inputs.current[failed.field]?.focus();
  }

  async function openPendingRequest(basketNumber: string) {
    const result = await api.operations.list({ status: 'pending', query: basketNumber, limit: 20 });
    if (!result.ok) {
      link.onError(result.error);
      return;
    }
    const pending = result.value.items.find((item) => item.basketNumber.toLowerCase() === basketNumber.toLowerCase());
    if (pending) onOpenOperation(pending);
  }

  const field = (name: PaymentField) => ({
    value: values[name],
    onChange: (value: string) => update(name, value),
    onBlur: () => reveal(name),
    error: errorFor(name),
    inputRef: (element: HTMLInputElement | null) => {
      inputs.current[name] = element;
    },
  });

  return (
    <section className="screen payment-form" aria-labelledby="payment-form-title">
      <h2 id="payment-form-title">{t.paymentFormTitle}</h2>
      <p className="intro">{t.paymentFormIntro}</p>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <TextField
            {...field('amount')}
            label={t.amountRequested}
            required
            inputMode="decimal"
            suffix="€"
            autoFocus
            className="amount-field"
          />
          <TextField {...field('basketNumber')} label={t.basketNumber} required />
          <TextField {...field('label')} label={t.label} />
          <TextField {...field('customerReference')} label={t.customerReference} />
          <TextField {...field('sellerId')} label={t.sellerId} />
        </div>
        {serverError?.error.code === 'basket_in_progress' ? (
          <button type="button" className="secondary open-pending" onClick={() => void openPendingRequest(values.basketNumber.trim())}>
            {t.openPendingRequest}
          </button>
        ) : null}
        <p className="required-legend">{t.requiredFields}</p>
        {serverError && !serverError.field ? (
          <p className="alert" role="alert">
            {explainError(serverError.error, language)}
          </p>
        ) : null}
        {resumable && interrupted ? (
          <div className="resume-note" role="status">
            <p>{t.resumeAfterLogin(formatCents(interrupted.amount, language), interrupted.basketNumber)}</p>
            <button ref={resumeButton} type="button" className="primary big" onClick={() => void submit()} disabled={busy}>
              {t.sendRequestNow}
            </button>
          </div>
        ) : (
          <button ref={submitButton} type="submit" className="primary big" disabled={busy} aria-busy={busy || undefined}>
            {busy ? t.creatingPayment : t.submitPayment}
          </button>
        )}
      </form>
      <aside className="note" aria-label={t.didYouKnow}>
        <p className="note-title">{t.didYouKnow}</p>
        <p>{t.immediateOnly}</p>
      </aside>
    </section>
  );
}

/** The field an error from `payments.create` is about, to show it next to that field. */
function fieldOf(error: ContractError): PaymentField | null {
  if (error.code === 'basket_in_progress') return 'basketNumber';
  if (error.code !== 'validation_error' && error.code !== 'bad_request') return null;
  const field = error.details?.field;
  return PAYMENT_FIELDS.find((name) => name === field) ?? null;
}

function problemText(problem: FieldProblem, t: Messages, language: 'fr' | 'en'): string {
  switch (problem.kind) {
    case 'amount': {
      const reason = problem.problem;
      if (reason === 'too_large') return t.amountProblem.too_large(formatCents(MAX_AMOUNT_CENTS, language));
      return t.amountProblem[reason];
    }
    case 'basket_required':
      return t.basketRequired;
    case 'basket_format':
      return t.basketFormat;
    case 'too_long':
      return t.tooLong(problem.max);
    case 'control_characters':
      return t.controlCharacters;
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}
