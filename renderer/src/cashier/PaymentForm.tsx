// "Demande de paiement": amount, basket number and the optional fields of the guide. Nothing is
// sent until every field is valid; while the request is being created the button says so and
// cannot be pressed again (one click, one payment request).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ContractError, Operation } from '../../../electron/common/contract';
import { formatCents, MAX_AMOUNT_CENTS } from '../../../electron/common/money';
import { useLanguage, useT } from '../i18n/i18n';
import type { Messages } from '../i18n/messages';
import { useCompanion, useLink } from './companion-context';
import { explainError } from './explain-error';
import {
  checkPaymentForm,
  EMPTY_PAYMENT_FORM,
  PAYMENT_FIELDS,
  type FieldProblem,
  type PaymentField,
  type PaymentFormValues,
} from './payment-form-rules';
import { TextField } from './TextField';

interface PaymentFormProps {
  onCreated(operation: Operation): void;
  /** Changes when the amount field should take the focus again (after a login over the form). */
  focusKey?: number;
}

type ServerError = { field: PaymentField | null; error: ContractError };

export function PaymentForm({ onCreated, focusKey }: PaymentFormProps) {
  const api = useCompanion();
  const link = useLink();
  const t = useT();
  const language = useLanguage();
  const [values, setValues] = useState<PaymentFormValues>(EMPTY_PAYMENT_FORM);
  const [shown, setShown] = useState<ReadonlySet<PaymentField>>(new Set());
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<ServerError | null>(null);
  const sending = useRef(false);
  const inputs = useRef<Partial<Record<PaymentField, HTMLInputElement | null>>>({});

  useEffect(() => {
    if (focusKey) inputs.current.amount?.focus();
  }, [focusKey]);

  const check = checkPaymentForm(values);
  const problems = check.ok ? {} : check.problems;

  function errorFor(field: PaymentField): string | null {
    if (serverError?.field === field) return explainError(serverError.error, language);
    const problem = problems[field];
    return problem && shown.has(field) ? problemText(problem, t, language) : null;
  }

  function update(field: PaymentField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    if (serverError) setServerError(null);
  }

  function reveal(field: PaymentField) {
    // A field left empty is not an error yet: "required" waits for "Je continue".
    if (values[field].trim() === '' || shown.has(field)) return;
    setShown((current) => new Set(current).add(field));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending.current) return;
    if (!check.ok) {
      setShown(new Set(PAYMENT_FIELDS));
      const first = PAYMENT_FIELDS.find((field) => check.problems[field]);
      if (first) inputs.current[first]?.focus();
      return;
    }
    sending.current = true;
    setBusy(true);
    setServerError(null);
    const result = await api.payments.create(check.input);
    sending.current = false;
    setBusy(false);
    if (result.ok) {
      onCreated(result.value);
      return;
    }
    link.onError(result.error);
    const failed = { field: fieldOf(result.error), error: result.error };
    setServerError(failed);
    if (failed.field) inputs.current[failed.field]?.focus();
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
        <p className="required-legend">{t.requiredFields}</p>
        {serverError && !serverError.field ? (
          <p className="alert" role="alert">
            {explainError(serverError.error, language)}
          </p>
        ) : null}
        <button type="submit" className="primary big" disabled={busy} aria-busy={busy || undefined}>
          {busy ? t.creatingPayment : t.submitPayment}
        </button>
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
