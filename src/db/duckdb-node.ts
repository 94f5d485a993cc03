import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DuckDbWasmAdapter, type DuckDbConnectionLike } from './duckdb-wasm-adapter.ts';

/** The part of duckdb-node-blocking.cjs used here (its package exports hide the .d.ts). */
interface NodeBlockingModule {
  createDuckDB(
    bundles: { mvp: { mainModule: string; mainWorker: string }; eh?: { mainModule: string; mainWorker: string } },
    logger: unknown,
    runtime: unknown,
  ): Promise<{ instantiate(): Promise<unknown>; open(config: object): void; connect(): unknown; reset(): void }>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

/**
 * Open DuckDB-wasm in Node (tests, CLI, benchmarks): the node-blocking build of
 * @duckdb/duckdb-wasm running `duckdb-eh.wasm`, the same engine the browser worker loads.
 * Both bundle slots point at the eh files so the mvp build can never be picked.
 */
export async function openNodeDuckDb(): Promise<DuckDbWasmAdapter> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const duckdb = require(entry) as NodeBlockingModule;
  const dist = dirname(entry);
  const eh = { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') };
  const bindings = await duckdb.createDuckDB({ mvp: eh, eh }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await bindings.instantiate();
  bindings.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = bindings.connect() as unknown as DuckDbConnectionLike;
  return DuckDbWasmAdapter.open(conn, () => bindings.reset());
}
