// Scaled siting instance for the bench (issue #14): 10,000 candidates × 200,000 demand points on a
// 60 km × 60 km plane, seeded. Demand: 60 % in 50 towns (Gaussian, σ 1–3 km), 40 % scattered;
// candidates uniform. A candidate covers every demand point within 1.5 km (straight line on the
// plane), so neighbouring candidates overlap as grid candidates on a county do.
import type { SparseCoverage } from '../../analysis/sparse-coverage.ts';
import { solveSitingExact } from '../../analysis/siting-exact.ts';
import type { MipSolver } from '../../analysis/mip-model.ts';
import { mulberry32, type BenchRow } from './util.ts';

/** The synthetic instance: candidate → demand within `radius` (CSR), from a seeded generator. */
export function scaledCoverage(options: { candidates?: number; demand?: number; sideMeters?: number; radiusMeters?: number; seed?: number } = {}): SparseCoverage {
  const m = options.candidates ?? 10_000;
  const n = options.demand ?? 200_000;
  const side = options.sideMeters ?? 60_000;
  const R = options.radiusMeters ?? 1500;
  const rnd = mulberry32(options.seed ?? 14);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const towns = Array.from({ length: 50 }, () => ({ x: rnd() * side, y: rnd() * side, s: 1000 + 2000 * rnd() }));
  const dx = new Float64Array(n), dy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.6) {
      const t = towns[Math.floor(rnd() * towns.length)];
      dx[i] = Math.min(side, Math.max(0, t.x + t.s * gauss()));
      dy[i] = Math.min(side, Math.max(0, t.y + t.s * gauss()));
    } else {
      dx[i] = rnd() * side;
      dy[i] = rnd() * side;
    }
  }
  // Bucket demand by R × R cells.
  const cells = Math.ceil(side / R) + 1;
  const head = new Int32Array(cells * cells + 1);
  const cellOf = (x: number, y: number) => Math.floor(y / R) * cells + Math.floor(x / R);
  for (let i = 0; i < n; i++) head[cellOf(dx[i], dy[i]) + 1]++;
  for (let k = 0; k < cells * cells; k++) head[k + 1] += head[k];
  const fill = head.slice(0, cells * cells);
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[fill[cellOf(dx[i], dy[i])]++] = i;
  const offset = new Int32Array(m + 1);
  const out: number[] = [];
  const R2 = R * R;
  for (let c = 0; c < m; c++) {
    const x = rnd() * side, y = rnd() * side;
    const cx = Math.floor(x / R), cy = Math.floor(y / R);
    const mine: number[] = [];
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(cells - 1, cy + 1); gy++) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(cells - 1, cx + 1); gx++) {
        const k = gy * cells + gx;
        for (let q = head[k]; q < head[k + 1]; q++) {
          const i = sorted[q];
          const ex = dx[i] - x, ey = dy[i] - y;
          if (ex * ex + ey * ey <= R2) mine.push(i);
        }
      }
    }
    mine.sort((a, b) => a - b);
    for (const i of mine) out.push(i);
    offset[c + 1] = out.length;
  }
  return { candidateCount: m, demandCount: n, offset, demand: Int32Array.from(out) };
}

/** Bench rows: MCLP P = 10 and set cover of all coverable demand, exact (HiGHS) beside greedy. */
export function scaledSitingRows(solver: MipSolver, load: () => string): BenchRow[] {
  const t0 = performance.now();
  const coverage = scaledCoverage();
  const buildMs = performance.now() - t0;
  const weights = new Float64Array(coverage.demandCount).fill(1);
  const covered = new Uint8Array(coverage.demandCount);
  for (const d of coverage.demand) covered[d] = 1;
  const coverable = covered.reduce((a, v) => a + v, 0);
  const size = `${coverage.candidateCount.toLocaleString('en')} candidates × ${coverage.demandCount.toLocaleString('en')} demand, ${coverage.demand.length.toLocaleString('en')} pairs (built in ${Math.round(buildMs)} ms), ${coverable.toLocaleString('en')} demand coverable`;
  const rows: BenchRow[] = [];
  const cases = [
    { name: 'scaled MCLP, P = 10', problem: { model: 'mclp' as const, coverage, weights, p: 10 }, timeLimitSec: 60 },
    { name: 'scaled set cover, 100 % of the coverable demand', problem: { model: 'lscp' as const, coverage, weights, share: 1, coverableOnly: true }, timeLimitSec: 120 },
  ];
  for (const c of cases) {
    const w0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = solveSitingExact(c.problem, { solver, timeLimitSec: c.timeLimitSec });
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - w0;
    const t = r.timingMs;
    const g = r.greedyObjective;
    const lscp = r.model === 'lscp';
    const short = lscp ? `greedy ${g} sites (+${((100 * (g - r.objective)) / r.objective).toFixed(1)}%)` : `greedy ${g} (${((100 * (r.objective - g)) / r.objective).toFixed(2)}% short)`;
    rows.push({
      name: `${c.name} (${coverage.candidateCount.toLocaleString('en')} × ${coverage.demandCount.toLocaleString('en')})`,
      ms,
      baselineMs: t.reduce + t.heuristic,
      baselineNote: 'reduce + greedy + interchange, no proof',
      note:
        `${r.status}, objective ${+r.objective.toFixed(3)}, bound ${+r.bound.toFixed(3)}, gap ${(100 * r.gap).toFixed(3)}%, ${short}; ${r.solver}${r.solverNote ? ` (${r.solverNote})` : ''}; ` +
        `reduce ${t.reduce} ms, heuristic ${t.heuristic} ms, bound ${t.bound} ms, solver ${t.solve} ms (limit ${c.timeLimitSec} s), CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms; ` +
        `model ${r.size.groups} groups × ${r.size.keptCandidates} candidates, MIP ${r.size.mipNonzeros} nonzeros; ${size}; ${load()}`,
    });
  }
  return rows;
}
