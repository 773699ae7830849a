// Types for electron-binary.mjs (the launcher is plain Node ESM; tests import it from TypeScript).
export declare const SERVE_HINT: string;
export declare function missingElectronSentence(reason: string): string;
export declare function electronExecutable(electronDir: string, env?: NodeJS.ProcessEnv): string | null;
export declare function installFailureReason(output: string, exitCode: number): string;
export type InstallerRun = (electronDir: string, env: NodeJS.ProcessEnv) => Promise<{ code: number; output: string }>;
export declare const runElectronInstaller: InstallerRun;
export declare function ensureElectron(options: {
  electronDir: string;
  env?: NodeJS.ProcessEnv;
  install?: InstallerRun;
  print?: (line: string) => void;
}): Promise<{ ok: true; executable: string } | { ok: false; message: string }>;
