import type { FeatureCollection, Geometry, Point } from 'geojson';
import type { FireCoverageResult, HouseholdGroup } from '../../analysis/fire-coverage.ts';
import type { LaneProblemLoss } from '../../analysis/fire-lane-losses.ts';
import { columnText, columnNumber } from '../../analysis/household-columns.ts';
import { householdTownshipsOf, townshipName, TOWNSHIP_SOURCE_NAMES } from '../../analysis/household-townships.ts';
import type { KindergartenAccessResult } from '../../analysis/kindergarten-access.ts';
import type { FireSitePick, SitingCurvePoint } from '../../analysis/site-fire-stations.ts';
import type { KindergartenSitePick } from '../../analysis/site-kindergartens.ts';
import { SERVICE_BIT, SERVICES, type UncoveredHouseholdsResult } from '../../analysis/uncovered-households.ts';
import type { UncoveredFilter } from '../../analysis/uncovered-export.ts';
import { xlsxRows, type XlsxSheet, type XlsxStreamSheet, type XlsxValue } from '../../analysis/xlsx-export.ts';
import { fireStationLevelField, fireStationStatusField } from '../../layers/fire-stations.ts';
import { heatingField, lowIncomeField } from '../../layers/households.ts';
import { ownershipField } from '../../layers/kindergartens.ts';
import type { ColumnLayerData, Lang } from '../../layers/types.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { enumLabel, num, summarySheet } from './sheet-util.ts';

type FireUncovered = FeatureCollection<Point, { id: string; township: string; village: string; heating: string; minutes: number | null; station: string | null }>;
/** The households not reached one at a time (the CLI's, a million at province scale), with their number. */
type FireUncoveredStream = { count: number; features: Iterable<FireUncovered['features'][number]> };

type FireSheetResult = Omit<FireCoverageResult, 'cellTimeSec' | 'cellStation' | 'householdTimeSec' | 'householdStation'>;

/**
 * Fire coverage as workbook sheets: summary, by built-up area, stations, households by township
 * and (when given) the households not reached with their coordinates.
 *
 * @param r - a fire coverage result
 * @param lang - 'zh' or 'en'
 * @param uncovered - `fireCoverageGeoJson(...).uncovered`, optional; or `{ count, features }` with the
 *   features as a generator, for a sheet written as it is read (writeXlsxStream)
 */
export function fireSheets(r: FireSheetResult, lang: Lang, uncovered?: FireUncovered, lanes?: readonly LaneProblemLoss[]): XlsxSheet[];
export function fireSheets(r: FireSheetResult, lang: Lang, uncovered: FireUncoveredStream | undefined, lanes?: readonly LaneProblemLoss[]): XlsxStreamSheet[];
export function fireSheets(r: FireSheetResult, lang: Lang, uncovered?: FireUncovered | FireUncoveredStream, lanes?: readonly LaneProblemLoss[]): XlsxStreamSheet[] {
  const m = MESSAGES[lang].exports;
  const f = m.fire;
  const s = f.summary;
  const group = (g: HouseholdGroup): XlsxValue[] => [g.key, g.total, g.covered, g.uncovered];
  const sheets: XlsxStreamSheet[] = [
    summarySheet(m, [
      [s.mode, f.modes[r.mode]],
      [s.threshold, r.thresholdMinutes],
      // which stations the figures count (现有 only, or 现有、规划 in a scenario): the file says it
      [s.statuses, r.statuses.map((x) => enumLabel(fireStationStatusField, x, lang)).join(lang === 'zh' ? '、' : ', ')],
      [s.builtUp, num(r.builtUpAreaKm2, 3)],
      [s.coveredBuiltUp, num(r.coveredBuiltUpAreaKm2, 3)],
      [s.coveredPct, num(r.coveredBuiltUpPct)],
      [s.target, r.targetPct],
      [s.households, r.households.total],
      [s.householdsCovered, r.households.covered],
      [s.householdsUncovered, r.households.uncovered],
    ]),
    { name: f.byBuiltUpSheet, header: f.byBuiltUp, rows: r.byBuiltUp.map((b) => [b.name, num(b.areaKm2, 3), num(b.coveredAreaKm2, 3), num(b.coveredPct)]) },
    {
      name: f.stationsSheet,
      header: f.stations,
      rows: r.stations.map((x) => [
        x.id,
        x.name,
        enumLabel(fireStationStatusField, x.status, lang),
        enumLabel(fireStationLevelField, x.level, lang),
        x.turnoutMinutes,
        num(x.accessMeters, 0),
        num(x.districtAreaKm2, 2),
        num(x.districtLimitKm2, 2),
        x.overLimit ? m.yes : m.no,
        x.households,
        num(x.coveredBuiltUpAreaKm2, 3),
      ]),
    },
    { name: f.byTownshipSheet, header: f.byGroup, rows: r.byTownship.map(group) },
    // the reach curve: within each minute, households and built-up area reached (the threshold's row = the summary's)
    {
      name: f.reachSheet,
      header: f.reach,
      rows: r.reachCurve.minutes.map((mins, i) => [
        mins,
        r.reachCurve.households[i],
        r.households.total > 0 ? num((100 * r.reachCurve.households[i]) / r.households.total) : null,
        num(r.reachCurve.builtUpKm2[i], 3),
        r.builtUpAreaKm2 > 0 ? num((100 * r.reachCurve.builtUpKm2[i]) / r.builtUpAreaKm2) : null,
      ]),
    },
  ];
  const row = (x: FireUncovered['features'][number]): XlsxValue[] => {
    const p = x.properties;
    return [p.id, p.township, p.village, enumLabel(heatingField, p.heating, lang), num(p.minutes), p.station, num(x.geometry.coordinates[0], 6), num(x.geometry.coordinates[1], 6)];
  };
  if (uncovered) {
    sheets.push({
      name: f.uncoveredSheet,
      header: f.uncovered,
      rows: 'count' in uncovered ? xlsxRows(uncovered.count, uncovered.features, row) : uncovered.features.map(row),
    });
  }
  if (lanes) {
    sheets.push({
      name: f.lanesSheet,
      header: f.lanes,
      rows: lanes.map((l) => [l.id, l.name, f.laneProblems[l.problem] ?? l.problem, l.roads, l.households, num(l.builtUpKm2, 3), num(l.builtUpPct), num(l.areaKm2, 3), num(l.lon, 6), num(l.lat, 6)]),
    });
  }
  return sheets;
}

/**
 * Kindergarten coverage as workbook sheets: summary, kindergartens, by township, and the
 * households outside every radius with their coordinates.
 *
 * @param r - a kindergartenAccess result
 * @param households - the household layer it was computed for
 * @param lang - 'zh' or 'en'
 * @param townships - the townships layer it was computed with: the households' townships as its figures found them
 */
export function kindergartenSheets(r: KindergartenAccessResult, households: ColumnLayerData, lang: Lang, townships?: FeatureCollection<Geometry | null> | null): XlsxSheet[] {
  const m = MESSAGES[lang].exports;
  const k = m.kindergartens;
  const s = k.summary;
  const out: XlsxValue[][] = [];
  const c = households.columns;
  // the households' townships as the figures found them; how, in a column, once the polygons placed someone
  const tw = householdTownshipsOf(households, townships);
  const byPolygon = r.townshipSource.polygon > 0;
  for (let i = 0; i < households.count; i++) {
    if (r.covered[i]) continue;
    const town = townshipName(tw, i) || null;
    const from = byPolygon ? [k.townshipSources[tw ? TOWNSHIP_SOURCE_NAMES[tw.source[i]] : '']] : [];
    out.push([households.ids[i], num(households.lon[i], 6), num(households.lat[i], 6), town, ...from, columnText(c.village, i), num(columnNumber(c.persons, i), 0), num(r.children3to5[i], 2)]);
  }
  return [
    summarySheet(m, [
      [s.households, r.households.total],
      [s.covered, r.households.covered],
      [s.uncovered, r.households.uncovered],
      [s.children, num(r.children.total, 0)],
      [s.childrenUncovered, num(r.children.uncovered, 0)],
      // the rule of every kindergarten figure: children_3_5, else persons × child-share (估算)
      [s.childrenEstimated, r.children.estimatedHouseholds],
      [s.childShare, r.children.childShare],
      [s.childrenMissing, r.children.missingHouseholds],
      ...(byPolygon
        ? ([
            [s.townshipByField, r.townshipSource.field],
            [s.townshipByPolygon, r.townshipSource.polygon],
            [s.townshipNone, r.townshipSource.none],
          ] satisfies [readonly string[], XlsxValue][])
        : []),
      [s.seats, r.seats],
      [s.enrolled, r.enrolled],
      [s.gross, num(r.grossEnrolmentPct)],
      [s.publicShare, num(r.publicSharePct)],
      [s.inclusiveShare, num(r.inclusiveSharePct)],
    ]),
    {
      name: k.kindergartensSheet,
      header: k.kindergartens,
      rows: r.kindergartens.map((x) => [x.id, x.name, enumLabel(ownershipField, x.ownership, lang), x.inclusive ? m.yes : m.no, x.capacity, x.enrolled, x.township, k.areas[x.area], x.radiusM, num(x.childrenInReach), num(x.supplyRatio, 2)]),
    },
    {
      name: k.byTownshipSheet,
      header: byPolygon ? [...k.byTownship.slice(0, 2), k.byTownshipFromPolygon, ...k.byTownship.slice(2)] : k.byTownship,
      rows: r.byTownship.map((t) => [t.township, t.households, ...(byPolygon ? [t.fromPolygon ?? 0] : []), num(t.children), t.seats, t.enrolled, t.kindergartens, num(t.seatsPerChild, 2), num(t.coveredChildren), num(t.uncoveredChildren)]),
    },
    { name: k.uncoveredSheet, header: byPolygon ? [...k.uncovered.slice(0, 4), k.townshipSource, ...k.uncovered.slice(4)] : k.uncovered, rows: out },
  ];
}

/**
 * Households missed by public services as workbook sheets: counts per service, and the selected
 * households with their coordinates, fields (enum labels) and the services that miss them.
 *
 * @param households - the household layer
 * @param u - an uncoveredHouseholds result
 * @param rows - selected household indices (`selectUncovered`)
 * @param lang - 'zh' or 'en'
 * @param filter - the filter `rows` were selected by, stated on its own sheet
 */
export function uncoveredSheets(households: ColumnLayerData, u: UncoveredHouseholdsResult, rows: ArrayLike<number>, lang: Lang, filter: UncoveredFilter = {}): XlsxSheet[] {
  const m = MESSAGES[lang].exports;
  const x = m.uncovered;
  const c = households.columns;
  const list: XlsxValue[][] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    list.push([
      households.ids[i],
      num(households.lon[i], 6),
      num(households.lat[i], 6),
      townshipName(u.township, i) || null,
      columnText(c.village, i),
      enumLabel(heatingField, columnText(c.heating, i), lang),
      enumLabel(lowIncomeField, columnText(c.low_income, i), lang),
      num(columnNumber(c.persons, i), 0),
      num(columnNumber(c.children_3_5, i), 0),
      SERVICES.filter((s) => (u.uncovered[i] & SERVICE_BIT[s]) !== 0)
        .map((s) => x.serviceNames[s])
        .join(lang === 'zh' ? '、' : ', '),
      // last, so the columns before it keep their places: how the township was found
      x.townshipSources[u.township ? TOWNSHIP_SOURCE_NAMES[u.township.source[i]] : ''],
    ]);
  }
  return [
    {
      name: x.servicesSheet,
      header: x.services,
      rows: SERVICES.map((s) => {
        const n = u.services[s];
        return n.computed ? [x.serviceNames[s], n.applicable, n.covered, n.uncovered, n.appliesTo[lang]] : [x.serviceNames[s], null, null, null, `${x.notComputed}${n.note ? `: ${n.note}` : ''}`];
      }),
    },
    { name: x.householdsSheet, header: x.households, rows: list },
    // the household list is the filtered one: the file says by what (the services sheet counts every household)
    {
      name: x.filterSheet,
      header: x.filter,
      rows: [
        [x.filterItems.township, filter.township || x.all],
        [x.filterItems.village, filter.village || x.all],
        [x.filterItems.heating, filter.heating ? enumLabel(heatingField, filter.heating, lang) : x.all],
        [x.filterItems.lowIncome, !filter.lowIncome ? x.all : filter.lowIncome === 'any' ? x.anyLowIncome : enumLabel(lowIncomeField, filter.lowIncome, lang)],
        // the services the list was selected by: those asked for, else every one computed (no fire without a fire run)
        [x.filterItems.services, (filter.services ?? SERVICES).filter((s) => u.services[s].computed).map((s) => x.serviceNames[s]).join(lang === 'zh' ? '、' : ', ')],
        [x.filterItems.listed, rows.length],
      ],
    },
  ];
}

/**
 * The coverage-vs-P curve (`site --curve N`): for each P the optimum, its bound and greedy, as a
 * workbook sheet (the same rows as site-curve.csv, Chinese headers).
 */
export function sitingCurveSheet(curve: readonly SitingCurvePoint[], lang: Lang): XlsxSheet {
  const s = MESSAGES[lang].exports.siting;
  return {
    name: s.curveSheet,
    header: s.curve,
    rows: curve.map((c) => [c.p, c.objective, c.bound, num(c.gap * 100, 2), s.curveStatus[c.status] ?? c.status, c.greedyObjective, num(c.coveredPct), num(c.boundPct), num(c.greedyPct)]),
  };
}

/**
 * A pick's longitude or latitude as the siting has it (a number cell, every digit of the float64):
 * the workbook is read back to put stations there, and 6 decimals moved a pick by up to ≈ 5 cm —
 * enough to lose a household on the limit. Null/NaN stay empty cells.
 */
function coord(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Fire-station or kindergarten siting picks as a workbook sheet. */
export function sitingSheets(picks: { facility: 'fire'; picks: readonly FireSitePick[] } | { facility: 'kindergarten'; picks: readonly KindergartenSitePick[] }, lang: Lang): XlsxSheet[] {
  const s = MESSAGES[lang].exports.siting;
  const areas = MESSAGES[lang].exports.kindergartens.areas;
  if (picks.facility === 'fire') {
    return [
      {
        name: s.picksSheet,
        header: s.fire,
        rows: picks.picks.map((p) => [p.rank, p.id, s.origins[p.origin], p.township, coord(p.lon), coord(p.lat), p.addedHouseholds, num(p.addedBuiltUpKm2, 3), p.cumulativeHouseholds, num(p.cumulativeBuiltUpPct)]),
      },
    ];
  }
  return [
    {
      name: s.picksSheet,
      header: s.kindergarten,
      rows: picks.picks.map((p) => [p.rank, p.id, s.origins[p.origin], p.township, areas[p.area], p.radiusM, coord(p.lon), coord(p.lat), num(p.addedChildren), p.addedHouseholds, num(p.cumulativeChildrenCovered)]),
    },
  ];
}

/** A cell value from a database row: numbers and text as they are, bigints as numbers, the rest as JSON. */
export function dbCell(v: unknown): XlsxValue {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/**
 * Database rows (table view, SQL result, an indicator query) as one sheet.
 *
 * @param name - sheet name
 * @param columns - column names in order, with the header text for each (its label, or the name)
 * @param rows - the rows as objects
 */
export function rowsSheet(name: string, columns: readonly { name: string; label: string }[], rows: readonly Record<string, unknown>[], noRows: string): XlsxSheet {
  if (columns.length === 0) return { name, header: [noRows], rows: [] };
  return { name, header: columns.map((c) => c.label), rows: rows.map((r) => columns.map((c) => dbCell(r[c.name]))) };
}
