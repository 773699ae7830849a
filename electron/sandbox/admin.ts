// Sandbox-only routes (no token; they do not exist on the real platform): seed merchants and
// wallets, unlock a locked account (what "mot de passe oublié" does on the merchant space),
// and a few switches for tests: expire a merchant's tokens, cut the event streams, slow down
// the answer to a create. Keep this list small and documented in API.md.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONVENTION_NUMBER_PATTERN } from '../common/platform-api';
import type { SandboxContext } from './context';
import { DEFAULT_MAX_AMOUNT, DEFAULT_MIN_AMOUNT } from './fixtures';
import { SandboxError, invalidField } from './errors';
import { hashPassword } from './passwords';
import { parseOrThrow } from './validation';

const cents = z.number({ error: 'an integer number of euro cents' }).int('an integer number of euro cents');
const milliseconds = z
  .number({ error: 'an integer number of milliseconds' })
  .int('an integer number of milliseconds')
  .min(0)
  .max(600_000);

const NewMerchant = z.strictObject({
  conventionNumber: z.string().regex(CONVENTION_NUMBER_PATTERN, 'the convention number is 12 digits'),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
  minAmount: cents.min(1).optional(),
  maxAmount: cents.min(1).optional(),
});

const WalletBalance = z.strictObject({
  walletId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '1 to 64 letters, digits, - or _'),
  balance: cents.min(0),
});

const StreamCut = z.strictObject({ refuseForMs: milliseconds.optional() });
const FaultSwitches = z.strictObject({ createResponseDelayMs: milliseconds.optional() });
const MerchantParams = z.object({
  conventionNumber: z.string().regex(CONVENTION_NUMBER_PATTERN, 'the convention number is 12 digits'),
});

function knownMerchant(ctx: SandboxContext, rawParams: unknown): string {
  const { conventionNumber } = parseOrThrow(MerchantParams, rawParams, 'path');
  if (!ctx.store.merchant(conventionNumber)) throw new SandboxError('not_found', `no merchant ${conventionNumber}`);
  return conventionNumber;
}

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/sandbox/merchants', async (request, reply) => {
    const body = parseOrThrow(NewMerchant, request.body);
    const minAmount = body.minAmount ?? DEFAULT_MIN_AMOUNT;
    const maxAmount = body.maxAmount ?? DEFAULT_MAX_AMOUNT;
    if (maxAmount < minAmount) throw invalidField('maxAmount', 'maxAmount must be at least minAmount');
    const { salt, hash } = hashPassword(body.password);
    ctx.store.replaceMerchant({
      convention_number: body.conventionNumber,
      name: body.name,
      password_salt: salt,
      password_hash: hash,
      min_amount_cents: minAmount,
      max_amount_cents: maxAmount,
    });
    return reply.code(201).send({ conventionNumber: body.conventionNumber, name: body.name, minAmount, maxAmount });
  });

  app.post('/sandbox/wallets', async (request, reply) => {
    const { walletId, balance } = parseOrThrow(WalletBalance, request.body);
    ctx.store.setWallet(walletId, balance);
    return reply.code(201).send({ walletId, balance });
  });

  app.post('/sandbox/merchants/:conventionNumber/unlock', async (request, reply) => {
    ctx.store.setLockState(knownMerchant(ctx, request.params), 0, false);
    return reply.code(204).send();
  });

  app.post('/sandbox/merchants/:conventionNumber/expire-tokens', async (request, reply) => {
    ctx.store.expireTokens(knownMerchant(ctx, request.params), new Date().toISOString());
    return reply.code(204).send();
  });

  app.post('/sandbox/streams/cut', async (request, reply) => {
    const { refuseForMs } = parseOrThrow(StreamCut, request.body ?? {});
    ctx.hub.cut(refuseForMs ?? 0);
    return reply.code(204).send();
  });

  app.post('/sandbox/faults', async (request, reply) => {
    const switches = parseOrThrow(FaultSwitches, request.body ?? {});
    ctx.faults.createResponseDelayMs = switches.createResponseDelayMs ?? 0;
    return reply.code(204).send();
  });
}
