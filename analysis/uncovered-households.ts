import type { AnalysisWarning } from './analysis-warning.ts';
import type { FeatureCollection, GeoJsonProperties, Geometry, Point } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import type { FireCoverageResult } from './fire-coverage.ts';
import { LocalProjection } from './geo.ts';
import { checkColumns, columnText } from './household-columns.ts';
import { householdTownshipsOf, type HouseholdTownships } from './household-townships.ts';
import { kindergartenAccess, type KindergartenAccessOptions } from './kindergarten-access.ts';
import { radiusCoverage } from './point-index.ts';
import { PolygonIndex } from './polygon-index.ts';
import { resolveHydrantOptions, resolveUncoveredOptions } from './radii-params.ts';
import { timeLimitSec } from './travel-times.ts';

/** The defaults of UNCOVERED_PARAMS and HYDRANT_PARAMS (one place, each with its source). */
const DEFAULTS = resolveUncoveredOptions();
const HYDRANT_DEFAULTS = resolveHydrantOptions();

type FC = FeatureCollection<Geometry | null, GeoJsonProperties>;

/** The services of the uncovered-households view; the order gives each its bit. */
export const SERVICES = ['fire', 'hydrant', 'kindergarten', 'cleanCoal', 'maintenance'] as const;
export type ServiceId = (typeof SERVICES)[number];

/** Bit of a service in the per-household masks. */
export const SERVICE_BIT: Record<ServiceId, number> = { fire: 1, hydrant: 2, kindergarten: 4, cleanCoal: 8, maintenance: 16 };

export const SERVICE_LABELS: Record<ServiceId, { zh: string; en: string }> = {
  fire: { zh: '消防5分钟可达', en: 'Fire 5-minute reach' },
  hydrant: { zh: '消火栓150米', en: 'Hydrant 150 m' },
  kindergarten: { zh: '幼儿园服务半径', en: 'Kindergarten radius' },
  cleanCoal: { zh: '洁净煤配送点', en: 'Clean-coal service point' },
  maintenance: { zh: '双代维修网点', en: 'Maintenance organisation' },
};

export interface UncoveredHouseholdsInput {
  households: ColumnLayerData;
  hydrants?: FC | null;
  kindergartens?: FC | null;
  servicePoints?: FC | null;
  builtUp?: FC | null;
  townships?: FC | null;
  /** A fire coverage result for the same households (analysis/fire-coverage.ts); without it the fire service is "not computed". */
  /** `limitToleranceSec`: what meets the limit (the run's own; 1 ms when not given). */
  fire?: (Pick<FireCoverageResult, 'householdTimeSec' | 'thresholdMinutes'> & Partial<Pick<FireCoverageResult, 'limitToleranceSec'>>) | null;
}

export interface UncoveredHouseholdsOptions {
  /** Hydrant protection radius, metres (GB 50974-2014: 150). */
  hydrantRadiusMeters?: number;
  /** Count hydrants under construction and planned. Default false. */
  includePlannedHydrants?: boolean;
  /** Count water cranes as hydrants (the former way). Default false (HYDRANT_PARAMS `cranes-as-hydrants`). */
  cranesAsHydrants?: boolean;
  /** Kindergarten radii and child share, as in kindergartenAccess. */
  kindergarten?: KindergartenAccessOptions;
  /** Reach of clean-coal service points (centre, station, village point), metres. Default 2000 (to confirm). */
  coalRadiusMeters?: number;
  /** Reach of maintenance organisations for gas and electric households, metres. Default 10000 (to confirm). */
  maintenanceRadiusMeters?: number;
}

export interface ServiceCount {
  /** False when the service could not be computed (e.g. no fire result); counts are then 0. */
  computed: boolean;
  /** Households the service applies to. */
  applicable: number;
  covered: number;
  uncovered: number;
  /** Which households it applies to, in words. */
  appliesTo: { zh: string; en: string };
  radiusMeters?: number;
  note?: string;
}

export interface UncoveredHouseholdsResult {
  services: Record<ServiceId, ServiceCount>;
  /** Per household: bit set where the service applies and was computed (see SERVICE_BIT). */
  applicable: Uint8Array;
  /** Per household: bit set where the service applies and does not reach. */
  uncovered: Uint8Array;
  /** Households missed by at least one service. */
  uncoveredAny: number;
  total: number;
  /**
   * Each household's township as the figures by township find it (householdTownshipsOf: its
   * `township` column where filled, else the township polygon it lies in) and how; what the
   * township filter, the list and the exports use. Copies, so the result can be transferred
   * from a worker. null when there is neither a column nor a named township polygon.
   */
  township: HouseholdTownships | null;
  /** Services whose facilities are missing (no working hydrant, no clean-coal point …) and an empty household layer: their counts say nothing about real coverage. */
  warnings: AnalysisWarning[];
}

const ALL = { zh: '全部农户', en: 'all households' };

/**
 * One view of households against every service: fire 5-minute reach (from a fire coverage
 * result), hydrant 150 m, kindergarten radius (the per-area radii of kindergartenAccess),
 * clean-coal service points (for clean-coal households) and maintenance organisations (for gas
 * and electric households). Each service is one bit of two per-household masks, `applicable`
 * and `uncovered`, so any filter or highlight is a bit test.
 *
 * Which households a service applies to: fire and kindergartens — all; hydrants — households
 * inside the built-up areas (municipal hydrants serve the built-up area, GB 50974-2014), or all
 * when there is no built-up layer; clean coal — `heating` = clean_coal; maintenance — `heating` =
 * gas or electric. Unlocated households are uncovered by every service that applies to them.
 *
 * @param input - households (columns), facility layers, optional fire result
 * @param options - radii; see {@link UncoveredHouseholdsOptions}
 * @returns counts per service and the two masks
 * @example
 * const u = uncoveredHouseholds({ households, hydrants, kindergartens, servicePoints, builtUp });
 * u.services.hydrant.uncovered;
 */
export function uncoveredHouseholds(input: UncoveredHouseholdsInput, options: UncoveredHouseholdsOptions = {}): UncoveredHouseholdsResult {
  if (!input) throw new Error('uncoveredHouseholds: input is required');
  checkColumns('uncoveredHouseholds', input.households);
  for (const k of ['hydrants', 'kindergartens', 'servicePoints', 'builtUp', 'townships'] as const) {
    const fc = input[k];
    if (fc != null && !Array.isArray(fc.features)) throw new Error(`uncoveredHouseholds: ${k} must be a FeatureCollection`);
  }
  const hydrantR = options.hydrantRadiusMeters ?? HYDRANT_DEFAULTS.radiusMeters;
  const cranesAsHydrants = options.cranesAsHydrants ?? HYDRANT_DEFAULTS.cranesAsHydrants;
  const coalR = options.coalRadiusMeters ?? DEFAULTS.coalRadiusMeters;
  const maintR = options.maintenanceRadiusMeters ?? DEFAULTS.maintenanceRadiusMeters;
  for (const [name, v] of [
    ['hydrantRadiusMeters', hydrantR],
    ['coalRadiusMeters', coalR],
    ['maintenanceRadiusMeters', maintR],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`uncoveredHouseholds: ${name} must be a positive number of metres`);
  }
  const hh = input.households;
  const n = hh.count;
  if (input.fire && input.fire.householdTimeSec.length !== n) {
    throw new Error('uncoveredHouseholds: the fire result is for a different household layer (length differs)');
  }
  const applicable = new Uint8Array(n);
  const uncovered = new Uint8Array(n);
  const pts = { lon: hh.lon, lat: hh.lat };
  const services = {} as Record<ServiceId, ServiceCount>;
  const warnings: AnalysisWarning[] = [];
  if (n === 0) {
    warnings.push({ code: 'no-households', message: { zh: '住户图层没有住户：各项服务的户数均为 0', en: 'The households layer holds no household: every service count is 0' }, counts: { households: 0 } });
  }
  /** A service whose facilities are all missing while households need it. */
  const noFacilities = (code: string, facilities: number, id: ServiceId, what: { zh: string; en: string }) => {
    const s = services[id];
    if (facilities > 0 || s.applicable === 0) return;
    warnings.push({
      code,
      message: {
        zh: `没有${what.zh}：适用的 ${s.applicable} 户全部按未覆盖计，这不是实际服务情况`,
        en: `No ${what.en}: all ${s.applicable} households it applies to count as uncovered, which says nothing about the real service`,
      },
      counts: { facilities: 0, households: s.applicable },
    });
  };

  const record = (id: ServiceId, applies: (i: number) => boolean, covered: (i: number) => boolean, extra: Partial<ServiceCount>, appliesTo: { zh: string; en: string }) => {
    const bit = SERVICE_BIT[id];
    let a = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (!applies(i)) continue;
      a++;
      applicable[i] |= bit;
      if (covered(i)) c++;
      else uncovered[i] |= bit;
    }
    services[id] = { computed: true, applicable: a, covered: c, uncovered: a - c, appliesTo, ...extra };
  };
  const notComputed = (id: ServiceId, note: string, appliesTo: { zh: string; en: string }) => {
    services[id] = { computed: false, applicable: 0, covered: 0, uncovered: 0, appliesTo, note };
  };

  // Fire.
  if (input.fire) {
    const t = input.fire.householdTimeSec;
    const limit = timeLimitSec(input.fire.thresholdMinutes, input.fire.limitToleranceSec);
    record('fire', () => true, (i) => t[i] <= limit, { note: `${input.fire.thresholdMinutes} min` }, ALL);
  } else notComputed('fire', 'no fire coverage result was given', ALL);

  // Hydrants: counted ones, households inside the built-up areas.
  const hydrants = input.hydrants?.features ?? [];
  const hcols = pointColumns(hydrants, (p) => (cranesAsHydrants || (p.kind !== 'water_crane' && p.kind !== '消防水鹤')) && (p.status === 'working' || (!!options.includePlannedHydrants && (p.status === 'under_construction' || p.status === 'planned'))));
  const hydrantCov = radiusCoverage(pts, hcols, { radiusMeters: hydrantR });
  const builtUp = input.builtUp && input.builtUp.features.some((f) => f?.geometry) ? input.builtUp : null;
  let inBuilt: Uint8Array | null = null;
  if (builtUp) {
    inBuilt = new Uint8Array(n);
    let lonSum = 0;
    let latSum = 0;
    let k = 0;
    for (let i = 0; i < n && k < 1000; i++) {
      if (Number.isFinite(hh.lon[i]) && Number.isFinite(hh.lat[i])) {
        lonSum += hh.lon[i];
        latSum += hh.lat[i];
        k++;
      }
    }
    const proj = new LocalProjection(k ? lonSum / k : 0, k ? latSum / k : 0);
    const idx = new PolygonIndex(builtUp, proj);
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(hh.lon[i]) && Number.isFinite(hh.lat[i]) && idx.contains(proj.x(hh.lon[i]), proj.y(hh.lat[i])) >= 0) inBuilt[i] = 1;
    }
  }
  record(
    'hydrant',
    inBuilt ? (i) => inBuilt![i] === 1 : () => true,
    (i) => hydrantCov.covered[i] === 1,
    { radiusMeters: hydrantR },
    inBuilt ? { zh: '建成区内农户', en: 'households in the built-up areas' } : ALL,
  );

  // Kindergartens.
  if (input.kindergartens) {
    const kg = kindergartenAccess(
      { households: hh, kindergartens: input.kindergartens, builtUp: input.builtUp ?? null, townships: input.townships ?? null },
      options.kindergarten ?? {},
    );
    for (const w of kg.warnings) if (w.code === 'no-kindergartens') warnings.push(w);
    record('kindergarten', () => true, (i) => kg.covered[i] === 1, { radiusMeters: kg.radiusMeters }, ALL);
  } else notComputed('kindergarten', 'no kindergarten layer', ALL);

  // Clean coal and maintenance, by heating type.
  const heating = hh.columns.heating;
  const heat = (i: number) => columnText(heating, i);
  const sp = input.servicePoints?.features ?? [];
  const coalPts = pointColumns(sp, (p) => p.kind === 'coal_centre' || p.kind === 'coal_station' || p.kind === 'coal_point');
  const coal = { ...radiusCoverage(pts, coalPts, { radiusMeters: coalR }), lonCount: coalPts.lon.length };
  record('cleanCoal', (i) => heat(i) === 'clean_coal', (i) => coal.covered[i] === 1, { radiusMeters: coalR }, { zh: '洁净煤户', en: 'clean-coal households' });
  const maintPts = pointColumns(sp, (p) => p.kind === 'maintenance');
  const maint = { ...radiusCoverage(pts, maintPts, { radiusMeters: maintR }), lonCount: maintPts.lon.length };
  record(
    'maintenance',
    (i) => {
      const h = heat(i);
      return h === 'gas' || h === 'electric';
    },
    (i) => maint.covered[i] === 1,
    { radiusMeters: maintR },
    { zh: '气代煤、电代煤户', en: 'gas and electric households' },
  );

  noFacilities(
    'no-working-hydrants',
    hcols.lon.length,
    'hydrant',
    options.includePlannedHydrants ? { zh: '有位置的完好、在建或规划消火栓', en: 'located working, under-construction or planned hydrant' } : { zh: '有位置的完好消火栓', en: 'located working hydrant' },
  );
  noFacilities('no-coal-points', coal.lonCount, 'cleanCoal', { zh: '洁净煤配送点（service_points 中 kind 为 coal_*）', en: 'clean-coal service point (service_points kind coal_*)' });
  noFacilities('no-maintenance-points', maint.lonCount, 'maintenance', { zh: '维修服务网点（service_points 中 kind 为 maintenance）', en: 'maintenance organisation (service_points kind maintenance)' });

  let any = 0;
  for (let i = 0; i < n; i++) if (uncovered[i]) any++;
  const tw = householdTownshipsOf(hh, input.townships);
  const township = tw && { codes: Int32Array.from(tw.codes), dict: [...tw.dict], source: Uint8Array.from(tw.source) };
  return { services, applicable, uncovered, uncoveredAny: any, total: n, township, warnings };
}

function pointColumns(features: FC['features'], keep: (p: Record<string, unknown>) => boolean) {
  const lon: number[] = [];
  const lat: number[] = [];
  for (const f of features) {
    const g = f?.geometry;
    if (g?.type !== 'Point' || !keep(f.properties ?? {})) continue;
    lon.push((g as Point).coordinates[0]);
    lat.push((g as Point).coordinates[1]);
  }
  return { lon: Float64Array.from(lon), lat: Float64Array.from(lat) };
}
