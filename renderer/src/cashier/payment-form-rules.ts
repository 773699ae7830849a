// What the "Demande de paiement" form accepts, checked field by field so each problem gets its
// own inline message. The same limits as the contract: nothing the contract would refuse is sent.
import type { CreatePaymentInput } from '../../../electron/common/contract';
import { parseAmountInput, type AmountInputProblem } from '../../../electron/common/money';
import {
  BASKET_NUMBER_PATTERN,
  CUSTOMER_REFERENCE_MAX,
  LABEL_MAX,
  SELLER_ID_MAX,
} from '../../../electron/common/platform-api';

export interface PaymentFormValues {
  amount: string;
  basketNumber: string;
  label: string;
  customerReference: string;
  sellerId: string;
}
export type PaymentField = keyof PaymentFormValues;
export const PAYMENT_FIELDS: readonly PaymentField[] = ['amount', 'basketNumber', 'label', 'customerReference', 'sellerId'];

export const EMPTY_PAYMENT_FORM: PaymentFormValues = {
  amount: '',
  basketNumber: '',
  label: '',
  customerReference: '',
  sellerId: '',
};

export type FieldProblem =
  | { kind: 'amount'; problem: AmountInputProblem }
  | { kind: 'basket_required' }
  | { kind: 'basket_format' }
  | { kind: 'too_long'; max: number }
  | { kind: 'control_characters' };

export type PaymentFormCheck =
  | { ok: true; input: CreatePaymentInput }
  | { ok: false; problems: Partial<Record<PaymentField, FieldProblem>> };

const OPTIONAL_MAX: Record<'label' | 'customerReference' | 'sellerId', number> = {
  label: LABEL_MAX,
  customerReference: CUSTOMER_REFERENCE_MAX,
  sellerId: SELLER_ID_MAX,
};

export function checkPaymentForm(values: PaymentFormValues): PaymentFormCheck {
  const problems: Partial<Record<PaymentField, FieldProblem>> = {};
  const amount = parseAmountInput(values.amount);
  if (!amount.ok) problems.amount = { kind: 'amount', problem: amount.problem };

  const basketNumber = values.basketNumber.trim();
  if (basketNumber === '') problems.basketNumber = { kind: 'basket_required' };
  else if (!BASKET_NUMBER_PATTERN.test(basketNumber)) problems.basketNumber = { kind: 'basket_format' };

  const optional: Partial<Record<'label' | 'customerReference' | 'sellerId', string>> = {};
  for (const field of ['label', 'customerReference', 'sellerId'] as const) {
    const text = values[field].trim();
    if (text.length > OPTIONAL_MAX[field]) problems[field] = { kind: 'too_long', max: OPTIONAL_MAX[field] };
    else if (/\p{Cc}/u.test(text)) problems[field] = { kind: 'control_characters' };
    else if (text !== '') optional[field] = text;
  }

  if (!amount.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, input: { amount: amount.cents, basketNumber, ...optional } };
}
