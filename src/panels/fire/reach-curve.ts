import type { ReachCurve } from '../../../analysis/fire-coverage';
import type { Lang } from '../../../layers/types';
import { MESSAGES } from '../../i18n/messages';
import type { CoverageCurve, CurveSeries } from '../../print/coverage-curve';

/** One run's figures a reach curve needs: its curve and the totals its shares are of. */
export interface ReachInput {
  reachCurve: ReachCurve;
  thresholdMinutes: number;
  households: { total: number };
  builtUpAreaKm2: number;
}

/**
 * The fire panel's reach-by-minute chart as a {@link CoverageCurve} (drawn by CoverageCurveChart):
 * the share of households (or of the built-up area) reached within each minute, before the
 * scenario and, when it differs, after it; a mark per series at the threshold whose title gives the
 * count. Null when there is nothing to share out (no located household, no built-up area). Pure.
 */
export function fireReachCurve(before: ReachInput, after: ReachInput | null, measure: 'households' | 'builtUp', lang: Lang): CoverageCurve | null {
  const tf = MESSAGES[lang].fire;
  const total = measure === 'households' ? before.households.total : before.builtUpAreaKm2;
  if (!(total > 0)) return null;
  const values = (r: ReachInput) => (measure === 'households' ? r.reachCurve.households : r.reachCurve.builtUpKm2);
  const pct = (v: number) => Math.round((1000 * v) / total) / 10;
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const shown = (v: number) => (measure === 'households' ? tf.households(v.toLocaleString(locale)) : `${v.toLocaleString(locale, { maximumFractionDigits: 2 })} km²`);
  const runs: { kind: CurveSeries['kind']; label: string; r: ReachInput }[] = [{ kind: 'before', label: tf.reachBefore, r: before }];
  if (after) runs.push({ kind: 'after', label: tf.reachAfter, r: after });
  const series: CurveSeries[] = runs.map(({ kind, label, r }) => ({ kind, label, points: r.reachCurve.minutes.map((m, i) => ({ p: m, value: pct(values(r)[i]) })) }));
  const marks = runs.map(({ label, r }) => {
    const i = r.reachCurve.minutes.indexOf(r.thresholdMinutes);
    const v = values(r)[i];
    return { p: r.thresholdMinutes, value: pct(v), title: tf.reachMark(r.thresholdMinutes, shown(v), String(pct(v)), label) };
  });
  return {
    title: `${tf.reachTitle}${MESSAGES[lang].common.inParens(measure === 'households' ? tf.reachHouseholds : tf.reachBuiltUp)}`,
    xLabel: tf.reachX,
    yLabel: measure === 'households' ? tf.reachYHouseholds : tf.reachYBuiltUp,
    series,
    marks,
    percent: true,
    note: tf.reachNote(before.thresholdMinutes),
  };
}
