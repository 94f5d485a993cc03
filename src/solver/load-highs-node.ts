import loadHighs from 'highs';
import { highsSolver } from './highs-solver.ts';
import type { MipSolver } from '../../analysis/mip-model.ts';

let loaded: Promise<MipSolver> | null = null;

/**
 * HiGHS for Node (CLI, tests, benchmarks): the package finds `highs.wasm` beside its loader in
 * node_modules. Loaded once per process.
 *
 * @returns the HiGHS {@link MipSolver}
 */
export function loadHighsNode(): Promise<MipSolver> {
  loaded ??= loadHighs().then(highsSolver);
  return loaded;
}
