/**
 * A figure computed from empty or degenerate input: what is missing, in zh and en, with the
 * counts it was computed from. Analyses return these next to their figures instead of a silent 0 %.
 */
export interface AnalysisWarning {
  /** Stable code: 'no-stations', 'no-built-up', 'no-households', 'no-hydrants', 'no-working-hydrants', 'no-road-length', 'no-kindergartens', 'no-children', 'straight-line' … */
  code: string;
  message: { zh: string; en: string };
  /** The counts behind the warning (e.g. `{ stations: 0, stationsInLayer: 4 }`). */
  counts: Record<string, number>;
}

/**
 * A share in percent, or `null` ("no data") when the denominator is 0 or not finite — never 0 or NaN.
 * @example sharePct(3, 4) // 75
 * @example sharePct(0, 0) // null
 */
export function sharePct(part: number, whole: number): number | null {
  return whole > 0 && Number.isFinite(whole) && Number.isFinite(part) ? (100 * part) / whole : null;
}
