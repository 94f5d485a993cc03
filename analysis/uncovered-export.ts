import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import { toCsv, type CsvValue } from './csv-export.ts';
import { columnText } from './household-columns.ts';
import { householdTownshipsOf, townshipName, TOWNSHIP_SOURCE_NAMES, type HouseholdTownships } from './household-townships.ts';
import { SERVICE_BIT, SERVICES, type ServiceId, type UncoveredHouseholdsResult } from './uncovered-households.ts';

/** Filters of the uncovered-households view; empty fields do not filter. */
export interface UncoveredFilter {
  township?: string;
  village?: string;
  /** Heating code: gas, electric, clean_coal, other. */
  heating?: string;
  /** Low-income code (destitute 特困, minimum_living 低保, other_low_income 其他低收入), or 'any' for any category. */
  lowIncome?: string;
  /** Keep households missed by at least one of these services; default: any service. */
  services?: ServiceId[];
}

/**
 * The households matching a filter that at least one chosen service does not reach.
 *
 * @param households - the household layer the result was computed for
 * @param result - an uncoveredHouseholds result
 * @param filter - township, village, heating, low-income and services to test
 * @returns household row indices, ascending
 * @example
 * selectUncovered(households, u, { township: '恒州镇', services: ['hydrant'] });
 */
export function selectUncovered(households: ColumnLayerData, result: UncoveredHouseholdsResult, filter: UncoveredFilter = {}): Uint32Array {
  if (result.uncovered.length !== households.count) throw new Error('selectUncovered: result and households differ in length');
  let mask = 0;
  for (const s of filter.services ?? SERVICES) {
    if (!(s in SERVICE_BIT)) throw new Error(`selectUncovered: unknown service "${s}"`);
    mask |= SERVICE_BIT[s];
  }
  const keep = matcher(households, filter, result);
  const out: number[] = [];
  for (let i = 0; i < households.count; i++) if ((result.uncovered[i] & mask) !== 0 && keep(i)) out.push(i);
  return Uint32Array.from(out);
}

/**
 * Counts per service among the households matching the township, village, heating and
 * low-income filters (the `services` field is ignored): how many each service applies to and
 * how many it misses.
 *
 * @param households - the household layer the result was computed for
 * @param result - an uncoveredHouseholds result
 * @param filter - as for {@link selectUncovered}
 * @returns per service `{ applicable, uncovered }`, and the number of matching households
 */
export function countUncovered(
  households: ColumnLayerData,
  result: UncoveredHouseholdsResult,
  filter: UncoveredFilter = {},
): { households: number; services: Record<ServiceId, { applicable: number; uncovered: number }> } {
  if (result.uncovered.length !== households.count) throw new Error('countUncovered: result and households differ in length');
  const keep = matcher(households, filter, result);
  const services = Object.fromEntries(SERVICES.map((s) => [s, { applicable: 0, uncovered: 0 }])) as Record<ServiceId, { applicable: number; uncovered: number }>;
  let n = 0;
  for (let i = 0; i < households.count; i++) {
    if (!keep(i)) continue;
    n++;
    for (const s of SERVICES) {
      const bit = SERVICE_BIT[s];
      if (result.applicable[i] & bit) services[s].applicable++;
      if (result.uncovered[i] & bit) services[s].uncovered++;
    }
  }
  return { households: n, services };
}

/**
 * The township and village filters that no household has (a typo, `恒洲镇` for 恒州镇): such a filter
 * selects nobody, and "0 households" would read as "none uncovered there". For each, the values the
 * households do have (first `limit`, sorted). A household's township is its column's where filled,
 * else the township polygon it lies in (`townships`; householdTownshipsOf), as the filter finds it.
 * @example unmatchedPlaces(households, { township: '恒洲镇' }) // [{ field: 'township', value: '恒洲镇', present: ['恒州镇', …] }]
 */
export function unmatchedPlaces(
  households: ColumnLayerData,
  filter: Pick<UncoveredFilter, 'township' | 'village'>,
  limit = 30,
  townships: FeatureCollection<Geometry | null> | null = null,
): { field: 'township' | 'village'; value: string; present: string[] }[] {
  const out: { field: 'township' | 'village'; value: string; present: string[] }[] = [];
  const tw = filter.township ? householdTownshipsOf(households, townships) : null;
  for (const field of ['township', 'village'] as const) {
    const value = filter[field];
    if (!value) continue;
    const col = households.columns[field];
    const seen = new Set<string>();
    let found = false;
    for (let i = 0; i < households.count && !found; i++) {
      const t = field === 'township' ? townshipName(tw, i) || null : columnText(col, i);
      if (t === value) found = true;
      else if (t) seen.add(t);
    }
    if (!found) out.push({ field, value, present: [...seen].sort((a, b) => a.localeCompare(b, 'zh')).slice(0, limit) });
  }
  return out;
}

/**
 * Household i's township as the result found it (its column, else the township polygon it lies
 * in: {@link UncoveredHouseholdsResult.township}), or its column's for a result without it; null for none.
 */
function townshipOf(households: ColumnLayerData, result: UncoveredHouseholdsResult, i: number): string | null {
  return result.township !== undefined ? townshipName(result.township, i) || null : columnText(households.columns.township, i);
}

/** How household i's township was found: 'field', 'polygon' or '' (none). */
function townshipSourceOf(households: ColumnLayerData, result: UncoveredHouseholdsResult, i: number): string {
  const tw: HouseholdTownships | null | undefined = result.township;
  if (tw !== undefined) return tw ? TOWNSHIP_SOURCE_NAMES[tw.source[i]] : '';
  return columnText(households.columns.township, i) ? 'field' : '';
}

/** Row test for the township, village, heating and low-income filters. */
function matcher(households: ColumnLayerData, filter: UncoveredFilter, result: UncoveredHouseholdsResult): (i: number) => boolean {
  const c = households.columns;
  const want: [string, string][] = [];
  for (const [col, v] of [
    ['village', filter.village],
    ['heating', filter.heating],
  ] as const) {
    if (v) want.push([col, v]);
  }
  const town = filter.township;
  const li = filter.lowIncome;
  return (i) => {
    if (town && townshipOf(households, result, i) !== town) return false;
    for (const [col, v] of want) if (columnText(c[col], i) !== v) return false;
    if (li) {
      const x = columnText(c.low_income, i);
      return li === 'any' ? x !== null && x !== '' : x === li;
    }
    return true;
  };
}

const FIELDS = ['village', 'heating', 'low_income', 'persons', 'children_3_5'] as const;

function missed(result: UncoveredHouseholdsResult, i: number): ServiceId[] {
  return SERVICES.filter((s) => (result.uncovered[i] & SERVICE_BIT[s]) !== 0);
}

/** The missed-services column of the CSV in each language: its header, the service names and the list separator. */
const MISSED_TEXT = {
  zh: { header: '未覆盖服务', labels: { fire: '消防', hydrant: '消火栓', kindergarten: '幼儿园', cleanCoal: '洁净煤', maintenance: '维修' }, sep: '、' },
  en: { header: 'services missed', labels: { fire: 'Fire', hydrant: 'Hydrant', kindergarten: 'Kindergarten', cleanCoal: 'Clean coal', maintenance: 'Maintenance' }, sep: ', ' },
} satisfies Record<'zh' | 'en', { header: string; labels: Record<ServiceId, string>; sep: string }>;

/** The header of {@link uncoveredCsv}: id, lon, lat, township and how it was found (field / polygon / blank), the other household fields, one column per service, the missed services (its header in `lang`). */
export function uncoveredCsvHeader(lang: 'zh' | 'en' = 'zh'): string[] {
  return ['id', 'lon', 'lat', 'township', 'township_source', ...FIELDS, ...SERVICES.map((s) => `uncovered_${s}`), MISSED_TEXT[lang].header];
}

/**
 * The rows of {@link uncoveredCsv} one at a time (for a streaming writer), in `rows` order.
 *
 * @param households - the household layer
 * @param result - an uncoveredHouseholds result
 * @param rows - indices from {@link selectUncovered}
 * @param lang - language of the missed-services column (the CLI writes Chinese)
 */
export function* uncoveredCsvRows(households: ColumnLayerData, result: UncoveredHouseholdsResult, rows: ArrayLike<number>, lang: 'zh' | 'en' = 'zh'): Generator<CsvValue[]> {
  const t = MISSED_TEXT[lang];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    yield [
      households.ids[i],
      households.lon[i],
      households.lat[i],
      townshipOf(households, result, i),
      townshipSourceOf(households, result, i),
      ...FIELDS.map((f) => columnText(households.columns[f], i)),
      ...SERVICES.map((s) => ((result.uncovered[i] & SERVICE_BIT[s]) !== 0 ? 1 : 0)),
      missed(result, i)
        .map((s) => t.labels[s])
        .join(t.sep),
    ];
  }
}

/**
 * The selected households as CSV (UTF-8 with BOM, formula-safe): id, lon, lat, township and
 * `township_source` (field: its column, polygon: the township polygon it lies in), household fields,
 * one 0/1 column per service (1 = not reached), and the missed services in words (Chinese by
 * default; in English for the English UI).
 *
 * @param households - the household layer
 * @param result - an uncoveredHouseholds result
 * @param rows - indices from {@link selectUncovered}
 * @param lang - language of the missed-services column
 * @returns CSV text
 */
export function uncoveredCsv(households: ColumnLayerData, result: UncoveredHouseholdsResult, rows: ArrayLike<number>, lang: 'zh' | 'en' = 'zh'): string {
  return toCsv(uncoveredCsvHeader(lang), uncoveredCsvRows(households, result, rows, lang));
}

/**
 * The features of {@link uncoveredGeoJson} one at a time (for a streaming writer); unlocated
 * households are left out.
 *
 * @param households - the household layer
 * @param result - an uncoveredHouseholds result
 * @param rows - indices from {@link selectUncovered}
 */
export function* uncoveredFeatures(
  households: ColumnLayerData,
  result: UncoveredHouseholdsResult,
  rows: ArrayLike<number>,
): Generator<Feature<Point, Record<string, string | number | null>>> {
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const lon = households.lon[i];
    const lat = households.lat[i];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const props: Record<string, string | number | null> = { id: households.ids[i], mask: result.uncovered[i], township: townshipOf(households, result, i), township_source: townshipSourceOf(households, result, i) };
    for (const f of FIELDS) props[f] = columnText(households.columns[f], i);
    props.uncovered = missed(result, i).join(',');
    yield { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [lon, lat] } };
  }
}

/**
 * The selected households as GeoJSON points (unlocated ones are left out) with their fields
 * and `uncovered` (the missed services) — for the map highlight and download.
 *
 * @param households - the household layer
 * @param result - an uncoveredHouseholds result
 * @param rows - indices from {@link selectUncovered}
 */
export function uncoveredGeoJson(
  households: ColumnLayerData,
  result: UncoveredHouseholdsResult,
  rows: ArrayLike<number>,
): FeatureCollection<Point, Record<string, string | number | null>> {
  return { type: 'FeatureCollection', features: [...uncoveredFeatures(households, result, rows)] };
}
