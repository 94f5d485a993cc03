import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DuckDbWasmAdapter, type DuckDbConnectionLike } from './duckdb-wasm-adapter.ts';

/**
 * Start DuckDB-wasm in its own Web Worker (the `eh` build, ~34 MB, bundled by Vite from
 * node_modules and served by the app itself: no CDN) and return the app's {@link TabularDb} over
 * it, with extension autoloading off and the configuration locked.
 */
export async function openBrowserDuckDb(): Promise<DuckDbWasmAdapter> {
  const worker = new Worker(duckdbWorkerUrl);
  const duck = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    await duck.instantiate(duckdbWasmUrl);
    await duck.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    const conn = await duck.connect();
    return await DuckDbWasmAdapter.open(conn as unknown as DuckDbConnectionLike, () => duck.terminate());
  } catch (err) {
    await duck.terminate().catch(() => undefined);
    throw err;
  }
}
