/**
 * The coverage-vs-P chart's data model, shared by the siting panel and the siting report (one
 * chart, {@link CoverageCurveChart}, draws both): one or more series over P = 1 … n and the marks
 * of the main series, each with its own title (the figures of that P).
 */
export type CurveSeriesKind = 'optimum' | 'bound' | 'greedy' | 'picks' | 'before' | 'after';

/** One line of the chart. */
export interface CurveSeries {
  kind: CurveSeriesKind;
  /** Legend text. */
  label: string;
  points: readonly { p: number; value: number }[];
}

export interface CoverageCurve {
  title: string;
  /** Axis titles, with units. */
  xLabel: string;
  yLabel: string;
  /** Drawn in this order (the main series last, on top). */
  series: readonly CurveSeries[];
  /** The main series' points as marks: P, value and a title with the figures of that P. */
  marks: readonly { p: number; value: number; title: string }[];
  /** Values are percentages (the axis stops at 100). */
  percent: boolean;
  /** What the lines mean, printed under the chart. */
  note?: string;
}

/** The drawing of a curve in a `width` × `height` box: axis ticks, each series' polyline and the marks. */
export interface CurveDrawing {
  plot: { x: number; y: number; w: number; h: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  lines: { kind: CurveSeriesKind; points: { x: number; y: number }[] }[];
  marks: { x: number; y: number; p: number; value: number; title: string }[];
  /** The y axis' bottom and top values (round numbers around every value). */
  yMin: number;
  yMax: number;
}

/** The smallest round step (1, 2 or 5 × 10ⁿ) that divides [0, max] into at most `n` parts. */
export function niceStep(max: number, n = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / n;
  const e = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * e >= raw * (1 - 1e-9)) return m * e;
  return 10 * e;
}

/**
 * Lays out a coverage curve in a box (SVG user units). The y axis spans round steps (1, 2 or 5 ×
 * 10ⁿ, at most 5 parts) from the step at or below the smallest value (0 when the smallest value is
 * under half the largest, so a flat-looking curve is not magnified) to the step at or above the
 * largest (at most 100 for percentages); the x axis P = 1 … n (at most about 10 labels).
 *
 * @param curve - the series and marks, in P order
 * @param width - box width
 * @param height - box height
 * @param format - number formatting for the y labels
 */
export function layoutCurve(curve: Pick<CoverageCurve, 'series' | 'marks' | 'percent'>, width: number, height: number, format: (v: number) => string = String): CurveDrawing {
  const plot = { x: 48, y: 10, w: Math.max(10, width - 60), h: Math.max(10, height - 40) };
  const all = [...curve.series.flatMap((s) => s.points), ...curve.marks].filter((q) => Number.isFinite(q.value));
  const maxP = all.length ? Math.max(...all.map((q) => q.p)) : 1;
  const maxV = all.length ? Math.max(...all.map((q) => q.value)) : 0;
  const minV = all.length ? Math.min(...all.map((q) => q.value)) : 0;
  const from0 = !(minV > maxV / 2);
  const step = niceStep(from0 ? maxV : maxV - minV, 5);
  let yMin = from0 ? 0 : Math.floor(minV / step + 1e-9) * step;
  let yMax = maxV > 0 ? Math.ceil(maxV / step - 1e-9) * step : 1;
  if (curve.percent && yMax > 100) yMax = 100;
  if (yMax <= yMin) yMax = yMin + step;
  yMin = Math.round(yMin * 1e6) / 1e6;
  yMax = Math.round(yMax * 1e6) / 1e6;
  const xOf = (p: number) => plot.x + (maxP <= 1 ? plot.w / 2 : ((p - 1) / (maxP - 1)) * plot.w);
  const yOf = (v: number) => plot.y + plot.h - ((v - yMin) / (yMax - yMin)) * plot.h;
  const xStep = Math.max(1, Math.ceil(maxP / 10));
  const xTicks: CurveDrawing['xTicks'] = [];
  for (let p = 1; p <= maxP; p += xStep) xTicks.push({ x: xOf(p), label: String(p) });
  const yTicks: CurveDrawing['yTicks'] = [];
  for (let i = 0; yMin + i * step <= yMax + 1e-9; i++) {
    const v = Math.round((yMin + i * step) * 1e6) / 1e6;
    yTicks.push({ y: yOf(v), label: format(v) });
  }
  const finite = <T extends { value: number }>(pts: readonly T[]): T[] => pts.filter((q) => Number.isFinite(q.value));
  return {
    plot,
    xTicks,
    yTicks,
    lines: curve.series.map((s) => ({ kind: s.kind, points: finite(s.points).map((q) => ({ x: xOf(q.p), y: yOf(q.value) })) })),
    marks: finite(curve.marks).map((q) => ({ x: xOf(q.p), y: yOf(q.value), p: q.p, value: q.value, title: q.title })),
    yMin,
    yMax,
  };
}
