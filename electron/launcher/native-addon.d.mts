// Types for native-addon.mjs.
export declare const ADDON_FILE: string;
export declare function electronAddonPath(root: string, electronVersion: string, platform?: string, arch?: string): string;
export declare function packagedAddonPath(root: string, platform?: string, arch?: string): string;
export declare function missingAddonSentence(reason: string): string;
export type NodeScriptRun = (script: string, args: string[], cwd: string) => Promise<number>;
export declare function ensureElectronAddon(options: {
  root: string;
  electronVersion: string;
  platform?: string;
  arch?: string;
  run?: NodeScriptRun;
  print?: (line: string) => void;
}): Promise<{ ok: true; path: string } | { ok: false; message: string }>;
export declare function stageAddonForPackaging(root: string, addonPath: string, platform?: string, arch?: string): string;
