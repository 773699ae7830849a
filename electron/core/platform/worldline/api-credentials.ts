// Worldline Direct's API credentials: the merchant id (PSPID) and an API key id / secret API key
// pair made in the Merchant Portal (Developer > Payment API). They are the session here: kept by
// the core only through its SecretStore, never in settings, events or logs.
import { z } from 'zod';
import { ApiKeyCredentials } from '../../../common/contract';

/** The same rules as the contract's login input (one definition). */
export const ApiCredentials = ApiKeyCredentials;
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
