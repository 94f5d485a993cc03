import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DuckDbWasmAdapter, type DuckDbConnectionLike } from './duckdb-wasm-adapter.ts';
import type { TabularDb } from './tabular-db.ts';

/** The engine {@link openNodeDb} opens when none is named. */
export const DEFAULT_NODE_DB_ENGINE: NodeDbEngine = 'native';

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
  bindings.open({});
  const conn = bindings.connect() as unknown as DuckDbConnectionLike;
  return DuckDbWasmAdapter.open(conn, () => bindings.reset());
}

/** The DuckDB engines Node can open: native (@duckdb/node-api) or the wasm build the browser runs. */
export type NodeDbEngine = 'native' | 'wasm';
export const NODE_DB_ENGINES: readonly NodeDbEngine[] = ['native', 'wasm'];

/**
 * Open DuckDB in Node on the chosen engine. Both run the same SQL files behind {@link TabularDb}
 * with the same safety settings; native is the CLI's default (faster, see docs/deploy.md §4).
 * @example const db = await openNodeDb({ engine: 'wasm' });
 */
export async function openNodeDb(options: { engine?: NodeDbEngine } = {}): Promise<TabularDb> {
  const engine = options.engine ?? DEFAULT_NODE_DB_ENGINE;
  if (engine === 'wasm') return openNodeDuckDb();
  if (engine === 'native') {
    const { openNativeDuckDb } = await import('./duckdb-native.ts');
    return openNativeDuckDb();
  }
  throw new Error(`unknown DuckDB engine "${String(engine)}" (native or wasm)`);
}
