import type { AnalysisWarning } from './analysis-warning.ts';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point } from 'geojson';
import { cellsToMultiPolygon } from './isochrones.ts';
import { DISTANCE_TOLERANCE_M } from './geo.ts';
import { timeLimitSec as reachLimitSec } from './travel-times.ts';
import {
  computeFireCoverage,
  prepareFireCoverage,
  type FireCoverageInput,
  type FireCoverageResult,
  type FirePrepareOptions,
  type FireRunOptions,
  type PreparedFireCoverage,
} from './fire-coverage.ts';
import { FIRE_PARAMS } from './fire-params.ts';
import { PolygonIndex } from './polygon-index.ts';
import { townshipName } from './household-townships.ts';
import type { MipSolver } from './mip-model.ts';
import { addedBy, siteFacilities } from './site-facilities.ts';
import { solveSitingExact, type SolverOutcome } from './siting-exact.ts';
import { candidateAreaMissing, candidateGrid, fewerSitesWarning, noPlotFits, sitesOffRoadWarning, tooFewCandidates } from './siting-candidates.ts';
import { userError } from './user-error.ts';
import { applySitingDistances, type DroppedCandidate, type SitingDistanceLayer, type SitingDistanceResult } from './siting-distances.ts';
import { RULE_PARAMS } from './rules/rules-params.ts';
import { columnNumber } from './household-columns.ts';
import { resolveSitingOptions } from './siting-params.ts';

/** The defaults of SITING_PARAMS (one place, each with its source). */
const DEFAULTS = resolveSitingOptions();
/** The rulebook's siting distances (analysis/rules/rules-params.ts, each with its source). */
const RULE_DEFAULTS = {
  exit: RULE_PARAMS.find((d) => d.key === 'station-exit-distance')!.value as number,
  hazard: RULE_PARAMS.find((d) => d.key === 'station-hazard-distance')!.value as number,
};

/** A township quota left unset: no lower bound (not a parameter: quotas are off unless given). */
const NO_MIN_QUOTA = 0;

/** Options of {@link siteFireStations}: the fire analysis options plus the siting ones. */
export interface SiteFireStationsOptions extends FirePrepareOptions, FireRunOptions {
  /** New stations to place (MCLP). Default 3. */
  count?: number;
  /**
   * 'mclp' (default): the best `count` sites. 'lscp': the fewest sites reaching every demand item
   * of the objective that some candidate can reach (greedy set cover; `count` is ignored, and
   * what no candidate reaches is reported as `uncoverable`).
   */
  model?: 'mclp' | 'lscp' | 'backup' | 'mexclp';
  /** Exact solver (src/solver/ HiGHS adapter); without it, greedy + interchange with a Lagrangian bound. */
  solver?: MipSolver;
  /** Solver time limit, s. Default 10. */
  timeLimitSec?: number;
  /** LSCP: share of all households / built-up area (reached today included) to reach. Default 1 (all that can be). */
  share?: number;
  /** Backup model: value of a second station within reach, relative to the first. Default 1. */
  backupWeight?: number;
  /** MEXCLP: calls a year and average busy time per call, giving q = calls × busy / (year × stations). */
  callsPerYear?: number;
  busyMinutesPerCall?: number;
  /** At most / at least this many new stations in each township. */
  maxPerTownship?: number;
  minPerTownship?: number;
  /** Also solve the p-site model for every P = 1 … curveTo on the same coverage (the coverage-vs-P curve). */
  curveTo?: number;
  /**
   * With `curveTo`: called with the plan (everything but the curve) before the curve is solved, so a
   * caller can show it meanwhile; the curve is solved on the same preparation and coverage.
   */
  onPlan?: (plan: SiteFireStationsResult) => void;
  /** Candidate grid spacing, m. Default 500. */
  candidateSpacingMeters?: number;
  /** Grid points farther than this from a road are dropped, m. Default spacing × 0.75. */
  maxSnapMeters?: number;
  /** Candidates over the whole county (townships) or only inside built-up areas. Default 'county'. */
  candidateArea?: 'county' | 'built-up';
  /** Maximise households reached (default) or built-up area reached (the 80 % target). */
  objective?: 'households' | 'built-up';
  /** Sites the county proposes, evaluated alongside the grid. */
  userSites?: { id: string; lon: number; lat: number }[];
  /** Reserve plots that fit (`plotCandidates(...).fit`), one candidate each (origin 'plot', id = plot id). */
  plotSites?: { id: string; lon: number; lat: number }[];
  /** 'grid' (default): grid + user sites; 'plots': plot + user sites only; 'both'. */
  candidateSource?: 'grid' | 'plots' | 'both';
  /** Reuse a preparation (same layers) instead of building the graph again. */
  prepared?: PreparedFireCoverage;
  /** Rulebook siting distance (FIRE-05): no candidate closer than this to a kindergarten, school or hospital exit, m. Default `station-exit-distance` (50). */
  exitDistanceMeters?: number;
  /** Rulebook siting distance (FIRE-05): no candidate closer than this to a hazardous-chemical site, m. Default `station-hazard-distance` (300). */
  hazardDistanceMeters?: number;
}

/** Layers the rulebook's siting distances refer to; a missing layer is reported as not checked. */
export type SitingDistanceLayers = Partial<Record<SitingDistanceLayer, FeatureCollection<Geometry | null> | null>>;

/** What one pick adds in one township: households by their township (the column where filled, else the polygon they lie in), built-up cells by the polygon they lie in. */
export interface PickTownshipRow {
  township: string;
  households: number;
  /** Children aged 3–5 of the households reached (the `children_3_5` column; households without it count 0). */
  children: number;
  builtUpKm2: number;
}

/** One proposed station site. */
export interface FireSitePick {
  rank: number;
  id: string;
  origin: 'grid' | 'user' | 'plot';
  /**
   * Where the site stands, the candidate's float64 as sited, not rounded: the CSV, GeoJSON and
   * workbook write it in full, so a station put there reaches what the siting counted (a pick
   * rounded to 6 decimals moved by up to ≈ 5 cm and lost a household on the limit). Round for display only.
   */
  lon: number;
  lat: number;
  township: string;
  /** Households first reached within the threshold thanks to this site (after the earlier picks). */
  addedHouseholds: number;
  /** Built-up area first reached thanks to this site, km². */
  addedBuiltUpKm2: number;
  /** Running totals with this pick and the earlier ones. */
  cumulativeHouseholds: number;
  cumulativeBuiltUpPct: number;
  /** Objective added by this pick (households, km², or with backup / expected terms), in rank order. */
  addedObjective: number;
  /** The best site not chosen, swapped in for this one, and how much the objective would drop. */
  runnerUp: { id: string; loss: number } | null;
  /** Children aged 3–5 in the households this site first reaches (the `children_3_5` column). */
  addedChildren: number;
  /** What this site first reaches, by township ({@link PickTownshipRow}; most households first). */
  byTownship: PickTownshipRow[];
}

/** How the picks were found and how good they are proven to be. */
export interface SitingProof extends SolverOutcome {
  /** Same model, greedy + interchange. */
  heuristicObjective: number;
  timeLimitSec: number;
  /** MEXCLP: the busy fraction used; expected and plain households reached within the threshold. */
  busyFraction?: number;
  expectedCoverage: number;
  /** Weight reached by two or more stations. */
  backupCovered: number;
  size: { demand: number; groups: number; candidates: number; keptCandidates: number; nonzeros: number; mipNonzeros: number };
  timingMs: { reduce: number; heuristic: number; bound: number; solve: number };
}

/** One point of the coverage-vs-P curve: the optimum (or best found) and its proven bound, beside greedy. */
export interface SitingCurvePoint {
  p: number;
  objective: number;
  bound: number;
  gap: number;
  status: 'optimal' | 'time-limit' | 'heuristic';
  greedyObjective: number;
  /** Share of all households / built-up area reached with the plan (today's stations included), %; with the bound. */
  coveredPct: number;
  boundPct: number;
  greedyPct: number;
}

/** Coverage figures at one state of the plan. */
export interface FireSitingFigures {
  householdsCovered: number;
  householdsTotal: number;
  coveredBuiltUpKm2: number;
  /** null ("no data") when there is no built-up area. */
  coveredBuiltUpPct: number | null;
}

/** Result of {@link siteFireStations}; `gap`, `bound`, `solver` and `status` repeat those of `proof` at the top level. */
export interface SiteFireStationsResult extends Pick<SolverOutcome, 'gap' | 'bound' | 'solver' | 'status'> {
  objective: 'households' | 'built-up';
  thresholdMinutes: number;
  turnoutMinutes: number;
  statuses: string[];
  candidateCount: number;
  candidateSpacingMeters: number;
  builtUpAreaKm2: number;
  targetPct: number;
  /** With the stations of `statuses` only. */
  before: FireSitingFigures;
  /** Predicted by the siting model. */
  estimatedAfter: FireSitingFigures;
  /** Recomputed with `computeFireCoverage` with the picks added as stations (the check). */
  after: FireSitingFigures;
  picks: FireSitePick[];
  model: 'mclp' | 'lscp' | 'backup' | 'mexclp';
  proof: SitingProof;
  /** With `curveTo`: P = 1 … curveTo. */
  curve?: SitingCurvePoint[];
  /** Candidates left out by the rulebook's siting distances (FIRE-05), each with the reason. */
  droppedCandidates: DroppedCandidate[];
  /** Each siting-distance rule: checked (its layer exists) or not, and how many candidates it dropped. */
  distanceChecks: SitingDistanceResult['checks'];
  /** LSCP: demand items of the objective that no candidate reaches. */
  uncoverable: number;
  /** True when fewer than `count` sites add anything. */
  exhausted: boolean;
  /** What today's figures were computed from when the input was empty or degenerate (see computeFireCoverage). */
  warnings: AnalysisWarning[];
  geojson: {
    picks: FeatureCollection<Point, FireSitePick>;
    /** The area reached within the threshold after adding the picks. */
    reachAfter: FeatureCollection<MultiPolygon, { minutes: number }>;
  };
  /** Preparation + today's coverage; candidate coverage + the plan's solve; the check; the curve (with `curveTo`). */
  timingMs: { prepare: number; siting: number; verify: number; curve?: number };
}

function figures(r: FireCoverageResult): FireSitingFigures {
  return {
    householdsCovered: r.households.covered,
    householdsTotal: r.households.total,
    coveredBuiltUpKm2: r.coveredBuiltUpAreaKm2,
    coveredBuiltUpPct: r.coveredBuiltUpPct,
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Best sites for new fire stations (maximal covering, network reach): where to put `count`
 * stations so that the most households (or built-up area) not yet reached within the threshold
 * (default 5 min from the dispatch order, GB 51080-2015) by the stations of `statuses` would be.
 *
 * Candidates: a regular grid (`candidateSpacingMeters`) over the county or its built-up areas,
 * each point moved onto its nearest road (points with no road within `maxSnapMeters` are
 * dropped), plus `userSites`. Demand: every located household and every built-up grid cell (the
 * cells of the fire analysis), only those not reached today. A candidate covers a demand when
 * turnout + travel from it alone (one search per candidate, cut at the threshold) + the access
 * walk is within the threshold — the rule of `computeFireCoverage`. The picks come from
 * {@link siteFacilities} (greedy MCLP: a (1 − 1/e) approximation), and the plan with them is
 * recomputed with `computeFireCoverage` as a check (`after`).
 *
 * @param input - roads (required), built-up areas, townships, households, and `stations`
 * @param options - fire options (threshold, turnout, speeds, statuses …) and siting options
 * @returns before / after figures, the picks with what each adds, and map layers
 * @example
 * const r = siteFireStations({ roads, builtUp, townships, households, stations }, { count: 3 });
 * r.picks.map((p) => p.addedHouseholds);
 */
export function siteFireStations(
  input: FireCoverageInput & { stations: FeatureCollection<Geometry | null>; distanceLayers?: SitingDistanceLayers },
  options: SiteFireStationsOptions = {},
): SiteFireStationsResult {
  if (!input || !input.stations || !Array.isArray(input.stations.features)) throw new Error('siteFireStations: stations must be a FeatureCollection');
  if (!input.roads || input.roads.features.length === 0) throw userError({ zh: '消防站选址按路网计算行车时间，需要道路图层（roads.geojson），本项目没有道路线；请导入道路。', en: 'Fire-station siting uses network travel times and needs the roads layer (roads.geojson); this project has no road lines: import the roads.' });
  const model = options.model ?? DEFAULTS.model;
  if (!['mclp', 'lscp', 'backup', 'mexclp'].includes(model)) throw new Error('siteFireStations: model must be "mclp", "lscp", "backup" or "mexclp"');
  const count = model === 'lscp' ? 1 : (options.count ?? DEFAULTS.count);
  const timeLimitSec = options.timeLimitSec ?? DEFAULTS.timeLimitSec;
  const share = options.share ?? DEFAULTS.share;
  const backupWeight = options.backupWeight ?? DEFAULTS.backupWeight;
  if (!Number.isInteger(count) || count < 1) throw new Error('siteFireStations: count must be a whole number ≥ 1');
  const spacing = options.candidateSpacingMeters ?? DEFAULTS.candidateSpacingMeters;
  const areaKind = options.candidateArea ?? DEFAULTS.candidateArea;
  const source = options.candidateSource ?? DEFAULTS.candidateSource;
  if (source !== 'grid' && source !== 'plots' && source !== 'both') throw new Error('siteFireStations: candidateSource must be "grid", "plots" or "both"');
  if (source === 'plots' && !(options.plotSites?.length) && !(options.userSites?.length)) throw noPlotFits();
  const objective = options.objective ?? DEFAULTS.objective;
  if (objective !== 'households' && objective !== 'built-up') throw new Error('siteFireStations: objective must be "households" or "built-up"');
  const wantCurve = options.curveTo !== undefined && model !== 'lscp';
  if (wantCurve && (!Number.isInteger(options.curveTo) || options.curveTo! < 1)) throw new Error('siteFireStations: curveTo must be a whole number ≥ 1');
  const t0 = performance.now();
  const prep = options.prepared ?? prepareFireCoverage(input, { ...options, mode: 'network' });
  if (prep.mode !== 'network' || !prep.graph || !prep.edgeIndex || !prep.cellSnap) throw new Error('siteFireStations: the preparation must be in network mode');
  const statuses = options.statuses ?? ['existing'];
  const runOpts: FireRunOptions = { ...options, statuses };
  const before = computeFireCoverage(prep, input.stations, runOpts);
  // within TIME_TOLERANCE_S of the threshold meets it, as in computeFireCoverage
  const thresholdSec = reachLimitSec(before.thresholdMinutes);
  const turnoutMinutes = before.turnoutMinutes;
  // The same definition as computeFireCoverage: the on-foot leg counts only with the named walk-leg option.
  const walkLeg = options.walkLeg ?? (FIRE_PARAMS.find((d) => d.key === 'walk-leg')!.value as boolean);
  const accessSpeedKmh = walkLeg ? (options.accessSpeedKmh ?? (FIRE_PARAMS.find((d) => d.key === 'access-speed')!.value as number)) : Infinity;
  const t1 = performance.now();

  // Demand: households [0, H) then built-up cells [H, H + B).
  const H = prep.households ? prep.households.count : 0;
  // Built-up demand: the coverage's own demand points (cells and sub-cell areas, each with its km²).
  const { cell: cellIds, km2: demandKm2 } = prep.builtUpDemand;
  const B = cellIds.length;
  const n = H + B;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const edge = new Int32Array(n).fill(-1), fraction = new Float64Array(n), accessMeters = new Float64Array(n).fill(Infinity);
  const already = new Uint8Array(n);
  const hhWeight = new Float64Array(n), cellKm2 = new Float64Array(n);
  if (prep.households && prep.householdSnap) {
    const hs = prep.householdSnap;
    for (let i = 0; i < H; i++) {
      lon[i] = prep.households.lon[i];
      lat[i] = prep.households.lat[i];
      if (!prep.householdLocated[i]) continue;
      edge[i] = hs.edge[i];
      fraction[i] = hs.fraction[i];
      accessMeters[i] = hs.accessMeters[i];
      hhWeight[i] = 1;
      already[i] = before.householdTimeSec[i] <= thresholdSec ? 1 : 0;
    }
  }
  const cs = prep.cellSnap;
  for (let k = 0; k < B; k++) {
    const c = cellIds[k], i = H + k;
    lon[i] = prep.cellLon[c];
    lat[i] = prep.cellLat[c];
    edge[i] = cs.edge[c];
    fraction[i] = cs.fraction[c];
    accessMeters[i] = cs.accessMeters[c];
    cellKm2[i] = demandKm2[k];
    already[i] = before.cellTimeSec[c] <= thresholdSec ? 1 : 0;
  }
  const weights = objective === 'households' ? hhWeight : cellKm2;
  const everyDemand = model === 'backup' || model === 'mexclp';
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = already[i] && !everyDemand ? 0 : 1;

  const area = areaKind === 'built-up' ? input.builtUp : input.townships;
  if (!area || area.features.length === 0) throw candidateAreaMissing(areaKind);
  const allCands = candidateGrid(area, { spacingMeters: spacing, edgeIndex: prep.edgeIndex, maxSnapMeters: options.maxSnapMeters, userSites: options.userSites, plotSites: source === 'grid' ? undefined : options.plotSites, grid: source !== 'plots' });
  // The rulebook's siting distances (建标152-2017 第十五条, FIRE-05), on every candidate.
  const dl = input.distanceLayers ?? {};
  const exitM = options.exitDistanceMeters ?? RULE_DEFAULTS.exit;
  const hazardM = options.hazardDistanceMeters ?? RULE_DEFAULTS.hazard;
  const distances = applySitingDistances(allCands, [
    { layer: 'hazardous', minMeters: hazardM, features: dl.hazardous },
    { layer: 'kindergartens', minMeters: exitM, features: dl.kindergartens },
    { layer: 'schools', minMeters: exitM, features: dl.schools },
    { layer: 'hospitals', minMeters: exitM, features: dl.hospitals },
  ]);
  const cands = distances.candidates;
  // A user or plot site further than access-max from every usable road reaches nothing as a station
  // (the fire analysis's own rule, warning stations-off-network). Siting drove from its road point
  // anyway: a site 5 km off the road claimed the households of that road, and the check reached none.
  const offRoad: string[] = [];
  if (cands.edge && cands.accessMeters) {
    for (let c = 0; c < cands.count; c++) {
      if (cands.edge[c] >= 0 && cands.accessMeters[c] > prep.maxAccessMeters + DISTANCE_TOLERANCE_M) {
        cands.edge[c] = -1;
        offRoad.push(cands.ids[c]);
      }
    }
  }
  if (cands.count < count) throw tooFewCandidates(cands.count, count, 'fire');
  const townIdx = input.townships ? new PolygonIndex(input.townships, prep.projection) : null;
  let quotas: { group: Int32Array; min: number[]; max: number[] } | undefined;
  if (options.maxPerTownship !== undefined || options.minPerTownship !== undefined) {
    if (!townIdx) throw userError({ zh: '按乡镇限定选址数量（--max-per-township / --min-per-township）需要乡镇界图层（townships.geojson）。', en: 'Township quotas (--max-per-township / --min-per-township) need the townships layer (townships.geojson).' });
    const T0 = input.townships!.features.length;
    if ((options.minPerTownship ?? NO_MIN_QUOTA) * T0 > count) {
      throw userError({
        zh: `每个乡镇至少 ${options.minPerTownship} 处（--min-per-township），${T0} 个乡镇共需 ${options.minPerTownship! * T0} 处，多于新选址数量 ${count}；请减小最少数量或增加新选址数量。`,
        en: `At least ${options.minPerTownship} site(s) in each township (--min-per-township) over ${T0} townships needs ${options.minPerTownship! * T0}, more than the ${count} new sites asked for; lower the minimum or raise the count.`,
      });
    }
    const T = input.townships!.features.length;
    const group = new Int32Array(cands.count);
    for (let c = 0; c < cands.count; c++) group[c] = townIdx.contains(prep.projection.x(cands.lon[c]), prep.projection.y(cands.lat[c]));
    quotas = { group, min: new Array(T).fill(options.minPerTownship ?? NO_MIN_QUOTA), max: new Array(T).fill(options.maxPerTownship ?? Infinity) };
  }
  let busyFraction: number | undefined;
  if (model === 'mexclp') {
    const stationsNow = input.stations.features.filter((f) => f?.geometry && statuses.includes(String(f.properties?.status ?? 'existing'))).length;
    const calls = options.callsPerYear ?? DEFAULTS.callsPerYear;
    const busy = options.busyMinutesPerCall ?? DEFAULTS.busyMinutesPerCall;
    busyFraction = Math.min(0.99, (calls * busy) / (365 * 24 * 60 * Math.max(1, stationsNow + count)));
  }
  const tCov0 = performance.now();
  const res = siteFacilities(
    { lon, lat, weights, alreadyCovered: already },
    cands,
    {
      model,
      p: count,
      coverableOnly: true,
      demandMask: mask,
      solver: options.solver,
      timeLimitSec,
      share,
      backupWeight,
      busyFraction,
      quotas,
      network: {
        graph: prep.graph,
        demandSnap: { count: n, edge, fraction, accessMeters },
        edgeTimeSec: prep.edgeTimeSec!,
        thresholdSec,
        turnoutSec: turnoutMinutes * 60,
        accessSpeedKmh,
        workspace: prep.workspace ?? undefined,
      },
    },
  );
  const tSolve = performance.now();
  const addHh = addedBy(res, hhWeight);
  const addKm2 = addedBy(res, cellKm2);
  // What each pick first reaches, by township: a household's as every by-township figure finds it
  // (its township column where filled, else the polygon it lies in: prep.householdLabels), a
  // built-up cell's the polygon it lies in.
  const childCol = prep.households?.columns.children_3_5;
  const childOf = (i: number) => {
    const c = childCol ? columnNumber(childCol, i) : NaN;
    return Number.isFinite(c) && c > 0 ? c : 0;
  };
  const perPick = res.picks.map(() => new Map<string, PickTownshipRow>());
  const hhTown = prep.householdLabels.township;
  const addChildren = res.picks.map(() => 0);
  for (let d = 0; d < n; d++) {
    const k = res.coveredBy[d];
    if (k < 0 || (hhWeight[d] === 0 && cellKm2[d] === 0)) continue;
    let town: string;
    if (d < H && hhTown) town = townshipName(hhTown, d);
    else {
      const t = townIdx ? townIdx.contains(prep.projection.x(lon[d]), prep.projection.y(lat[d])) : -1;
      town = t >= 0 ? String(input.townships!.features[t].properties?.name ?? '') : '';
    }
    let row = perPick[k].get(town);
    if (!row) perPick[k].set(town, (row = { township: town, households: 0, children: 0, builtUpKm2: 0 }));
    if (hhWeight[d] > 0) {
      const c = childOf(d);
      row.households += hhWeight[d];
      row.children += c;
      addChildren[k] += c;
    }
    row.builtUpKm2 += cellKm2[d];
  }

  // Check: the plan with the picks, recomputed by the fire analysis itself.
  const SITE_STATUS = '__siting';
  const pickStations: Feature<Point>[] = res.picks.map((p) => ({
    type: 'Feature',
    properties: { id: cands.ids[p.candidate], name: `选址${p.rank}`, status: SITE_STATUS, level: 'level1', turnout_min: turnoutMinutes },
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
  }));
  const after = computeFireCoverage(prep, { type: 'FeatureCollection', features: [...input.stations.features, ...pickStations] }, { ...runOpts, statuses: [...statuses, SITE_STATUS] });
  const tVerify = performance.now();

  const beforeFig = figures(before);
  let cumHh = beforeFig.householdsCovered;
  let cumKm2 = beforeFig.coveredBuiltUpKm2;
  const picks: FireSitePick[] = res.picks.map((p, k) => {
    cumHh += addHh[k];
    cumKm2 += addKm2[k];
    const t = townIdx ? townIdx.contains(prep.projection.x(p.lon), prep.projection.y(p.lat)) : -1;
    return {
      rank: p.rank,
      id: cands.ids[p.candidate],
      origin: cands.origin[p.candidate],
      // the coordinates the check above ran with (not rounded: see FireSitePick.lon)
      lon: p.lon,
      lat: p.lat,
      township: t >= 0 ? String(input.townships!.features[t].properties?.name ?? '') : '',
      addedHouseholds: addHh[k],
      addedBuiltUpKm2: round(addKm2[k], 3),
      cumulativeHouseholds: cumHh,
      cumulativeBuiltUpPct: before.builtUpAreaKm2 > 0 ? round((100 * cumKm2) / before.builtUpAreaKm2, 1) : 0,
      addedObjective: k < res.preselectedCount ? 0 : round(res.addedObjective[k - res.preselectedCount], 4),
      runnerUp: k < res.preselectedCount || !res.runnerUp[k - res.preselectedCount] ? null : { id: cands.ids[res.runnerUp[k - res.preselectedCount]!.candidate], loss: round(res.runnerUp[k - res.preselectedCount]!.loss, 4) },
      addedChildren: round(addChildren[k], 2),
      byTownship: [...perPick[k].values()]
        .map((r) => ({ ...r, children: round(r.children, 2), builtUpKm2: round(r.builtUpKm2, 3) }))
        .sort((a, b) => b.households - a.households || b.builtUpKm2 - a.builtUpKm2 || a.township.localeCompare(b.township)),
    };
  });
  const proof: SitingProof = {
    objective: res.objective,
    bound: res.bound,
    gap: res.gap,
    status: res.status,
    solver: res.solver,
    solverNote: res.solverNote,
    greedyObjective: res.greedyObjective,
    heuristicObjective: res.heuristicObjective,
    timeLimitSec,
    busyFraction,
    expectedCoverage: res.expectedCoverage,
    backupCovered: res.backupWeightCovered,
    size: res.size,
    timingMs: res.timingMs,
  };
  const estimatedAfter: FireSitingFigures = {
    householdsCovered: cumHh,
    householdsTotal: beforeFig.householdsTotal,
    coveredBuiltUpKm2: round(cumKm2, 3),
    coveredBuiltUpPct: before.builtUpAreaKm2 > 0 ? round((100 * cumKm2) / before.builtUpAreaKm2, 1) : null,
  };
  const mask2 = new Uint8Array(prep.grid.cols * prep.grid.rows);
  for (let i = 0; i < mask2.length; i++) mask2[i] = prep.inCounty[i] && after.cellTimeSec[i] <= thresholdSec ? 1 : 0;
  const plan: SiteFireStationsResult = {
    objective,
    model,
    gap: res.gap,
    bound: res.bound,
    solver: res.solver,
    status: res.status,
    proof,
    uncoverable: res.uncoverableCount ?? 0,
    thresholdMinutes: before.thresholdMinutes,
    turnoutMinutes,
    statuses: [...statuses],
    candidateCount: cands.count,
    droppedCandidates: distances.dropped,
    distanceChecks: distances.checks,
    candidateSpacingMeters: spacing,
    builtUpAreaKm2: before.builtUpAreaKm2,
    targetPct: before.targetPct,
    before: beforeFig,
    warnings: [...before.warnings, ...(offRoad.length > 0 ? [sitesOffRoadWarning(offRoad, prep.maxAccessMeters)] : []), ...(model !== 'lscp' && picks.length < count ? [fewerSitesWarning(count, picks.length, 'fire')] : [])],
    estimatedAfter,
    after: figures(after),
    picks,
    exhausted: res.exhausted,
    geojson: {
      picks: { type: 'FeatureCollection', features: picks.map((p) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) },
      reachAfter: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { minutes: before.thresholdMinutes }, geometry: cellsToMultiPolygon(prep.grid, mask2) }] },
    },
    timingMs: { prepare: Math.round(t1 - t0), siting: Math.round(tSolve - tCov0), verify: Math.round(tVerify - tSolve) },
  };
  if (!wantCurve) return plan;
  // The coverage-vs-P curve: P = 1 … curveTo on the same coverage, each solved to its proven bound.
  options.onPlan?.(plan);
  const tCurve0 = performance.now();
  let total = 0;
  let today = 0;
  for (let i = 0; i < n; i++) {
    total += weights[i];
    if (already[i]) today += weights[i];
  }
  const pct = (v: number) => (total > 0 ? round((100 * (today + v)) / total, 2) : 0);
  const curve: SitingCurvePoint[] = [];
  for (let p = 1; p <= Math.min(options.curveTo!, cands.count); p++) {
    const r = solveSitingExact(
      { model, coverage: res.coverage, weights, existingCount: already, p, backupWeight, busyFraction, quotas },
      { solver: options.solver, timeLimitSec },
    );
    curve.push({ p, objective: r.objective, bound: r.bound, gap: r.gap, status: r.status, greedyObjective: r.greedyObjective, coveredPct: pct(r.objective), boundPct: pct(r.bound), greedyPct: pct(r.greedyObjective) });
  }
  return { ...plan, curve, timingMs: { ...plan.timingMs, curve: Math.round(performance.now() - tCurve0) } };
}
