import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { describe, expect, test } from 'vitest';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { scanOsmPbf } from '../../analysis/osm-pbf.ts';
import { maxspeedKmh, onewayOf, OSM_ROAD_CLASSES, osmToProject, pointOnSurface, widthMeters } from '../../analysis/osm-to-project.ts';
import { run as runImport } from '../../cli/commands/import-osm.ts';
import { run as runFire } from '../../cli/commands/fire.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { loadProject } from '../../layers/load/index.ts';
import type { GeoJsonLayerData, Project } from '../../layers/types.ts';
import { deltas, fBytes, fileBlock, fVarint, handMadePbf, headerBlock, packedSint, packedUint, stringTable } from './osm-pbf-encoder.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/osm/${name}`, import.meta.url)));
const enc = new TextEncoder();
const parse = (text: string) => JSON.parse(text) as FeatureCollection;
const loadFiles = (files: Record<string, string>) => loadProject(Object.entries(files).map(([name, t]) => ({ name, bytes: enc.encode(t) })));
const layer = (p: Project, id: 'roads' | 'fireStations' | 'hydrants' | 'kindergartens') => (p.layers[id] as GeoJsonLayerData).data;

/** The polygons of the given ways, from the file itself (refs → node coordinates). */
function wayPolygons(bytes: Uint8Array, ids: number[]): Map<number, number[][]> {
  const refs = new Map<number, number[]>();
  scanOsmPbf(bytes, { way: (id, r) => { if (ids.includes(id)) refs.set(id, [...r]); } });
  const want = new Set([...refs.values()].flat());
  const at = new Map<number, [number, number]>();
  scanOsmPbf(bytes, { node: (id, lon, lat) => { if (want.has(id)) at.set(id, [lon, lat]); } }, { nodeTags: false });
  return new Map([...refs].map(([id, r]) => [id, r.map((n) => at.get(n)!)]));
}

describe('osmToProject on the real extracts (counts of test/fixtures/osm/README.md)', () => {
  const monaco = osmToProject(fixture('monaco.osm.pbf'), { file: 'monaco.osm.pbf', name: '摩纳哥' });
  const liechtenstein = osmToProject(fixture('liechtenstein-2013-08-03.osm.pbf'), { file: 'liechtenstein.osm.pbf' });

  test('Monaco: 2,927 highway ways, 3 fire stations, 1 hydrant, 1 kindergarten', () => {
    const c = monaco.report.counts;
    expect(c).toMatchObject({ highwayWays: 2927, fireStations: 3, fireStationAreas: 0, hydrants: 1, kindergartens: 1, kindergartenAreas: 0, relations: 212 });
    // 3 highway ways hold a single node (way/156571105, 170077901, 224823020): 2,927 − 3 = 2,924 lines.
    expect(c.waysDropped).toBe(3);
    expect(c.roads).toBe(2924);
    expect(parse(monaco.files['roads.geojson']).features).toHaveLength(2924);
    expect(parse(monaco.files['fire_stations.geojson']).features).toHaveLength(3);
    expect(parse(monaco.files['hydrants.geojson']).features).toHaveLength(1);
    expect(parse(monaco.files['kindergartens.geojson']).features).toHaveLength(1);
    expect(JSON.parse(monaco.files['project.json'])).toMatchObject({ name: '摩纳哥', attribution: '© OpenStreetMap contributors, ODbL 1.0' });
    expect(monaco.report.issues.find((i) => i.code === 'osm-way-dropped')?.message.en).toMatch(/way\/156571105/);
  });

  test('Liechtenstein: 2,753 highway ways, 6 fire stations (1 area), 0 hydrants, 6 kindergartens (1 area)', () => {
    const c = liechtenstein.report.counts;
    expect(c).toMatchObject({ highwayWays: 2753, roads: 2753, fireStations: 6, fireStationAreas: 1, hydrants: 0, kindergartens: 6, kindergartenAreas: 1, waysDropped: 0 });
    const ids = parse(liechtenstein.files['fire_stations.geojson']).features.map((f) => f.properties!.id);
    expect(ids.filter((id: string) => id.startsWith('osm-w'))).toEqual(['osm-w1512']);
    expect(ids.filter((id: string) => id.startsWith('osm-n'))).toHaveLength(5);
  });

  test('every area-derived point lies inside its polygon', () => {
    const bytes = fixture('liechtenstein-2013-08-03.osm.pbf');
    const points = [
      ...parse(liechtenstein.files['fire_stations.geojson']).features,
      ...parse(liechtenstein.files['kindergartens.geojson']).features,
    ].filter((f) => String(f.properties!.osm).startsWith('way/')) as Feature<Point>[];
    expect(points.map((f) => f.properties!.osm).sort()).toEqual(['way/1170', 'way/1512']);
    const polys = wayPolygons(bytes, [1170, 1512]);
    for (const f of points) {
      const ring = polys.get(Number(String(f.properties!.osm).slice(4)))!;
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      expect(booleanPointInPolygon(f.geometry.coordinates, { type: 'Polygon', coordinates: [ring] })).toBe(true);
    }
  });

  test('hydrants are "working" with a note to confirm; kindergartens without operator:type are named in a warning', () => {
    const h = parse(monaco.files['hydrants.geojson']).features[0].properties!;
    expect(h).toMatchObject({ kind: 'hydrant', status: 'working' });
    expect(h.note).toMatch(/待现场确认/);
    const warn = liechtenstein.report.issues.filter((i) => i.code === 'osm-ownership-unknown');
    expect(warn).toHaveLength(6);
    expect(warn.some((i) => /way\/1170/.test(i.message.zh))).toBe(true);
    expect(liechtenstein.report.counts.kindergartensWithoutOwnership).toBe(6);
  });

  test('the imported project loads: every road, station and hydrant accepted; kindergartens without ownership reported', () => {
    const { project, report } = loadFiles(monaco.files);
    expect(report.counts.roads).toEqual({ read: 2924, loaded: 2924, rejected: 0, unlocated: 0 });
    expect(report.counts.fireStations?.loaded).toBe(3);
    expect(report.counts.hydrants?.loaded).toBe(1);
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}:${i.code}:${i.field}`)).toEqual(['kindergartens.geojson:missing-required:ownership']);
    expect(project.name).toBe('摩纳哥');
  });

  test('a kindergarten without ownership is named, with what to fill in, by the importer and by the loader; filled in, it loads (session 15)', () => {
    const kg = parse(monaco.files['kindergartens.geojson']).features;
    expect(kg).toHaveLength(1);
    const id = String(kg[0].properties!.id);
    // the importer's warning: the OSM object, the file, the id and the two values
    const [warn] = monaco.report.issues.filter((i) => i.code === 'osm-ownership-unknown');
    expect(warn.message.zh).toContain(`kindergartens.geojson 中 id 为 ${id} 的要素里填写 ownership：public（公办）或 private（民办）`);
    expect(warn.message.en).toContain(`give the feature with id ${id} an ownership of public (公办) or private (民办)`);
    // the loader's refusal: the feature by id (and name when it has one) and the values to fill in
    const { report } = loadFiles(monaco.files);
    const [err] = report.issues.filter((i) => i.code === 'missing-required');
    expect(err.message.zh).toMatch(new RegExp(`^要素 ${id}( .+)? 缺少必填字段“[^”]+”，该要素未加载。请在文件中填写 ownership：public（公办）、private（民办）。$`));
    expect(err.message.en).toContain(`Feature ${id}`);
    // filled in as the message says, it loads and nothing is refused
    const filled = { ...monaco.files, 'kindergartens.geojson': (JSON.stringify({ type: 'FeatureCollection', features: kg.map((f) => ({ ...f, properties: { ...f.properties, ownership: 'private' } })) })) };
    const again = loadFiles(filled);
    expect(again.report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(again.report.counts.kindergartens?.loaded).toBe(1);
  });

  test('Monaco runs fireCoverage end to end: 3 stations on the network, footways left out of it', () => {
    const { project } = loadFiles(monaco.files);
    const roads = layer(project, 'roads');
    const r = fireCoverage({ roads }, layer(project, 'fireStations'));
    expect(r.mode).toBe('network');
    expect(r.stations).toHaveLength(3);
    for (const s of r.stations) expect(s.offNetwork).toBe(false);
    expect(r.coveredAreaKm2).toBeGreaterThan(0);
    // 1,096 of the 2,924 roads are footway/path/steps …: the graph has fewer edges than with them.
    const all = buildRoadGraph(roads, { excludedClasses: [] });
    const drivable = buildRoadGraph(roads);
    expect(drivable.excludedRoads).toHaveLength(1096);
    expect(drivable.edgeCount).toBeLessThan(all.edgeCount);
    // with every width allowed the engine network is exactly the drivable graph; by default lanes
    // narrower than a fire engine needs (GB 51080 rule, `lane-min-width`) are left out as well
    const anyWidth = fireCoverage({ roads }, layer(project, 'fireStations'), { minEngineWidthMeters: 0 });
    expect(anyWidth.network!.edges).toBe(drivable.edgeCount);
    expect(r.network!.edges).toBeLessThanOrEqual(drivable.edgeCount);
    // docs/osm-import.md states this run's figures (session 19: read out of its text)
    const doc = readFileSync(new URL('../../docs/osm-import.md', import.meta.url), 'utf8');
    const m = doc.match(/Monaco's imported project runs `fire`: ([\d,]+) nodes, ([\d,]+) edges, (\d+) network pieces \((\d+) roads under\s+the 4 m a fire engine needs are not driven\); ([\d.]+) km²\s+reached within 5 minutes/);
    expect(m).not.toBeNull();
    expect(m!.slice(1).map((x) => Number(x.replace(/,/g, '')))).toEqual([r.network!.nodes, r.network!.edges, r.network!.components, r.narrowRoads!.excluded, Math.round(r.coveredAreaKm2! * 100) / 100]);
    const old = doc.match(/\(`--walk-leg true --lane-min-width 0`\): ([\d,]+) nodes, ([\d,]+) edges, (\d+) pieces, ([\d.]+) km²/);
    expect(old).not.toBeNull();
    const walk = fireCoverage({ roads }, layer(project, 'fireStations'), { walkLeg: true, minEngineWidthMeters: 0 });
    expect(old!.slice(1).map((x) => Number(x.replace(/,/g, '')))).toEqual([walk.network!.nodes, walk.network!.edges, walk.network!.components, Math.round(walk.coveredAreaKm2! * 100) / 100]);
  });
});

describe('osmToProject on hand-made files', () => {
  test('a missing node ref is skipped and reported; the way keeps its other 3 nodes', () => {
    // handMadePbf: way 100 (residential) refs 10, 11, 99, 15 — node 99 is not in the file.
    const { files, report } = osmToProject(handMadePbf(), { file: 'tiny.osm.pbf' });
    const roads = parse(files['roads.geojson']).features as Feature<LineString>[];
    expect(roads).toHaveLength(1);
    expect(roads[0].properties).toMatchObject({ class: 'residential', osm: 'way/100' });
    expect(roads[0].geometry.coordinates).toEqual([[115.8, 40.5], [115.802, 40.501], [115.804, 40.499]]);
    expect(report.counts).toMatchObject({ missingNodeRefs: 1, waysWithMissingNodes: 1, waysDropped: 0, relations: 1, fireStations: 1, hydrants: 1 });
    const miss = report.issues.find((i) => i.code === 'osm-missing-nodes')!;
    expect(miss).toMatchObject({ severity: 'warning', file: 'tiny.osm.pbf' });
    expect(miss.message.en).toMatch(/way\/100/);
    expect(report.issues.find((i) => i.code === 'osm-relations-ignored')?.severity).toBe('info');
    const st = parse(files['fire_stations.geojson']).features[0];
    expect(st.properties).toMatchObject({ id: 'osm-n11', name: '一中队', status: 'existing' });
    expect(st.geometry).toEqual({ type: 'Point', coordinates: [115.802, 40.501] });
    expect(parse(files['hydrants.geojson']).features[0].properties).toMatchObject({ id: 'osm-n20', kind: 'hydrant', status: 'working' });
  });

  /**
   * Granularity 100, no offsets: raw = degrees × 1e7. Nodes 1–5 around (116.000, 40.000) in
   * steps of 0.001° (raw 10,000):
   *   1 (116.000, 40.000)  2 (116.002, 40.000)  3 (116.002, 40.002)  4 (116.001, 40.002)
   *   5 (116.001, 40.001)  6 (116.000, 40.001) … an L-shaped kindergarten way 1-2-3-4-5-6-1.
   *   Scan lines half-way between vertex latitudes: y = 40.0005 (x 116.000–116.002, width 0.002)
   *   and y = 40.0015 (x 116.001–116.002, width 0.001): the widest run's middle is (116.001, 40.0005).
   * Ways: 200 primary oneway=-1 maxspeed "30 mph" width "6 m" [1, 2]; 201 service [1, 77]
   * (one node located → dropped); 202 bus_stop [1, 2] (not a road class); 203 roundabout
   * tertiary [2, 3]; 204 kindergarten operator:type=public [1,2,3,4,5,6,1]; node 7 water tank.
   */
  function tiny2(): Uint8Array {
    const S = ['highway', 'primary', 'oneway', '-1', 'maxspeed', '30 mph', 'width', '6 m', 'service', 'bus_stop', 'tertiary', 'junction', 'roundabout', 'amenity', 'kindergarten', 'operator:type', 'public', 'emergency', 'water_tank', 'name', '城关幼儿园'];
    const s = (x: string) => S.indexOf(x) + 1;
    const lon = [0, 2, 2, 1, 1, 0, 3].map((v) => 1_160_000_000 + v * 10_000);
    const lat = [0, 0, 2, 2, 1, 1, 3].map((v) => 400_000_000 + v * 10_000);
    const dense = fBytes(2, [
      ...packedSint(1, deltas([1, 2, 3, 4, 5, 6, 7])),
      ...packedSint(8, deltas(lat)),
      ...packedSint(9, deltas(lon)),
      ...packedUint(10, [0, 0, 0, 0, 0, 0, s('emergency'), s('water_tank'), 0]),
    ]);
    const way = (id: number, kv: string[], refs: number[]) => fBytes(3, [
      ...fVarint(1, id),
      ...packedUint(2, kv.filter((_, i) => i % 2 === 0).map(s)),
      ...packedUint(3, kv.filter((_, i) => i % 2 === 1).map(s)),
      ...packedSint(8, deltas(refs)),
    ]);
    const ways = fBytes(2, [
      ...way(200, ['highway', 'primary', 'oneway', '-1', 'maxspeed', '30 mph', 'width', '6 m'], [1, 2]),
      ...way(201, ['highway', 'service'], [1, 77]),
      ...way(202, ['highway', 'bus_stop'], [1, 2]),
      ...way(203, ['highway', 'tertiary', 'junction', 'roundabout'], [2, 3]),
      ...way(204, ['amenity', 'kindergarten', 'operator:type', 'public', 'name', '城关幼儿园'], [1, 2, 3, 4, 5, 6, 1]),
    ]);
    return new Uint8Array([...fileBlock('OSMHeader', headerBlock()), ...fileBlock('OSMData', [...stringTable(S), ...fBytes(2, dense), ...ways])]);
  }

  test('tags → properties, dropped and unknown ways, an area kindergarten inside its polygon', () => {
    const { files, report } = osmToProject(tiny2());
    const roads = parse(files['roads.geojson']).features;
    expect(roads.map((f) => f.properties)).toEqual([
      { class: 'primary', oneway: 'reverse', speed_kmh: 48.3, width_m: 6, osm: 'way/200' }, // 30 mph × 1.609344 = 48.28
      { class: 'tertiary', oneway: 'yes', osm: 'way/203' }, // roundabout ⇒ one-way
    ]);
    expect(report.counts).toMatchObject({ highwayWays: 4, roads: 2, waysDropped: 1, unknownHighwayWays: 1, missingNodeRefs: 1, kindergartens: 1, kindergartenAreas: 1, kindergartensWithoutOwnership: 0, hydrants: 0 });
    expect(report.issues.find((i) => i.code === 'osm-unknown-highway')?.message.en).toMatch(/bus_stop ×1/);
    expect(report.issues.find((i) => i.code === 'osm-way-dropped')?.message.en).toMatch(/way\/201/);
    const kg = parse(files['kindergartens.geojson']).features[0] as Feature<Point>;
    expect(kg.properties).toMatchObject({ id: 'osm-w204', name: '城关幼儿园', ownership: 'public', osm: 'way/204' });
    expect(kg.geometry.coordinates[0]).toBeCloseTo(116.001, 7);
    expect(kg.geometry.coordinates[1]).toBeCloseTo(40.0005, 7);
    const { report: loaded } = loadFiles(files);
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('pointOnSurface: a U shape whose centroid is outside gets a point inside', () => {
    // U: 3 × 3 square minus the notch x 1–2, y 1–3. Area 9 − 2 = 7; centroid y = (9 × 1.5 − 2 × 2) / 7 = 1.357,
    // x = 1.5 → (1.5, 1.357) lies in the notch. Scan lines at y = 0.5 (x 0–3, width 3) and y = 2
    // (x 0–1 and 2–3, width 1): the widest run's middle is (1.5, 0.5).
    const ring = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]];
    expect(booleanPointInPolygon([1.5, 9.5 / 7], { type: 'Polygon', coordinates: [ring] })).toBe(false);
    const p = pointOnSurface(ring);
    expect(p).toEqual([1.5, 0.5]);
    expect(booleanPointInPolygon(p, { type: 'Polygon', coordinates: [ring] })).toBe(true);
  });

  test('a truncated file throws a clear error', () => {
    const b = fixture('liechtenstein-2013-08-03.osm.pbf');
    expect(() => osmToProject(b.subarray(0, 100_000))).toThrow(/truncated/);
  });
});

describe('OSM tag values', () => {
  test('oneway, maxspeed, width', () => {
    expect(['yes', 'true', '1', '-1', 'reverse', 'no', '0', 'alternating', undefined].map(onewayOf)).toEqual(['yes', 'yes', 'yes', 'reverse', 'reverse', 'no', 'no', undefined, undefined]);
    // 50 → 50; "50 km/h" → 50; 30 mph × 1.609344 = 48.28 → 48.3; 20 knots × 1.852 = 37.04 → 37
    expect(['50', '50 km/h', '30 mph', '20 knots', 'none', 'walk', 'RU:urban', '50;30', '0'].map(maxspeedKmh)).toEqual([50, 50, 48.3, 37, undefined, undefined, undefined, undefined, undefined]);
    expect(['6', '6 m', '6.5m', "16'", 'wide'].map(widthMeters)).toEqual([6, 6, 6.5, undefined, undefined]);
  });

  test('every imported highway class is an allowed road class of the roads layer', () => {
    const fc = { type: 'FeatureCollection', features: OSM_ROAD_CLASSES.map((c, i) => ({ type: 'Feature', properties: { class: c }, geometry: { type: 'LineString', coordinates: [[116, 40 + i * 0.001], [116.001, 40 + i * 0.001]] } })) };
    const { report } = loadProject([{ name: 'roads.geojson', bytes: enc.encode(JSON.stringify(fc)) }]);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.counts.roads?.loaded).toBe(OSM_ROAD_CLASSES.length);
  });
});

describe('analyze import-osm (CLI)', () => {
  test('writes a project folder that loads and runs fire', async () => {
    const dir = tempDir('osm-cli-');
    const out = join(dir, 'li');
    const pbf = new URL('../fixtures/osm/liechtenstein-2013-08-03.osm.pbf', import.meta.url).pathname;
    await runImport({ command: 'import-osm', data: '', out, options: { pbf, name: '列支敦士登' } });
    const rep = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8'));
    expect(rep.counts).toMatchObject({ highwayWays: 2753, fireStations: 6, hydrants: 0, kindergartens: 6 });
    expect(rep.source).toBe('liechtenstein-2013-08-03.osm.pbf');
    const { project, report } = await loadProjectDir(out);
    expect(project.name).toBe('列支敦士登');
    expect(report.counts.roads?.loaded).toBe(2753);
    expect(report.counts.fireStations?.loaded).toBe(6);
    await runFire({ command: 'fire', data: out, out: join(dir, 'fire'), options: {} });
    const s = JSON.parse(readFileSync(join(dir, 'fire', 'fire-summary.json'), 'utf8'));
    expect(s.mode).toBe('network');
    expect(s.stations).toHaveLength(6);
    expect(s.coveredAreaKm2).toBeGreaterThan(0);
    await expect(runImport({ command: 'import-osm', data: '', out, options: {} })).rejects.toThrow(/--pbf/);
    await expect(runImport({ command: 'import-osm', data: '', out, options: { pbf, bogus: '1' } })).rejects.toThrow(/unknown option --bogus/);
  });
});

describe('loadProject opens a .osm.pbf (the app\'s 打开文件)', () => {
  test('converted and loaded as roads, fire stations, hydrants and kindergartens, reported as info', () => {
    const { project, report } = loadProject([{ name: 'some/folder/monaco.osm.pbf', bytes: fixture('monaco.osm.pbf') }]);
    expect(report.counts.roads).toEqual({ read: 2924, loaded: 2924, rejected: 0, unlocated: 0 });
    expect(report.counts.fireStations?.loaded).toBe(3);
    expect(report.counts.hydrants?.loaded).toBe(1);
    expect(layer(project, 'fireStations').features.map((f) => f.properties?.id)).toEqual(['osm-n1866465411', 'osm-n1866523017', 'osm-n3781320822']);
    expect(report.issues.find((i) => i.code === 'osm-converted')).toMatchObject({ severity: 'info', file: 'monaco.osm.pbf' });
    expect(report.issues.find((i) => i.code === 'osm-import')?.severity).toBe('info');
    expect(report.issues.some((i) => i.code === 'unknown-file')).toBe(false);
  });

  test('a PBF recognised by its bytes under another name; a truncated one is an error, not a throw', () => {
    const bytes = fixture('liechtenstein-2013-08-03.osm.pbf');
    expect(loadProject([{ name: 'download.bin', bytes }]).report.counts.roads?.loaded).toBe(2753);
    const { project, report } = loadProject([{ name: 'cut.osm.pbf', bytes: bytes.subarray(0, 50_000) }]);
    const err = report.issues.find((i) => i.severity === 'error')!;
    expect(err).toMatchObject({ code: 'unreadable', file: 'cut.osm.pbf' });
    expect(err.message.en).toMatch(/truncated/);
    expect(layer(project, 'roads').features).toEqual([]);
  });
});

describe('file names the app can route to the OSM conversion', () => {
  test('isOsmPbfName and OSM_PBF_LAYERS', async () => {
    const { isOsmPbfName, OSM_PBF_LAYERS } = await import('../../layers/load/index.ts');
    expect(['county.osm.pbf', 'a/B.PBF', 'roads.geojson', 'pbf.csv'].map(isOsmPbfName)).toEqual([true, true, false, false]);
    const { report } = loadProject([{ name: 'monaco.osm.pbf', bytes: fixture('monaco.osm.pbf') }]);
    expect(Object.keys(report.counts).sort()).toEqual([...OSM_PBF_LAYERS].sort());
  });
});

describe('inputs are not mutated', () => {
  test('osmToProject and scanOsmPbf leave the bytes as they were', () => {
    const bytes = fixture('liechtenstein-2013-08-03.osm.pbf');
    const copy = bytes.slice();
    osmToProject(bytes);
    scanOsmPbf(bytes, { node() {}, way() {}, relation() {} });
    expect(Buffer.compare(bytes, copy)).toBe(0);
  });

  test('buildRoadGraph leaves the roads as they were when it excludes footways', () => {
    const { files } = osmToProject(handMadePbf());
    const roads = parse(files['roads.geojson']);
    roads.features.push({ type: 'Feature', properties: { class: 'footway' }, geometry: { type: 'LineString', coordinates: [[115.8, 40.5], [115.81, 40.5]] } });
    const before = JSON.stringify(roads);
    const g = buildRoadGraph(roads);
    expect(g.excludedRoads).toEqual([1]);
    expect(JSON.stringify(roads)).toBe(before);
  });
});
