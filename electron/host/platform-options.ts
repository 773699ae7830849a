// `npm run serve`'s platform options: which platform this run uses, with each one's own options.
// Credentials are never options (a command line shows in `ps` and shell histories): a password is
// typed on the login screen, Worldline's keys in Paramètres or on the login screen, and kept only
// in the SecretStore.
import { DEFAULT_SETTINGS, PLATFORM_KINDS, PlatformKind, PlatformUrl, WorldlineSettings } from '../common/contract';
import type { PlatformChoice } from '../core/ports';

export const PLATFORM_USAGE = `  --platform KIND        which platform this run uses (default: the one chosen in Paramètres, or the
                         embedded demo sandbox until one is chosen):
                           sandbox           the embedded demo sandbox (with --expiry-seconds, --demo-password)
                           api-v1            a server of the documented API v1 (with --platform-url)
                           worldline-direct  Worldline Direct, product 5412 (with --worldline-environment,
                                             or --worldline-test-server); keys: login screen or Paramètres
  --sandbox              the same as --platform sandbox
  --platform-url URL     api-v1: the server's address (https, or http on loopback); alone, it means
                         --platform api-v1
  --expiry-seconds N     sandbox: how long a payment request can be paid (default 300)
  --demo-password P      sandbox: the demo merchant's password
  --worldline-environment E  worldline-direct: preproduction (default) or production
  --worldline-test-server URL  worldline-direct: a test server on loopback instead of Worldline's`;

export interface PlatformOptionValues {
  platform?: string | undefined;
  sandbox?: boolean | undefined;
  'platform-url'?: string | undefined;
  'worldline-environment'?: string | undefined;
  'worldline-test-server'?: string | undefined;
  'expiry-seconds'?: string | undefined;
  'demo-password'?: string | undefined;
}

/** The command line's platform, or null when it names none (the settings decide); a French
 *  sentence for anything that does not fit together. */
export function platformFromCommandLine(values: PlatformOptionValues): { ok: true; choice: PlatformChoice | null } | { ok: false; message: string } {
  const refuse = (message: string) => ({ ok: false as const, message });
  let kind: PlatformKind | null = null;
  if (values.platform !== undefined) {
    const parsed = PlatformKind.safeParse(values.platform);
    if (!parsed.success) return refuse(`--platform attend ${PLATFORM_KINDS.join(', ')} (reçu : ${values.platform}).`);
    kind = parsed.data;
  }
  if (values.sandbox) {
    if (kind !== null && kind !== 'sandbox') return refuse(`--sandbox et --platform ${kind} sont incompatibles.`);
    kind = 'sandbox';
  }
  const url = values['platform-url'];
  if (url !== undefined) {
    if (kind === 'sandbox') return refuse('--platform-url et --sandbox sont incompatibles.');
    if (kind !== null && kind !== 'api-v1') return refuse(`--platform-url s’utilise avec --platform api-v1 (reçu : --platform ${kind}).`);
    kind = 'api-v1';
  }
  const environment = values['worldline-environment'];
  const testServer = values['worldline-test-server'];
  if ((environment !== undefined || testServer !== undefined) && kind !== 'worldline-direct') {
    return refuse('--worldline-environment et --worldline-test-server s’utilisent avec --platform worldline-direct.');
  }
  if ((values['expiry-seconds'] !== undefined || values['demo-password'] !== undefined) && kind !== null && kind !== 'sandbox') {
    return refuse('--expiry-seconds et --demo-password sont des options de la plateforme de démonstration (--platform sandbox).');
  }
  if (kind === null) return { ok: true, choice: null };
  switch (kind) {
    case 'sandbox':
      return { ok: true, choice: { platform: 'sandbox', platformUrl: null, worldline: DEFAULT_SETTINGS.worldline } };
    case 'api-v1': {
      if (url === undefined) return refuse('--platform api-v1 attend --platform-url URL.');
      const checked = PlatformUrl.safeParse(url);
      if (!checked.success) return refuse(`--platform-url refusée : ${checked.error.issues[0]?.message ?? 'URL invalide'}.`);
      return { ok: true, choice: { platform: 'api-v1', platformUrl: checked.data, worldline: DEFAULT_SETTINGS.worldline } };
    }
    case 'worldline-direct': {
      const worldline = WorldlineSettings.safeParse({ environment: environment ?? 'preproduction', testServerUrl: testServer ?? null });
      if (!worldline.success) {
        const issue = worldline.error.issues[0];
        const option = issue?.path[0] === 'testServerUrl' ? '--worldline-test-server' : '--worldline-environment';
        return refuse(`${option} refusée : ${issue?.message ?? 'valeur invalide'} (preproduction ou production ; un serveur de test sur 127.0.0.1 seulement).`);
      }
      return { ok: true, choice: { platform: 'worldline-direct', platformUrl: null, worldline: worldline.data } };
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
