// Where the shell finds what `npm run build` produced, relative to the app folder
// (`app.getAppPath()`: the project folder under `npm start`, resources/app.asar when packaged).
import { join } from 'node:path';

export interface AppPaths {
  appRoot: string;
  cashierPage: string;
  customerPage: string;
  cashierPreload: string;
  customerPreload: string;
}

export function appPaths(appRoot: string): AppPaths {
  return {
    appRoot,
    cashierPage: join(appRoot, 'dist', 'renderer', 'index.html'),
    customerPage: join(appRoot, 'dist', 'renderer', 'display.html'),
    cashierPreload: join(appRoot, 'dist', 'electron', 'preload.cjs'),
    customerPreload: join(appRoot, 'dist', 'electron', 'display-preload.cjs'),
  };
}
