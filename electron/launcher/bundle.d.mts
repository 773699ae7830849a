// Types for bundle.mjs.
export declare const PROJECT_ROOT: string;
export declare function bundleShell(options?: { root?: string; outDir?: string }): Promise<{
  main: string;
  preload: string;
  displayPreload: string;
  csvWorker: string;
}>;
