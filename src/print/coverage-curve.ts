/** A coverage-vs-P curve: coverage after the first P picks, P = 1 … n. */
export interface CoverageCurve {
  title: string;
  /** Axis titles, with units. */
  xLabel: string;
  yLabel: string;
  points: readonly { p: number; value: number }[];
}

/** The drawing of a curve in a `width` × `height` box: axis ticks, the polyline and the point marks. */
export interface CurveDrawing {
  plot: { x: number; y: number; w: number; h: number };
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  points: { x: number; y: number; p: number; value: number }[];
  /** The y axis' top value (a round number at or above the largest value). */
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
 * Lays out a coverage curve in a box (SVG user units): the y axis from 0 to a round top, the x
 * axis P = 1 … n (at most about 10 labels), one mark per P.
 *
 * @param curve - the points, in P order
 * @param width - box width
 * @param height - box height
 * @param format - number formatting for the y labels
 */
export function layoutCurve(curve: Pick<CoverageCurve, 'points'>, width: number, height: number, format: (v: number) => string = String): CurveDrawing {
  const plot = { x: 48, y: 10, w: Math.max(10, width - 60), h: Math.max(10, height - 40) };
  const pts = curve.points;
  const maxP = pts.length ? Math.max(...pts.map((q) => q.p)) : 1;
  const maxV = pts.length ? Math.max(...pts.map((q) => q.value)) : 0;
  const step = niceStep(maxV, 5);
  const yMax = maxV > 0 ? Math.ceil(maxV / step - 1e-9) * step : 1;
  const xOf = (p: number) => plot.x + (maxP <= 1 ? plot.w / 2 : ((p - 1) / (maxP - 1)) * plot.w);
  const yOf = (v: number) => plot.y + plot.h - (v / yMax) * plot.h;
  const xStep = Math.max(1, Math.ceil(maxP / 10));
  const xTicks: CurveDrawing['xTicks'] = [];
  for (let p = 1; p <= maxP; p += xStep) xTicks.push({ x: xOf(p), label: String(p) });
  const yTicks: CurveDrawing['yTicks'] = [];
  for (let i = 0; i * step <= yMax + 1e-9; i++) yTicks.push({ y: yOf(i * step), label: format(Math.round(i * step * 1e6) / 1e6) });
  return { plot, xTicks, yTicks, points: pts.map((q) => ({ x: xOf(q.p), y: yOf(q.value), p: q.p, value: q.value })), yMax };
}
