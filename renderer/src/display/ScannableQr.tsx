// The payment QR code, as large as its frame allows, drawn with every module the same whole
// number of device pixels. A QR scaled to fit exactly ends up with modules of 14 and 15 pixels
// side by side; a camera (or a screenshot scaled down) then sees grey seams between modules and
// some decoders give up. Snapping loses at most one pixel per module; the quiet zone (4 modules)
// and error correction level M stay as the standard asks.
//
// Drawn once per payment: the frame's size is the same from one payment to the next, so the QR
// is drawn at the size measured last time, with no layout read and no second render in between;
// a ResizeObserver (after layout, before paint) corrects it when the window, the zoom or the
// symbol's size changed.
import { QRCodeSVG } from 'qrcode.react';
import { useLayoutEffect, useRef, useState } from 'react';

interface ScannableQrProps {
  value: string;
  label: string;
}

/** What the last QR was drawn for: the frame's side in CSS pixels, the device pixel ratio and the
 *  symbol's modules (quiet zone included). */
interface Fit {
  available: number;
  ratio: number;
  cells: number;
}

let lastFit: Fit | null = null;

function sideFor(fit: Fit): number {
  const modulePixels = Math.max(1, Math.floor((fit.available * fit.ratio) / fit.cells));
  return (modulePixels * fit.cells) / fit.ratio;
}

export function ScannableQr({ value, label }: ScannableQrProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [side, setSide] = useState(() => (lastFit ? sideFor(lastFit) : 256));

  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return undefined;
    const cellsNow = () => element.querySelector('svg')?.viewBox.baseVal.width ?? 0;
    const fit = (available: number) => {
      const cells = cellsNow();
      if (cells <= 0 || available <= 0) return;
      lastFit = { available, ratio: window.devicePixelRatio || 1, cells };
      setSide(sideFor(lastFit));
    };
    // Nothing measured yet, or a symbol of another size: measure now, before paint.
    if (!lastFit || lastFit.cells !== cellsNow() || lastFit.ratio !== (window.devicePixelRatio || 1)) {
      const box = element.getBoundingClientRect();
      fit(Math.floor(Math.min(box.width, box.height)));
    }
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const available = Math.floor(Math.min(entry.contentRect.width, entry.contentRect.height));
      if (available !== lastFit?.available || (window.devicePixelRatio || 1) !== lastFit.ratio) fit(available);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [value]);

  return (
    <div className="qr" ref={frame} role="img" aria-label={label}>
      {/* The frame is the named image; the drawing inside is not a second one. */}
      <QRCodeSVG value={value} level="M" marginSize={4} size={side} bgColor="#ffffff" fgColor="#000000" aria-hidden="true" />
    </div>
  );
}
