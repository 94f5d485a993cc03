// Facility siting on the demo county (200,000 households, 41,217 road segments): best 3 new fire
// stations (network, 5 min) and best 3 new kindergartens (radius), against the naive method — for
// every pick, evaluate every candidate by a full fire-coverage recompute with it added — timed on a
// sample of candidates in the same run and scaled to all candidates × 3 picks (said in the output).
import { cpus, loadavg } from 'node:os';
import type { FeatureCollection, Geometry } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import type { ColumnLayerData } from '../../layers/types.ts';
import { computeFireCoverage, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { candidateGrid } from '../../analysis/siting-candidates.ts';
import { medianMs, peakMemoryMb, report, type BenchRow } from './util.ts';

type FC = FeatureCollection<Geometry | null>;
const load = () => `load avg ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
const rows: BenchRow[] = [];

const { project } = await loadProjectDir('data/demo');
const fc = (id: keyof typeof project.layers) => (project.layers[id] as { data: FC }).data;
const households = project.layers.households as ColumnLayerData;
const input = { roads: fc('roads'), builtUp: fc('builtUp'), townships: fc('townships'), households, stations: fc('fireStations') };
const prepared = prepareFireCoverage(input, { mode: 'network' });

// ---- 1. Fire: best 3 sites (candidate coverage + lazy greedy + the check recompute).
{
  const run = () => siteFireStations(input, { count: 3, prepared });
  const ms = await medianMs(run, 3);
  const { result: r, peakMb } = await peakMemoryMb(run);

  // Naive: for each of the 3 picks, every candidate evaluated by computeFireCoverage with it added.
  const cands = candidateGrid(fc('townships'), { spacingMeters: 500, edgeIndex: prepared.edgeIndex! });
  const SAMPLE = 12;
  const step = Math.floor(cands.count / SAMPLE);
  const t0 = performance.now();
  let bestCovered = 0;
  for (let k = 0; k < SAMPLE; k++) {
    const c = k * step;
    const station = { type: 'Feature' as const, properties: { id: 'C', status: 'existing' }, geometry: { type: 'Point' as const, coordinates: [cands.lon[c], cands.lat[c]] } };
    const res = computeFireCoverage(prepared, { type: 'FeatureCollection', features: [...input.stations.features, station] }, {});
    bestCovered = Math.max(bestCovered, res.households.covered);
  }
  const perEval = (performance.now() - t0) / SAMPLE;
  const naiveMs = perEval * cands.count * 3;
  rows.push({
    name: `fire: best 3 of ${r.candidateCount} candidates (500 m grid), demo county`,
    ms,
    peakMb,
    baselineMs: naiveMs,
    baselineNote: `naive: ${cands.count} candidates × 3 picks full recomputes, ${perEval.toFixed(0)} ms each timed on ${SAMPLE} and scaled`,
    note: `siting ${r.timingMs.siting} ms + check ${r.timingMs.verify} ms + today's coverage ${r.timingMs.prepare} ms; households ${r.before.householdsCovered} → ${r.after.householdsCovered}; ${load()}`,
  });
}

// ---- 2. Kindergartens: best 3 sites (access analysis + road graph + candidates + greedy + check).
{
  const kin = { households, kindergartens: fc('kindergartens'), builtUp: fc('builtUp'), townships: fc('townships'), roads: fc('roads') };
  const run = () => siteKindergartens(kin, { count: 3 });
  const ms = await medianMs(run, 2);
  const { result: r, peakMb } = await peakMemoryMb(run);
  rows.push({
    name: `kindergartens: best 3 of ${r.candidateCount} candidates (500 m grid), demo county`,
    ms,
    peakMb,
    note: `access ${r.timingMs.access} ms, siting ${r.timingMs.siting} ms (incl. road graph), check ${r.timingMs.verify} ms; children covered ${Math.round(r.before.childrenCovered)} → ${Math.round(r.after.childrenCovered)}; ${load()}`,
  });
}

report('siting', rows);
