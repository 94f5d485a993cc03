import { afterAll, beforeAll } from 'vitest';
import { openNodeDb, type NodeDbEngine } from '../../src/db/duckdb-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';

/**
 * The two DuckDB engines every SQL test runs on (`describe.each(DB_ENGINES)`): native
 * (@duckdb/node-api, the CLI's default) and duckdb-wasm (the engine the browser ships). Real DuckDB
 * both times; one database per engine per file, opened in the block's beforeAll.
 */
export const DB_ENGINES: readonly { engine: NodeDbEngine; open: () => Promise<TabularDb> }[] = (['native', 'wasm'] as const).map((engine) => ({
  engine,
  open: () => openNodeDb({ engine }),
}));

/**
 * For a `describe.each(DB_ENGINES)` block: opens the engine's database before the block's first
 * test and closes it after its last; read `.db` inside the tests.
 */
export function useEngineDb(open: () => Promise<TabularDb>): { readonly db: TabularDb } {
  const held = {} as { db: TabularDb };
  beforeAll(async () => {
    held.db = await open();
  });
  afterAll(async () => {
    await held.db?.close();
  });
  return held;
}
