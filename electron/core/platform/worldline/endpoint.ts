// Where Worldline Direct is reached. Merchants choose between the two documented environments
// (docs.direct.worldline-solutions.com, "API base URL"), both https; the only other address
// accepted is a test server on this machine's loopback (the project's fake), which never
// carries real credentials.
import { z } from 'zod';

export const WORLDLINE_ENVIRONMENTS = {
  /** Live transactions. */
  production: 'https://payment.direct.worldline-solutions.com',
  /** Test transactions, no financial impact ("test environment" in Worldline's words). */
  preproduction: 'https://payment.preprod.direct.worldline-solutions.com',
} as const;

export type WorldlineEnvironment = keyof typeof WORLDLINE_ENVIRONMENTS;

export type WorldlineEndpoint = { environment: WorldlineEnvironment } | { testServerUrl: string };

export interface ResolvedEndpoint {
  url: string;
  scheme: 'http' | 'https';
  host: string;
  port: number;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

export const WorldlineEndpointSchema = z.union([
  z.object({ environment: z.enum(['production', 'preproduction']) }).strict(),
  z
    .object({
      testServerUrl: z
        .string()
        .url()
        .refine((value) => LOOPBACK.test(new URL(value).hostname), { message: 'a test server must be on loopback' }),
    })
    .strict(),
]);

export function resolveEndpoint(endpoint: WorldlineEndpoint): ResolvedEndpoint {
  const checked = WorldlineEndpointSchema.parse(endpoint);
  const url = new URL('environment' in checked ? WORLDLINE_ENVIRONMENTS[checked.environment] : checked.testServerUrl);
  const scheme = url.protocol === 'https:' ? 'https' : url.protocol === 'http:' ? 'http' : null;
  if (!scheme) throw new Error(`unsupported scheme ${url.protocol}`);
  return {
    url: url.origin,
    scheme,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80,
  };
}
