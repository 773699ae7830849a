// The screens under test are the built ones (what Electron loads and what the headless host
// serves), not the vite dev server: a missing build is a clear failure, not a blank page.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../../dist/renderer');
export const CASHIER_HTML = resolve(RENDERER_DIR, 'index.html');

/** The path of the built cashier page; throws with what to run when the build is missing. */
export function requireBuiltRenderer(): string {
  if (!existsSync(CASHIER_HTML)) {
    throw new Error(
      `Les écrans ne sont pas construits (${CASHIER_HTML} est introuvable) : lancez \`npm run build\` ` +
        '(ou `npx vite build`) avant les tests de bout en bout.',
    );
  }
  return CASHIER_HTML;
}
