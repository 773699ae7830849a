// Where the headless host keeps its operation log, settings and token when no --data-dir is
// given: the platform's usual per-user application data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER = 'cv-connect-companion';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), APP_FOLDER);
}
