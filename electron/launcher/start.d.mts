// Types for start.mjs.
import type { ensureElectron } from './electron-binary.mjs';
import type { ensureElectronAddon } from './native-addon.mjs';

export declare function buildApp(root: string): Promise<void>;
export declare function runElectron(executable: string, root: string, args: string[]): Promise<number>;
export declare function runLauncher(options?: {
  argv?: string[];
  root?: string;
  electronDir?: string;
  print?: (line: string) => void;
  ensureBinary?: typeof ensureElectron;
  ensureAddon?: typeof ensureElectronAddon;
  build?: (root: string) => Promise<void>;
  launch?: (executable: string, root: string, args: string[]) => Promise<number>;
}): Promise<number>;
