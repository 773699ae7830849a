// The platforms the companion talks to: their kinds, addresses, credentials, the connection
// test, and the link state shown to the cashier.
import { z } from 'zod';
import { isoTimestamp } from './schema-parts';

/** The platforms the companion can talk to: the embedded demo sandbox, a server of the documented
 *  API v1 (ANCV's, or an integrator's), Worldline Direct (Chèque-Vacances Connect as product 5412). */
export const PLATFORM_KINDS = ['sandbox', 'api-v1', 'worldline-direct'] as const;
export const PlatformKind = z.enum(PLATFORM_KINDS);
export type PlatformKind = z.infer<typeof PlatformKind>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** A platform URL must be https, except on loopback (the sandbox). */
export const PlatformUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
  }, 'the platform URL must use https (http is allowed on loopback only)');

/** A test server on this machine (the Worldline Direct fake): http allowed, loopback only. */
export const LoopbackUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && loopbackHosts.has(url.hostname);
  }, 'a test server must be on loopback (127.0.0.1, localhost, [::1])');

/** Worldline Direct's environments (the production one takes real payments). */
export const WorldlineSettings = z.object({
  environment: z.enum(['preproduction', 'production']),
  /** A test server on loopback instead of Worldline's (tests, demonstrations); null otherwise. */
  testServerUrl: LoopbackUrl.nullable(),
});
export type WorldlineSettings = z.infer<typeof WorldlineSettings>;

/** The API keys a payment service provider issues (Worldline Direct: merchant id = PSPID, an API
 *  key id and its secret, made in the Merchant Portal). Secret: never in settings, events or logs. */
export const ApiKeyCredentials = z
  .object({
    // A path segment of every call (/v2/{merchantId}/…): nothing that could leave it.
    merchantId: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, . _ - (1 to 64)'),
    apiKeyId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, 'letters, digits, _ - (1 to 128)'),
    secretApiKey: z.string().trim().regex(/^[\x21-\x7e]{1,512}$/, 'visible ASCII characters (1 to 512)'),
  })
  .strict();
export type ApiKeyCredentials = z.infer<typeof ApiKeyCredentials>;

/** « Tester la connexion »: whether a platform answers (and takes the keys, when given), before
 *  it is saved. Changes nothing. A password is never tested: the 3rd wrong one locks the account. */
export const PlatformTestInput = z
  .object({
    platform: PlatformKind,
    /** `api-v1`: the server's address. */
    platformUrl: PlatformUrl.optional(),
    /** `worldline-direct`: the environment. */
    worldline: WorldlineSettings.optional(),
    /** `worldline-direct`: the keys to check with its test call. */
    credentials: ApiKeyCredentials.optional(),
  })
  .strict();
export type PlatformTestInput = z.input<typeof PlatformTestInput>;

export const PlatformTestResult = z.object({
  platform: PlatformKind,
  /** Where it answered. */
  url: z.string(),
  /** The merchant the keys belong to, when keys were tested. */
  merchantId: z.string().nullable(),
});
export type PlatformTestResult = z.infer<typeof PlatformTestResult>;

// ---- the platform link ---------------------------------------------------------------------

/** How the companion reaches the platform now, for the cashier screens (a banner while statuses
 *  may be late). Emitted by the core as `platform.changed` whenever the state changes. */
export const PlatformLink = z.object({
  /** connected: the event stream is up. polling: the stream is down but polls answer (statuses arrive
   *  within the poll interval). unreachable: neither the stream nor the polls reach the platform.
   *  logged_out: no session, nothing is followed. */
  state: z.enum(['connected', 'polling', 'unreachable', 'logged_out']),
  /** When the current state began. */
  since: isoTimestamp,
  /** The last successful exchange with the platform, if any. */
  lastContactAt: isoTimestamp.nullable(),
});
export type PlatformLink = z.infer<typeof PlatformLink>;
