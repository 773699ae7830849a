// The amounts of an outcome as a cashier reads them, for notices and the page title.
import type { Operation } from '../../../electron/common/contract';
import { formatCents, type Language } from '../../../electron/common/money';
import type { OutcomeFacts } from '../i18n/messages';

export function outcomeFacts(operation: Operation, language: Language): OutcomeFacts {
  return {
    basketNumber: operation.basketNumber,
    requested: formatCents(operation.amountRequested, language),
    received: formatCents(operation.amountReceived, language),
    remainder: formatCents(operation.remainder, language),
  };
}
