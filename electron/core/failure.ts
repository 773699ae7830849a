// Inside the core, failures are thrown as CompanionFailure (or PlatformError from the client);
// at the contract boundary they become `{ ok: false, error }` results (STYLE.md §4).
import type { ContractError, ErrorCode, Result } from '../common/contract';
import { contractError } from '../common/error-messages';
import type { Logger } from './ports';
import { PlatformAnswerMismatch } from './db/operation-log';
import { PlatformError } from './platform/gateway';
import { storageErrorCode } from './storage-errors';

export class CompanionFailure extends Error {
  constructor(readonly error: ContractError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'CompanionFailure';
  }

  static of(code: ErrorCode, details?: ContractError['details']): CompanionFailure {
    return new CompanionFailure(contractError(code, details));
  }
}

/** The contract error a cashier sees for anything thrown. */
export function toContractError(error: unknown, log?: Logger): ContractError {
  if (error instanceof CompanionFailure) return error.error;
  if (error instanceof PlatformError) {
    const details: NonNullable<ContractError['details']> = {};
    if (error.field !== undefined) details.field = error.field;
    if (error.attemptsLeft !== undefined) details.attemptsLeft = error.attemptsLeft;
    if (error.unlockUrl !== undefined) details.unlockUrl = error.unlockUrl;
    if (error.minAmount !== undefined) details.minAmount = error.minAmount;
    if (error.maxAmount !== undefined) details.maxAmount = error.maxAmount;
    if (error.platformCode) details.platformCode = error.platformCode;
    return contractError(error.contractCode, Object.keys(details).length ? details : undefined);
  }
  if (error instanceof PlatformAnswerMismatch) {
    // The platform said something that cannot be true of this request: nothing was recorded.
    log?.warn('platform answer refused', { operationId: error.operationId, problem: error.problem });
    return contractError('platform_error', { operationId: error.operationId });
  }
  const storage = storageErrorCode(error);
  if (storage) {
    // The cashier reads that the disk is full or read-only; support reads which file, here.
    log?.error('storage failure: nothing was recorded', { code: storage, error: String(error) });
    return contractError(storage);
  }
  log?.error('unexpected error', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return contractError('internal_error');
}

export async function asResult<T>(work: () => Promise<T>, log?: Logger): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toContractError(error, log) };
  }
}

/** The same for work that does not wait on anything (a local read): no extra promise hops on
 *  the path of the operations list, which must stay as fast as the SQL under it. */
export function resultOf<T>(work: () => T, log?: Logger): Promise<Result<T>> {
  try {
    return Promise.resolve({ ok: true, value: work() });
  } catch (error) {
    return Promise.resolve({ ok: false, error: toContractError(error, log) });
  }
}
