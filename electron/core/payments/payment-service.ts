// The payment request lifecycle: create (intent first, then the platform, retried only with the
// same idempotency key), get, refresh ("Rafraîchir"), cancel ("Annuler la demande"), and the
// follow-up request for what a partial payment left to collect ("Demander le reste").
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Operation, ParsedInput, Settings } from '../../common/contract';
import { findApiKey, insertApiKey } from '../db/api-idempotency';
import { getOperation, insertIntent, listUnansweredCreates, PlatformAnswerMismatch, publicOperation, type StoredOperation } from '../db/operation-log';
import { CompanionFailure } from '../failure';
import type { CallContext, Logger } from '../ports';
import { PlatformError, type CreateOutcome } from '../platform/gateway';
import type { ActiveSession, PlatformInUse, SessionService } from '../session';
import type { OperationRecorder } from './operation-recorder';
import type { Reconciler } from './reconciliation';

/** Delays before the 2nd and 3rd attempt of a create (same idempotency key each time). */
const CREATE_RETRY_DELAYS_MS = [300, 1_000];

export class PaymentService {
  constructor(
    private readonly deps: {
      db: Database.Database;
      session: SessionService;
      recorder: OperationRecorder;
      reconciler: Reconciler;
      settings: () => Settings;
      /** The platform in use: every intent records its identity, every call goes through it. */
      platform: () => PlatformInUse;
      log?: Logger;
    },
  ) {}

  /** Creates under an `Idempotency-Key` still waiting for their answer here. */
  private readonly inFlightByKey = new Map<string, Promise<Operation>>();

  async create(input: ParsedInput<'payments.create'>, context: CallContext): Promise<Operation> {
    const session = this.deps.session.require();
    const { gateway, identity } = this.deps.platform();
    const { minCents, maxCents } = gateway.capabilities.amount;
    if (input.amount < minCents || input.amount > maxCents) {
      // The platform's own bounds, said before anything is written or sent.
      throw CompanionFailure.of('validation_error', { field: 'amount', minAmount: minCents, maxAmount: maxCents });
    }
    const key = context.idempotencyKey;
    const fingerprint = key ? requestFingerprint(session.conventionNumber, input) : null;
    // A retry under the same key gets the same operation, before anything reaches the platform.
    if (key) {
      const replayed = await this.replay(key, fingerprint!);
      if (replayed) return replayed;
    }
    if (input.followUpOf) this.checkFollowUp(input);
    await this.settleStuckCreates(session, input.basketNumber);
    const at = new Date().toISOString();
    const written = this.deps.db.transaction(() => {
      // Looked up again with the intent: a retry sent while this one was settling stuck creates.
      if (key && findApiKey(this.deps.db, key)) return null;
      const intent = insertIntent(this.deps.db, {
        id: randomUUID(),
        idempotencyKey: randomUUID(),
        conventionNumber: session.conventionNumber,
        basketNumber: input.basketNumber,
        amountRequested: input.amount,
        label: input.label ?? null,
        customerReference: input.customerReference ?? null,
        sellerId: input.sellerId ?? null,
        followUpOf: input.followUpOf ?? null,
        tillId: this.deps.settings().tillId,
        origin: context.origin,
        at,
        platform: identity,
      });
      if (key) insertApiKey(this.deps.db, key, { fingerprint: fingerprint!, operationId: intent.id }, at);
      return intent;
    }).immediate();
    if (!written) return (await this.replay(key!, fingerprint!))!;
    this.deps.recorder.announce(written);
    const sent = this.deps.reconciler.guard(written, () => this.send(session, written));
    if (key) {
      this.inFlightByKey.set(key, sent);
      void sent.catch(() => undefined).finally(() => this.inFlightByKey.delete(key));
    }
    return sent;
  }

  /** The operation a key already made, as it is now (once its first create has its answer), or
   *  null for a new key; a different request under a known key is refused. */
  private async replay(key: string, fingerprint: string): Promise<Operation | null> {
    const known = findApiKey(this.deps.db, key);
    if (!known) return null;
    if (known.fingerprint !== fingerprint) throw CompanionFailure.of('idempotency_conflict', { operationId: known.operationId });
    await this.inFlightByKey.get(key)?.catch(() => undefined);
    return publicOperation(getOperation(this.deps.db, known.operationId)!);
  }

  private async send(session: ActiveSession, intent: StoredOperation): Promise<Operation> {
    const { gateway } = this.deps.platform();
    const input = {
      amount: intent.amountRequested,
      basketNumber: intent.basketNumber,
      label: intent.label,
      customerReference: intent.customerReference,
      sellerId: intent.sellerId,
      idempotencyKey: intent.idempotencyKey,
    };
    // Once one attempt may have made the request, no later answer can prove it was not made: a
    // retry refused for sure (token expired, say) only speaks for itself.
    let mayExist = false;
    for (let attempt = 0; ; attempt++) {
      let outcome: CreateOutcome;
      try {
        outcome = await this.deps.session.withSession(() => gateway.create(session.platform, input));
      } catch (error) {
        if (!madeNothing(error)) mayExist = true;
        const delay = CREATE_RETRY_DELAYS_MS[attempt];
        if (error instanceof PlatformError && error.retryable && delay !== undefined) {
          this.deps.log?.warn('create failed, retrying with the same idempotency key', { operationId: intent.id, error: error.message });
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        if (mayExist) throw this.leaveForReconciliation(intent, error);
        this.settleRefusedCreate(intent, error);
        throw error;
      }
      // Outside the try: failing to record the answer (a full disk) is not a platform attempt to
      // repeat; the intent stays `creating` and reconciliation finds the request.
      try {
        return publicOperation(this.deps.recorder.record(intent.id, outcome.request, 'local', { step: 'created', attempts: attempt + 1 }));
      } catch (error) {
        // An answer that does not fit the intent proves nothing about what the platform made.
        if (error instanceof PlatformAnswerMismatch) throw this.leaveForReconciliation(intent, error);
        throw error;
      }
    }
  }

  /** Every attempt was refused for sure or never left: the create is final, with the reason. */
  private settleRefusedCreate(intent: StoredOperation, error: unknown): void {
    if (error instanceof PlatformError) {
      const failure = CompanionFailure.of(error.contractCode, error.field ? { field: error.field } : undefined).error;
      this.deps.recorder.fail(intent.id, { code: error.platformCode ?? error.contractCode, message: failure.message }, 'local');
    } else if (error instanceof CompanionFailure) {
      this.deps.recorder.fail(intent.id, { code: error.error.code, message: error.error.message }, 'local');
    }
  }

  /** The platform may hold the request: the operation stays `creating`, reconciliation finds out
   *  what the platform did, and the caller hears "unknown", never "failed". */
  private leaveForReconciliation(intent: StoredOperation, last: unknown): CompanionFailure {
    this.deps.log?.warn('create outcome unknown: left for reconciliation', { operationId: intent.id, error: String(last) });
    const platformCode = last instanceof PlatformError ? (last.platformCode ?? last.contractCode) : last instanceof CompanionFailure ? last.error.code : undefined;
    // "Did not answer in time" already says the request is being checked.
    const code = last instanceof PlatformError && last.kind === 'timeout' ? 'timeout' : 'outcome_unknown';
    return CompanionFailure.of(code, { operationId: intent.id, ...(platformCode ? { platformCode } : {}) });
  }

  /** A create of this basket left without an answer would make the platform refuse this one
   *  (one pending request per basket): find out what became of it first. */
  private async settleStuckCreates(session: ActiveSession, basketNumber: string): Promise<void> {
    const stuck = listUnansweredCreates(this.deps.db, session.conventionNumber, basketNumber, this.deps.platform().identity).filter(
      (op) => !this.deps.reconciler.isInFlight(op.id),
    );
    for (const op of stuck) {
      await this.deps.reconciler.settle(op.id).catch((error) => {
        this.deps.log?.warn('could not settle an earlier create of this basket', { operationId: op.id, error: String(error) });
      });
    }
  }

  private checkFollowUp(input: ParsedInput<'payments.create'>): void {
    const original = getOperation(this.deps.db, input.followUpOf!);
    const problem = !original
      ? 'not_found'
      : original.status !== 'validated' || original.amountReceived >= original.amountRequested
        ? 'not_partial'
        : original.basketNumber.toLowerCase() !== input.basketNumber.toLowerCase()
          ? 'other_basket'
          : input.amount > original.amountRequested - original.amountReceived
            ? 'more_than_remainder'
            : null;
    if (!problem) return;
    throw new CompanionFailure({
      code: 'bad_request',
      message: {
        not_found: 'La demande d’origine est introuvable.',
        not_partial: 'La demande d’origine n’a pas de reste à encaisser.',
        other_basket: 'Le reste doit être demandé sur le même N° de panier.',
        more_than_remainder: 'Le montant dépasse le reste à encaisser.',
      }[problem],
      details: { field: problem === 'more_than_remainder' ? 'amount' : 'followUpOf', reason: `follow_up_${problem}` },
    });
  }

  get(id: string): Operation {
    return publicOperation(this.require(id));
  }

  /** "Rafraîchir": asks the platform now, whatever the stream says. */
  async refresh(id: string): Promise<Operation> {
    const op = this.require(id);
    if (op.status === 'creating') return publicOperation(await this.deps.reconciler.settle(op.id));
    if (op.status !== 'pending' || !op.platformId) return publicOperation(op);
    this.deps.reconciler.requireOwnPlatform(op);
    const { gateway } = this.deps.platform();
    const request = await this.deps.session.withSession((s) => gateway.get(s.platform, op.platformId!));
    return publicOperation(this.deps.recorder.record(op.id, request, 'refresh'));
  }

  /** "Annuler la demande": only while it can still be paid. A create stuck without an answer is
   *  settled the reconciliation way, which cancels it if the platform has it. */
  async cancel(id: string): Promise<Operation> {
    const op = this.require(id);
    if (op.status === 'creating') return publicOperation(await this.deps.reconciler.settle(op.id));
    if (op.status !== 'pending' || !op.platformId) throw CompanionFailure.of('not_pending');
    this.deps.reconciler.requireOwnPlatform(op);
    const { gateway } = this.deps.platform();
    // A platform where a pending request ends only by payment or expiry.
    if (!gateway.capabilities.cancel) throw CompanionFailure.of('not_supported');
    try {
      const request = await this.deps.session.withSession((s) => gateway.cancel(s.platform, op.platformId!));
      return publicOperation(this.deps.recorder.record(op.id, request, 'local', { step: 'cancelled_by_cashier' }));
    } catch (error) {
      if (error instanceof PlatformError && error.kind === 'not_pending') {
        // Paid or expired a moment ago: show the truth, and say the cancel did not happen.
        await this.refresh(op.id).catch(() => undefined);
      }
      throw error;
    }
  }

  private require(id: string): StoredOperation {
    const op = getOperation(this.deps.db, id);
    if (!op) throw CompanionFailure.of('not_found');
    return op;
  }
}

/** An attempt that certainly made no request: it never left, the platform refused it, or the
 *  session was gone before anything was sent. */
function madeNothing(error: unknown): boolean {
  if (error instanceof PlatformError) return error.reachedPlatform === false || error.refusedForSure;
  return error instanceof CompanionFailure;
}

/** What "the same request" means under one Idempotency-Key: the merchant and every input value. */
function requestFingerprint(conventionNumber: string, input: ParsedInput<'payments.create'>): string {
  return JSON.stringify([
    conventionNumber,
    input.amount,
    input.basketNumber,
    input.label ?? null,
    input.customerReference ?? null,
    input.sellerId ?? null,
    input.followUpOf ?? null,
  ]);
}
