import { LocalProjection } from '../../analysis/geo.ts';
import { Rng } from './prng.ts';
import type { Line, XY } from './geometry.ts';
import { buildLayout, DEFAULT_HOUSEHOLDS } from './layout.ts';
import { buildRoads, type RoadProps } from './roads.ts';
import { buildHouseholds, GRADE, HEATING, LOW_INCOME, type Households } from './households.ts';
import { barriers, fireDistricts, fireLanes } from './fire-extra.ts';
import { builtUp, dualConversionAreas, fireStations, hydrants, kindergartens, reservePlots, servicePoints, type Feat, type Geom } from './facilities.ts';

export { DEFAULT_HOUSEHOLDS };
/** Default PRNG seed (the county's administrative code). */
export const DEFAULT_SEED = 130634;
/** The county seat 恒州镇, the origin of the generator's local metre grid. */
export const SEAT_LON = 114.74;
export const SEAT_LAT = 38.62;

export interface GenerateOptions {
  /** Number of households (default 200,000 ≈ 660,000 people). Larger values grow the county. */
  households?: number;
  /** PRNG seed (default 130634). Same options → identical bytes. */
  seed?: number;
}

/** Files of a generated project folder, in the order they are written. */
export const DEMO_FILES = [
  'project.json',
  'townships.geojson',
  'built_up.geojson',
  'roads.geojson',
  'fire_stations.geojson',
  'hydrants.geojson',
  'kindergartens.geojson',
  'households.csv',
  'reserve_plots.geojson',
  'dual_conversion_areas.geojson',
  'service_points.geojson',
  'fire_districts.geojson',
  'barriers.geojson',
  'fire_lanes.geojson',
] as const;

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Generate the demo county (曲阳县, invented geometry carrying the source documents' facts) and
 * hand each file to `sink` in chunks, in DEMO_FILES order; chunks of one file are contiguous.
 * Deterministic: the same options always give the same bytes.
 * @param opts households and seed
 * @param sink receives (file name, text chunk)
 * @example writeCounty({ households: 2000 }, (f, chunk) => appendFileSync(join(dir, f), chunk));
 */
export function writeCounty(opts: GenerateOptions, sink: (file: string, chunk: string) => void): void {
  const households = opts.households ?? DEFAULT_HOUSEHOLDS;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(households) || households < 1000) throw new Error(`households must be an integer ≥ 1000, got ${households}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const root = new Rng(seed);
  const layoutRng = root.fork(1);
  const roadRng = root.fork(2);
  const hhRng = root.fork(3);
  const facRng = root.fork(4);
  const proj = new LocalProjection(SEAT_LON, SEAT_LAT);
  const ll = ([x, y]: XY): [number, number] => [r6(proj.lon(x)), r6(proj.lat(y))];
  const ring = (r: XY[]) => {
    const c = r.map(ll);
    c.push(c[0]);
    return c;
  };
  const geom = (g: Geom) => {
    if (g.type === 'Point') return { type: 'Point', coordinates: ll(g.xy) };
    if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.rings.map(ring) };
    return { type: 'MultiPolygon', coordinates: g.polygons.map((p) => p.map(ring)) };
  };
  const collection = (file: string, feats: Feat[]) => {
    sink(file, '{"type":"FeatureCollection","features":[\n');
    const lines = feats.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: geom(f.geometry) }));
    sink(file, lines.join(',\n'));
    sink(file, '\n]}\n');
  };

  const layout = buildLayout(layoutRng, proj, households);
  const name = households === DEFAULT_HOUSEHOLDS && seed === DEFAULT_SEED ? '曲阳县（演示）' : `曲阳县（演示，${households}户，种子${seed}）`;
  sink('project.json', JSON.stringify({ name, region: '130634', params: {} }, null, 2) + '\n');

  collection(
    'townships.geojson',
    layout.townships.map((t) => ({
      geometry: { type: 'Polygon', rings: [t.ring] },
      properties: { name: t.name, code: t.code, kind: t.kind, mountain: t.mountain, ...(t.note ? { note: t.note } : {}) },
    })),
  );
  collection('built_up.geojson', builtUp(layout));

  const roads = buildRoads(roadRng, layout);
  writeRoads(roads, ll, (chunk) => sink('roads.geojson', chunk));

  collection('fire_stations.geojson', fireStations());
  collection('hydrants.geojson', hydrants(facRng.fork(1)));
  const hh = buildHouseholds(hhRng, layout);
  collection('kindergartens.geojson', kindergartens(facRng.fork(2), layout, hh));
  writeHouseholds(hh, layout.settlements.map((s) => s.name), layout.settlements.map((s) => layout.townships[s.township].name), ll, (chunk) => sink('households.csv', chunk));
  collection('reserve_plots.geojson', reservePlots(layout));
  collection('dual_conversion_areas.geojson', dualConversionAreas(layout, hh));
  collection('service_points.geojson', servicePoints(facRng.fork(3), layout, hh));
  // Fire rules (issue #13): fixed geometry, no random draws, so the files above are unchanged.
  collection('fire_districts.geojson', fireDistricts());
  sink('barriers.geojson', '{"type":"FeatureCollection","features":[\n');
  sink('barriers.geojson', barriers().map((b) => JSON.stringify({ type: 'Feature', properties: b.properties, geometry: { type: 'LineString', coordinates: b.coords.map(ll) } })).join(',\n'));
  sink('barriers.geojson', '\n]}\n');
  collection('fire_lanes.geojson', fireLanes());
}

function writeRoads(roads: Line<RoadProps>[], ll: (p: XY) => [number, number], sink: (chunk: string) => void): void {
  sink('{"type":"FeatureCollection","features":[\n');
  const CHUNK = 20000;
  for (let i = 0; i < roads.length; i += CHUNK) {
    const part: string[] = [];
    for (const r of roads.slice(i, i + CHUNK)) {
      const coords: [number, number][] = [];
      for (const p of r.coords) {
        const c = ll(p);
        const last = coords[coords.length - 1];
        if (!last || last[0] !== c[0] || last[1] !== c[1]) coords.push(c);
      }
      if (coords.length < 2) continue; // a piece shorter than the rounding: its ends coincide anyway
      const { name, class: cls, oneway, speed_kmh, width_m } = r.props;
      part.push(JSON.stringify({ type: 'Feature', properties: { name, class: cls, oneway, speed_kmh, width_m }, geometry: { type: 'LineString', coordinates: coords } }));
    }
    sink((i > 0 ? ',\n' : '') + part.join(',\n'));
  }
  sink('\n]}\n');
}

function writeHouseholds(h: Households, village: string[], township: string[], ll: (p: XY) => [number, number], sink: (chunk: string) => void): void {
  sink('id,lon,lat,persons,village,township,heating,children_3_5,low_income,house_grade,floor_area_m2,coal_tonnes,co_alarm\n');
  const width = String(h.count).length;
  const num = (v: number) => (Number.isNaN(v) ? '' : String(v));
  const CHUNK = 20000;
  for (let i0 = 0; i0 < h.count; i0 += CHUNK) {
    const rows: string[] = [];
    for (let i = i0; i < Math.min(h.count, i0 + CHUNK); i++) {
      const [lon, lat] = ll([h.x[i], h.y[i]]);
      const s = h.settlement[i];
      const alarm = h.coAlarm[i] === 255 ? '' : h.coAlarm[i] ? 'true' : 'false';
      rows.push(
        `H${String(i + 1).padStart(width, '0')},${lon},${lat},${h.persons[i]},${village[s]},${township[s]},${HEATING[h.heating[i]]},${h.children[i]},${LOW_INCOME[h.lowIncome[i]]},${GRADE[h.grade[i]]},${num(h.floorArea[i])},${num(h.coal[i])},${alarm}\n`,
      );
    }
    sink(rows.join(''));
  }
}

/**
 * Generate the demo county in memory: file name → text.
 * @example const files = generateCounty({ households: 5000, seed: 1 }); files['households.csv'];
 */
export function generateCounty(opts: GenerateOptions = {}): Record<string, string> {
  const parts: Record<string, string[]> = {};
  writeCounty(opts, (file, chunk) => (parts[file] ??= []).push(chunk));
  const out: Record<string, string> = {};
  for (const f of DEMO_FILES) out[f] = parts[f].join('');
  return out;
}
