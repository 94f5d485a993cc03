import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { rasterizePolygons } from '../cell-grid.ts';
import { computeFireCoverage, type FireCoverageResult, type FireRunOptions, type PreparedFireCoverage } from '../fire-coverage.ts';
import { DISTRICT_LIMIT_KM2 } from '../fire-params.ts';
import { geometryAreaM2 } from '../geo.ts';
import { timeLimitSec } from '../travel-times.ts';

type FC = FeatureCollection<Geometry | null>;

/** Far points / enclave points listed per station. */
export const POINTS_LISTED = 5;

/** Levels with no district-area limit in the standards (township and volunteer teams). */
const NO_AREA_LIMIT = new Set(['township', 'volunteer']);

/** One station's district as the fire rules read it: official when loaded, else computed (first-due). */
export interface StationDistrict {
  district: 'official' | 'computed';
  /** The level the limit was taken from: the official district's `level`, else the station's. */
  level: string;
  /** km²: the official polygon's exact area, or the first-due cells' area. */
  areaKm2: number;
  /** The limit of its level and location, km²; null for township and volunteer teams and 乡镇 districts (no standard). */
  limitKm2: number | null;
  /** `location` of the official district (urban / edge / township), '' when computed. */
  location: string;
  /** Polygon parts of the official district (a district in 2 parts is not connected); 1 for computed. */
  parts: number;
  /** District cells reached later than the threshold by this station (official: this station alone). */
  farCells: number;
  farPoints: { lon: number; lat: number; minutes: number | null }[];
  /** District cells cut off from the station: official — reached first by another station; computed — separated from the station by another station's district. */
  enclaveCells: number;
  enclaveKm2: number;
  enclavePoints: { lon: number; lat: number }[];
  /** Barriers with a stretch inside the district, and that stretch's length (m). */
  barriers: { name: string; kind: string; insideMeters: number }[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

function lineParts(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  return [];
}

/** Points every `step` metres along a line (both ends included), in lon/lat. */
function samples(coords: Position[], prep: PreparedFireCoverage, step: number): [number, number][] {
  const p = prep.projection;
  const out: [number, number][] = [];
  for (let i = 1; i < coords.length; i++) {
    const x0 = p.x(coords[i - 1][0]), y0 = p.y(coords[i - 1][1]), x1 = p.x(coords[i][0]), y1 = p.y(coords[i][1]);
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = i === 1 ? 0 : 1; k <= n; k++) out.push([p.lon(x0 + ((x1 - x0) * k) / n), p.lat(y0 + ((y1 - y0) * k) / n)]);
  }
  return out;
}

function cellOf(prep: PreparedFireCoverage, lon: number, lat: number): number {
  const g = prep.grid;
  const c = Math.floor((g.projection.x(lon) - g.originX) / g.cellSizeMeters);
  const r = Math.floor((g.projection.y(lat) - g.originY) / g.cellSizeMeters);
  return c >= 0 && r >= 0 && c < g.cols && r < g.rows ? r * g.cols + c : -1;
}

/** The district limit of a level and location (建标152-2017 第十四条), null where no standard sets one. */
export function districtLimitOf(level: string, location: string): number | null {
  if (NO_AREA_LIMIT.has(level) || location === 'township') return null;
  if (location === 'edge') return DISTRICT_LIMIT_KM2.edge;
  return DISTRICT_LIMIT_KM2[level] ?? DISTRICT_LIMIT_KM2.level1;
}

/**
 * Per station of a fire-coverage result: its district (the official one from `fire_districts` when
 * one names the station, else its first-due cells), the far cells of that district, its enclaves
 * and the barriers crossing it.
 *
 * @param prep - the prepared county
 * @param result - the all-stations run (first-due station per cell)
 * @param stations - the station layer the result was computed from (to run one station alone)
 * @param districts - official districts (`station`, `level`, `location`), may be absent
 * @param barriers - barrier lines (`name`, `kind`), may be absent
 * @param options - the run options of `result` (the single-station runs use the same)
 */
export function stationDistricts(
  prep: PreparedFireCoverage,
  result: FireCoverageResult,
  stations: FC,
  districts: FC | undefined,
  barriers: FC | undefined,
  options: FireRunOptions,
): StationDistrict[] {
  const n = prep.grid.cols * prep.grid.rows;
  const th = timeLimitSec(result.thresholdMinutes, result.limitToleranceSec);
  const official = new Map<string, Feature<Polygon | MultiPolygon>>();
  for (const f of districts?.features ?? []) {
    const g = f.geometry;
    const id = str(f.properties?.station);
    if (id && g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && !official.has(id)) official.set(id, f as Feature<Polygon | MultiPolygon>);
  }
  const stationFeature = new Map<string, Feature<Geometry | null>>();
  for (const f of stations.features) {
    const id = str(f.properties?.id);
    if (id && !stationFeature.has(id)) stationFeature.set(id, f);
  }
  const barrierSamples = (barriers?.features ?? []).map((f) => ({
    name: str(f.properties?.name),
    kind: str(f.properties?.kind),
    pts: lineParts(f.geometry).flatMap((c) => samples(c, prep, prep.grid.cellSizeMeters / 2)),
  }));
  const step = prep.grid.cellSizeMeters / 2;

  return result.stations.map((s, k) => {
    const off = official.get(s.id);
    const sf = stationFeature.get(s.id);
    const level = str(off?.properties?.level) || s.level;
    const location = off ? str(off.properties?.location) : '';
    let mask: Uint8Array;
    let times: Float32Array = result.cellTimeSec;
    let areaKm2: number;
    let parts = 1;
    if (off) {
      mask = rasterizePolygons(prep.grid, { type: 'FeatureCollection', features: [off] });
      areaKm2 = geometryAreaM2(off.geometry) / 1e6;
      parts = off.geometry.type === 'MultiPolygon' ? off.geometry.coordinates.length : 1;
      // the station alone: how soon it reaches each cell of its own district
      if (sf) times = computeFireCoverage(prep, { type: 'FeatureCollection', features: [sf] }, { ...options, statuses: [s.status] }).cellTimeSec;
    } else {
      mask = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (result.cellStation[i] === k && prep.inCounty[i]) mask[i] = 1;
      areaKm2 = s.districtAreaKm2;
    }
    // far cells
    // (cells within the access distance of a road: the others no engine reaches, whoever's district they are in)
    const far: number[] = [];
    const onRoad = (i: number) => !prep.cellSnap || prep.cellSnap.edge[i] >= 0;
    for (let i = 0; i < n; i++) if (mask[i] && onRoad(i) && (s.offNetwork || !(times[i] <= th))) far.push(i);
    const key = (i: number) => (Number.isFinite(times[i]) ? times[i] : Number.MAX_VALUE);
    far.sort((a, b) => key(b) - key(a) || a - b);
    // enclaves
    const enclave: number[] = [];
    if (off) {
      for (let i = 0; i < n; i++) if (mask[i] && result.cellStation[i] >= 0 && result.cellStation[i] !== k) enclave.push(i);
    } else if (sf && sf.geometry?.type === 'Point') {
      // flood fill from the station over its own and unassigned cells; its cells not reached are cut off by other districts
      const start = cellOf(prep, sf.geometry.coordinates[0], sf.geometry.coordinates[1]);
      const seen = new Uint8Array(n);
      const { cols, rows } = prep.grid;
      const passable = (i: number) => result.cellStation[i] === k || result.cellStation[i] < 0;
      const stack: number[] = start >= 0 && passable(start) ? [start] : [];
      if (stack.length) seen[start] = 1;
      while (stack.length) {
        const i = stack.pop()!;
        const c = i % cols, r = (i - c) / cols;
        const nb = [c > 0 ? i - 1 : -1, c < cols - 1 ? i + 1 : -1, r > 0 ? i - cols : -1, r < rows - 1 ? i + cols : -1];
        for (const j of nb) if (j >= 0 && !seen[j] && passable(j)) {
          seen[j] = 1;
          stack.push(j);
        }
      }
      if (start >= 0) for (let i = 0; i < n; i++) if (mask[i] && !seen[i]) enclave.push(i);
    }
    // barriers
    const crossing: StationDistrict['barriers'] = [];
    for (const b of barrierSamples) {
      let inside = 0;
      for (const [lon, lat] of b.pts) {
        const hit = off ? booleanPointInPolygon([lon, lat], off, { ignoreBoundary: true }) : (() => {
          const i = cellOf(prep, lon, lat);
          return i >= 0 && mask[i] === 1;
        })();
        if (hit) inside++;
      }
      if (inside > 1) crossing.push({ name: b.name, kind: b.kind, insideMeters: Math.round((inside - 1) * step) });
    }
    const pt = (i: number) => ({ lon: r6(prep.cellLon[i]), lat: r6(prep.cellLat[i]) });
    return {
      district: off ? 'official' : 'computed',
      level,
      areaKm2: Math.round(areaKm2 * 1000) / 1000,
      limitKm2: off ? districtLimitOf(level, location) : NO_AREA_LIMIT.has(s.level) ? null : s.districtLimitKm2,
      location,
      parts,
      farCells: far.length,
      farPoints: far.slice(0, POINTS_LISTED).map((i) => ({ ...pt(i), minutes: Number.isFinite(times[i]) ? Math.round((times[i] / 60) * 10) / 10 : null })),
      enclaveCells: enclave.length,
      enclaveKm2: Math.round(enclave.reduce((a, i) => a + prep.cellRowKm2[Math.floor(i / prep.grid.cols)], 0) * 1000) / 1000,
      enclavePoints: enclave.slice(0, POINTS_LISTED).map(pt),
      barriers: crossing,
    };
  });
}
