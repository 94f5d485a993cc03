import type { AnalysisWarning } from './analysis-warning.ts';
import type { FeatureCollection, GeoJsonProperties, Geometry, Point } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import { checkColumns, columnNumber, columnText } from './household-columns.ts';
import { radiusCoverage } from './point-index.ts';
import { resolveKindergartenOptions } from './radii-params.ts';
import { kindergartenAreaClassifier, type KindergartenArea } from './kindergarten-area.ts';
import { featureTownships, householdTownshipsOf, TOWNSHIP_FIELD, TOWNSHIP_POLYGON } from './household-townships.ts';

/** The defaults of KINDERGARTEN_PARAMS (one place, each with its source). */
const DEFAULTS = resolveKindergartenOptions();

type FC = FeatureCollection<Geometry | null, GeoJsonProperties>;

export type { KindergartenArea } from './kindergarten-area.ts';

export interface KindergartenAccessInput {
  households: ColumnLayerData;
  /** Kindergartens (Point): `id`, `name`, `ownership`, `inclusive`, `capacity`, `enrolled`, `township`. */
  kindergartens: FC;
  /** Built-up areas: the county seat's is urban, the others township seats. Missing: every kindergarten is urban. */
  builtUp?: FC | null;
  /** Townships: names a kindergarten's township when its `township` property is empty, and a household's when its `township` column is blank or absent. */
  townships?: FC | null;
}

export interface KindergartenAccessOptions {
  /** Radius for kindergartens in the county seat's built-up area, metres (GB 50180-93: 300). */
  radiusUrbanMeters?: number;
  /** Radius for kindergartens in a township seat's built-up area, metres (default 1000, to confirm). */
  radiusTownshipMeters?: number;
  /** Radius for kindergartens elsewhere (villages), metres (default 2000, to confirm). */
  radiusVillageMeters?: number;
  /** Children aged 3–5 per person, used where `children_3_5` is missing (default 0.03, to confirm). */
  childShare?: number;
  /** Name of the county seat's built-up area; default: the largest built-up area. */
  urbanBuiltUpName?: string;
}

export interface KindergartenRow {
  index: number;
  id: string;
  name: string;
  ownership: string;
  inclusive: boolean;
  capacity: number;
  enrolled: number | null;
  township: string;
  area: KindergartenArea;
  radiusM: number;
  /** Children within the radius (2SFCA demand). */
  childrenInReach: number;
  /** Places per child in reach (2SFCA supply ratio R_j); null when no child is in reach. */
  supplyRatio: number | null;
}

export interface TownshipRow {
  township: string;
  households: number;
  children: number;
  seats: number;
  enrolled: number;
  kindergartens: number;
  /** seats / children; null when there are no children. */
  seatsPerChild: number | null;
  coveredChildren: number;
  uncoveredChildren: number;
  /** Only when some household was placed by polygon: how many of `households` were placed in this township by its polygon (their township column blank or absent). */
  fromPolygon?: number;
}

export interface VillageRow {
  village: string;
  township: string;
  households: number;
  children: number;
  coveredChildren: number;
  /** 2SFCA accessibility: children-weighted mean of Σ R_j over kindergartens in reach (places per child). */
  access: number | null;
}

export interface KindergartenAccessResult {
  /** The urban radius (GB 50180-93), metres; the other radii are in `radii`. */
  radiusMeters: number;
  radii: Record<KindergartenArea, number>;
  /** How kindergartens were classed: by built-up area, or all urban for lack of a built-up layer. */
  areaBasis: 'built-up' | 'no-built-up';
  urbanBuiltUp: string | null;
  households: { total: number; covered: number; uncovered: number; unlocated: number };
  children: {
    total: number;
    covered: number;
    uncovered: number;
    /** Households whose children were estimated as persons × childShare. */
    estimatedHouseholds: number;
    /** Households with neither children_3_5 nor persons (counted as 0 children): the enrolment is then not to be trusted. */
    missingHouseholds: number;
    /** Children aged 3–5 per person used for the estimated households (the `child-share` parameter). */
    childShare: number;
  };
  /** Σ capacity (places). */
  seats: number;
  /** Σ enrolled where given. */
  enrolled: number;
  seatsPerChild: number | null;
  /** Enrolled / children aged 3–5, % (gross enrolment, target ≥ 85%). */
  grossEnrolmentPct: number | null;
  /** Children in public kindergartens / all, % (target ≥ 50%). */
  publicSharePct: number | null;
  /** Children in inclusive (public or 普惠 private) kindergartens / all, % (target ≥ 80%). */
  inclusiveSharePct: number | null;
  /** Shares are of enrolled children, or of places where no kindergarten gives `enrolled`. */
  shareBasis: 'enrolled' | 'capacity';
  /** Kindergartens without `enrolled` while others give it: counted 0, so the shares and the enrolment are not to be trusted (the 指标 cards flag them too). */
  enrolledMissing: number;
  kindergartens: KindergartenRow[];
  byTownship: TownshipRow[];
  /** How the township of each household was found (analysis/household-townships.ts): its `township` column, the township polygon it lies in, or not at all. */
  townshipSource: { field: number; polygon: number; none: number };
  byVillage: VillageRow[];
  /** What the figures were computed from when the input was empty or degenerate (no kindergartens, no households, no children). */
  warnings: AnalysisWarning[];
  /** Per household: 1 = within some kindergarten's radius. */
  covered: Uint8Array;
  /** Per household: children aged 3–5 used (given or estimated). */
  children3to5: Float64Array;
}

/**
 * Children aged 3–5 per household, the one rule every kindergarten figure uses (the 幼儿园 panel,
 * siting, the indicator SQL sql/indicators/kindergarten-enrolment.sql, the scenario comparison):
 * `children_3_5` where given (a number ≥ 0); else an estimate, `persons × childShare` (the
 * parameter `child-share`, 0.03 by default: 2020 census, to confirm); else 0, counted as missing.
 * @param hh - the households (columns)
 * @param childShare - children aged 3–5 per person, 0–1
 * @returns children per household, and how many households were estimated and how many had neither column
 * @example householdChildren(households, 0.03).estimated // households whose children were estimated
 */
export function householdChildren(hh: ColumnLayerData, childShare: number): { children: Float64Array; estimated: number; missing: number } {
  const n = hh.count;
  const children = new Float64Array(n);
  let estimated = 0;
  let missing = 0;
  const cCol = hh.columns.children_3_5;
  const pCol = hh.columns.persons;
  for (let i = 0; i < n; i++) {
    const c = columnNumber(cCol, i);
    if (Number.isFinite(c) && c >= 0) children[i] = c;
    else {
      const p = columnNumber(pCol, i);
      if (Number.isFinite(p) && p >= 0) {
        children[i] = p * childShare;
        estimated++;
      } else missing++;
    }
  }
  return { children, estimated, missing };
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function positive(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`kindergartenAccess: ${name} must be a positive number`);
}

const pct = (a: number, b: number) => (b > 0 ? (100 * a) / b : null);

/**
 * Kindergarten places against children, service radii and accessibility, by township and village.
 *
 * Radii: a kindergarten's radius follows where it stands (kindergartenAreaClassifier, the rule
 * siting and plot review apply too) — in or at the edge of the county seat's built-up area, or in a
 * 街道, the urban radius (GB 50180-93, 300 m); inside another built-up area (a township seat) the
 * township radius; elsewhere the village radius; rural children travel further
 * (seed 000). The county seat is the built-up area named `urbanBuiltUpName`, else the largest. Households are
 * covered when within the radius of any kindergarten (distance ≤ radius, geodesic).
 *
 * Children aged 3–5 per household: `children_3_5`, or `persons × childShare` where it is missing.
 * Places against children by township: the kindergarten's `township` property (else the township
 * polygon it stands in) against the households' township — their `township` column where filled,
 * else the township polygon they lie in (householdTownshipsOf, as the fire figures).
 *
 * Two-step floating catchment (2SFCA, Luo & Wang 2003) with each kindergarten's radius as its
 * catchment: R_j = capacity_j / Σ children of households within d_j of j; a household's A_i =
 * Σ R_j over kindergartens within reach; a village's score is the children-weighted mean of A_i
 * (places per child within reach: ≥ 1 means enough places nearby).
 *
 * Public and inclusive shares are computed from the kindergarten layer: children enrolled in
 * public (公办) kindergartens, and in public or inclusive (普惠) ones, over all enrolled (or over
 * places when no kindergarten has `enrolled`).
 *
 * @param input - households (columns), kindergartens, built-up areas, townships
 * @param options - radii, child share; see {@link KindergartenAccessOptions}
 * @returns figures, per-kindergarten, per-township and per-village rows, per-household flags
 * @example
 * const r = kindergartenAccess({ households, kindergartens, builtUp });
 * r.children.uncovered; // children aged 3–5 outside every radius
 */
export function kindergartenAccess(input: KindergartenAccessInput, options: KindergartenAccessOptions = {}): KindergartenAccessResult {
  if (!input) throw new Error('kindergartenAccess: input is required');
  checkColumns('kindergartenAccess', input.households);
  if (!input.kindergartens || !Array.isArray(input.kindergartens.features)) {
    throw new Error('kindergartenAccess: kindergartens must be a FeatureCollection');
  }
  const radii: Record<KindergartenArea, number> = {
    urban: options.radiusUrbanMeters ?? DEFAULTS.radiusUrbanMeters,
    township: options.radiusTownshipMeters ?? DEFAULTS.radiusTownshipMeters,
    village: options.radiusVillageMeters ?? DEFAULTS.radiusVillageMeters,
  };
  positive('radiusUrbanMeters', radii.urban);
  positive('radiusTownshipMeters', radii.township);
  positive('radiusVillageMeters', radii.village);
  const childShare = options.childShare ?? DEFAULTS.childShare;
  if (!(childShare >= 0 && childShare <= 1)) throw new Error('kindergartenAccess: childShare must be between 0 and 1');

  const hh = input.households;
  const n = hh.count;

  // Children per household.
  const { children, estimated, missing } = householdChildren(hh, childShare);

  // Kindergartens: location, area class, radius, township.
  const kgFeatures = input.kindergartens.features;
  const m = kgFeatures.length;
  const klon = new Float64Array(m).fill(NaN);
  const klat = new Float64Array(m).fill(NaN);
  for (let j = 0; j < m; j++) {
    const g = kgFeatures[j]?.geometry;
    if (g?.type === 'Point') {
      klon[j] = (g as Point).coordinates[0];
      klat[j] = (g as Point).coordinates[1];
    }
  }
  let areas;
  try {
    areas = kindergartenAreaClassifier(input, { radii, urbanBuiltUpName: options.urbanBuiltUpName });
  } catch (e) {
    // a message for the user passes as it is; anything else says where it came from
    if ((e as Error).name === 'UserError') throw e;
    throw new Error(`kindergartenAccess: ${(e as Error).message.replace(/^kindergartenAreaClassifier: /, '')}`);
  }
  // the kindergarten's `township` property, else the township polygon it stands in: the one rule of every by-township figure
  const ktown = featureTownships(kgFeatures, input.townships);
  const radius = new Float64Array(m);
  const area: KindergartenArea[] = [];
  const capacity = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const p = kgFeatures[j]?.properties ?? {};
    const a: KindergartenArea = areas.classify(klon[j], klat[j]);
    area.push(a);
    radius[j] = radii[a];
    const c = num(p.capacity);
    capacity[j] = Number.isFinite(c) && c > 0 ? c : 0;
  }

  // Coverage and 2SFCA step 1 (children within each kindergarten's catchment).
  const pts = { lon: hh.lon, lat: hh.lat };
  const kcols = { lon: klon, lat: klat };
  const step1 = radiusCoverage(pts, kcols, { radiusMeters: radius, pointWeights: children });
  const demand = step1.facilityWeightSum!;
  const ratio = new Float64Array(m);
  for (let j = 0; j < m; j++) ratio[j] = demand[j] > 0 ? capacity[j] / demand[j] : 0;
  const step2 = radiusCoverage(pts, kcols, { radiusMeters: radius, facilityValues: ratio });
  const covered = step1.covered;
  const access = step2.pointValueSum!;

  // Household figures, by township and village.
  const tw = householdTownshipsOf(hh, input.townships);
  const source = { field: 0, polygon: 0, none: 0 };
  const vCol = hh.columns.village;
  const towns = new Map<string, TownshipRow>();
  const villages = new Map<string, VillageRow & { weighted: number }>();
  const townRow = (t: string) => {
    let row = towns.get(t);
    if (!row) {
      row = { township: t, households: 0, children: 0, seats: 0, enrolled: 0, kindergartens: 0, seatsPerChild: null, coveredChildren: 0, uncoveredChildren: 0, fromPolygon: 0 };
      towns.set(t, row);
    }
    return row;
  };
  let unlocated = 0;
  let childTotal = 0;
  let childCovered = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(hh.lon[i]) || !Number.isFinite(hh.lat[i])) unlocated++;
    const code = tw ? tw.codes[i] : -1;
    const t = code >= 0 ? tw!.dict[code] : '';
    const src = tw ? tw.source[i] : 0;
    const v = columnText(vCol, i) ?? '';
    const c = children[i];
    childTotal += c;
    const tr = townRow(t);
    tr.households++;
    if (src === TOWNSHIP_FIELD) source.field++;
    else if (src === TOWNSHIP_POLYGON) {
      source.polygon++;
      tr.fromPolygon!++;
    } else source.none++;
    tr.children += c;
    const key = `${t}\u0000${v}`;
    let vr = villages.get(key);
    if (!vr) {
      vr = { village: v, township: t, households: 0, children: 0, coveredChildren: 0, access: null, weighted: 0 };
      villages.set(key, vr);
    }
    vr.households++;
    vr.children += c;
    vr.weighted += c * access[i];
    if (covered[i]) {
      childCovered += c;
      tr.coveredChildren += c;
      vr.coveredChildren += c;
    } else tr.uncoveredChildren += c;
  }

  // Kindergarten figures and shares.
  let seats = 0;
  let enrolledSum = 0;
  let anyEnrolled = false;
  let shareAll = 0;
  let sharePublic = 0;
  let shareInclusive = 0;
  for (let j = 0; j < m; j++) {
    const e = num(kgFeatures[j]?.properties?.enrolled);
    if (Number.isFinite(e) && e >= 0) anyEnrolled = true;
  }
  const rows: KindergartenRow[] = [];
  for (let j = 0; j < m; j++) {
    const p = kgFeatures[j]?.properties ?? {};
    const e = num(p.enrolled);
    const enrolled = Number.isFinite(e) && e >= 0 ? e : null;
    const ownership = str(p.ownership);
    const inclusive = ownership === 'public' || p.inclusive === true;
    seats += capacity[j];
    if (enrolled !== null) enrolledSum += enrolled;
    const basis = anyEnrolled ? (enrolled ?? 0) : capacity[j];
    shareAll += basis;
    if (ownership === 'public') sharePublic += basis;
    if (inclusive) shareInclusive += basis;
    const tr = townRow(ktown[j]);
    tr.seats += capacity[j];
    tr.enrolled += enrolled ?? 0;
    tr.kindergartens++;
    rows.push({
      index: j,
      id: str(p.id) || `#${j}`,
      name: str(p.name),
      ownership,
      inclusive,
      capacity: capacity[j],
      enrolled,
      township: ktown[j],
      area: area[j],
      radiusM: radius[j],
      childrenInReach: demand[j],
      supplyRatio: demand[j] > 0 ? ratio[j] : null,
    });
  }
  for (const row of towns.values()) {
    row.seatsPerChild = row.children > 0 ? row.seats / row.children : null;
    // fromPolygon only where the polygons placed someone: a county whose column is filled keeps its rows as they were
    if (source.polygon === 0) delete row.fromPolygon;
  }
  const byVillage: VillageRow[] = [...villages.values()].map(({ weighted, ...row }) => ({
    ...row,
    access: row.children > 0 ? weighted / row.children : null,
  }));
  byVillage.sort((a, b) => a.township.localeCompare(b.township) || a.village.localeCompare(b.village));

  return {
    radiusMeters: radii.urban,
    radii,
    areaBasis: areas.basis,
    urbanBuiltUp: areas.urbanBuiltUp,
    households: { total: n, covered: step1.coveredCount, uncovered: n - step1.coveredCount, unlocated },
    children: { total: childTotal, covered: childCovered, uncovered: childTotal - childCovered, estimatedHouseholds: estimated, missingHouseholds: missing, childShare },
    seats,
    enrolled: enrolledSum,
    seatsPerChild: childTotal > 0 ? seats / childTotal : null,
    grossEnrolmentPct: anyEnrolled ? pct(enrolledSum, childTotal) : null,
    publicSharePct: pct(sharePublic, shareAll),
    inclusiveSharePct: pct(shareInclusive, shareAll),
    shareBasis: anyEnrolled ? 'enrolled' : 'capacity',
    enrolledMissing: anyEnrolled ? rows.filter((r) => r.enrolled === null).length : 0,
    kindergartens: rows,
    byTownship: [...towns.values()].sort((a, b) => a.township.localeCompare(b.township)),
    townshipSource: source,
    byVillage,
    warnings: kindergartenWarnings(input.kindergartens.features.length, rows.length, n, unlocated, childTotal),
    covered,
    children3to5: children,
  };
}

/** The warnings of a kindergarten analysis (hand-worked in test/analysis/analysis-warnings.test.ts). */
function kindergartenWarnings(inLayer: number, used: number, households: number, unlocated: number, children: number): AnalysisWarning[] {
  const w: AnalysisWarning[] = [];
  if (used === 0) {
    w.push({
      code: 'no-kindergartens',
      message: {
        zh: `没有可用的幼儿园（幼儿园图层共 ${inLayer} 个）：所有住户都按不在服务半径内计，学位与比例无数据`,
        en: `No usable kindergarten (${inLayer} in the kindergarten layer): every household counts as outside a radius, places and shares have no data`,
      },
      counts: { kindergartens: 0, kindergartensInLayer: inLayer },
    });
  }
  if (households - unlocated <= 0) {
    w.push({
      code: 'no-households',
      message: { zh: `没有有位置的住户（住户图层共 ${households} 户）：覆盖户数均为 0`, en: `No located household (${households} in the households layer): household counts are all 0` },
      counts: { households: 0, householdsInLayer: households },
    });
  } else if (children === 0) {
    w.push({
      code: 'no-children',
      message: {
        zh: '住户中没有 3–5 岁儿童（children_3_5 与 persons 都为空或为 0）：入园率、每童学位无数据',
        en: 'No child aged 3–5 among the households (children_3_5 and persons empty or 0): enrolment and places per child have no data',
      },
      counts: { children: 0, households },
    });
  }
  return w;
}
