import type { Highs } from 'highs';
import type { MipModel, MipSolveOptions, MipSolveResult, MipSolver } from '../../analysis/mip-model.ts';

/**
 * The {@link MipSolver} adapter for HiGHS (highs-js, WebAssembly). The module is loaded by
 * `loadHighsNode` (CLI, tests, benchmarks) or `loadHighsBrowser` (the worker); solving is
 * synchronous once loaded. The start is passed with `setSolution` (a warm start HiGHS checks for
 * feasibility); the proven bound is HiGHS's `mip_dual_bound`.
 *
 * @param highs - a loaded HiGHS module
 * @returns the solver adapter
 * @example
 * const solver = highsSolver(await loadHighsNode());
 * solveSitingExact(problem, { solver, timeLimitSec: 5 });
 */
export function highsSolver(highs: Highs): MipSolver {
  const v = highs.version;
  const name = `HiGHS ${v.major}.${v.minor}.${v.patch}`;
  return {
    name,
    solveMip(model: MipModel, options: MipSolveOptions): MipSolveResult {
      const t0 = performance.now();
      const inf = highs.infinity;
      const clamp = (a: Float64Array) => Float64Array.from(a, (x) => (x === Infinity ? inf : x === -Infinity ? -inf : x));
      const integrality = new Int32Array(model.numCols);
      for (let j = 0; j < model.numCols; j++) integrality[j] = model.integer[j] ? highs.constants.variableType.integer : highs.constants.variableType.continuous;
      const m = highs.createModel({
        numCols: model.numCols,
        numRows: model.numRows,
        sense: model.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
        colCost: model.colCost,
        colLower: clamp(model.colLower),
        colUpper: clamp(model.colUpper),
        rowLower: clamp(model.rowLower),
        rowUpper: clamp(model.rowUpper),
        matrix: { format: 'csr', numRows: model.numRows, numCols: model.numCols, starts: model.rowStart, indices: model.rowIndex, values: model.rowValue },
        integrality,
      });
      try {
        m.options.set({ output_flag: false, time_limit: options.timeLimitSec });
        if (options.relativeGap !== undefined) m.options.set({ mip_rel_gap: options.relativeGap });
        if (options.absoluteGap !== undefined) m.options.set({ mip_abs_gap: options.absoluteGap });
        if (options.start) m.setSolution({ colValue: options.start });
        m.run();
        const code = m.getModelStatus();
        const S = highs.constants.modelStatus;
        const status: MipSolveResult['status'] =
          code === S.optimal ? 'optimal' : code === S.timeLimit || code === S.interrupted ? 'time-limit' : code === S.infeasible ? 'infeasible' : 'failed';
        const info = (k: string) => {
          try {
            return Number(m.info.get(k));
          } catch {
            return NaN;
          }
        };
        // primal_solution_status 2 = a feasible solution (HiGHS kSolutionStatusFeasible).
        const hasX = info('primal_solution_status') === 2;
        const x = hasX ? Float64Array.from(m.getSolution().colValue) : null;
        const dual = info('mip_dual_bound');
        const bound = Number.isFinite(dual) && Math.abs(dual) < inf / 2 ? dual : model.sense === 'max' ? Infinity : -Infinity;
        return { status, x, objective: x ? m.getObjectiveValue() : NaN, bound, timeSec: (performance.now() - t0) / 1000 };
      } finally {
        m.dispose();
      }
    },
  };
}
