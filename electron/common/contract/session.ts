// The merchant's session, its login, and what the screens show about the companion itself.
import { z } from 'zod';
import { CONVENTION_NUMBER_PATTERN } from '../platform-api';
import { ApiKeyCredentials, PlatformKind } from './platform';
import { isoTimestamp } from './schema-parts';

export const SessionState = z.object({
  status: z.enum(['logged_out', 'logged_in', 'expired']),
  /** `conventionNumber`: the convention number, or the provider's merchant id (Worldline: the PSPID). */
  merchant: z.object({ conventionNumber: z.string(), name: z.string() }).nullable(),
  expiresAt: isoTimestamp.nullable(),
  platform: z.object({
    /** `sandbox`: the embedded demo platform (« Mode démonstration »). */
    mode: z.enum(['sandbox', 'platform']),
    url: z.string(),
    /** The platform in use (absent from hosts older than the platform port: read as the API v1). */
    kind: PlatformKind.optional(),
    /** What the login asks: a convention number and password, or API keys. */
    credentials: z.enum(['convention', 'api-key']).optional(),
    /** Where the choice comes from: `default` until the merchant chose (first start: the setup
     *  screen is shown), the settings, or the command line of `npm run serve`. */
    source: z.enum(['default', 'settings', 'command-line']).optional(),
  }),
});
export type SessionState = z.infer<typeof SessionState>;

/** A convention number and its password (ANCV's platform, the sandbox, an API v1 server), or the
 *  API keys of a payment service provider (Worldline Direct), as the platform in use asks. */
export const LoginInput = z.union([
  z
    .object({
      conventionNumber: z.string().regex(CONVENTION_NUMBER_PATTERN, 'the convention number is 12 digits'),
      password: z.string().min(1).max(200),
    })
    .strict(),
  ApiKeyCredentials,
]);

// ---- the companion itself, and its access tokens -------------------------------------------

/** What the screens show about this companion (the login screen, Paramètres). The demo
 *  credentials are here, and only in demo mode: the session never carries a password. */
export const AppAbout = z.object({
  /** package.json's version, e.g. `0.1.0` (the login screen shows « V0.1.0 »). */
  version: z.string(),
  platformMode: z.enum(['sandbox', 'platform']),
  /** Where the log files are, for support (« Journaux »); null when the host writes none. */
  logFolder: z.string().nullable(),
  demo: z.object({ conventionNumber: z.string(), password: z.string() }).nullable(),
});
export type AppAbout = z.infer<typeof AppAbout>;

/** The local API's new cashier token (`access.rotate`): the caller switches to it; every other
 *  holder of the old one is refused from now on. */
export const AccessToken = z.object({ token: z.string().min(1) });
export type AccessToken = z.infer<typeof AccessToken>;
