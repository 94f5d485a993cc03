// Fire-lane losses on the demo county (issue #15): each open problem's "fixed" figures from the one
// preparation with every problem open (the graph rebuilt from its kept split points, the points near
// the changed roads snapped again) against the old way, a full preparation per problem — alternating
// in one process, CPU time (the machine is shared), the losses checked equal every round.
// Run: `npm run bench -- fire-lanes`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { cpus, loadavg } from 'node:os';
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import { loadProject } from '../../layers/load/index.ts';
import type { ColumnLayerData, GeoJsonLayerData } from '../../layers/types.ts';
import { computeFireCoverage, prepareFireCoverage, type FireCoverageInput } from '../../analysis/fire-coverage.ts';
import { fireLaneLosses } from '../../analysis/fire-lane-losses.ts';
import { report, type BenchRow } from './util.ts';

const rows: BenchRow[] = [];
const ROUNDS = 5;

function cpuMs(fn: () => unknown): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** The demo ledger plus `extra` open problems at the middle vertex of the longest engine roads (deterministic). */
function withProblems(ledger: FeatureCollection<Geometry | null>, roads: FeatureCollection<Geometry | null>, extra: number): FeatureCollection<Geometry | null> {
  const lines = roads.features
    .filter((f) => f.geometry?.type === 'LineString' && ['primary', 'secondary', 'tertiary'].includes(String(f.properties?.class)))
    .map((f) => (f.geometry as LineString).coordinates)
    .sort((a, b) => b.length - a.length || a[0][0] - b[0][0]);
  const added = lines.slice(0, extra).map((c, k): Feature<Geometry> => ({
    type: 'Feature',
    properties: { id: `X-${k + 1}`, name: `bench ${k + 1}`, problem: 'blocked', status: 'open' },
    geometry: { type: 'Point', coordinates: c[Math.floor(c.length / 2)] },
  }));
  return { type: 'FeatureCollection', features: [...ledger.features, ...added] };
}

function run(label: string, input: FireCoverageInput, stations: FeatureCollection<Geometry | null>): void {
  const prep = prepareFireCoverage(input, {});
  const result = computeFireCoverage(prep, stations, {});
  const cutting = prep.laneCuts.filter((c) => c.roads > 0).length;
  const oldMs: number[] = [], newMs: number[] = [];
  let reference = fireLaneLosses(input, stations, {}, { prep, result }, true).losses;
  fireLaneLosses(input, stations, {}, { prep, result });
  for (let r = 0; r < ROUNDS; r++) {
    let a = reference, b = reference;
    oldMs.push(cpuMs(() => (a = fireLaneLosses(input, stations, {}, { prep, result }, true).losses)));
    newMs.push(cpuMs(() => (b = fireLaneLosses(input, stations, {}, { prep, result }).losses)));
    if (!isDeepStrictEqual(a, reference) || !isDeepStrictEqual(b, reference)) throw new Error(`${label}: the losses differ between the two ways`);
    reference = a;
  }
  const gained = reference.filter((l) => l.households > 0 || l.areaKm2 > 0).length;
  rows.push({
    name: `${label}: fire-lane losses, ${prep.laneCuts.length} open problems (${cutting} cutting roads, ${gained} with a loss), CPU ms, median of ${ROUNDS}`,
    ms: median(newMs),
    baselineMs: median(oldMs),
    baselineNote: 'a full preparation per problem, alternating in this process',
    note: `per cutting problem ${(median(newMs) / Math.max(1, cutting)).toFixed(0)} ms vs ${(median(oldMs) / Math.max(1, cutting)).toFixed(0)} ms; ${loadavg()[0].toFixed(1)} load on ${cpus().length} cores`,
  });
}

const dir = 'data/demo';
if (!existsSync(join(dir, 'roads.geojson'))) {
  console.log('data/demo not found (npm run generate-demo): nothing measured');
} else {
  const files = readdirSync(dir).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  const { project } = loadProject(files);
  const L = project.layers;
  const g = (id: keyof typeof L) => (L[id] as GeoJsonLayerData).data;
  const input: FireCoverageInput = { roads: g('roads'), builtUp: g('builtUp'), townships: g('townships'), households: L.households as ColumnLayerData, fireLanes: g('fireLanes') };
  const stations = g('fireStations');
  run('demo county', input, stations);
  run('demo county + 8 problems on its longest roads', { ...input, fireLanes: withProblems(g('fireLanes'), g('roads'), 8) }, stations);
  report('fire-lanes', rows);
}
