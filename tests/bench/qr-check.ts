// After the timing: is the QR on the customer display readable? A screenshot of the page, decoded
// with jsqr, must give back the request's payload. Kept out of the measured interval.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

export async function displayQrReads(display: Page, qrPayload: string): Promise<boolean> {
  const png = PNG.sync.read(await display.screenshot({ type: 'png' }));
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  return found?.data === qrPayload;
}
