/**
 * A mixed-integer linear model in row form (CSR), independent of any solver:
 * optimise Σ colCost·x subject to rowLower ≤ A·x ≤ rowUpper, colLower ≤ x ≤ colUpper, x_j integer
 * where `integer[j]` is 1. Built by the siting models ({@link buildSitingMip} in siting-exact.ts)
 * and solved by a {@link MipSolver} that the caller passes in (HiGHS in src/solver/).
 */
export interface MipModel {
  sense: 'max' | 'min';
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 for an integer column. */
  integer: Uint8Array;
  /** Use ±Infinity for a missing bound. */
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** CSR: row r holds columns rowIndex[rowStart[r] … rowStart[r + 1] − 1] with coefficients rowValue. */
  rowStart: Int32Array;
  rowIndex: Int32Array;
  rowValue: Float64Array;
}

/** Options of {@link MipSolver.solveMip}. */
export interface MipSolveOptions {
  /** Wall-clock limit, seconds. */
  timeLimitSec: number;
  /** A feasible start (warm start), one value per column. */
  start?: Float64Array;
  /** Relative gap at which the solver may stop. Default: the solver's own (HiGHS 1e-4). */
  relativeGap?: number;
  /** Absolute gap at which the solver may stop (e.g. 0.999 when every objective value is a whole number). */
  absoluteGap?: number;
}

/** What a solver reports. */
export interface MipSolveResult {
  /** 'optimal' (within the gap tolerance), 'time-limit', 'infeasible', or 'failed' (anything else). */
  status: 'optimal' | 'time-limit' | 'infeasible' | 'failed';
  /** Best integer solution found, or null. */
  x: Float64Array | null;
  /** Objective of `x` (NaN without one). */
  objective: number;
  /** Proven bound: an upper bound when maximising, a lower bound when minimising (±Infinity when unknown). */
  bound: number;
  /** Solver's own wall time, seconds. */
  timeSec: number;
}

/** A MIP solver adapter (the HiGHS adapter lives in src/solver/; analysis/ never imports it). */
export interface MipSolver {
  /** Name and version, e.g. "HiGHS 1.15.3". */
  name: string;
  solveMip(model: MipModel, options: MipSolveOptions): MipSolveResult;
}

/**
 * Objective value of `x` and whether it satisfies every bound and row within `tol`.
 *
 * @param model - the model
 * @param x - one value per column
 * @param tol - absolute tolerance
 * @returns the objective and feasibility
 */
export function evaluateMip(model: MipModel, x: ArrayLike<number>, tol = 1e-6): { objective: number; feasible: boolean } {
  if (x.length !== model.numCols) throw new Error('evaluateMip: x must have one value per column');
  let objective = 0;
  let feasible = true;
  for (let j = 0; j < model.numCols; j++) {
    objective += model.colCost[j] * x[j];
    if (x[j] < model.colLower[j] - tol || x[j] > model.colUpper[j] + tol) feasible = false;
    if (model.integer[j] && Math.abs(x[j] - Math.round(x[j])) > tol) feasible = false;
  }
  for (let r = 0; r < model.numRows; r++) {
    let a = 0;
    for (let q = model.rowStart[r]; q < model.rowStart[r + 1]; q++) a += model.rowValue[q] * x[model.rowIndex[q]];
    if (a < model.rowLower[r] - tol || a > model.rowUpper[r] + tol) feasible = false;
  }
  return { objective, feasible };
}
