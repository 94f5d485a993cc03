// Facility siting on the demo county (200,000 households, 41,217 road segments): best 3 new fire
// stations (network, 5 min) and best 3 new kindergartens (radius), against the naive method — for
// every pick, evaluate every candidate by a full fire-coverage recompute with it added — timed on a
// sample of candidates in the same run and scaled to all candidates × 3 picks (said in the output);
// then exact siting on the demo (section 3) and on a scaled synthetic instance (section 4).
import { cpus, loadavg } from 'node:os';
import type { FeatureCollection, Geometry } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import type { ColumnLayerData } from '../../layers/types.ts';
import { computeFireCoverage, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { candidateGrid } from '../../analysis/siting-candidates.ts';
import { loadHighsNode } from '../../src/solver/load-highs-node.ts';
import { medianMs, peakMemoryMb, report, type BenchRow } from './util.ts';
import { scaledSitingRows } from './siting-scaled.ts';

type FC = FeatureCollection<Geometry | null>;
const load = () => `load avg ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
const rows: BenchRow[] = [];
/** SITING_SECTIONS=3,4 runs only those sections (default: all), to keep a run short on a shared machine. */
const sections = (process.env.SITING_SECTIONS ?? '1,2,3,4,5,6').split(',').map((x) => x.trim());
const section = (k: string) => sections.includes(k);

const { project } = await loadProjectDir('data/demo');
const fc = (id: keyof typeof project.layers) => (project.layers[id] as { data: FC }).data;
const households = project.layers.households as ColumnLayerData;
// The kindergartens for the rulebook's 50 m siting distance, as the CLI and the app pass them.
const input = { roads: fc('roads'), builtUp: fc('builtUp'), townships: fc('townships'), households, stations: fc('fireStations'), distanceLayers: { kindergartens: fc('kindergartens') } };
const prepared = prepareFireCoverage(input, { mode: 'network' });

// ---- 1. Fire: best 3 sites (candidate coverage + lazy greedy + the check recompute).
if (section('1')) {
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
if (section('2')) {
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

// ---- 3. Proven optimal (issue #14): HiGHS on the reduced model vs greedy, same coverage, same run.
// ms = the solve after the coverage is built (reduce + greedy/interchange + Lagrangian bound + HiGHS);
// baseline = greedy + interchange alone. The note gives objective, bound, gap and greedy's shortfall.
if (section('3')) {
  const solver = await loadHighsNode();
  const cases: { name: string; opts: NonNullable<Parameters<typeof siteFireStations>[1]> }[] = [
    ...[2, 3, 5, 10].map((p) => ({ name: `fire MCLP households, P = ${p}`, opts: { count: p } })),
    ...[2, 3, 5, 10].map((p) => ({ name: `fire MCLP built-up, P = ${p}`, opts: { count: p, objective: 'built-up' as const } })),
    { name: 'fire LSCP built-up to 80%', opts: { model: 'lscp' as const, objective: 'built-up' as const, share: 0.8 } },
    { name: 'fire LSCP built-up to 100%', opts: { model: 'lscp' as const, objective: 'built-up' as const } },
    { name: 'fire LSCP households to 80%', opts: { model: 'lscp' as const, share: 0.8 } },
    { name: 'fire LSCP households to 100%', opts: { model: 'lscp' as const } },
    { name: 'fire backup (weight 1), P = 3', opts: { model: 'backup' as const, count: 3 } },
    { name: 'fire MEXCLP (300 calls/yr, 60 min each), P = 3', opts: { model: 'mexclp' as const, count: 3 } },
  ];
  for (const c of cases) {
    const cpu0 = process.cpuUsage();
    const r = siteFireStations(input, { ...c.opts, prepared, solver, timeLimitSec: c.opts.model === 'lscp' ? 30 : 10 });
    const cpu = process.cpuUsage(cpu0);
    const t = r.proof.timingMs;
    const ms = t.reduce + t.heuristic + t.bound + t.solve;
    const lscp = r.model === 'lscp';
    const g = r.proof.greedyObjective;
    const short = lscp ? `greedy ${g} sites (+${((100 * (g - r.proof.objective)) / r.proof.objective).toFixed(1)}%)` : `greedy ${g.toFixed(2)} (${((100 * (r.proof.objective - g)) / r.proof.objective).toFixed(2)}% short)`;
    rows.push({
      name: c.name,
      ms,
      baselineMs: t.reduce + t.heuristic,
      baselineNote: 'reduce + greedy + interchange, no proof',
      note:
        `CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms for the whole call (coverage + solve + check); ${r.status}, objective ${+r.proof.objective.toFixed(3)}, bound ${+r.bound.toFixed(3)}, gap ${(100 * r.gap).toFixed(3)}%, ${short}; ` +
        `${r.solver}, solver ${t.solve} ms, bound ${t.bound} ms; model ${r.proof.size.groups} demand groups × ${r.proof.size.keptCandidates} candidates, MIP ${r.proof.size.mipNonzeros} nonzeros; ` +
        `built-up ${r.after.coveredBuiltUpPct}%${r.model === 'mexclp' ? `, busy fraction ${r.proof.busyFraction?.toFixed(4)}, expected households ${Math.round(r.before.householdsCovered + r.proof.expectedCoverage - r.before.householdsCovered)}` : ''}; ${load()}`,
    });
  }
}

// ---- 5. Kindergartens, proven (issue #14): P = 2, 3, 5, 10 and set covering to 80 % / 100 % of the
// children 3–5 (radius coverage), HiGHS beside greedy on the same coverage, same run.
if (section('5')) {
  const solver = await loadHighsNode();
  const kin = { households, kindergartens: fc('kindergartens'), builtUp: fc('builtUp'), townships: fc('townships'), roads: fc('roads') };
  const cases: { name: string; opts: NonNullable<Parameters<typeof siteKindergartens>[1]> }[] = [
    ...[2, 3, 5, 10].map((p) => ({ name: `kindergarten MCLP children 3–5, P = ${p}`, opts: { count: p } })),
    { name: 'kindergarten LSCP children to 80%', opts: { model: 'lscp' as const, share: 0.8 } },
    { name: 'kindergarten LSCP children to 100%', opts: { model: 'lscp' as const } },
  ];
  for (const c of cases) {
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const r = siteKindergartens(kin, { ...c.opts, solver, timeLimitSec: c.opts.model === 'lscp' ? 30 : 10 });
    const wall = performance.now() - w0;
    const cpu = process.cpuUsage(cpu0);
    const t = r.proof.timingMs;
    const lscp = r.model === 'lscp';
    const g = r.proof.greedyObjective;
    const short = lscp ? `greedy ${g} sites (+${((100 * (g - r.proof.objective)) / r.proof.objective).toFixed(1)}%)` : `greedy ${g.toFixed(1)} (${((100 * (r.proof.objective - g)) / Math.max(1e-9, r.proof.objective)).toFixed(2)}% short)`;
    rows.push({
      name: c.name,
      ms: t.reduce + t.heuristic + t.bound + t.solve,
      baselineMs: t.reduce + t.heuristic,
      baselineNote: 'reduce + greedy + interchange, no proof',
      note:
        `whole call ${Math.round(wall)} ms wall, CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms; ${r.status}, objective ${+r.proof.objective.toFixed(3)}, bound ${+r.bound.toFixed(3)}, gap ${(100 * r.gap).toFixed(3)}%, ${short}; ` +
        `${r.solver}, solver ${t.solve} ms, bound ${t.bound} ms; model ${r.proof.size.groups} groups × ${r.proof.size.keptCandidates} candidates, MIP ${r.proof.size.mipNonzeros} nonzeros; ` +
        `children ${Math.round(r.before.childrenCovered)} → ${Math.round(r.after.childrenCovered)} of ${Math.round(r.before.childrenTotal)}, ${r.picks.length} sites; ${load()}`,
    });
  }
}

// ---- 4. Scaled case (issue #14): 10,000 candidates × 200,000 demand points, synthetic and seeded
// (siting-scaled.ts: towns and scattered demand on a 60 km plane, 1.5 km radius); MCLP P = 10 and the
// set cover of all coverable demand, time and proven gap beside greedy.
if (section('4')) rows.push(...scaledSitingRows(await loadHighsNode(), load));

// ---- 6. The app's default fire siting run (SitingPanel): P = 3 and the coverage-vs-P curve
// P = 1 … 10 (ten more exact solves), the whole call, beside the same call without the curve.
if (section('6')) {
  const solver = await loadHighsNode();
  const t0 = performance.now();
  siteFireStations(input, { count: 3, prepared, solver, timeLimitSec: 10 });
  const plain = performance.now() - t0;
  const t1 = performance.now();
  const r = siteFireStations(input, { count: 3, curveTo: 10, prepared, solver, timeLimitSec: 10 });
  const withCurve = performance.now() - t1;
  rows.push({
    name: 'fire MCLP households, P = 3 with the curve P = 1 … 10 (the panel\'s default), whole call',
    ms: withCurve,
    baselineMs: plain,
    baselineNote: 'the same call without the curve',
    note: `${r.curve?.length ?? 0} curve points, ${r.curve?.filter((c) => c.status === 'optimal').length ?? 0} proven optimal; ${load()}`,
  });
}

report('siting', rows);
