// (e) Siting: our maximal-covering model, written by our code (the MipModel of
// analysis/siting-exact.ts, the very candidates and coverage matrix our siting uses) into a CPLEX
// LP file and solved by COIN-OR CBC as the peer. Our greedy coverage (and our
// HiGHS answer) against that optimum, k = 1 … 3, for fire stations and kindergartens.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { MipModel, MipSolveOptions, MipSolveResult, MipSolver } from '../../../analysis/mip-model.ts';
import { evaluateMip } from '../../../analysis/mip-model.ts';
import { siteFireStations } from '../../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../../analysis/site-kindergartens.ts';
import { resolveSitingOptions } from '../../../analysis/siting-params.ts';
import { resolveKindergartenOptions } from '../../../analysis/radii-params.ts';
import { fcOf, householdsOf, fireOptionsFromCli } from '../../../cli/radii-util.ts';
import { loadHighsNode } from '../../../src/solver/load-highs-node.ts';
import type { Project } from '../../../layers/types.ts';
import { rows } from './table.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** The model as a CPLEX LP file (the format CBC and glpsol both read). */
export function toLp(m: MipModel): string {
  const out: string[] = [m.sense === 'max' ? 'Maximize' : 'Minimize', ' obj:'];
  const term = (v: number, j: number) => `${v >= 0 ? '+' : '-'} ${Math.abs(v)} x${j}`;
  let line = '';
  for (let j = 0; j < m.numCols; j++) if (m.colCost[j] !== 0) {
    line += ` ${term(m.colCost[j], j)}`;
    if (line.length > 200) { out.push(line); line = ''; }
  }
  out.push(line || ' 0 x0', 'Subject To');
  for (let r = 0; r < m.numRows; r++) {
    let lhs = '';
    for (let k = m.rowStart[r]; k < m.rowStart[r + 1]; k++) lhs += ` ${term(m.rowValue[k], m.rowIndex[k])}`;
    if (!lhs) continue;
    const lo = m.rowLower[r], hi = m.rowUpper[r];
    if (lo === hi) out.push(` r${r}:${lhs} = ${lo}`);
    else {
      if (Number.isFinite(lo)) out.push(` r${r}l:${lhs} >= ${lo}`);
      if (Number.isFinite(hi)) out.push(` r${r}u:${lhs} <= ${hi}`);
    }
  }
  out.push('Bounds');
  for (let j = 0; j < m.numCols; j++) out.push(` ${Number.isFinite(m.colLower[j]) ? m.colLower[j] : '-inf'} <= x${j} <= ${Number.isFinite(m.colUpper[j]) ? m.colUpper[j] : '+inf'}`);
  const ints = [];
  for (let j = 0; j < m.numCols; j++) if (m.integer[j]) ints.push(`x${j}`);
  if (ints.length) out.push('General', ...ints.map((x) => ` ${x}`));
  out.push('End', '');
  return out.join('\n');
}

/** CBC as a MipSolver: the model goes out as an LP file, the solution comes back from CBC's file. */
export function cbcSolver(): MipSolver & { calls: number; ms: number } {
  const s = {
    name: 'CBC',
    calls: 0,
    ms: 0,
    solveMip(model: MipModel, opts: MipSolveOptions): MipSolveResult {
      const dir = mkdtempSync('/tmp/peers-cbc-');
      try {
        writeFileSync(join(dir, 'm.lp'), toLp(model));
        const t0 = performance.now();
        const r = spawnSync('cbc', [join(dir, 'm.lp'), 'sec', String(Math.max(60, opts.timeLimitSec)), 'ratio', '0', 'allow', '0', 'solve', 'solu', join(dir, 's.txt')], { encoding: 'utf8' });
        const sec = (performance.now() - t0) / 1000;
        s.calls++;
        s.ms += sec * 1000;
        if (r.status !== 0) return { status: 'failed', x: null, objective: NaN, bound: NaN, timeSec: sec };
        const lines = readFileSync(join(dir, 's.txt'), 'utf8').split('\n');
        const x = new Float64Array(model.numCols);
        for (const l of lines.slice(1)) {
          const m = /^\s*\d+\s+x(\d+)\s+(\S+)/.exec(l);
          if (m) x[Number(m[1])] = Number(m[2]);
        }
        const optimal = /^Optimal/.test(lines[0]);
        const obj = evaluateMip(model, x).objective;
        return { status: optimal ? 'optimal' : 'failed', x, objective: obj, bound: optimal ? obj : NaN, timeSec: sec };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return s;
}

function gapRow(county: string, what: string, k: number, greedy: number, highs: number, optimum: number, unit: string, ms: { ours: number; peer: number }, cbcCalls: number) {
  if (cbcCalls === 0) {
    // our Lagrangian bound met the greedy value (or the reduced model was trivial): no MIP was left to hand over
    rows.push({ county, figure: `e. ${what}, k = ${k}: greedy (ours) vs CBC optimum, ${unit}`, ours: `${+greedy.toFixed(3)} (HiGHS ${+highs.toFixed(3)})`, peer: 'CBC not called', diff: 'our own bound proved greedy optimal before any solver ran', oursMs: ms.ours });
    return;
  }
  const gap = optimum > 0 ? (100 * (optimum - greedy)) / optimum : 0;
  rows.push({
    county,
    figure: `e. ${what}, k = ${k}: greedy (ours) vs CBC optimum, ${unit}`,
    ours: `${+greedy.toFixed(3)} (HiGHS ${+highs.toFixed(3)})`,
    peer: +optimum.toFixed(3),
    diff: `greedy gap ${gap.toFixed(2)} %; HiGHS − CBC ${+(highs - optimum).toFixed(6)}`,
    oursMs: ms.ours,
    peerMs: ms.peer,
  });
}

export async function sitingSection(county: string, project: Project): Promise<void> {
  const highs = await loadHighsNode();
  const siting = resolveSitingOptions();
  const hh = householdsOf(project);
  const townships = fcOf(project.layers.townships);
  const builtUp = fcOf(project.layers.builtUp);
  const roads = fcOf(project.layers.roads);
  // Kindergartens: children 3–5 newly within a radius, k = 1 … 3.
  const kg = resolveKindergartenOptions();
  for (let k = 1; k <= 3; k++) {
    const run = (solver: MipSolver) => {
      const t0 = performance.now();
      const r = siteKindergartens(
        { households: hh, kindergartens: fcOf(project.layers.kindergartens) ?? EMPTY, builtUp: builtUp ?? null, townships: townships ?? null, roads: roads ?? null },
        { ...kg, count: k, model: 'mclp', solver, timeLimitSec: siting.timeLimitSec, candidateSpacingMeters: siting.candidateSpacingMeters, candidateArea: siting.candidateArea, maxSnapMeters: siting.maxSnapMeters, candidateSource: 'grid' },
      );
      return { r, ms: performance.now() - t0 };
    };
    const cbc = cbcSolver();
    const a = run(highs);
    const b = run(cbc);
    gapRow(county, `kindergartens (children 3–5 newly in a radius, ${a.r.candidateCount} candidates)`, k, a.r.proof.greedyObjective, a.r.proof.objective, b.r.proof.objective, 'children', { ours: a.ms, peer: 0 }, cbc.calls);
  }
  // Fire stations: the coverage-vs-P curve, each P solved by the solver given.
  const fireOpts = fireOptionsFromCli(project, {});
  const run = (solver: MipSolver) => {
    const t0 = performance.now();
    const r = siteFireStations(
      { roads, builtUp, townships, households: hh.count > 0 ? hh : undefined, stations: fcOf(project.layers.fireStations) ?? EMPTY, distanceLayers: { kindergartens: fcOf(project.layers.kindergartens) ?? null } },
      { ...fireOpts, mode: 'network', ...siting, solver, curveTo: 3 },
    );
    return { r, ms: performance.now() - t0 };
  };
  const cbc = cbcSolver();
  const a = run(highs);
  const b = run(cbc);
  for (let k = 1; k <= 3; k++) {
    const ca = a.r.curve?.[k - 1];
    const cb = b.r.curve?.[k - 1];
    if (!ca || !cb) continue;
    // times: the whole curve (P = 1 … 3), solved by HiGHS (ours) and by CBC (the peer)
    const t = k === 1 ? { ours: a.r.timingMs.curve ?? 0, peer: b.r.timingMs.curve ?? 0 } : { ours: 0, peer: 0 };
    gapRow(county, `fire stations (${a.r.objective}, ${a.r.candidateCount} candidates)`, k, ca.greedyObjective, ca.objective, cb.objective, a.r.objective === 'households' ? 'households' : 'objective', t, cbc.calls);
  }
}
