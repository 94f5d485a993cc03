import type { PlotReviewResult } from '../../analysis/plot-review.ts';
import type { XlsxSheet } from '../../analysis/xlsx-export.ts';
import { plotUseField } from '../../layers/reserve-plots.ts';
import type { Lang } from '../../layers/types.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { enumLabel, num, summarySheet } from './sheet-util.ts';

/**
 * The reserve-plot review as workbook sheets: summary, plot by plot (full ids, planned use as its
 * label — 住宅, not `residential` — areas as numbers) and every finding in words.
 *
 * @param r - a reviewPlots result
 * @param lang - 'zh' or 'en'
 */
export function plotSheets(r: PlotReviewResult, lang: Lang): XlsxSheet[] {
  const m = MESSAGES[lang].exports;
  const p = m.plots;
  const s = p.summary;
  const sep = lang === 'zh' ? '；' : '; ';
  const findings: (string | null)[][] = [];
  for (const i of r.documentIssues) findings.push([p.document, p.severity[i.severity], i.message[lang]]);
  for (const x of r.rows) for (const i of x.issues) findings.push([x.id, p.severity[i.severity], i.message[lang]]);
  return [
    summarySheet(m, [
      [s.plots, r.totals.plots],
      [s.declared, r.totals.declaredMu],
      [s.drawn, r.totals.areaMu],
      [s.stated, r.totals.statedTotalMu],
      [s.statedDiff, r.totals.statedDiffMu],
      [s.errors, r.counts.error],
      [s.warnings, r.counts.warning],
    ]),
    {
      name: p.reviewSheet,
      header: p.review,
      rows: r.rows.map((x) => [
        x.id,
        x.name,
        x.township,
        enumLabel(plotUseField, x.use, lang),
        x.declaredMu,
        num(x.areaMu, 2),
        num(x.areaM2, 0),
        num(x.diffMu, 2),
        num(x.diffPct, 2),
        x.parts.map((q) => q.areaMu).join(' + '),
        x.townshipsFound.join(lang === 'zh' ? '、' : ', '),
        num(x.builtUpShare * 100),
        x.fireReachShare === null ? null : num(x.fireReachShare * 100),
        x.nearestFireStation?.name || x.nearestFireStation?.id || null,
        num(x.nearestFireStation?.distanceM, 0),
        x.nearestKindergarten?.name || x.nearestKindergarten?.id || null,
        num(x.nearestKindergarten?.distanceM, 0),
        x.issues.filter((i) => i.severity === 'error').length,
        x.issues.filter((i) => i.severity === 'warning').length,
        x.issues.map((i) => i.message[lang]).join(sep),
      ]),
    },
    { name: p.findingsSheet, header: p.findings, rows: findings },
  ];
}
