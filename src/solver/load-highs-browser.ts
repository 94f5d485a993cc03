import loadHighs from 'highs';
import wasmUrl from 'highs/runtime?url';
import { highsSolver } from './highs-solver.ts';
import type { MipSolver } from '../../analysis/mip-model.ts';

let loaded: Promise<MipSolver> | null = null;

/**
 * HiGHS in the browser (the analysis worker): `highs.wasm` is bundled by Vite as a local asset
 * (`?url` import) and served from the app's own origin — never a CDN. Loaded once per worker.
 *
 * @returns the HiGHS {@link MipSolver}
 */
export function loadHighsBrowser(): Promise<MipSolver> {
  loaded ??= loadHighs({ locateFile: () => wasmUrl }).then(highsSolver);
  return loaded;
}
