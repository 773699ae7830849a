// Draws build/icon.png (1024×1024), the app icon electron-builder turns into .ico (Windows),
// .icns (macOS) and the Linux sizes. A simple generated mark: a QR code's three finder squares
// on the till companion's blue. Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const SIZE = 1024;
const BLUE = [11, 77, 150];
const WHITE = [255, 255, 255];
const png = new PNG({ width: SIZE, height: SIZE });

function paint(x, y, [r, g, b], alpha = 255) {
  const at = (y * SIZE + x) * 4;
  png.data[at] = r;
  png.data[at + 1] = g;
  png.data[at + 2] = b;
  png.data[at + 3] = alpha;
}

function insideRoundedSquare(x, y, left, top, side, radius) {
  const cx = Math.min(Math.max(x, left + radius), left + side - radius);
  const cy = Math.min(Math.max(y, top + radius), top + side - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** A QR finder pattern: 7 modules, ring of 1, gap of 1, core of 3. */
function finder(x, y, left, top, module) {
  const mx = Math.floor((x - left) / module);
  const my = Math.floor((y - top) / module);
  if (mx < 0 || my < 0 || mx > 6 || my > 6) return null;
  const ring = mx === 0 || my === 0 || mx === 6 || my === 6;
  const core = mx >= 2 && mx <= 4 && my >= 2 && my <= 4;
  return ring || core;
}

const margin = 64;
const module = 40;
const quiet = 180;
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    if (!insideRoundedSquare(x, y, margin, margin, SIZE - 2 * margin, 180)) {
      paint(x, y, [0, 0, 0], 0);
      continue;
    }
    const far = SIZE - quiet - 7 * module;
    const mark = finder(x, y, quiet, quiet, module) ?? finder(x, y, far, quiet, module) ?? finder(x, y, quiet, far, module);
    paint(x, y, mark ? WHITE : BLUE);
  }
}
writeFileSync(join(import.meta.dirname, 'icon.png'), PNG.sync.write(png));
