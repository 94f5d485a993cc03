import Flatbush from 'flatbush';
import type { FeatureCollection, GeoJsonProperties, Geometry, Position } from 'geojson';
import { chainLines, type RawLine } from './hydrant-gaps.ts';
import { LocalProjection } from './geo.ts';
import type { ParamText } from './params.ts';
import { resolveHydrantOptions } from './radii-params.ts';

/** The defaults of HYDRANT_PARAMS (the snap distance, one place, with its source). */
const DEFAULTS = resolveHydrantOptions();

type FC = FeatureCollection<Geometry | null, GeoJsonProperties>;

/** One row of a plan's hydrant table: hydrants built on `road` between its crossings with `from` and `to`. */
export interface PlanHydrantRow {
  road: string;
  from: string;
  to: string;
  /** The plan's figure (one side, 单侧). */
  count: number;
  /** Other names the map gives to stretches of the same road (joined to it for this count). */
  alsoNamed?: readonly string[];
}

/** The table of built municipal hydrants by road segment in the county fire plan (seed 002, 专栏1). */
export const PLAN_HYDRANT_TABLE: { source: ParamText; rows: readonly PlanHydrantRow[] } = {
  source: { zh: 'seed 002 曲阳县消防事业发展“十四五”规划 专栏1（已建市政消火栓，单侧）', en: 'seed 002 Quyang fire plan (14th five-year), 专栏1 (built municipal hydrants, one side)' },
  rows: [
    { road: '南环路', from: '太行路', to: '东环路', count: 15 },
    { road: '太行路', from: '南环路', to: '北环路', count: 3 },
    { road: '正阳街', from: '南环路', to: '北环路', count: 4 },
    // The plan's 恒山路 from 西街 runs over the stretch west of 太行路 that the map, and the plan's own
    // rows for 滨河南路 and 曲新路, call 恒山中路.
    { road: '恒山路', from: '西街', to: '东环路', count: 21, alsoNamed: ['恒山中路'] },
    { road: '复兴街', from: '南环路', to: '北环路', count: 3 },
    { road: '恒阳街', from: '南环路', to: '北环路', count: 2 },
    { road: '朝阳街', from: '南环路', to: '北环路', count: 5 },
    { road: '滨河南路', from: '恒山中路', to: '太行路', count: 3 },
    { road: '曲新路', from: '恒山中路', to: '太行路', count: 2 },
  ],
};

export interface HydrantPlanTableOptions {
  /** A hydrant belongs to the nearest road line within this many metres (HYDRANT_PARAMS `hydrant-snap`). */
  snapMeters?: number;
  /** Hydrant statuses the plan counts as built. Default working and broken (built, whatever their state). */
  statuses?: readonly string[];
}

/** One row of the table, counted from the map the way the plan counts. */
export interface HydrantPlanTableResultRow extends PlanHydrantRow {
  /** Null when the road, or its crossing with `from` or `to`, was not found (see `problem`). */
  counted: number | null;
  /** Segment length between the two crossings, metres. */
  lengthM: number | null;
  /** The hydrants counted, in order along the segment. */
  ids: string[];
  /** Hydrants whose `road` property names the road (any place, any segment), for comparison. */
  byRoadField: number;
  /** counted === count. */
  agrees: boolean;
  problem: ParamText | null;
}

export interface HydrantPlanTableResult {
  source: ParamText;
  snapMeters: number;
  statuses: string[];
  rows: HydrantPlanTableResultRow[];
  /** Rows whose count from the map equals the plan's. */
  agreeing: number;
  /**
   * Rows whose road the map has (by name or alias). 0: not one road of the plan's table is on the
   * map — the table is another county's (the plan is Quyang's), and nothing is compared.
   */
  roadsOnMap: number;
}

/** A road chain (or line) in a local plane: its name, vertices and metres along it. */
export interface Chain {
  name: string;
  xy: [number, number][];
  measure: number[];
}

/** Nearest point of polyline `c` to (x, y): distance and measure along it. */
function nearestOn(c: Chain, x: number, y: number): { d: number; m: number; left: boolean } {
  let best = { d: Infinity, m: 0, left: false };
  for (let i = 0; i + 1 < c.xy.length; i++) {
    const [ax, ay] = c.xy[i];
    const [bx, by] = c.xy[i + 1];
    const ex = bx - ax, ey = by - ay;
    const L2 = ex * ex + ey * ey;
    const t = L2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * ex + (y - ay) * ey) / L2)) : 0;
    const d = Math.hypot(ax + t * ex - x, ay + t * ey - y);
    if (d < best.d) best = { d, m: c.measure[i] + t * Math.sqrt(L2), left: ex * (y - ay) - ey * (x - ax) > 0 };
  }
  return best;
}

/** Where road chain `c` comes closest to the lines of another road: the measure along `c` and the gap. */
function crossing(c: Chain, other: Chain[]): { d: number; m: number } {
  let best = { d: Infinity, m: 0 };
  for (const o of other) {
    for (const [x, y] of o.xy) {
      const n = nearestOn(c, x, y);
      if (n.d < best.d) best = { d: n.d, m: n.m };
    }
    for (let i = 0; i < c.xy.length; i++) {
      const n = nearestOn(o, c.xy[i][0], c.xy[i][1]);
      if (n.d < best.d) best = { d: n.d, m: c.measure[i] };
    }
  }
  return best;
}

/**
 * Built hydrants per road segment counted the way the county fire plan's table 专栏1 counts them:
 * a row is a road between its crossings with two other roads ("南环路 (太行路 → 东环路)"), and
 * its figure is the built hydrants standing along that stretch (one side).
 *
 * Method. Lines of the same name are joined end to end into chains (as in `hydrantGaps`). Each
 * built hydrant (status in `statuses`; water cranes are not hydrants and are not counted) belongs
 * to the nearest road line of any name within `snapMeters`. A row's segment is the stretch of the
 * road's chain between the points where it comes closest to the `from` and the `to` road (their
 * crossings, or the nearest approach when a road ends short of the other); the row counts the
 * hydrants belonging to that road whose foot point lies on the stretch. Distances in a local plane
 * around the data (within a few per mille at county scale).
 *
 * Unlike `hydrantGaps` (working hydrants reaching road inside the built-up area), this counts
 * built hydrants, broken ones too, by segment, which is what the plan's table states.
 *
 * @param input - roads (LineString / MultiLineString with `name`) and hydrants (Point with `id`, `kind`, `status`)
 * @param rows - the plan's rows (default {@link PLAN_HYDRANT_TABLE})
 * @param options - snap distance, the statuses counted as built
 * @returns one row per plan row, with the count from the map, the hydrants counted and any problem
 * @example
 * hydrantPlanTable({ roads, hydrants }).rows.map((r) => [r.road, r.count, r.counted]);
 */
export function hydrantPlanTable(input: { roads: FC; hydrants: FC }, rows: readonly PlanHydrantRow[] = PLAN_HYDRANT_TABLE.rows, options: HydrantPlanTableOptions = {}): HydrantPlanTableResult {
  if (!input?.roads || !Array.isArray(input.roads.features)) throw new Error('hydrantPlanTable: roads must be a FeatureCollection');
  if (!input.hydrants || !Array.isArray(input.hydrants.features)) throw new Error('hydrantPlanTable: hydrants must be a FeatureCollection');
  const snap = options.snapMeters ?? DEFAULTS.snapMeters;
  if (!(snap > 0)) throw new Error('hydrantPlanTable: snapMeters must be a positive number of metres');
  const statuses = [...(options.statuses ?? ['working', 'broken'])];
  const built = new Set(statuses.flatMap((s) => [s, ({ working: '完好', broken: '损坏', under_construction: '在建', planned: '规划' } as Record<string, string>)[s] ?? s]));

  const alias = new Map<string, string>();
  for (const r of rows) for (const n of r.alsoNamed ?? []) alias.set(n, r.road);
  const keep = (p: Record<string, unknown>) => {
    const kind = String(p.kind ?? '').trim();
    return kind !== 'water_crane' && kind !== '消防水鹤' && built.has(String(p.status ?? '').trim());
  };
  const { chains, byName, linesByName, owned, fieldCount } = pointsOnRoads(input.roads, input.hydrants, snap, keep, alias);

  const out: HydrantPlanTableResultRow[] = rows.map((row) => {
    const base = { ...row, counted: null, lengthM: null, ids: [], byRoadField: fieldCount.get(row.road) ?? 0, agrees: false };
    const own = byName.get(row.road) ?? [];
    if (own.length === 0) return { ...base, problem: { zh: `地图上没有名为“${row.road}”的道路`, en: `No road named “${row.road}” on the map` } };
    for (const end of [row.from, row.to]) {
      if (!linesByName.has(end)) return { ...base, problem: { zh: `地图上没有名为“${end}”的道路（路段端点）`, en: `No road named “${end}” on the map (segment end)` } };
    }
    const from = linesByName.get(row.from)!;
    const to = linesByName.get(row.to)!;
    // The chain of the road that comes nearest to both ends.
    const picks = own.map((ci) => {
      const a = crossing(chains[ci], from), b = crossing(chains[ci], to);
      return { ci, a: a.m, b: b.m, d: Math.max(a.d, b.d) };
    });
    const pick = picks.reduce((u, v) => (v.d < u.d ? v : u));
    if (pick.d > snap) {
      const far = Math.round(pick.d);
      return { ...base, problem: { zh: `“${row.road}”与“${row.from}”或“${row.to}”不相交（最近 ${far} m）`, en: `“${row.road}” does not meet “${row.from}” or “${row.to}” (nearest ${far} m)` } };
    }
    const lo = Math.min(pick.a, pick.b), hi = Math.max(pick.a, pick.b);
    const hits = owned.filter((h) => h.chain === pick.ci && h.m >= lo && h.m <= hi).sort((u, v) => (pick.a <= pick.b ? u.m - v.m : v.m - u.m));
    return { ...base, counted: hits.length, lengthM: Math.round(hi - lo), ids: hits.map((h) => h.id), agrees: hits.length === row.count, problem: null };
  });
  const roadsOnMap = rows.filter((row) => (byName.get(row.road) ?? []).length > 0).length;
  return { source: PLAN_HYDRANT_TABLE.source, snapMeters: snap, statuses, rows: out, agreeing: out.filter((r) => r.agrees).length, roadsOnMap };
}

/** A point (hydrant, crane) placed on a road chain: the chain, metres along it, metres off it. */
export interface PointOnRoad {
  chain: number;
  m: number;
  d: number;
  id: string;
  /** Index of the feature in the input. */
  index: number;
}

/** Road chains (lines of a name joined end to end, in a local plane) and the points standing on them. */
export interface PointsOnRoads {
  chains: Chain[];
  /** Chains by (aliased) name. */
  byName: Map<string, number[]>;
  /** The lines of each name as the map names them (not aliased), in the same plane. */
  linesByName: Map<string, Chain[]>;
  /** The kept points within `snapMeters` of a road. */
  owned: PointOnRoad[];
  /** Kept points by their `road` property. */
  fieldCount: Map<string, number>;
}

/**
 * Place points on the road they stand on: each kept point belongs to the nearest road chain within
 * `snap` metres, preferring a chain named as the point's `road` property (so a hydrant recorded on
 * a road and standing by it is not taken for the side street it is also near).
 * @param alias - map names to join to another name (a road the map names differently along its length)
 * @private
 */
export function pointsOnRoads(roads: FC, points: FC, snap: number, keep: (p: Record<string, unknown>) => boolean, alias: ReadonlyMap<string, string> = new Map()): PointsOnRoads {
  const raw: RawLine[] = [];
  const linesByName = new Map<string, Chain[]>();
  let lonSum = 0, latSum = 0, nPos = 0;
  roads.features.forEach((f, fi) => {
    const g = f?.geometry;
    if (!g) return;
    const lines: Position[][] = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    for (const line of lines) {
      const coords = line.filter((c) => Number.isFinite(c[0]) && Number.isFinite(c[1]));
      if (coords.length < 2) continue;
      const name = String(f.properties?.name ?? '').trim();
      raw.push({ feature: fi, name: alias.get(name) ?? name, width: NaN, coords });
      if (!linesByName.has(name)) linesByName.set(name, []);
      linesByName.get(name)!.push({ name, xy: coords.map((c) => [c[0], c[1]] as [number, number]), measure: [] });
      lonSum += coords[0][0];
      latSum += coords[0][1];
      nPos++;
    }
  });
  const proj = new LocalProjection(nPos ? lonSum / nPos : 0, nPos ? latSum / nPos : 0);
  for (const list of linesByName.values()) for (const l of list) l.xy = l.xy.map(([lon, lat]) => [proj.x(lon), proj.y(lat)]);
  const chains: Chain[] = chainLines(raw).map((chain) => {
    const xy: [number, number][] = [];
    for (const { line, reversed } of chain) {
      const c = raw[line].coords;
      const k = c.length;
      for (let i = xy.length === 0 ? 0 : 1; i < k; i++) {
        const p = reversed ? c[k - 1 - i] : c[i];
        xy.push([proj.x(p[0]), proj.y(p[1])]);
      }
    }
    const measure = [0];
    for (let i = 1; i < xy.length; i++) measure.push(measure[i - 1] + Math.hypot(xy[i][0] - xy[i - 1][0], xy[i][1] - xy[i - 1][1]));
    return { name: raw[chain[0].line].name, xy, measure };
  });
  const byName = new Map<string, number[]>();
  chains.forEach((c, i) => {
    const list = byName.get(c.name);
    if (list) list.push(i);
    else byName.set(c.name, [i]);
  });

  // Each built hydrant: its nearest chain within the snap distance and the measure there
  // (candidate chains from a flatbush over their segments' boxes).
  const segChain: number[] = [];
  const nSeg = chains.reduce((a, c) => a + c.xy.length - 1, 0);
  const index = nSeg > 0 ? new Flatbush(nSeg) : null;
  chains.forEach((c, ci) => {
    for (let i = 0; i + 1 < c.xy.length; i++) {
      index!.add(Math.min(c.xy[i][0], c.xy[i + 1][0]), Math.min(c.xy[i][1], c.xy[i + 1][1]), Math.max(c.xy[i][0], c.xy[i + 1][0]), Math.max(c.xy[i][1], c.xy[i + 1][1]));
      segChain.push(ci);
    }
  });
  index?.finish();
  const owned: PointOnRoad[] = [];
  const fieldCount = new Map<string, number>();
  points.features.forEach((f, i) => {
    const p = f?.properties ?? {};
    if (!keep(p)) return;
    const road = String(p.road ?? '').trim();
    fieldCount.set(road, (fieldCount.get(road) ?? 0) + 1);
    const g = f.geometry;
    if (!index || g?.type !== 'Point' || !Number.isFinite(g.coordinates[0]) || !Number.isFinite(g.coordinates[1])) return;
    const x = proj.x(g.coordinates[0]), y = proj.y(g.coordinates[1]);
    // The nearest road within the snap distance, preferring one named as the hydrant's `road`.
    let best = { chain: -1, d: Infinity, m: 0, named: false };
    for (const ci of new Set(index.search(x - snap, y - snap, x + snap, y + snap).map((k) => segChain[k]))) {
      const n = nearestOn(chains[ci], x, y);
      const named = road !== '' && chains[ci].name === (alias.get(road) ?? road);
      if (n.d <= snap && (named && !best.named ? true : named === best.named && n.d < best.d)) best = { chain: ci, d: n.d, m: n.m, named };
    }
    if (best.chain >= 0 && best.d <= snap) owned.push({ chain: best.chain, m: best.m, d: best.d, id: String(p.id ?? `#${i}`), index: i });
  });

  return { chains, byName, linesByName, owned, fieldCount };
}
