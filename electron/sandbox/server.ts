// Builds the sandbox's fastify server: JSON-only bodies up to 16 KiB, one error format
// (`{"error":{"code","message",…}}`, never a stack trace), JSON 404s, and the route modules.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { PlatformErrorCode } from '../common/platform-api';
import { registerAdminRoutes } from './admin';
import { authenticate, registerLoginRoute, registerLogoutRoute } from './auth';
import type { SandboxContext } from './context';
import { SandboxError } from './errors';
import { registerEventRoutes } from './events';
import { registerPaymentRequestRoutes } from './payment-requests';
import { registerWalletPageRoutes } from './wallet-page';
import { registerWalletRoutes } from './wallet';

export const BODY_LIMIT_BYTES = 16 * 1024;

/** fastify's own errors (body parsing, size, media type) in the platform's words. */
function translate(error: FastifyError): SandboxError {
  if (error instanceof SandboxError) return error;
  const is = (code: PlatformErrorCode, message: string) => new SandboxError(code, message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return is('payload_too_large', `the body is larger than ${BODY_LIMIT_BYTES} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return is('unsupported_media_type', 'bodies must be JSON: send Content-Type: application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    // also `__proto__` / `constructor.prototype` keys, which fastify's secure parser refuses
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return is('malformed_json', 'the body is not valid JSON');
    default:
      break;
  }
  if (error instanceof SyntaxError) return is('malformed_json', 'the body is not valid JSON');
  if (error.statusCode === 413) return is('payload_too_large', `the body is larger than ${BODY_LIMIT_BYTES} bytes`);
  if (error.statusCode === 404) return is('not_found', 'no such route');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return is('validation_error', 'the request is not valid HTTP for this API');
  }
  return is('internal_error', 'the sandbox had an internal error');
}

export function buildServer(ctx: SandboxContext, options: { logger: boolean }): FastifyInstance {
  const app = Fastify({
    logger: options.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    // close() must not wait for open event streams or slowed-down answers.
    forceCloseConnections: true,
  });
  // JSON is the only body format: anything else (text/plain included) gets 415.
  app.removeContentTypeParser(['text/plain']);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal = translate(error);
    if (refusal.code === 'internal_error') request.log.error({ err: error }, 'sandbox internal error');
    return reply.code(refusal.status).header('cache-control', 'no-store').send(refusal.body());
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(new SandboxError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`).body()),
  );
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.get('/v1/health', async () => ({ status: 'ok' }));
  registerLoginRoute(app, ctx);
  registerWalletRoutes(app, ctx);
  registerWalletPageRoutes(app, ctx);
  registerAdminRoutes(app, ctx);

  // Merchant routes: the token is checked before the body is even read.
  app.register(async (merchantScope) => {
    merchantScope.addHook('onRequest', authenticate(ctx));
    registerLogoutRoute(merchantScope, ctx);
    registerPaymentRequestRoutes(merchantScope, ctx);
    registerEventRoutes(merchantScope, ctx);
  });
  return app;
}
