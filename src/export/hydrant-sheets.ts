import type { HydrantGapRow } from '../../analysis/hydrant-gap-places.ts';
import type { HydrantGapsResult } from '../../analysis/hydrant-gaps.ts';
import type { XlsxSheet } from '../../analysis/xlsx-export.ts';
import { hydrantKindField } from '../../layers/hydrants.ts';
import type { Lang } from '../../layers/types.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { enumLabel, num, summarySheet } from './sheet-util.ts';

/**
 * The hydrant analysis as workbook sheets: summary, uncovered stretches (with township, from/to
 * and middle lon/lat, and where an unnamed road is), spacing violations, proposed hydrants, by
 * road and broken hydrants. Headers and labels in `lang`, units in the headers.
 *
 * @param r - a hydrantGaps result
 * @param gaps - `hydrantGapPlaces(r.gapsGeoJson, …)`, one row per gap
 * @param lang - 'zh' or 'en'
 */
export function hydrantSheets(r: HydrantGapsResult, gaps: readonly HydrantGapRow[], lang: Lang): XlsxSheet[] {
  if (gaps.length !== r.gaps.length) throw new Error('hydrantSheets: the gap rows do not belong to this result');
  const m = MESSAGES[lang].exports;
  const h = m.hydrants;
  const s = h.summary;
  const road = (name: string) => name || m.unnamedRoad;
  return [
    summarySheet(m, [
      [s.radius, r.radiusMeters],
      [s.spacing, r.spacingMeters],
      [s.roadLength, num(r.roadLengthKm, 3)],
      [s.covered, num(r.coveredRoadLengthKm, 3)],
      [s.coveredPct, num(r.coveredRoadPct)],
      [s.gapCount, r.gapCount],
      [s.gapLength, num(r.gapLengthKm, 3)],
      [s.spacingViolations, r.spacingViolations.length],
      [s.proposed, r.proposedCount],
      [s.working, r.hydrants.working],
      [s.broken, r.hydrants.broken],
      [s.workingPct, num(r.hydrants.workingPct)],
    ]),
    {
      name: h.gapsSheet,
      header: h.gaps,
      rows: gaps.map((g) => [
        road(g.road),
        g.where[lang],
        g.township,
        num(g.fromLon, 6),
        num(g.fromLat, 6),
        num(g.toLon, 6),
        num(g.toLat, 6),
        num(g.midLon, 6),
        num(g.midLat, 6),
        num(g.fromM),
        num(g.toM),
        num(g.lengthM),
        g.nearestRoad,
        num(g.nearestRoadM, 0),
        g.nearestVillage,
        num(g.nearestVillageM, 0),
        g.roadIndex,
        g.part,
      ]),
    },
    {
      name: h.spacingSheet,
      header: h.spacing,
      rows: r.spacingViolations.map((v) => [road(v.road), v.fromHydrant, v.toHydrant, num(v.fromM), num(v.toM), num(v.spacingM)]),
    },
    { name: h.proposedSheet, header: h.proposed, rows: r.proposed.map((p) => [p.id, road(p.road), num(p.atM), num(p.lon, 6), num(p.lat, 6)]) },
    {
      name: h.byRoadSheet,
      header: h.byRoad,
      rows: r.byRoad.map((b) => [road(b.road), num(b.lengthM), num(b.coveredM), num(b.coveredPct), b.gapCount, num(b.gapLengthM), b.hydrants, b.spacingViolations, b.proposed]),
    },
    { name: h.brokenSheet, header: h.broken, rows: r.broken.map((b) => [b.id, enumLabel(hydrantKindField, b.kind, lang), b.road, num(b.lon, 6), num(b.lat, 6)]) },
  ];
}
