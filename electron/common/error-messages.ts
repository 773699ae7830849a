// Every contract error carries a French sentence in `error.message` for integrators of the local
// API and for the logs: the same words the screens show in French, from the one catalogue
// (core-words.ts). The screens never read it: they word the error from its code and details, in
// the cashier's language.
import type { ContractError, ErrorCode } from './contract';
import { wordError } from './core-words';

/** A contract error with its French sentence. */
export function contractError(code: ErrorCode, details?: ContractError['details']): ContractError {
  const message = wordError({ code, ...(details ? { details } : {}) }, 'fr');
  return details ? { code, message, details } : { code, message };
}
