import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { SAFE_SETUP_SQL } from './duckdb-wasm-adapter.ts';
import { isExtensionStatement, quoteIdentifier, splitSqlStatements } from './sql-utils.ts';
import { QueryCancelledError, RefusedStatementError, type QueryOptions, type Row, type TableColumn, type TabularDb } from './tabular-db.ts';

/** Rows per appended chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;
/** The staging table {@link DuckDbNativeAdapter.insertTable} appends to before the final CREATE TABLE. */
const STAGE = '__coverage_planner_stage';

/**
 * {@link TabularDb} on native DuckDB (@duckdb/node-api), for the CLI, tests and benchmarks in Node
 * only — never imported by browser code. It behaves as {@link DuckDbWasmAdapter} does: the same
 * {@link SAFE_SETUP_SQL} (no extension autoload/autoinstall, no file or URL access, configuration
 * locked), INSTALL/LOAD refused, `?` parameters bound (numbers as DOUBLE, as duckdb-wasm binds
 * them), rows as plain objects with BIGINT/HUGEINT/DECIMAL as JS numbers and DATE/TIMESTAMP as
 * epoch milliseconds, and category columns stored as VARCHAR (what duckdb-wasm makes of an Arrow
 * dictionary column). Open with {@link openNativeDuckDb}.
 * @example
 * const db = await openNativeDuckDb();
 * const rows = await db.query('SELECT count(*) AS n FROM households WHERE township = ?', ['恒州镇']);
 */
export class DuckDbNativeAdapter implements TabularDb {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Create an in-memory instance, connect and lock its configuration. */
  static async open(): Promise<DuckDbNativeAdapter> {
    // Extensions off from the start, so nothing is autoloaded or fetched while the instance starts;
    // external access is switched off by SAFE_SETUP_SQL once connected (off at creation, DuckDB
    // refuses to start because it cannot look at its extension directory). One thread: sums of
    // doubles then add up in the same order as on single-threaded duckdb-wasm, so the indicators
    // are the same to the last bit on both engines (with 2 threads they differ in the 13th digit
    // and from run to run), and the batch runs counties in parallel processes anyway.
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      threads: '1',
    });
    const conn = await instance.connect();
    for (const stmt of SAFE_SETUP_SQL) await conn.run(stmt);
    return new DuckDbNativeAdapter(instance, conn);
  }

  /**
   * Run SQL (one or more statements; the rows of the last). INSTALL / LOAD statements are refused
   * with {@link RefusedStatementError} before DuckDB sees them. Aborting `options.signal` interrupts
   * the running statement and rejects with {@link QueryCancelledError}.
   */
  query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    if (typeof sql !== 'string' || sql.trim() === '') return Promise.reject(new Error('query needs SQL text'));
    const refused = splitSqlStatements(sql).find(isExtensionStatement);
    if (refused !== undefined) return Promise.reject(new RefusedStatementError(refused));
    const { signal } = options;
    return this.serial(async () => {
      if (signal?.aborted) throw new QueryCancelledError();
      const onAbort = () => this.conn.interrupt();
      signal?.addEventListener('abort', onAbort);
      try {
        const result =
          params.length === 0
            ? await this.conn.run(sql)
            : await this.conn.run(sql, params.map(bindValue), params.map(bindType));
        if (signal?.aborted) throw new QueryCancelledError();
        const names = result.columnNames();
        const columns = (await result.getColumnsJS()) as unknown[][];
        return toRows(names, columns);
      } catch (err) {
        if (signal?.aborted) throw new QueryCancelledError();
        throw err;
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /**
   * Create (or replace) table `name`. Numbers, booleans, text and category codes are appended in
   * chunks to a staging table; categories are then turned into their text by a bound list of the
   * dictionary, so 1 M rows of a 20-value column append 1 M integers, not 1 M strings.
   */
  insertTable(name: string, columns: Record<string, TableColumn>): Promise<void> {
    return this.serial(async () => {
      const names = Object.keys(columns);
      const n = checkColumns(columns);
      const stageTypes: DuckDBType[] = names.map((c) => STAGE_TYPE[columns[c].type]);
      const defs = names.map((c, i) => `c${i} ${stageTypes[i].toString()}`).join(', ');
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (${defs})`);
      try {
        const appender = await this.conn.createAppender(STAGE, 'main', 'temp');
        for (let start = 0; start < n; start += CHUNK_ROWS) {
          const m = Math.min(CHUNK_ROWS, n - start);
          const chunk = DuckDBDataChunk.create(stageTypes, m);
          names.forEach((c, i) => fillVector(chunk, i, columns[c], start, m));
          appender.appendDataChunk(chunk);
        }
        appender.closeSync();
        const values: DuckDBValue[] = [];
        const types: DuckDBType[] = [];
        const select = names.map((c, i) => {
          const col = columns[c];
          if (col.type !== 'category') return `c${i} AS ${quoteIdentifier(c)}`;
          values.push(listValue(col.dict));
          types.push(LIST(VARCHAR));
          return `(?::VARCHAR[])[c${i} + 1] AS ${quoteIdentifier(c)}`;
        });
        await this.conn.run(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`);
        const create = `CREATE TABLE ${quoteIdentifier(name)} AS SELECT ${select.join(', ')} FROM temp.main.${STAGE}`;
        if (values.length === 0) await this.conn.run(create);
        else await this.conn.run(create, values, types);
      } finally {
        await this.conn.run(`DROP TABLE IF EXISTS temp.main.${STAGE}`);
      }
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }

  /** One statement at a time: a connection is not re-entrant. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Open native DuckDB in memory (Node only: CLI, tests, benchmarks). */
export function openNativeDuckDb(): Promise<DuckDbNativeAdapter> {
  return DuckDbNativeAdapter.open();
}

const STAGE_TYPE: Record<TableColumn['type'], DuckDBType> = { double: DOUBLE, boolean: BOOLEAN, varchar: VARCHAR, category: INTEGER };

/**
 * Row count of equal-length columns; throws as the Arrow path does on different lengths, on no
 * columns and on a category code outside its dictionary.
 */
function checkColumns(columns: Record<string, TableColumn>): number {
  const names = Object.keys(columns);
  if (names.length === 0) throw new Error('insertTable needs at least one column');
  let length = -1;
  for (const name of names) {
    const col = columns[name];
    if (!col || !(col.type in STAGE_TYPE)) throw new Error(`column "${name}": unknown type`);
    const len = col.type === 'category' ? col.codes.length : col.values.length;
    if (col.type === 'category') {
      const { codes, dict } = col;
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c < -1 || c >= dict.length) throw new Error(`column "${name}": code ${c} at row ${i} is outside its dictionary`);
      }
    }
    if (length === -1) length = len;
    else if (len !== length) throw new Error(`column "${name}" has ${len} rows, expected ${length}`);
  }
  return length;
}

/** Write rows `start … start+m` of `col` into vector `i` of `chunk` (the missing markers → NULL). */
function fillVector(chunk: DuckDBDataChunk, i: number, col: TableColumn, start: number, m: number): void {
  const vec = chunk.getColumnVector(i) as unknown as { setItem(k: number, v: DuckDBValue): void; flush(): void };
  switch (col.type) {
    case 'double':
      for (let k = 0; k < m; k++) {
        const x = col.values[start + k] as number | null;
        vec.setItem(k, typeof x === 'number' && x - x === 0 ? x : null);
      }
      break;
    case 'boolean':
      for (let k = 0; k < m; k++) {
        const v = col.values[start + k];
        vec.setItem(k, v === 1 || v === true ? true : v === 0 || v === false ? false : null);
      }
      break;
    case 'varchar':
      for (let k = 0; k < m; k++) {
        const v = col.values[start + k];
        vec.setItem(k, typeof v === 'string' ? v : null);
      }
      break;
    case 'category':
      for (let k = 0; k < m; k++) {
        const c = col.codes[start + k];
        vec.setItem(k, c >= 0 ? c : null);
      }
      break;
  }
  vec.flush();
}

/** A parameter as duckdb-wasm binds it: numbers as DOUBLE, bigint as a number, undefined as NULL. */
function bindValue(v: unknown): DuckDBValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new Error(`cannot bind a parameter of type ${typeof v}`);
}

function bindType(v: unknown): DuckDBType {
  if (typeof v === 'number' || typeof v === 'bigint') return DOUBLE;
  if (typeof v === 'boolean') return BOOLEAN;
  return VARCHAR;
}

/** Columns (JS values) → row objects with JS numbers, epoch-millisecond dates and plain nesting. */
function toRows(names: readonly string[], columns: unknown[][]): Row[] {
  const n = columns.length > 0 ? columns[0].length : 0;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  names.forEach((name, c) => {
    const col = columns[c];
    for (let i = 0; i < n; i++) rows[i][name] = plain(col[i]);
  });
  return rows;
}

function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plain);
  if (ArrayBuffer.isView(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}
