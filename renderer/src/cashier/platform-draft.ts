// The platform part of a form (Paramètres, the first-start setup) as the cashier types it, and
// what it becomes for the companion: the input of « Tester la connexion », the settings patch, and
// the keys to log in with. Keys never go into the settings: they are sent by `session.login` only.
import type { PlatformKind, PlatformTestInput, SessionState, Settings, SettingsPatch } from '../../../electron/common/contract';

export interface PlatformDraft {
  platform: PlatformKind;
  platformUrl: string;
  environment: Settings['worldline']['environment'];
  /** Kept as the settings have it (a test server is chosen on the command line, not here). */
  testServerUrl: string | null;
  merchantId: string;
  apiKeyId: string;
  secretApiKey: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * What the form shows first: the platform in use. The settings say it, unless the command line
 * chose another for this run (or nothing is chosen yet): then the session's platform, read from
 * its address (a Worldline test server is always on loopback; Worldline's pre-production host
 * is `payment.preprod.…`).
 */
export function platformDraftOf(settings: Settings, session: SessionState | null): PlatformDraft {
  const draft: PlatformDraft = {
    platform: settings.platform ?? session?.platform.kind ?? 'sandbox',
    platformUrl: settings.platformUrl ?? '',
    environment: settings.worldline.environment,
    testServerUrl: settings.worldline.testServerUrl,
    merchantId: '',
    apiKeyId: '',
    secretApiKey: '',
  };
  const inUse = session?.platform;
  if (!inUse?.kind || (settings.platform === inUse.kind && inUse.source !== 'command-line')) return draft;
  draft.platform = inUse.kind;
  if (inUse.kind === 'api-v1') draft.platformUrl = inUse.url;
  if (inUse.kind === 'worldline-direct') {
    const host = new URL(inUse.url).hostname;
    draft.testServerUrl = LOOPBACK.has(host) ? inUse.url : null;
    if (!draft.testServerUrl) draft.environment = host.includes('.preprod.') ? 'preproduction' : 'production';
  }
  return draft;
}

/** The keys typed in: all three, none (keep the saved ones), or a problem. */
export function typedKeys(draft: PlatformDraft): { merchantId: string; apiKeyId: string; secretApiKey: string } | null | 'incomplete' {
  const keys = { merchantId: draft.merchantId.trim(), apiKeyId: draft.apiKeyId.trim(), secretApiKey: draft.secretApiKey.trim() };
  const filled = Object.values(keys).filter((value) => value !== '').length;
  if (filled === 0) return null;
  return filled === 3 ? keys : 'incomplete';
}

export function testInputOf(draft: PlatformDraft): PlatformTestInput {
  switch (draft.platform) {
    case 'sandbox':
      return { platform: 'sandbox' };
    case 'api-v1':
      return { platform: 'api-v1', platformUrl: draft.platformUrl.trim() };
    case 'worldline-direct': {
      const keys = typedKeys(draft);
      return {
        platform: 'worldline-direct',
        worldline: { environment: draft.environment, testServerUrl: draft.testServerUrl },
        ...(keys && keys !== 'incomplete' ? { credentials: keys } : {}),
      };
    }
    default: {
      const unreachable: never = draft.platform;
      return unreachable;
    }
  }
}

/** What the draft changes in the platform the form showed at first (`initial`), if anything
 *  (`platformUrl` is always said: it is this form's field). */
export function platformPatchOf(draft: PlatformDraft, initial: PlatformDraft): SettingsPatch {
  const platformUrl = draft.platformUrl.trim() === '' ? null : draft.platformUrl.trim();
  const worldline = { environment: draft.environment, testServerUrl: draft.testServerUrl };
  const changed =
    draft.platform !== initial.platform ||
    (draft.platform === 'api-v1' && draft.platformUrl.trim() !== initial.platformUrl.trim()) ||
    (draft.platform === 'worldline-direct' && draft.environment !== initial.environment);
  return {
    platformUrl,
    ...(changed ? { platform: draft.platform, ...(draft.platform === 'worldline-direct' ? { worldline } : {}) } : {}),
  };
}

/** Two drafts that test the same thing (a result stays valid until one of them changes). */
export function testKeyOf(draft: PlatformDraft): string {
  return JSON.stringify(testInputOf(draft));
}
