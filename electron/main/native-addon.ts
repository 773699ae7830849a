// Which better-sqlite3 addon the Electron main process loads (issue 4 §1: one checkout serves
// Node for tests and `npm run serve`, Electron for `npm start`). node_modules keeps Node's build,
// untouched. `npm start` puts an Electron build in .electron-native/ (electron/launcher/native-addon.mjs,
// which names the folder the same way); a packaged app carries it in resources/native/
// (build/electron-builder.yml, extraResources). Both the core and the embedded sandbox receive
// the path as better-sqlite3's `nativeBinding`.
import { join } from 'node:path';

export const ADDON_FILE = 'better_sqlite3.node';

/** `.electron-native/electron-41.10.7-linux-x64`: one folder per Electron version, OS and CPU. */
export function electronAddonFolder(electronVersion: string, platform: string, arch: string): string {
  return join('.electron-native', `electron-${electronVersion}-${platform}-${arch}`);
}

export function nativeBindingPath(options: {
  isPackaged: boolean;
  appRoot: string;
  resourcesPath: string;
  electronVersion: string;
  platform: string;
  arch: string;
}): string {
  if (options.isPackaged) return join(options.resourcesPath, 'native', ADDON_FILE);
  return join(options.appRoot, electronAddonFolder(options.electronVersion, options.platform, options.arch), ADDON_FILE);
}
