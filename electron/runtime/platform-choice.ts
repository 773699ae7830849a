// Which platform a start uses: the command line's (`npm run serve -- --platform …`), else the one
// saved in the settings, else the embedded demo sandbox until the merchant chooses (the first-start
// setup). A saved choice that cannot be used stops the start with a sentence naming the file:
// reading it as "none" would switch a production till to the demo sandbox without a word.
import { DEFAULT_SETTINGS, PlatformKind, PlatformUrl, WorldlineSettings } from '../common/contract';
import type { PlatformChoice } from '../core/ports';
import { withPlatformChoice } from '../core/settings';
import { unreadableSettings } from '../core/stores';

export const SANDBOX_CHOICE: PlatformChoice = {
  platform: 'sandbox',
  platformUrl: null,
  worldline: DEFAULT_SETTINGS.worldline,
};

/** The platform the settings choose (null: none yet), checked before anything starts. */
export function savedPlatformChoice(raw: unknown, settingsFile: string): PlatformChoice | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw unreadableSettings(settingsFile, 'le contenu n’est pas un objet JSON');
  const saved = withPlatformChoice(raw) as Record<string, unknown>;
  const refuse = (field: string, issue: string | undefined) =>
    unreadableSettings(settingsFile, `${field} invalide (${JSON.stringify(saved[field])} : ${issue ?? 'valeur invalide'})`);

  const platform = PlatformKind.nullable().safeParse(saved.platform);
  if (!platform.success) throw refuse('platform', platform.error.issues[0]?.message);
  const url = saved.platformUrl ?? null;
  const platformUrl = PlatformUrl.nullable().safeParse(url);
  if (!platformUrl.success) throw refuse('platformUrl', platformUrl.error.issues[0]?.message);
  const worldline = WorldlineSettings.safeParse(saved.worldline ?? DEFAULT_SETTINGS.worldline);
  if (platform.data === 'worldline-direct' && !worldline.success) throw refuse('worldline', worldline.error.issues[0]?.message);
  if (platform.data === 'api-v1' && platformUrl.data === null) throw refuse('platformUrl', 'l’adresse du serveur manque');
  if (platform.data === null) return null;
  return {
    platform: platform.data,
    platformUrl: platformUrl.data,
    worldline: worldline.success ? worldline.data : DEFAULT_SETTINGS.worldline,
  };
}
