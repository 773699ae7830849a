// The sentence a cashier reads for a contract error, in the screen's language, worded from the
// error's code and details (the core's `message` is a French fallback for integrators and logs).
import type { ContractError } from '../../../electron/common/contract';
import type { Language } from '../../../electron/common/money';
import { COMPANION_UNREACHABLE } from '../bridge/http-bridge';
import { wordError } from '../../../electron/common/core-words';
import { messages } from '../i18n/messages';

export function explainError(error: ContractError, language: Language): string {
  // The bridge's own "host unreachable" is more precise than the generic internal error.
  if (error.code === 'internal_error' && error.message === COMPANION_UNREACHABLE) return messages[language].unreachable;
  return wordError(error, language);
}
