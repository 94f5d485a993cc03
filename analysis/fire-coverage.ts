import type { AnalysisWarning } from './analysis-warning.ts';
import { sharePct } from './analysis-warning.ts';
import pointOnFeature from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point } from 'geojson';
import type { ColumnLayerData } from '../layers/types.ts';
import { cutRoadsAtProblems, openLaneProblems, type LaneProblem } from './fire-lanes.ts';
import { cellCentres, cellRowAreasKm2, makeCellGrid, maskAreaKm2, rasterizePolygons, type CellGrid } from './cell-grid.ts';
import { DISTRICT_LIMIT_KM2, DISTRICT_LIMIT_MAX_KM2, FIRE_PARAMS, defaultSpeedTable, roadTakesEngine, roadWidthTable, type SpeedTableKmh } from './fire-params.ts';
import { DISTANCE_TOLERANCE_M, LocalProjection, geodesicMeters, geometryAreaM2, geometryExtent } from './geo.ts';
import { cellsToMultiPolygon } from './isochrones.ts';
import { buildRoadGraph, edgeTravelTimes, type NetworkPiece, type RoadGraph } from './road-graph.ts';
import {
  buildEdgeIndex,
  createWorkspace,
  multiSourceTravelTimes,
  pointTravelTimes,
  snapToNetwork,
  timeLimitSec,
  TIME_TOLERANCE_S,
  type DijkstraWorkspace,
  type EdgeIndex,
  type SnappedPoints,
  type TravelSource,
} from './travel-times.ts';
import { userError } from './user-error.ts';
import { columnCodes, householdTownshipsOf, TOWNSHIP_FIELD, TOWNSHIP_NONE, TOWNSHIP_POLYGON, TOWNSHIP_SOURCE_NAMES, type HouseholdTownships } from './household-townships.ts';

/** Layers the fire analysis reads. Only `roads` is needed for the network mode. */
export interface FireCoverageInput {
  roads?: FeatureCollection<Geometry | null>;
  builtUp?: FeatureCollection<Geometry | null>;
  /** Township polygons: the county outline the surface covers (else the roads' extent). */
  townships?: FeatureCollection<Geometry | null>;
  households?: ColumnLayerData;
  /** The fire-lane ledger (fire_lanes.geojson): its open problems cut the roads (see `laneCutMeters`). */
  fireLanes?: FeatureCollection<Geometry | null>;
}

/** Options fixed at preparation (changing them means preparing again). */
export interface FirePrepareOptions {
  /** Grid cell size, m. Default 100. */
  cellSizeMeters?: number;
  /** Maximum straight distance from a household, cell or station to the road, m. Default 300. */
  maxAccessMeters?: number;
  /** Road vertex snapping tolerance, m. Default 2. */
  snapToleranceMeters?: number;
  /** 'network' (default when roads exist) or 'straight-line' (no road data; clearly labelled). */
  mode?: 'network' | 'straight-line';
  /** Roads narrower than this (m) are left out of engine routing (GB 50016-2014 §7.1.8, secondary). Default 4; 0 keeps every road. */
  minEngineWidthMeters?: number;
  /** Roads whose `clear_height_m` is lower than this (m) are left out of engine routing (same clause). Default 4; 0 keeps every road. */
  minEngineClearHeightMeters?: number;
  /** Class → width (m) for roads without `width_m` (`other` for the rest). Default `roadWidthTable()`. */
  roadWidthsM?: Record<string, number>;
  /** Roads within this distance (m) of an open fire-lane problem are cut there (analysis/fire-lanes.ts). Default 15; 0 ignores the ledger. */
  laneCutMeters?: number;
}

/**
 * Every option of {@link FirePrepareOptions}: a new option that is not listed here does not compile,
 * so no key of a prepared grid can leave one out (session 18: the fire panel's key had no clear height,
 * the compare view's neither width, height, class widths nor the lane cut distance).
 */
const PREPARE_OPTIONS = {
  cellSizeMeters: true,
  maxAccessMeters: true,
  snapToleranceMeters: true,
  mode: true,
  minEngineWidthMeters: true,
  minEngineClearHeightMeters: true,
  roadWidthsM: true,
  laneCutMeters: true,
} as const satisfies Record<keyof FirePrepareOptions, true>;

/**
 * The preparation options as one string: two runs with the same layers and equal keys may share one
 * prepared grid (the fire panel's session, the compare view's scenarios); any other option
 * (threshold, turnout, speeds, statuses …) is read at each compute.
 * @example firePrepareKey({ cellSizeMeters: 100 }) === firePrepareKey({ cellSizeMeters: 100, thresholdMinutes: 8 } as FirePrepareOptions) // true
 */
export function firePrepareKey(options: FirePrepareOptions): string {
  return JSON.stringify(Object.keys(PREPARE_OPTIONS).map((k) => options[k as keyof FirePrepareOptions] ?? null));
}

/** Options that may change between recomputes (cheap). */
export interface FireRunOptions {
  /** Response threshold from the dispatch order, min. Default 5. */
  thresholdMinutes?: number;
  /** Default turnout of professional stations, min. Default 1. */
  turnoutMinutes?: number;
  /** Turnout of stations with `crew` township (乡镇专职队), min. Default 2. */
  turnoutTownshipMinutes?: number;
  /** Turnout of stations with `crew` volunteer (志愿队), min. Default 3. */
  turnoutVolunteerMinutes?: number;
  /** Station statuses included. Default ['existing']. */
  statuses?: string[];
  /** Road class → km/h; `other` for unknown classes. Default `defaultSpeedTable()`. */
  speedsKmh?: SpeedTableKmh;
  /** 1 = free flow; < 1 slows every road. Default 1. */
  trafficFactor?: number;
  /** Access leg speed off the road, km/h, used only with `walkLeg`. Default 5 (crew on foot with equipment). */
  accessSpeedKmh?: number;
  /**
   * Add an on-foot leg (access distance ÷ `accessSpeedKmh`) off the road, for the station and the
   * target, inside the threshold — the old definition, kept as a named option for a hose-lay /
   * on-foot check. Default false: the clock stops when the engine reaches the road point nearest
   * the target (GB 51080-2015 §4.1.3 counts the engine's arrival). Either way a target farther
   * than the maximum access distance from every road is not reached.
   */
  walkLeg?: boolean;
  /** Isochrone breaks, min. Default [3, 5, 8, 10]. */
  breaksMinutes?: number[];
  /** Places farther than this from every station belong to no district, min. Default Infinity (the whole connected network). */
  districtMaxMinutes?: number;
  /** Straight-line mode average speed, km/h. Default 22. */
  straightLineSpeedKmh?: number;
  /** Target share of the built-up area, %. Default 80. */
  targetPct?: number;
}

/** The one-time preparation: graph, grid, snapped cells and households, masks. */
export interface PreparedFireCoverage {
  mode: 'network' | 'straight-line';
  projection: LocalProjection;
  graph: RoadGraph | null;
  edgeIndex: EdgeIndex | null;
  grid: CellGrid;
  /** The true area (km²) of a cell in each row of the grid (cellRowAreasKm2): districts, isochrones and the county area reached add these. */
  cellRowKm2: Float64Array;
  /** Maximum access distance used for cells and households, and for stations at recompute, m. */
  maxAccessMeters: number;
  /** Roads left out of engine routing as narrower than the minimum width, and that width (m). */
  /** Roads given that engines do not use: narrower than `minWidthMeters`, or (where stated) lower than `minClearHeightMeters`. */
  narrowRoads: { excluded: number; minWidthMeters: number; minClearHeightMeters: number };
  /** Open fire-lane problems and how many road lines each cut (network mode; empty without a ledger). */
  laneCuts: { id: string; name: string; problem: string; lon: number; lat: number; roads: number }[];
  /** 1 where the cell centre is inside the county (townships), or everywhere without townships. */
  inCounty: Uint8Array;
  /** 1 where the cell centre is inside a built-up polygon. */
  builtUp: Uint8Array;
  /** Built-up demand points: one per built-up cell, plus one per area that holds no cell centre. */
  builtUpCells: number;
  /**
   * The built-up demand points, each a cell, the km² it stands for and its built-up polygon: a
   * built-up cell stands for its polygon's exact area over the polygon's cell count; an area that
   * holds no cell centre (smaller than a cell, or thin) is one point at the cell holding a point
   * inside it, with its whole area (outside the grid: not evaluated). Covered km² are sums of these,
   * so the county total is the sum of the per-area rows and of the per-station figures, and every
   * polygon counts with its exact area. The coverage and the siting's built-up objective both read them.
   */
  builtUpDemand: { cell: Int32Array; km2: Float64Array; area: Int32Array };
  /** Built-up polygon of each cell (feature index), -1 outside. */
  builtUpFeature: Int32Array;
  /** Per built-up polygon: its name, exact area (km²) and demand points (its cells, or 1 for an area holding no cell centre). */
  builtUpAreas: { name: string; areaKm2: number; cells: number }[];
  /** Exact area of the built-up polygons, km² (ellipsoidal: geometryAreaM2, as the plot review and PostGIS geography measure). */
  builtUpAreaKm2: number;
  cellLon: Float64Array;
  cellLat: Float64Array;
  cellSnap: SnappedPoints | null;
  households: ColumnLayerData | null;
  householdSnap: SnappedPoints | null;
  /** Households with a location. */
  householdsLocated: number;
  /** 1 for households with finite lon/lat. */
  householdLocated: Uint8Array;
  workspace: DijkstraWorkspace | null;
  /**
   * Household township / village / heating as codes into a dictionary (null when the column is
   * absent). The township is the column's where filled, else the township polygon the household
   * lies in (analysis/household-townships.ts); `source` says which (0 none, 1 column, 2 polygon).
   */
  householdLabels: Record<'village' | 'heating', { codes: Int32Array; dict: string[] } | null> & { township: HouseholdTownships | null };
  /** Cached edge times for the last speed table. */
  edgeTimeKey: string;
  edgeTimeSec: Float64Array | null;
}

/** A station after filtering and placing. */
export interface FireStationResult {
  id: string;
  name: string;
  status: string;
  level: string;
  turnoutMinutes: number;
  /** Distance from the station to the road it starts on, m (0 in straight-line mode). */
  accessMeters: number;
  /** True when farther than the maximum access distance from every road: it reaches nothing. */
  offNetwork: boolean;
  districtAreaKm2: number;
  districtLimitKm2: number;
  overLimit: boolean;
  /** Households first reached by this station within the threshold. */
  households: number;
  /** Built-up area in its district reached within the threshold, km². */
  coveredBuiltUpAreaKm2: number;
}

/** Households reached / not reached in one group. */
export interface HouseholdGroup {
  key: string;
  total: number;
  covered: number;
  uncovered: number;
  /** By township only, and only when some household was placed by polygon: how many of `total` were placed in this township by its polygon (their township column blank or absent). */
  fromPolygon?: number;
}

/** Everything one recompute produces. */
export interface FireCoverageResult {
  mode: 'network' | 'straight-line';
  thresholdMinutes: number;
  /**
   * A time meets a limit of m minutes when it is ≤ m × 60 + this many seconds (`timeLimitSec(m, limitToleranceSec)`):
   * TIME_TOLERANCE_S (1 ms) on the network; in straight-line mode DISTANCE_TOLERANCE_M ÷ the speed
   * (1 mm of distance: 0.16 ms at 22 km/h), so a point is reached when its distance is within 1 mm of speed × (limit − turnout).
   */
  limitToleranceSec: number;
  turnoutMinutes: number;
  statuses: string[];
  trafficFactor: number;
  /** Whether an on-foot leg off the road was counted (the old definition; see {@link FireRunOptions.walkLeg}). */
  walkLeg: boolean;
  targetPct: number;
  builtUpAreaKm2: number;
  coveredBuiltUpAreaKm2: number;
  /** Share of the built-up area reached, %; null ("no data") when there is no built-up area. */
  coveredBuiltUpPct: number | null;
  /** null when there is no built-up area to measure. */
  meetsTarget: boolean | null;
  /** Per built-up polygon (e.g. the county seat and each township seat): area and share reached (null: no cell of it on the grid). */
  byBuiltUp: { name: string; areaKm2: number; coveredAreaKm2: number; coveredPct: number | null }[];
  /** What the figures were computed from when the input was empty or degenerate (no stations of the chosen statuses, no built-up area, no households, no roads). */
  warnings: AnalysisWarning[];
  /** County area reached within the threshold, km² (grid cells). */
  coveredAreaKm2: number;
  households: { total: number; covered: number; uncovered: number; unlocated: number };
  byTownship: HouseholdGroup[];
  /** How the township of each located household was found: its `township` column, the township polygon it lies in, or not at all. */
  townshipSource: { field: number; polygon: number; none: number };
  byVillage: HouseholdGroup[];
  byHeating: HouseholdGroup[];
  stations: FireStationResult[];
  network: { nodes: number; edges: number; components: number; pieces: NetworkPiece[] } | null;
  /** Roads left out of engine routing as narrower than `minWidthMeters` (listed by rule FIRE-06). */
  /** Roads given that engines do not use: narrower than `minWidthMeters`, or (where stated) lower than `minClearHeightMeters`. */
  narrowRoads: { excluded: number; minWidthMeters: number; minClearHeightMeters: number };
  /**
   * The reach curve: households and built-up km² reached within each whole minute up to the last
   * isochrone break (and within the threshold itself, also when it is not whole), counted like the
   * headline figures (`households.covered` and `coveredBuiltUpAreaKm2` are the threshold's entries).
   */
  reachCurve: ReachCurve;
  /** Seconds per cell (Infinity beyond the search); for the surface and the map. */
  cellTimeSec: Float32Array;
  /** First-reaching station per cell (index into `stations`), -1 none. */
  cellStation: Int32Array;
  /** Seconds per household, Infinity when not reached within the search. */
  householdTimeSec: Float32Array;
  householdStation: Int32Array;
}

/** Households and built-up km² reached within each of `minutes` (cumulative; {@link reachCurveMinutes}). */
export interface ReachCurve {
  minutes: number[];
  households: number[];
  builtUpKm2: number[];
}

/**
 * The minutes of a reach curve: 1, 2, … up to the last isochrone break or the threshold (at most 60),
 * and the threshold itself. Pure.
 * @example reachCurveMinutes(5, [3, 5, 8, 10]) // [1, 2, …, 10]
 * @example reachCurveMinutes(4.5, [3, 5]) // [1, 2, 3, 4, 4.5, 5]
 */
export function reachCurveMinutes(thresholdMinutes: number, breaksMinutes: readonly number[]): number[] {
  const last = Math.min(60, Math.ceil(Math.max(thresholdMinutes, ...breaksMinutes)));
  const out = Array.from({ length: last }, (_, i) => i + 1);
  if (!out.includes(thresholdMinutes)) out.push(thresholdMinutes);
  return out.sort((a, b) => a - b);
}

/** Index of the first limit at or above `t` (limits ascending), or -1 when `t` is above them all (or not a number). */
function firstLimitAtOrAbove(limits: Float64Array, t: number): number {
  if (!(t <= limits[limits.length - 1])) return -1;
  let lo = 0, hi = limits.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t <= limits[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const P = (key: string) => FIRE_PARAMS.find((d) => d.key === key)!.value as number;
// The defaults are those of FIRE_PARAMS (one place, each with its source).
const DEFAULTS = {
  cellSizeMeters: P('cell'),
  maxAccessMeters: P('access-max'),
  snapToleranceMeters: P('snap-tolerance'),
  thresholdMinutes: P('threshold'),
  turnoutMinutes: P('turnout'),
  turnoutTownshipMinutes: P('turnout-township'),
  turnoutVolunteerMinutes: P('turnout-volunteer'),
  trafficFactor: P('traffic'),
  accessSpeedKmh: P('access-speed'),
  walkLeg: FIRE_PARAMS.find((d) => d.key === 'walk-leg')!.value as boolean,
  minEngineWidthMeters: P('lane-min-width'),
  minEngineClearHeightMeters: P('lane-min-height'),
  laneCutMeters: P('lane-cut-distance'),
  breaksMinutes: String(FIRE_PARAMS.find((d) => d.key === 'breaks')!.value).split(',').map(Number),
  straightLineSpeedKmh: P('straight-speed'),
  targetPct: P('target'),
};

/**
 * The roads the engine network is built from: the roads cut at the open fire-lane problems
 * (`laneCutMeters`; the problems are not driven through), less those narrower or lower than a fire
 * engine needs (they stay on the map and in rule FIRE-06's ledger). Pure.
 *
 * @param roads - the roads layer
 * @param problems - open problems ({@link openLaneProblems})
 * @param options - the preparation options (`laneCutMeters`, `minEngineWidthMeters`, `minEngineClearHeightMeters`, `roadWidthsM`)
 * @returns the roads for {@link buildRoadGraph} and per problem the road lines it cut
 * @example fireEngineRoads(roads, openLaneProblems(ledger), {}).cuts[0].roads
 */
export function fireEngineRoads(
  roads: FeatureCollection<Geometry | null>,
  problems: readonly LaneProblem[],
  options: FirePrepareOptions,
): { roads: FeatureCollection<Geometry | null>; cuts: { id: string; roads: number }[] } {
  const minWidth = options.minEngineWidthMeters ?? DEFAULTS.minEngineWidthMeters;
  const minHeight = options.minEngineClearHeightMeters ?? DEFAULTS.minEngineClearHeightMeters;
  const widths = options.roadWidthsM ?? roadWidthTable();
  const cut = cutRoadsAtProblems(roads, problems, options.laneCutMeters ?? DEFAULTS.laneCutMeters);
  const all = cut.roads.features;
  const wide = minWidth > 0 || minHeight > 0 ? all.filter((f) => roadTakesEngine(f.properties, widths, minWidth, minHeight)) : all;
  return { roads: { type: 'FeatureCollection', features: wide }, cuts: cut.cuts };
}

function extentOf(fcs: (FeatureCollection<Geometry | null> | undefined)[]): [number, number, number, number] | null {
  return geometryExtent(fcs.flatMap((fc) => (fc ? fc.features.map((f) => f.geometry) : [])));
}

/**
 * The one-time preparation of {@link fireCoverage}: builds the road graph, the cell grid over the
 * county with built-up and county masks, and snaps every cell centre and household to its nearest
 * road point (edge + fraction + access distance, typed arrays). After this, a recompute for
 * other stations, turnout or speeds is a multi-source search plus linear passes.
 *
 * @param input - layers; `roads` is required unless `mode` is 'straight-line'.
 * @param options - see {@link FirePrepareOptions}.
 */
export function prepareFireCoverage(input: FireCoverageInput, options: FirePrepareOptions = {}): PreparedFireCoverage {
  if (!input || typeof input !== 'object') throw new Error('input is required');
  const cellSizeMeters = options.cellSizeMeters ?? DEFAULTS.cellSizeMeters;
  const maxAccessMeters = options.maxAccessMeters ?? DEFAULTS.maxAccessMeters;
  const hasRoads = !!input.roads && input.roads.features.length > 0;
  const mode = options.mode ?? (hasRoads ? 'network' : 'straight-line');
  if (mode === 'network' && !hasRoads) throw userError({ zh: '路网模式需要道路图层（roads.geojson），本项目没有道路线；请导入道路，或改用直线模式（mode straight-line）。', en: 'The network mode needs the roads layer (roads.geojson) and this project has no road lines; import the roads or use the straight-line mode (mode straight-line).' });
  const households = input.households ?? null;
  if (households && (households.lon.length !== households.count || households.lat.length !== households.count)) {
    throw new Error('households lon/lat columns must have `count` entries');
  }

  const extent =
    extentOf([input.townships]) ??
    extentOf([input.roads, input.builtUp]) ??
    (households && households.count > 0 ? hhExtent(households) : null);
  if (!extent) throw userError({ zh: '项目没有可定范围的图层：请导入乡镇界、道路、建成区或住户。', en: 'The project has no layer to take its extent from: import townships, roads, built-up areas or households.' });

  let graph: RoadGraph | null = null;
  let projection: LocalProjection;
  const minWidth = options.minEngineWidthMeters ?? DEFAULTS.minEngineWidthMeters;
  const minHeight = options.minEngineClearHeightMeters ?? DEFAULTS.minEngineClearHeightMeters;
  let excluded = 0;
  let laneCuts: PreparedFireCoverage['laneCuts'] = [];
  if (mode === 'network') {
    const problems = openLaneProblems(input.fireLanes);
    const engine = fireEngineRoads(input.roads as FeatureCollection<Geometry | null>, problems, options);
    laneCuts = problems.map((p, k) => ({ ...p, roads: engine.cuts[k].roads }));
    // counted on the roads as given (a cut road is still one road)
    const given = (input.roads as FeatureCollection).features;
    const widths = options.roadWidthsM ?? roadWidthTable();
    excluded = minWidth > 0 || minHeight > 0 ? given.filter((f) => !roadTakesEngine(f.properties, widths, minWidth, minHeight)).length : 0;
    if (engine.roads.features.length === 0) {
      throw userError({
        zh: `每条道路都窄于消防车通行宽度（${minWidth} m）或低于净空高度（${minHeight} m）：没有可行驶的路网。请检查道路宽度（width_m）或这两个参数。`,
        en: `Every road is narrower than the minimum width (${minWidth} m) or lower than the clear height (${minHeight} m) for fire engines: no network to route on. Check the road widths (width_m) or these two parameters.`,
      });
    }
    // With roads cut at open problems, the graph keeps its split points: the fire-lane losses rebuild it per problem (analysis/fire-lane-losses.ts).
    graph = buildRoadGraph(engine.roads, { snapToleranceMeters: options.snapToleranceMeters ?? DEFAULTS.snapToleranceMeters, keepBuild: laneCuts.some((c) => c.roads > 0) });
    projection = graph.projection;
  } else {
    projection = new LocalProjection((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2);
  }
  const grid = makeCellGrid(projection, extent, cellSizeMeters, input.townships ? 0 : maxAccessMeters);
  const cells = grid.cols * grid.rows;
  const inCounty = input.townships && input.townships.features.length > 0 ? rasterizePolygons(grid, input.townships) : new Uint8Array(cells).fill(1);
  const builtUp = input.builtUp ? rasterizePolygons(grid, input.builtUp) : new Uint8Array(cells);
  let builtUpAreaKm2 = 0;
  const builtUpFeature = input.builtUp ? rasterizePolygons(grid, input.builtUp, new Int32Array(cells).fill(-1), (i) => i) : new Int32Array(cells).fill(-1);
  const builtUpAreas = (input.builtUp?.features ?? []).map((f, i) => {
    const a = f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') ? geometryAreaM2(f.geometry) / 1e6 : 0;
    builtUpAreaKm2 += a;
    return { name: str(f.properties?.name) || `#${i + 1}`, areaKm2: a, cells: 0 };
  });
  for (let i = 0; i < cells; i++) if (builtUpFeature[i] >= 0) builtUpAreas[builtUpFeature[i]].cells++;
  const demandCell: number[] = [], demandArea: number[] = [];
  for (let i = 0; i < cells; i++) {
    if (!builtUp[i] || builtUpFeature[i] < 0) continue;
    demandCell.push(i);
    demandArea.push(builtUpFeature[i]);
  }
  builtUpAreas.forEach((b, f) => {
    if (b.cells > 0 || !(b.areaKm2 > 0)) return;
    const [lon, lat] = pointOnFeature(input.builtUp!.features[f] as Feature<Geometry>).geometry.coordinates;
    const col = Math.floor((projection.x(lon) - grid.originX) / grid.cellSizeMeters);
    const row = Math.floor((projection.y(lat) - grid.originY) / grid.cellSizeMeters);
    if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return;
    demandCell.push(row * grid.cols + col);
    demandArea.push(f);
    b.cells = 1;
  });
  const builtUpDemand = { cell: Int32Array.from(demandCell), area: Int32Array.from(demandArea), km2: Float64Array.from(demandArea, (f) => builtUpAreas[f].areaKm2 / builtUpAreas[f].cells) };
  const builtUpCells = demandCell.length;
  const { lon: cellLon, lat: cellLat } = cellCentres(grid);
  let edgeIndex: EdgeIndex | null = null, cellSnap: SnappedPoints | null = null, householdSnap: SnappedPoints | null = null;
  if (graph) {
    edgeIndex = buildEdgeIndex(graph);
    cellSnap = snapToNetwork(edgeIndex, cellLon, cellLat, maxAccessMeters);
    if (households) householdSnap = snapToNetwork(edgeIndex, households.lon, households.lat, maxAccessMeters);
  }
  let householdsLocated = 0;
  const householdLocated = new Uint8Array(households?.count ?? 0);
  if (households) {
    for (let i = 0; i < households.count; i++) {
      if (Number.isFinite(households.lon[i]) && Number.isFinite(households.lat[i])) {
        householdLocated[i] = 1;
        householdsLocated++;
      }
    }
  }
  return {
    mode,
    projection,
    graph,
    edgeIndex,
    grid,
    cellRowKm2: cellRowAreasKm2(grid),
    maxAccessMeters,
    narrowRoads: { excluded, minWidthMeters: mode === 'network' ? minWidth : 0, minClearHeightMeters: mode === 'network' ? minHeight : 0 },
    laneCuts,
    inCounty,
    builtUp,
    builtUpCells,
    builtUpFeature,
    builtUpAreas,
    builtUpAreaKm2,
    builtUpDemand,
    cellLon,
    cellLat,
    cellSnap,
    households,
    householdSnap,
    householdsLocated,
    householdLocated,
    workspace: graph ? createWorkspace(graph) : null,
    householdLabels: householdLabelsOf(households, input.townships),
    edgeTimeKey: '',
    edgeTimeSec: null,
  };
}

function hhExtent(h: ColumnLayerData): [number, number, number, number] | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i < h.count; i++) {
    const x = h.lon[i], y = h.lat[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return e >= w ? [w, s, e, n] : null;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

const TURNOUT_MAX = FIRE_PARAMS.find((d) => d.key === 'turnout')!.max as number;

/** Turnout of one station, min: its `turnout_min` property, else by `crew`, else the default. */
function stationTurnout(p: Record<string, unknown>, o: Required<Pick<FireRunOptions, 'turnoutMinutes' | 'turnoutTownshipMinutes' | 'turnoutVolunteerMinutes'>>): number {
  // text as the panel's scenario reads it: blank is "not given" (Number('') would be 0 min)
  const own = typeof p.turnout_min === 'string' ? (p.turnout_min.trim() === '' ? NaN : Number(p.turnout_min)) : p.turnout_min;
  // within the turnout parameter's range (the fire_stations loader refuses others; a scenario's added station is not loaded)
  if (typeof own === 'number' && Number.isFinite(own) && own >= 0 && own <= TURNOUT_MAX) return own;
  // township professional and volunteer teams (乡镇专职消防队, 志愿消防队): a `crew` or a station `level`
  const crew = (str(p.crew).trim() || str(p.level).trim()).toLowerCase();
  if (crew === 'township' || crew === '乡镇专职队' || crew === '乡镇专职消防队' || crew === '乡镇') return o.turnoutTownshipMinutes;
  if (crew === 'volunteer' || crew === '志愿队' || crew === '志愿消防队' || crew === '志愿') return o.turnoutVolunteerMinutes;
  return o.turnoutMinutes;
}

function districtLimit(p: Record<string, unknown>): number {
  const own = typeof p.district_limit_km2 === 'string' ? Number(p.district_limit_km2) : p.district_limit_km2;
  if (typeof own === 'number' && own > 0 && own <= DISTRICT_LIMIT_MAX_KM2) return own;
  const edge = p.edge === true || p.edge === 'true' || p.edge === '是';
  if (edge) return DISTRICT_LIMIT_KM2.edge;
  return DISTRICT_LIMIT_KM2[str(p.level)] ?? DISTRICT_LIMIT_KM2.level1;
}

type HouseholdLabels = { codes: Int32Array; dict: string[] } | null;

const labelTotalsOf = new WeakMap<PreparedFireCoverage, (Float64Array | null)[]>();

/**
 * Located households per township, village and heating label (one slot per label, the last for
 * none): they do not depend on the stations, so they are counted once per preparation.
 */
function labelTotals(prep: PreparedFireCoverage): (Float64Array | null)[] {
  let t = labelTotalsOf.get(prep);
  if (!t) {
    const located = prep.householdLocated;
    t = householdLabelList(prep).map((labels) => {
      if (!labels) return null;
      const k = labels.dict.length;
      const tot = new Float64Array(k + 1);
      for (let i = 0; i < located.length; i++) if (located[i]) tot[labels.codes[i] >= 0 ? labels.codes[i] : k]++;
      return tot;
    });
    labelTotalsOf.set(prep, t);
  }
  return t;
}

const sourceTotalsOf = new WeakMap<PreparedFireCoverage, { fromPolygon: Float64Array | null; field: number; polygon: number; none: number }>();

/** Located households by how their township was found, and per township label those found by polygon. */
function townshipSourceTotals(prep: PreparedFireCoverage): { fromPolygon: Float64Array | null; field: number; polygon: number; none: number } {
  let t = sourceTotalsOf.get(prep);
  if (!t) {
    const located = prep.householdLocated;
    const tw = prep.householdLabels.township;
    t = { fromPolygon: tw ? new Float64Array(tw.dict.length + 1) : null, field: 0, polygon: 0, none: 0 };
    for (let i = 0; i < located.length; i++) {
      if (!located[i]) continue;
      const src = tw ? tw.source[i] : TOWNSHIP_NONE;
      if (src === TOWNSHIP_FIELD) t.field++;
      else if (src === TOWNSHIP_POLYGON) {
        t.polygon++;
        t.fromPolygon![tw!.codes[i]]++;
      } else t.none++;
    }
    sourceTotalsOf.set(prep, t);
  }
  return t;
}

function householdLabelList(prep: PreparedFireCoverage): HouseholdLabels[] {
  return [prep.householdLabels.township, prep.householdLabels.village, prep.householdLabels.heating];
}

/** Reached / not reached per label from the totals and the reached counts; most not reached first. */
function groupCounts(labels: HouseholdLabels, tot: Float64Array | null, cov: Float64Array | null, fromPolygon: Float64Array | null = null): HouseholdGroup[] {
  if (!labels || !tot || !cov) return [];
  const k = labels.dict.length;
  const out: HouseholdGroup[] = [];
  for (let j = 0; j <= k; j++) {
    if (tot[j] === 0) continue;
    out.push({ key: j < k ? labels.dict[j] : '', total: tot[j], covered: cov[j], uncovered: tot[j] - cov[j], ...(fromPolygon ? { fromPolygon: fromPolygon[j] } : {}) });
  }
  return out.sort((a, b) => b.uncovered - a.uncovered || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The checked options, the stations included and their result rows (times not yet set) of one run. */
function fireRunSetup(prep: PreparedFireCoverage, stations: FeatureCollection<Geometry | null>, options: FireRunOptions) {
  if (!prep || !prep.grid) throw new Error('prep is required (use prepareFireCoverage)');
  if (!stations || !Array.isArray(stations.features)) throw new Error('stations must be a GeoJSON FeatureCollection');
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const statuses = options.statuses ?? ['existing'];
  const speeds = options.speedsKmh ?? defaultSpeedTable();
  const thresholdSec = o.thresholdMinutes * 60;
  if (!(thresholdSec > 0)) throw new Error('thresholdMinutes must be positive');
  if (!(o.accessSpeedKmh > 0)) throw new Error('accessSpeedKmh must be positive');
  for (const b of o.breaksMinutes) if (!(b > 0)) throw new Error('breaksMinutes must be positive numbers');
  const districtMax = options.districtMaxMinutes ?? Infinity;
  // A time within the run's tolerance of a limit meets it; the search goes that far past the last one.
  // Network times are sums over edges, met to TIME_TOLERANCE_S (1 ms). A straight-line time is one
  // distance over one speed, so its limit is a distance, met to DISTANCE_TOLERANCE_M (1 mm) as the
  // radii analyses and PostGIS ST_DWithin(geography) meet theirs: reached iff
  // distance ≤ speed × (limit − turnout) + 1 mm (1 ms would be 6.1 mm at 22 km/h).
  let toleranceSec = TIME_TOLERANCE_S;
  if (prep.mode === 'straight-line') {
    const mps = o.straightLineSpeedKmh / 3.6;
    if (!(mps > 0)) throw new Error('straightLineSpeedKmh must be positive');
    toleranceSec = DISTANCE_TOLERANCE_M / mps;
  }
  const limitSec = timeLimitSec(o.thresholdMinutes, toleranceSec);
  const cutoffSec = Math.max(thresholdSec, ...o.breaksMinutes.map((b) => b * 60), districtMax * 60) + toleranceSec;

  // Stations included.
  const chosen: { f: Feature<Point>; p: Record<string, unknown> }[] = [];
  for (const f of stations.features) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    if (!statuses.includes(str(p.status))) continue;
    if (f.geometry?.type !== 'Point') continue;
    const [x, y] = f.geometry.coordinates;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    chosen.push({ f: f as Feature<Point>, p });
  }
  const st: FireStationResult[] = chosen.map(({ p }) => ({
    id: str(p.id),
    name: str(p.name),
    status: str(p.status),
    level: str(p.level),
    turnoutMinutes: stationTurnout(p, o),
    accessMeters: 0,
    offNetwork: false,
    districtAreaKm2: 0,
    districtLimitKm2: districtLimit(p),
    overLimit: false,
    households: 0,
    coveredBuiltUpAreaKm2: 0,
  }));
  return { o, statuses, speeds, thresholdSec, toleranceSec, limitSec, cutoffSec, chosen, st, stationsInLayer: stations.features.length };
}

type FireRunSetup = ReturnType<typeof fireRunSetup>;

/** Per-cell and per-household times and first-reaching station (index into the run's stations). */
interface FirePointTimes {
  cellT: Float32Array;
  cellS: Int32Array;
  hhT: Float32Array;
  hhS: Int32Array;
}

/** Edge times for the run's speed table and traffic factor (cached in `prep`). */
function runEdgeTimes(prep: PreparedFireCoverage, r: FireRunSetup): Float64Array {
  const key = JSON.stringify([r.speeds, r.o.trafficFactor]);
  if (key !== prep.edgeTimeKey || !prep.edgeTimeSec) {
    prep.edgeTimeSec = edgeTravelTimes(prep.graph!, r.speeds, r.o.trafficFactor);
    prep.edgeTimeKey = key;
  }
  return prep.edgeTimeSec;
}

/**
 * Network mode: the times from the stations `which` (indexes into `r.st`; their access distance and
 * off-network flag are set) to every cell and household: one multi-source search, then the points
 * on the edges it reached.
 */
function networkPointTimes(prep: PreparedFireCoverage, r: FireRunSetup, which: readonly number[]): FirePointTimes {
  const { o, chosen, st, cutoffSec } = r;
  const g = prep.graph!;
  const et = runEdgeTimes(prep, r);
  const cells = prep.grid.cols * prep.grid.rows;
  const hn = prep.households ? prep.households.count : 0;
  // Without the walk leg the access distance costs no time (the engine's arrival at the road point counts).
  const legKmh = o.walkLeg ? o.accessSpeedKmh : Infinity;
  const snap = snapToNetwork(
    prep.edgeIndex!,
    which.map((i) => chosen[i].f.geometry.coordinates[0]),
    which.map((i) => chosen[i].f.geometry.coordinates[1]),
    prep.maxAccessMeters,
    false,
  );
  const sources: TravelSource[] = [];
  const sourceStation: number[] = [];
  which.forEach((i, k) => {
    const s = st[i];
    if (snap.edge[k] < 0) {
      s.offNetwork = true;
      s.accessMeters = NaN;
      return;
    }
    s.offNetwork = false;
    s.accessMeters = snap.accessMeters[k];
    sources.push({ edge: snap.edge[k], fraction: snap.fraction[k], startSec: s.turnoutMinutes * 60 + snap.accessMeters[k] / (legKmh / 3.6) });
    sourceStation.push(i);
  });
  const nodes = multiSourceTravelTimes(g, et, sources, cutoffSec, prep.workspace ?? undefined);
  const ct = pointTravelTimes(g, et, nodes, prep.cellSnap!, legKmh);
  const cellS = ct.source;
  for (let i = 0; i < cells; i++) if (cellS[i] >= 0) cellS[i] = sourceStation[cellS[i]];
  if (!prep.households) return { cellT: ct.timeSec, cellS, hhT: new Float32Array(0), hhS: new Int32Array(0) };
  const ht = pointTravelTimes(g, et, nodes, prep.householdSnap!, legKmh);
  const hhS = ht.source;
  for (let i = 0; i < hn; i++) if (hhS[i] >= 0) hhS[i] = sourceStation[hhS[i]];
  return { cellT: ct.timeSec, cellS, hhT: ht.timeSec, hhS };
}

/** Straight-line mode: the times from every station of the run to every cell and household. */
function straightLinePointTimes(prep: PreparedFireCoverage, r: FireRunSetup): FirePointTimes {
  const { o, chosen, st, cutoffSec } = r;
  const cells = prep.grid.cols * prep.grid.rows;
  const hh = prep.households;
  const hn = hh ? hh.count : 0;
  let cellT: Float32Array, cellS: Int32Array, hhT: Float32Array, hhS: Int32Array;
    const mps = o.straightLineSpeedKmh / 3.6; // checked positive in fireRunSetup
    const sx = chosen.map((c) => c.f.geometry.coordinates[0]), sy = chosen.map((c) => c.f.geometry.coordinates[1]);
    const start = st.map((s) => s.turnoutMinutes * 60);
    // Few stations: a loop over stations per point (S is a handful; points are the large side).
    const nearest = (lon: Float64Array, lat: Float64Array, n: number) => {
      const t = new Float32Array(n).fill(Infinity), s = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(lon[i])) continue;
        let best = Infinity, bs = -1;
        for (let k = 0; k < sx.length; k++) {
          const v = start[k] + geodesicMeters(lon[i], lat[i], sx[k], sy[k]) / mps;
          if (v < best) {
            best = v;
            bs = k;
          }
        }
        if (best <= cutoffSec) {
          t[i] = best;
          s[i] = bs;
        }
      }
      return { t, s };
    };
    const c = nearest(prep.cellLon, prep.cellLat, cells);
    cellT = c.t;
    cellS = c.s;
    if (hh) {
      const h = nearest(hh.lon, hh.lat, hn);
      hhT = h.t;
      hhS = h.s;
    } else {
      hhT = new Float32Array(0);
      hhS = new Int32Array(0);
    }
  return { cellT, cellS, hhT, hhS };
}

/**
 * Recompute fire coverage on a prepared county for a set of stations: multi-source network times
 * from every included station (turnout + access as its start time), then linear passes over the
 * snapped cells and households. No polygon work: polygons come from {@link fireCoverageGeoJson}.
 *
 * @param prep - from {@link prepareFireCoverage} (its caches are updated, its inputs never).
 * @param stations - fire stations (Point; `id`, `name`, `level`, `status`, optional `turnout_min`, `crew`, `edge`, `district_limit_km2`).
 * @param options - see {@link FireRunOptions}.
 * @returns figures, per-station districts and typed per-cell / per-household times.
 */
export function computeFireCoverage(prep: PreparedFireCoverage, stations: FeatureCollection<Geometry | null>, options: FireRunOptions = {}): FireCoverageResult {
  const r = fireRunSetup(prep, stations, options);
  const times = prep.mode === 'network' ? networkPointTimes(prep, r, r.st.map((_, i) => i)) : straightLinePointTimes(prep, r);
  return fireResultOf(prep, r, times);
}

/**
 * The live recompute while one station is dragged (network mode): the times of the other stations
 * are searched once and kept, so each step searches from the moved station alone and takes the
 * better of the two per cell and household. The figures equal {@link computeFireCoverage}'s for the
 * same stations and options (a cell or household reached at exactly the same time by the moved and
 * another station may name either as its first station). Straight-line mode, or a moved station
 * that the run does not count, gets the full recompute. Build one per preparation.
 */
export class FireMovedStationRecompute {
  private fixed: { key: string; times: FirePointTimes; st: { accessMeters: number; offNetwork: boolean }[] } | null = null;

  constructor(private readonly prep: PreparedFireCoverage) {}

  /**
   * @param stations - all stations, the moved one at its new place.
   * @param movedId - `id` of the moved station.
   * @returns the result and whether the other stations' times came from the previous step.
   */
  compute(stations: FeatureCollection<Geometry | null>, options: FireRunOptions, movedId: string): { result: FireCoverageResult; reused: boolean } {
    const prep = this.prep;
    const r = fireRunSetup(prep, stations, options);
    const m = r.st.findIndex((s) => s.id === movedId);
    if (prep.mode !== 'network' || m < 0) {
      this.fixed = null;
      return { result: computeFireCoverage(prep, stations, options), reused: false };
    }
    const others = r.st.map((_, i) => i).filter((i) => i !== m);
    const key = JSON.stringify([options, m, others.map((i) => r.chosen[i].f)]);
    const reused = this.fixed?.key === key;
    if (!reused) {
      const times = networkPointTimes(prep, r, others);
      this.fixed = { key, times, st: r.st.map((s) => ({ accessMeters: s.accessMeters, offNetwork: s.offNetwork })) };
    }
    const fixed = this.fixed!;
    for (const i of others) Object.assign(r.st[i], fixed.st[i]);
    const moved = networkPointTimes(prep, r, [m]);
    // the better of the kept and the moved station's times (the moved one's arrays take the result)
    const keep = (t: Float32Array, s: Int32Array, ft: Float32Array, fs: Int32Array) => {
      for (let i = 0; i < t.length; i++) {
        if (ft[i] <= t[i] && fs[i] >= 0) {
          t[i] = ft[i];
          s[i] = fs[i];
        }
      }
    };
    keep(moved.cellT, moved.cellS, fixed.times.cellT, fixed.times.cellS);
    keep(moved.hhT, moved.hhS, fixed.times.hhT, fixed.times.hhS);
    return { result: fireResultOf(prep, r, moved), reused };
  }
}

/** The figures of a run from its per-point times (linear passes over cells and households). */
function fireResultOf(prep: PreparedFireCoverage, r: FireRunSetup, { cellT, cellS, hhT, hhS }: FirePointTimes): FireCoverageResult {
  const { o, statuses, limitSec, st } = r;
  const { grid } = prep;
  const cells = grid.cols * grid.rows;
  const hn = prep.households ? prep.households.count : 0;
  // Cells: built-up coverage and districts, each cell with its true area (its row's latitude).
  const rowKm2 = prep.cellRowKm2;
  let coveredBuiltUpAreaKm2 = 0, coveredCountyKm2 = 0;
  const distKm2 = new Float64Array(st.length), distBuiltCovered = new Float64Array(st.length);
  const perBuiltUp = new Float64Array(prep.builtUpAreas.length);
  const { inCounty } = prep;
  for (let row = 0, i = 0; row < grid.rows; row++) {
    const km2 = rowKm2[row];
    for (let end = i + grid.cols; i < end; i++) {
      if (!inCounty[i]) continue;
      const s = cellS[i];
      if (s < 0) continue;
      distKm2[s] += km2;
      if (cellT[i] <= limitSec) coveredCountyKm2 += km2;
    }
  }
  // Each covered built-up demand point counts with the km² it stands for in its own polygon, so the
  // total is the sum of the per-area rows below (a share of cells over all polygons would weigh a
  // coarse small town like a large one).
  const d = prep.builtUpDemand;
  for (let k = 0; k < d.cell.length; k++) {
    const c = d.cell[k], s = cellS[c];
    if (s < 0 || !(cellT[c] <= limitSec)) continue;
    coveredBuiltUpAreaKm2 += d.km2[k];
    distBuiltCovered[s] += d.km2[k];
    perBuiltUp[d.area[k]]++;
  }
  const pct = prep.builtUpCells === 0 || !(prep.builtUpAreaKm2 > 0) ? null : (100 * coveredBuiltUpAreaKm2) / prep.builtUpAreaKm2;

  // Households.
  // One pass: the reached households, per station and per township / village / heating label.
  const located = prep.householdLocated;
  const nLocated = prep.householdsLocated;
  const [lt, lv, lh] = householdLabelList(prep);
  const totals = labelTotals(prep);
  const [ct, cv, ch] = totals.map((t) => (t ? new Float64Array(t.length) : null));
  const kt = lt ? lt.dict.length : 0, kv = lv ? lv.dict.length : 0, kh = lh ? lh.dict.length : 0;
  let nCovered = 0;
  for (let i = 0; i < hn; i++) {
    if (!located[i] || !(hhT[i] <= limitSec)) continue;
    nCovered++;
    st[hhS[i]].households++;
    if (lt) ct![lt.codes[i] >= 0 ? lt.codes[i] : kt]++;
    if (lv) cv![lv.codes[i] >= 0 ? lv.codes[i] : kv]++;
    if (lh) ch![lh.codes[i] >= 0 ? lh.codes[i] : kh]++;
  }
  // The reach curve: each reached household and built-up demand point in the bin of the first
  // minute whose limit it is within (the same `t <= minutes × 60` as the threshold above), summed up.
  const curveMinutes = reachCurveMinutes(o.thresholdMinutes, o.breaksMinutes);
  const limits = Float64Array.from(curveMinutes, (m) => timeLimitSec(m, r.toleranceSec));
  const hhBins = new Float64Array(limits.length), kmBins = new Float64Array(limits.length);
  for (let i = 0; i < hn; i++) {
    if (!located[i]) continue;
    const j = firstLimitAtOrAbove(limits, hhT[i]);
    if (j >= 0) hhBins[j]++;
  }
  for (let k = 0; k < d.cell.length; k++) {
    const c = d.cell[k];
    if (cellS[c] < 0) continue;
    const j = firstLimitAtOrAbove(limits, cellT[c]);
    if (j >= 0) kmBins[j] += d.km2[k];
  }
  for (let j = 1; j < limits.length; j++) {
    hhBins[j] += hhBins[j - 1];
    kmBins[j] += kmBins[j - 1];
  }
  const reachCurve: ReachCurve = { minutes: curveMinutes, households: Array.from(hhBins), builtUpKm2: Array.from(kmBins, (v) => round(v, 3)) };
  st.forEach((s, i) => {
    s.districtAreaKm2 = round(distKm2[i], 3);
    s.overLimit = s.districtAreaKm2 > s.districtLimitKm2;
    s.coveredBuiltUpAreaKm2 = round(distBuiltCovered[i], 3);
  });

  const g = prep.graph;
  return {
    mode: prep.mode,
    thresholdMinutes: o.thresholdMinutes,
    limitToleranceSec: r.toleranceSec,
    turnoutMinutes: o.turnoutMinutes,
    statuses: [...statuses],
    trafficFactor: o.trafficFactor,
    walkLeg: prep.mode === 'network' && o.walkLeg,
    targetPct: o.targetPct,
    builtUpAreaKm2: round(prep.builtUpAreaKm2, 3),
    coveredBuiltUpAreaKm2: round(coveredBuiltUpAreaKm2, 3),
    coveredBuiltUpPct: pct === null ? null : round(pct, 1),
    meetsTarget: pct === null ? null : pct >= o.targetPct,
    byBuiltUp: prep.builtUpAreas.map((b, i) => {
      const pctB = sharePct(perBuiltUp[i], b.cells);
      return { name: b.name, areaKm2: round(b.areaKm2, 3), coveredAreaKm2: round((b.areaKm2 * (pctB ?? 0)) / 100, 3), coveredPct: pctB === null ? null : round(pctB, 1) };
    }),
    warnings: fireWarnings(prep, r.stationsInLayer, st.length, statuses, nLocated, st.filter((x) => x.offNetwork).map((x) => x.name || x.id), {
      thresholdMinutes: o.thresholdMinutes,
      stations: st.filter((x) => x.turnoutMinutes >= o.thresholdMinutes).map((x) => `${x.name || x.id}（${x.turnoutMinutes}）`),
    }),
    coveredAreaKm2: round(coveredCountyKm2, 3),
    households: { total: nLocated, covered: nCovered, uncovered: nLocated - nCovered, unlocated: hn - nLocated },
    // fromPolygon only where the polygons placed someone: a county whose column is filled keeps its rows as they were
    byTownship: groupCounts(lt, totals[0], ct, townshipSourceTotals(prep).polygon > 0 ? townshipSourceTotals(prep).fromPolygon : null),
    townshipSource: (({ field, polygon, none }) => ({ field, polygon, none }))(townshipSourceTotals(prep)),
    byVillage: groupCounts(lv, totals[1], cv),
    byHeating: groupCounts(lh, totals[2], ch),
    stations: st,
    network: g ? { nodes: g.nodeCount, edges: g.edgeCount, components: g.componentCount, pieces: g.pieces } : null,
    narrowRoads: prep.narrowRoads,
    reachCurve,
    cellTimeSec: cellT,
    cellStation: cellS,
    householdTimeSec: hhT,
    householdStation: hhS,
  };
}

/** The warnings of one recompute: what the figures lack (hand-worked in test/analysis/analysis-warnings.test.ts). */
function fireWarnings(
  prep: PreparedFireCoverage,
  stationsInLayer: number,
  stationsUsed: number,
  statuses: readonly string[],
  householdsLocated: number,
  offNetwork: readonly string[] = [],
  slow: { thresholdMinutes: number; stations: readonly string[] } = { thresholdMinutes: Infinity, stations: [] },
): AnalysisWarning[] {
  const w: AnalysisWarning[] = [];
  if (slow.stations.length > 0) {
    // A station's own turnout_min, or a township / volunteer crew's default, as long as the threshold: it reaches nothing in time.
    const list = (sep: string) => slow.stations.slice(0, 5).join(sep) + (slow.stations.length > 5 ? ` …（${slow.stations.length}）` : '');
    w.push({
      code: 'turnout-over-threshold',
      message: {
        zh: `${slow.stations.length} 个消防站（共 ${stationsUsed} 个参与计算）的出动时间不短于到达时限 ${slow.thresholdMinutes} 分钟，在时限内不覆盖任何区域：${list('、')}（括号内为出动时间，分钟；来自站点的 turnout_min 或乡镇/志愿队的出动时间参数）；请核对`,
        en: `${slow.stations.length} of the ${stationsUsed} fire stations counted turn out in no less than the ${slow.thresholdMinutes}-minute threshold and reach nothing within it: ${list(', ')} (turnout in brackets, min; from the station's turnout_min or the township / volunteer turnout parameter); please check`,
      },
      counts: { stations: slow.stations.length, stationsUsed },
    });
  }
  if (prep.mode === 'network' && offNetwork.length > 0) {
    // A station placed far from every road (a mistyped coordinate) reaches nothing: say so, or its 0 reads as measured.
    const names = offNetwork.slice(0, 5).join('、') + (offNetwork.length > 5 ? ` …（共 ${offNetwork.length} 个）` : '');
    const namesEn = offNetwork.slice(0, 5).join(', ') + (offNetwork.length > 5 ? ` … (${offNetwork.length} in all)` : '');
    w.push({
      code: 'stations-off-network',
      message: {
        zh: `${offNetwork.length} 个消防站（共 ${stationsUsed} 个参与计算）离最近的道路超过 ${prep.maxAccessMeters} 米，接不上路网，不覆盖任何区域：${names}；请核对其坐标`,
        en: `${offNetwork.length} of the ${stationsUsed} fire stations counted are more than ${prep.maxAccessMeters} m from any road and reach nothing: ${namesEn}; please check their coordinates`,
      },
      counts: { offNetwork: offNetwork.length, stations: stationsUsed },
    });
  }
  if (stationsUsed === 0) {
    w.push({
      code: 'no-stations',
      message: {
        zh: `没有状态为 ${statuses.join('、') || '（未选）'} 且有位置的消防站（消防站图层共 ${stationsInLayer} 个）：各项覆盖均为 0，这不是实际覆盖情况`,
        en: `No located fire station has status ${statuses.join(', ') || '(none chosen)'} (${stationsInLayer} in the fire-station layer): every coverage figure is 0, which says nothing about real coverage`,
      },
      counts: { stations: 0, stationsInLayer },
    });
  }
  if (prep.builtUpCells === 0) {
    w.push({
      code: 'no-built-up',
      message: {
        zh: '没有建成区（built_up 图层为空或不在分析范围内）：建成区覆盖率无数据',
        en: 'No built-up area (the built_up layer is empty or outside the analysis grid): the built-up share has no data',
      },
      counts: { builtUpCells: 0, builtUpAreas: prep.builtUpAreas.length },
    });
  }
  if (householdsLocated === 0) {
    const total = prep.households?.count ?? 0;
    w.push({
      code: 'no-households',
      message: {
        zh: `没有有位置的住户（住户图层共 ${total} 户）：住户覆盖数均为 0`,
        en: `No located household (${total} in the households layer): household counts are all 0`,
      },
      counts: { households: 0, householdsInLayer: total },
    });
  }
  if (prep.mode === 'straight-line') {
    w.push({
      code: 'straight-line',
      message: {
        zh: '未按路网计算：没有道路数据（或选择了直线模式），按直线距离和平均速度估算，仅供参考',
        en: 'Not computed on the road network: no road data (or straight-line mode chosen); estimated from straight distance and an average speed, for reference only',
      },
      counts: {},
    });
  }
  return w;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Map layers of a result: isochrones, districts and the uncovered households. */
export interface FireCoverageGeoJson {
  isochrones: FeatureCollection<MultiPolygon, { minutes: number; areaKm2: number; mode: string }>;
  districts: FeatureCollection<MultiPolygon, { stationId: string; name: string; status: string; areaKm2: number; limitKm2: number; overLimit: boolean; households: number }>;
  /** `townshipSource`: how `township` was found — 'field' (the township column), 'polygon' (the township polygon the household lies in) or '' (neither). */
  uncovered: FeatureCollection<Point, { id: string; township: string; townshipSource: '' | 'field' | 'polygon'; village: string; heating: string; minutes: number | null; station: string | null }>;
}

/**
 * Polygons and points for the map from a result: isochrones for every break (cells reached within
 * it, outlined; largest first), station districts (cells first reached by each station within the
 * search) and the households not reached within the threshold. `parts` skips any of the three
 * (the uncovered households of a whole county are many Features; a map can filter its household
 * layer by `result.householdTimeSec` instead).
 */
export function fireCoverageGeoJson(
  prep: PreparedFireCoverage,
  result: FireCoverageResult,
  breaksMinutes: number[] = DEFAULTS.breaksMinutes,
  parts: { isochrones?: boolean; districts?: boolean; uncovered?: boolean } = {},
): FireCoverageGeoJson {
  const { grid, inCounty } = prep;
  const cells = grid.cols * grid.rows;
  const mask = new Uint8Array(cells);
  const isochrones: FireCoverageGeoJson['isochrones'] = { type: 'FeatureCollection', features: [] };
  for (const b of parts.isochrones === false ? [] : [...breaksMinutes].sort((a, b2) => b2 - a)) {
    const lim = timeLimitSec(b, result.limitToleranceSec);
    for (let i = 0; i < cells; i++) mask[i] = inCounty[i] && result.cellTimeSec[i] <= lim ? 1 : 0;
    isochrones.features.push({ type: 'Feature', properties: { minutes: b, areaKm2: round(maskAreaKm2(grid, prep.cellRowKm2, mask), 3), mode: result.mode }, geometry: cellsToMultiPolygon(grid, mask) });
  }
  const districts: FeatureCollection<MultiPolygon, FireCoverageGeoJson['districts']['features'][number]['properties']> = { type: 'FeatureCollection', features: [] };
  if (parts.districts !== false) result.stations.forEach((s, k) => {
    for (let i = 0; i < cells; i++) mask[i] = inCounty[i] && result.cellStation[i] === k ? 1 : 0;
    districts.features.push({
      type: 'Feature',
      properties: { stationId: s.id, name: s.name, status: s.status, areaKm2: s.districtAreaKm2, limitKm2: s.districtLimitKm2, overLimit: s.overLimit, households: s.households },
      geometry: cellsToMultiPolygon(grid, mask),
    });
  });
  const uncovered: FireCoverageGeoJson['uncovered'] = { type: 'FeatureCollection', features: [] };
  if (parts.uncovered !== false) for (const f of fireUncoveredFeatures(prep, result)) uncovered.features.push(f);
  return { isochrones, districts, uncovered };
}

/**
 * The households not reached within the threshold, one GeoJSON Feature at a time (unlocated
 * households are left out), in household order — the `uncovered` layer of
 * {@link fireCoverageGeoJson} without holding millions of Features at once: a writer can stream
 * them to a file.
 *
 * @param prep - the prepared input the result was computed from
 * @param result - a {@link computeFireCoverage} result
 * @example for (const f of fireUncoveredFeatures(prep, result)) out.write(JSON.stringify(f));
 */
export function* fireUncoveredFeatures(prep: PreparedFireCoverage, result: FireCoverageResult): Generator<FireCoverageGeoJson['uncovered']['features'][number]> {
  if (!prep.households) return;
  yield* fireUncoveredRowFeatures(prep.households, fireUncoveredRows(prep, result), prep.householdLabels);
}

/**
 * The households not reached within the threshold, compact: what {@link fireUncoveredFeatures}
 * yields, as row indexes into the households with arrival time and station, so a worker can
 * transfer a few typed arrays instead of cloning a Feature per household. Turn them back into
 * Features with {@link fireUncoveredRowFeatures} where the households are held.
 */
export interface FireUncoveredRows {
  /** Household row indexes (located, not reached within the threshold), ascending. */
  rows: Uint32Array;
  /** Arrival in seconds per entry of `rows`; Infinity where no station reaches. */
  timeSec: Float64Array;
  /** Index into `stationIds` per entry of `rows`; -1 where no station reaches. */
  station: Int32Array;
  stationIds: string[];
}

/** {@link FireUncoveredRows} of a result (see {@link fireUncoveredFeatures}). */
export function fireUncoveredRows(prep: PreparedFireCoverage, result: FireCoverageResult): FireUncoveredRows {
  const hh = prep.households;
  const stationIds = result.stations.map((s) => s.id);
  if (!hh) return { rows: new Uint32Array(0), timeSec: new Float64Array(0), station: new Int32Array(0), stationIds };
  const th = timeLimitSec(result.thresholdMinutes, result.limitToleranceSec);
  const rows: number[] = [];
  for (let i = 0; i < hh.count; i++) {
    if (!Number.isFinite(hh.lon[i]) || !Number.isFinite(hh.lat[i])) continue;
    if (result.householdTimeSec[i] <= th) continue;
    rows.push(i);
  }
  const timeSec = new Float64Array(rows.length);
  const station = new Int32Array(rows.length);
  rows.forEach((i, k) => {
    timeSec[k] = result.householdTimeSec[i];
    station[k] = result.householdStation[i];
  });
  return { rows: Uint32Array.from(rows), timeSec, station, stationIds };
}

/**
 * The Features of {@link fireUncoveredFeatures} from {@link FireUncoveredRows} and the households
 * they index (the same columns the coverage was prepared with).
 * @param labels - township / village / heating codes when already built (a prepared county's `householdLabels`)
 */
export function* fireUncoveredRowFeatures(
  hh: ColumnLayerData,
  u: FireUncoveredRows,
  labels: PreparedFireCoverage['householdLabels'] = householdLabelsOf(hh),
): Generator<FireCoverageGeoJson['uncovered']['features'][number]> {
  const { township: tw, village: vi, heating: he } = labels;
  const get = (l: { codes: Int32Array; dict: string[] } | null, i: number) => (l && l.codes[i] >= 0 ? l.dict[l.codes[i]] : '');
  for (let k = 0; k < u.rows.length; k++) {
    const i = u.rows[k];
    const t = u.timeSec[k];
    yield {
      type: 'Feature',
      properties: {
        id: hh.ids[i],
        township: get(tw, i),
        townshipSource: tw ? TOWNSHIP_SOURCE_NAMES[tw.source[i]] : '',
        village: get(vi, i),
        heating: get(he, i),
        minutes: Number.isFinite(t) ? round(t / 60, 2) : null,
        station: u.station[k] >= 0 ? u.stationIds[u.station[k]] : null,
      },
      geometry: { type: 'Point', coordinates: [hh.lon[i], hh.lat[i]] },
    };
  }
}

/** Township / village / heating of the households as codes into a dictionary (null for an absent column); the township as every by-township figure finds it (householdTownshipsOf). */
function householdLabelsOf(households: ColumnLayerData | null, townships?: FeatureCollection<Geometry | null>): PreparedFireCoverage['householdLabels'] {
  return {
    township: householdTownshipsOf(households, townships),
    village: columnCodes(households?.columns.village, households?.count ?? 0),
    heating: columnCodes(households?.columns.heating, households?.count ?? 0),
  };
}

/**
 * Fire-response coverage in one call: {@link prepareFireCoverage} then {@link computeFireCoverage}.
 * For repeated what-if runs (moving a station), prepare once and call `computeFireCoverage`.
 *
 * @param input - roads, built-up areas, townships, households.
 * @param stations - fire stations.
 * @param options - preparation and run options.
 * @example
 * const r = fireCoverage({ roads, builtUp, townships, households }, stations, { statuses: ['existing', 'planned'] });
 * r.coveredBuiltUpPct; // e.g. 63.2 against the 80 % target
 */
export function fireCoverage(input: FireCoverageInput, stations: FeatureCollection<Geometry | null>, options: FirePrepareOptions & FireRunOptions = {}): FireCoverageResult {
  return computeFireCoverage(prepareFireCoverage(input, options), stations, options);
}
