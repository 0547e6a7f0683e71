/**
 * Minimal, dependency-free SVG charts for BENCHMARKS.md: a line chart (cost against fleet size)
 * and a grouped bar chart with min–max whiskers (throughput per scenario). Plain SVG 1.1 with
 * inline styles renders on GitHub and in any browser.
 */
const WIDTH = 760;
const HEIGHT = 400;
const MARGIN = { top: 48, right: 24, bottom: 92, left: 72 };
const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2'];

export interface Point {
  readonly x: number;
  readonly y: number;
  readonly min?: number;
  readonly max?: number;
}

export interface Series {
  readonly name: string;
  readonly points: readonly Point[];
}

export interface BarGroup {
  readonly label: string;
  readonly bars: readonly { readonly series: string; readonly value: number; readonly min?: number; readonly max?: number }[];
}

const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => Number(v.toFixed(1));

/** A "nice" axis maximum and tick step (1, 2 or 5 times a power of ten). */
function niceScale(max: number, ticks = 5): { top: number; step: number } {
  const raw = (max > 0 ? max : 1) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step) * step || step, step };
}

function frame(title: string, yLabel: string, yTop: number, yStep: number, body: string[], xLabel?: string): string {
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotH - (v / yTop) * plotH;
  const grid: string[] = [];
  for (let v = 0; v <= yTop + yStep / 2; v += yStep) {
    grid.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${num(y(v))}" y2="${num(y(v))}" stroke="#e5e7eb"/>`);
    grid.push(`<text x="${MARGIN.left - 8}" y="${num(y(v) + 4)}" text-anchor="end">${esc(formatTick(v))}</text>`);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...grid,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    xLabel ? `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - MARGIN.bottom + 34}" text-anchor="middle">${esc(xLabel)}</text>` : '',
    ...body,
    '</svg>',
  ].join('\n');
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 ? `${Number((v / 1000).toFixed(1))}k` : String(Number(v.toFixed(3)));
}

/** Legend entries left to right, wrapping to a second row when the first is full. */
function legend(names: readonly string[]): string[] {
  const items: string[] = [];
  let x = MARGIN.left;
  let y = HEIGHT - 36;
  names.forEach((name, i) => {
    const width = 24 + name.length * 6.5;
    if (x + width > WIDTH - MARGIN.right && x > MARGIN.left) {
      x = MARGIN.left;
      y += 20;
    }
    items.push(`<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`);
    items.push(`<text x="${x + 16}" y="${y}">${esc(name)}</text>`);
    x += width;
  });
  return items;
}

/** Lines over a linear x axis, with a min–max whisker on every point that has them. */
export function lineChart(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const xMax = Math.max(...xs);
  const { top, step } = niceScale(Math.max(...series.flatMap((s) => s.points.map((p) => p.max ?? p.y))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const py = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const body: string[] = [];
  let lastLabel = -Infinity;
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    if (px(x) - lastLabel < 24) continue; // a label that would overlap its neighbour is left out
    body.push(`<text x="${num(px(x))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${x}</text>`);
    lastLabel = px(x);
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const path = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${num(px(p.x))} ${num(py(p.y))}`).join(' ');
    body.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      body.push(`<circle cx="${num(px(p.x))}" cy="${num(py(p.y))}" r="3.5" fill="${color}"><title>${esc(`${s.name}: ${p.y}`)}</title></circle>`);
      if (p.min !== undefined && p.max !== undefined) {
        body.push(`<line x1="${num(px(p.x))}" x2="${num(px(p.x))}" y1="${num(py(p.min))}" y2="${num(py(p.max))}" stroke="${color}"/>`);
      }
    }
  });
  body.push(...legend(series.map((s) => s.name)));
  return frame(title, yLabel, top, step, body, xLabel);
}

/** Groups of bars (one bar per series) with min–max whiskers and the median printed on top. */
export function barChart(title: string, yLabel: string, groups: readonly BarGroup[]): string {
  const seriesNames = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.series)))];
  const { top, step } = niceScale(Math.max(...groups.flatMap((g) => g.bars.map((b) => b.max ?? b.value))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const groupW = plotW / groups.length;
  const barW = (groupW * 0.8) / seriesNames.length;
  const py = (v: number) => MARGIN.top + plotH - (v / top) * plotH;
  const body: string[] = [];
  groups.forEach((g, gi) => {
    const x0 = MARGIN.left + gi * groupW + groupW * 0.1;
    body.push(`<text x="${num(MARGIN.left + gi * groupW + groupW / 2)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${esc(g.label)}</text>`);
    for (const bar of g.bars) {
      const si = seriesNames.indexOf(bar.series);
      const x = x0 + si * barW;
      const color = COLORS[si % COLORS.length];
      body.push(`<rect x="${num(x)}" y="${num(py(bar.value))}" width="${num(barW - 2)}" height="${num(py(0) - py(bar.value))}" fill="${color}"><title>${esc(`${bar.series}: ${bar.value}`)}</title></rect>`);
      if (bar.min !== undefined && bar.max !== undefined) {
        const cx = num(x + (barW - 2) / 2);
        body.push(`<line x1="${cx}" x2="${cx}" y1="${num(py(bar.min))}" y2="${num(py(bar.max))}" stroke="#111827"/>`);
      }
      body.push(`<text x="${num(x + (barW - 2) / 2)}" y="${num(py(bar.max ?? bar.value) - 4)}" text-anchor="middle" font-size="10">${esc(formatTick(bar.value))}</text>`);
    }
  });
  body.push(...legend(seriesNames));
  return frame(title, yLabel, top, step, body);
}
