// Worldline Direct's API credentials: the merchant id (PSPID) and an API key id / secret API key
// pair made in the Merchant Portal (Developer > Payment API). They are the session here: kept by
// the core only through its SecretStore, never in settings, events or logs.
import { z } from 'zod';

export const ApiCredentials = z
  .object({
    // It is a path segment of every call (/v2/{merchantId}/…): nothing that could leave it.
    merchantId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    apiKeyId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
    secretApiKey: z.string().regex(/^[\x21-\x7e]{1,512}$/),
  })
  .strict();
export type ApiCredentials = z.infer<typeof ApiCredentials>;

/** What the core stores (as an opaque string) to resume after a restart. */
export function storeCredentials(credentials: ApiCredentials): string {
  return JSON.stringify({ worldline: 1, ...credentials });
}

export function readStoredCredentials(stored: string): ApiCredentials | null {
  try {
    const parsed = z
      .object({ worldline: z.literal(1) })
      .loose()
      .parse(JSON.parse(stored));
    const { worldline: _version, ...rest } = parsed;
    const credentials = ApiCredentials.safeParse(rest);
    return credentials.success ? credentials.data : null;
  } catch {
    return null;
  }
}
