// The worker's part of a live drag step on the demo county (issue #15: ≤ 50 ms of worker time), in
// Node on the same code the fire panel's worker runs: FS-02 moved along 40 positions with the live
// step's options (every status of "after", districts searched as far as the largest break). Per step,
// in turn: the full recompute of "after" (the way before: every station searched), the moved-station
// recompute (the other stations' times kept), and the outlines (isochrones + districts) of the result.
// Both ways in the same run; median and p95. Run: `npm run bench -- fire-drag` (under a minute).
import { resolve } from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { fireInputOf, fireOptionsFromCli } from '../../cli/radii-util.ts';
import { computeFireCoverage, fireCoverageGeoJson, FireMovedStationRecompute, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import type { LayerData } from '../../layers/types.ts';
import { report } from './util';

const ROOT = resolve(import.meta.dirname, '../..');
const { project } = await loadProjectDir(resolve(ROOT, 'data/demo'));
const fc = (l: LayerData | undefined) => (l && l.kind === 'geojson' ? (l.data as FeatureCollection<Geometry | null>) : undefined);
const opts = fireOptionsFromCli(project, {});
const prep = prepareFireCoverage(fireInputOf(project), opts);
const stations = fc(project.layers.fireStations)!;
const fs02 = stations.features.find((f) => f.properties?.id === 'FS-02')!;
if (fs02.geometry?.type !== 'Point') throw new Error('FS-02 has no point');
const [x0, y0] = fs02.geometry.coordinates;
const live = { ...opts, statuses: ['existing', 'planned', 'proposed'], districtMaxMinutes: Math.max(opts.thresholdMinutes ?? 5, ...(opts.breaksMinutes ?? [10])) };
const at = (i: number) => ({ ...stations, features: stations.features.map((f) => (f === fs02 ? { ...f, geometry: { type: 'Point' as const, coordinates: [x0 - i * 0.0015, y0 - i * 0.0008] } } : f)) });

const moved = new FireMovedStationRecompute(prep);
const full: number[] = [], inc: number[] = [], outlines: number[] = [];
let same = 0;
const STEPS = 40;
for (let i = 0; i < STEPS; i++) {
  const s = at(i);
  const t0 = performance.now();
  const a = computeFireCoverage(prep, s, live);
  const t1 = performance.now();
  const b = moved.compute(s, live, 'FS-02').result;
  const t2 = performance.now();
  fireCoverageGeoJson(prep, b, live.breaksMinutes, { uncovered: false });
  const t3 = performance.now();
  full.push(t1 - t0);
  inc.push(t2 - t1);
  outlines.push(t3 - t2);
  if (a.households.covered === b.households.covered && a.coveredBuiltUpPct === b.coveredBuiltUpPct) same++;
}
const q = (xs: number[], f: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
const m = (xs: number[]) => q(xs, 0.5);
report('fire-drag', [
  { name: 'live step figures, moved station only (other stations kept)', ms: m(inc), baselineMs: m(full), baselineNote: 'full recompute of "after", same run', note: `p95 ${q(inc, 0.95).toFixed(1)} ms (full: ${q(full, 0.95).toFixed(1)}); first step (searches the others) ${inc[0].toFixed(1)} ms; equal figures ${same}/${STEPS}` },
  { name: 'live step outlines (isochrones + districts to the largest break)', ms: m(outlines), note: `p95 ${q(outlines, 0.95).toFixed(1)} ms` },
  { name: 'live step worker total (figures + outlines)', ms: m(inc.map((v, i) => v + outlines[i])), note: `p95 ${q(inc.map((v, i) => v + outlines[i]), 0.95).toFixed(1)} ms` },
]);
console.log(`\nSUMMARY drag_figures_ms=${m(inc).toFixed(1)} drag_figures_full_ms=${m(full).toFixed(1)} drag_outlines_ms=${m(outlines).toFixed(1)} drag_total_p95_ms=${q(inc.map((v, i) => v + outlines[i]), 0.95).toFixed(1)} load=${(await import('node:os')).loadavg()[0].toFixed(1)}`);
