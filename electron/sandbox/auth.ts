// Merchant login, logout and bearer-token checks. The rule that matters most: the 3rd
// consecutive wrong password locks the account, and a locked account refuses even the right
// password until it is unlocked ("mot de passe oublié" on the merchant space).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CONVENTION_NUMBER_PATTERN,
  MERCHANT_SPACE_URL,
  WRONG_PASSWORDS_BEFORE_LOCK,
  type LoginResponse,
} from '../common/platform-api';
import type { SandboxContext } from './context';
import { SandboxError } from './errors';
import { passwordMatches, spendPasswordCheckTime } from './passwords';
import type { MerchantRow } from './store';
import { parseOrThrow } from './validation';

const LoginRequest = z.strictObject({
  conventionNumber: z.string({ error: 'the convention number is a string of 12 digits' }).regex(
    CONVENTION_NUMBER_PATTERN,
    'the convention number is 12 digits',
  ),
  password: z.string({ error: 'the password is required' }).min(1, 'the password is required').max(200),
});

/** How long an expired token is still recognised (and answered `token_expired`) before it is purged. */
const EXPIRED_TOKEN_MEMORY_MS = 24 * 3_600_000;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function accountLocked(): SandboxError {
  return new SandboxError(
    'account_locked',
    `the account is locked after ${WRONG_PASSWORDS_BEFORE_LOCK} wrong passwords; unlock it on the merchant space ("mot de passe oublié")`,
    { unlockUrl: MERCHANT_SPACE_URL },
  );
}

function login(ctx: SandboxContext, raw: unknown): LoginResponse {
  const { conventionNumber, password } = parseOrThrow(LoginRequest, raw);
  const merchant = ctx.store.merchant(conventionNumber);
  if (!merchant) {
    // Same answer as a wrong password minus the counter: no way to tell which numbers exist.
    spendPasswordCheckTime(password);
    throw new SandboxError('invalid_credentials', 'wrong convention number or password');
  }
  if (merchant.locked) throw accountLocked();
  if (!passwordMatches(password, merchant.password_salt, merchant.password_hash)) {
    const wrong = merchant.wrong_password_count + 1;
    const locked = wrong >= WRONG_PASSWORDS_BEFORE_LOCK;
    ctx.store.setLockState(conventionNumber, wrong, locked);
    if (locked) throw accountLocked();
    throw new SandboxError('invalid_credentials', 'wrong convention number or password', {
      attemptsLeft: WRONG_PASSWORDS_BEFORE_LOCK - wrong,
    });
  }
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ctx.settings.tokenTtlSeconds * 1000).toISOString();
  ctx.write(() => {
    ctx.store.setLockState(conventionNumber, 0, false);
    ctx.store.purgeTokensExpiredBefore(new Date(now.getTime() - EXPIRED_TOKEN_MEMORY_MS).toISOString());
    ctx.store.insertToken(tokenHash(token), conventionNumber, now.toISOString(), expiresAt);
  });
  return { accessToken: token, expiresAt, merchant: { conventionNumber, name: merchant.name } };
}

// ---- bearer tokens ---------------------------------------------------------------------------

interface Session {
  merchant: MerchantRow;
  tokenHash: string;
}

const sessions = new WeakMap<FastifyRequest, Session>();

function bearerOf(request: FastifyRequest): string {
  const match = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) throw new SandboxError('unauthorized', 'missing bearer token: log in with POST /v1/auth/login');
  return match[1]!;
}

/** onRequest hook of every merchant route: runs before the body is even read. */
export function authenticate(ctx: SandboxContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const hash = tokenHash(bearerOf(request));
    const token = ctx.store.token(hash);
    if (!token) throw new SandboxError('unauthorized', 'unknown access token: log in again');
    if (token.expires_at <= new Date().toISOString()) {
      throw new SandboxError('token_expired', 'the access token has expired: log in again');
    }
    const merchant = ctx.store.merchant(token.convention_number);
    if (!merchant) throw new SandboxError('unauthorized', 'unknown access token: log in again');
    sessions.set(request, { merchant, tokenHash: hash });
  };
}

/** The merchant whose token authenticated this request (only on routes behind `authenticate`). */
export function merchantOf(request: FastifyRequest): MerchantRow {
  const session = sessions.get(request);
  if (!session) throw new SandboxError('unauthorized', 'missing bearer token');
  return session.merchant;
}

// ---- routes ----------------------------------------------------------------------------------

export function registerLoginRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v1/auth/login', async (request) => login(ctx, request.body));
}

/** Behind `authenticate`: forgets the token used for this call. */
export function registerLogoutRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v1/auth/logout', async (request, reply) => {
    const session = sessions.get(request);
    if (session) ctx.store.deleteToken(session.tokenHash);
    return reply.code(204).send();
  });
}
