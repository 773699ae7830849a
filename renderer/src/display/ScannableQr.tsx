// The payment QR code, as large as its frame allows, drawn with every module the same whole
// number of device pixels. A QR scaled to fit exactly ends up with modules of 14 and 15 pixels
// side by side; a camera (or a screenshot scaled down) then sees grey seams between modules and
// some decoders give up. Snapping loses at most one pixel per module; the quiet zone (4 modules)
// and error correction level M stay as the standard asks.
import { QRCodeSVG } from 'qrcode.react';
import { useLayoutEffect, useRef, useState } from 'react';

interface ScannableQrProps {
  value: string;
  label: string;
}

export function ScannableQr({ value, label }: ScannableQrProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [side, setSide] = useState(256);

  // Before paint, and again whenever the frame is resized (window, orientation, zoom).
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return undefined;
    const fit = () => {
      const cells = element.querySelector('svg')?.viewBox.baseVal.width ?? 0;
      const available = Math.min(element.clientWidth, element.clientHeight);
      if (cells <= 0 || available <= 0) return;
      const ratio = window.devicePixelRatio || 1;
      const modulePixels = Math.max(1, Math.floor((available * ratio) / cells));
      setSide((modulePixels * cells) / ratio);
    };
    fit();
    const observer = new ResizeObserver(fit);
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
