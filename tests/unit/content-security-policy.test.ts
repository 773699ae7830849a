// One Content-Security-Policy for our pages: the hosts send it as a header, and the pages carry it
// as a meta tag for file:// (Electron); the two must not drift apart.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from '../../electron/common/content-security-policy';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the pages’ Content-Security-Policy', () => {
  it('is the same in each page’s meta tag as in the hosts’ header (minus frame-ancestors)', () => {
    const inMeta = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    for (const page of ['renderer/index.html', 'renderer/display.html']) {
      const html = readFileSync(join(ROOT, page), 'utf8');
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
      expect(meta, page).toBe(inMeta);
    }
  });
});
