// A small line chart as SVG text, for the bench's memory curves: series of (x, y) points with a
// legend, axes with a few round ticks, an optional shaded span (the warm-up) and a dashed limit line.
// Plain SVG 1.1: any browser or image viewer shows it.

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Array<{ label: string; color: string; points: Array<{ x: number; y: number }> }>;
  /** Shaded from the left edge up to this x, labelled. */
  shadeUntil?: { x: number; label: string };
  /** A dashed horizontal line at this y, labelled. */
  limit?: { y: number; label: string };
  width?: number;
  height?: number;
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** Round tick values covering [min, max]: steps of 1, 2 or 5 × a power of ten, about five of them. */
export function ticks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const first = Math.floor(min / step) * step;
  const out: number[] = [];
  for (let value = first; value <= max + step / 2; value += step) out.push(Number(value.toPrecision(12)));
  return out;
}

export function linePlot(options: PlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const margin = { left: 64, right: 16, top: 36, bottom: 48 };
  const all = options.series.flatMap((series) => series.points);
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y).concat(options.limit ? [options.limit.y] : []);
  const xTicks = ticks(Math.min(...xs, 0), Math.max(...xs));
  const yTicks = ticks(Math.min(0, ...ys), Math.max(...ys));
  const [x0, x1] = [xTicks[0]!, xTicks[xTicks.length - 1]!];
  const [y0, y1] = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const px = (x: number) => margin.left + ((x - x0) / (x1 - x0 || 1)) * (width - margin.left - margin.right);
  const py = (y: number) => height - margin.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - margin.top - margin.bottom);
  const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(options.title)}</text>`,
  ];
  if (options.shadeUntil) {
    const right = px(options.shadeUntil.x);
    parts.push(
      `<rect x="${margin.left}" y="${margin.top}" width="${right - margin.left}" height="${height - margin.top - margin.bottom}" fill="#eeeeee"/>`,
      `<text x="${(margin.left + right) / 2}" y="${margin.top + 14}" text-anchor="middle" fill="#666666">${escapeXml(options.shadeUntil.label)}</text>`,
    );
  }
  for (const y of yTicks) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${py(y)}" y2="${py(y)}" stroke="#dddddd"/>`,
      `<text x="${margin.left - 6}" y="${py(y) + 4}" text-anchor="end">${fmt(y)}</text>`,
    );
  }
  for (const x of xTicks) parts.push(`<text x="${px(x)}" y="${height - margin.bottom + 16}" text-anchor="middle">${fmt(x)}</text>`);
  parts.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="#333333"/>`,
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#333333"/>`,
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(16 ${height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  if (options.limit) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${py(options.limit.y)}" y2="${py(options.limit.y)}" stroke="#c0392b" stroke-dasharray="6 4"/>`,
      `<text x="${width - margin.right - 4}" y="${py(options.limit.y) - 6}" text-anchor="end" fill="#c0392b">${escapeXml(options.limit.label)}</text>`,
    );
  }
  for (const [index, series] of options.series.entries()) {
    const line = series.points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    for (const p of series.points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3" fill="${series.color}"/>`);
    // Legend about mid-height, away from the title, the shaded label and the usual curves' ends.
    const legendY = margin.top + 0.45 * (height - margin.top - margin.bottom) + 16 * index;
    parts.push(
      `<line x1="${width / 2 - 60}" x2="${width / 2 - 40}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${series.color}" stroke-width="2"/>`,
      `<text x="${width / 2 - 34}" y="${legendY}">${escapeXml(series.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
