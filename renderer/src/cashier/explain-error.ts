// The sentence a cashier reads for a contract error, in the screen's language.
import type { ContractError } from '../../../electron/common/contract';
import { errorSentence } from '../../../electron/common/error-messages';
import { formatCents, type Language } from '../../../electron/common/money';
import { COMPANION_UNREACHABLE } from '../bridge/http-bridge';
import { messages } from '../i18n/messages';

export function explainError(error: ContractError, language: Language): string {
  // The bridge's own "host unreachable" is more precise than the generic internal error.
  if (error.code === 'internal_error' && error.message === COMPANION_UNREACHABLE) return messages[language].unreachable;
  // An amount outside the merchant's limits: say the limits, in euros, so the cashier can act.
  const details = error.details;
  if (error.code === 'validation_error' && details?.field === 'amount' && details.minAmount !== undefined) {
    const max = details.maxAmount !== undefined ? formatCents(details.maxAmount, language) : null;
    return messages[language].amountOutsideLimits(formatCents(details.minAmount, language), max);
  }
  return errorSentence(error.code, details, language);
}
