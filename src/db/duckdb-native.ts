import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  INTEGER,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';
import bindings from '@duckdb/node-bindings';
import { SAFE_SETUP_SQL } from './duckdb-wasm-adapter.ts';
import { quoteIdentifier, refusedSql } from './sql-utils.ts';
import { QueryCancelledError, RefusedStatementError, dbDateText, dbIntegerValue, type QueryOptions, type Row, type TableColumn, type TabularDb } from './tabular-db.ts';

/** Rows per appended chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;
/** The staging table {@link DuckDbNativeAdapter.insertTable} appends to before the final CREATE TABLE. */
const STAGE = '__coverage_planner_stage';
/** The staging table of the category columns' dictionaries: column index, code, text. */
const STAGE_DICT = '__coverage_planner_stage_dict';

/**
 * {@link TabularDb} on native DuckDB (@duckdb/node-api), for the CLI, tests and benchmarks in Node
 * only — never imported by browser code. It behaves as {@link DuckDbWasmAdapter} does: the same
 * {@link SAFE_SETUP_SQL} (no extension autoload/autoinstall, no file or URL access, configuration
 * locked), INSTALL/LOAD refused, `?` parameters bound (numbers as DOUBLE, as duckdb-wasm binds
 * them), rows as plain objects with BIGINT/HUGEINT/DECIMAL as JS numbers and DATE/TIMESTAMP as
 * text (`dbDateText`), and category columns stored as VARCHAR (what duckdb-wasm makes of an Arrow
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
    const refused = refusedSql(sql, params.length);
    if (refused) return Promise.reject(refused);
    const { signal } = options;
    return this.serial(async () => {
      if (signal?.aborted) throw new QueryCancelledError();
      const onAbort = () => this.conn.interrupt();
      signal?.addEventListener('abort', onAbort);
      try {
        // Always through the library's prepared path (values given, even none): it runs every
        // statement but the last, then the last, whose rows are returned, as wasm does. Its plain
        // path (no values) answered a script with the rows of its first SELECT.
        const result = await this.conn.run(sql, params.map(bindValue), params.map(bindType));
        if (signal?.aborted) throw new QueryCancelledError();
        const names = result.columnNames();
        const columns = (await result.convertColumns(WASM_LIKE)) as unknown[][];
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
   * Create (or replace) table `name`. Numbers, booleans, text and category codes are copied in
   * chunks into a staging table, the categories' dictionaries into a second one; one statement
   * then creates the table with each category code replaced by its text. So 1 M rows of a 20-value
   * column append 1 M integers, not 1 M strings, and the whole insert takes two calls into the
   * library's thread pool (each costs a thread hand-over, which adds up on a busy machine).
   */
  insertTable(name: string, columns: Record<string, TableColumn>): Promise<void> {
    return this.serial(async () => {
      const names = Object.keys(columns);
      const n = checkColumns(columns);
      const stageTypes: DuckDBType[] = names.map((c) => STAGE_TYPE[columns[c].type]);
      const defs = names.map((c, i) => `c${i} ${stageTypes[i].toString()}`).join(', ');
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (${defs}); CREATE OR REPLACE TEMP TABLE ${STAGE_DICT} (col INTEGER, k INTEGER, v VARCHAR)`);
      try {
        const appender = await this.conn.createAppender(STAGE, 'main', 'temp');
        const cols = names.map((c) => staged(columns[c]));
        for (let start = 0; start < n; start += CHUNK_ROWS) {
          const m = Math.min(CHUNK_ROWS, n - start);
          const chunk = DuckDBDataChunk.create(stageTypes, m);
          cols.forEach((col, i) => fillVector(chunk, i, col, start, m));
          appender.appendDataChunk(chunk);
        }
        appender.closeSync();
        const dict = await this.conn.createAppender(STAGE_DICT, 'main', 'temp');
        names.forEach((c, i) => {
          const col = columns[c];
          if (col.type !== 'category') return;
          const entries = col.dict.length;
          for (let start = 0; start < entries; start += CHUNK_ROWS) {
            const m = Math.min(CHUNK_ROWS, entries - start);
            const chunk = DuckDBDataChunk.create([INTEGER, INTEGER, VARCHAR], m);
            fillVector(chunk, 0, { type: 'category', codes: new Int32Array(m).fill(i) }, 0, m);
            fillVector(chunk, 1, { type: 'category', codes: Int32Array.from({ length: m }, (_, k) => start + k) }, 0, m);
            fillVector(chunk, 2, { type: 'varchar', values: col.dict }, start, m);
            dict.appendDataChunk(chunk);
          }
        });
        dict.closeSync();
        const select = names.map((c, i) =>
          columns[c].type === 'category'
            ? `(SELECT list(v ORDER BY k) FROM temp.main.${STAGE_DICT} WHERE col = ${i})[c${i} + 1] AS ${quoteIdentifier(c)}`
            : `c${i} AS ${quoteIdentifier(c)}`,
        );
        await this.conn.run(
          `DROP TABLE IF EXISTS ${quoteIdentifier(name)}; ` +
            `CREATE TABLE ${quoteIdentifier(name)} AS SELECT ${select.join(', ')} FROM temp.main.${STAGE}; ` +
            `DROP TABLE temp.main.${STAGE}; DROP TABLE temp.main.${STAGE_DICT}`,
        );
      } catch (err) {
        await this.conn.run(`DROP TABLE IF EXISTS temp.main.${STAGE}; DROP TABLE IF EXISTS temp.main.${STAGE_DICT}`);
        throw err;
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

/** A column ready for chunk-wise copying: numbers as Float64Array, booleans as 0/1/255 bytes. */
type StagedColumn =
  | { type: 'double'; values: Float64Array }
  | { type: 'boolean'; values: Uint8Array }
  | { type: 'varchar'; values: readonly (string | null)[] }
  | { type: 'category'; codes: Int32Array };

function staged(col: TableColumn): StagedColumn {
  switch (col.type) {
    case 'double':
      return { type: 'double', values: col.values instanceof Float64Array ? col.values : Float64Array.from(col.values, (x) => (typeof x === 'number' ? x : NaN)) };
    case 'boolean':
      return { type: 'boolean', values: col.values instanceof Uint8Array ? col.values : Uint8Array.from(col.values, (v) => (v === true ? 1 : v === false ? 0 : 255)) };
    case 'varchar':
      return { type: 'varchar', values: col.values };
    case 'category':
      return { type: 'category', codes: col.codes };
  }
}

/**
 * Write rows `start … start+m` of `col` into vector `i` of `chunk`: numbers and codes are copied
 * into the vector's memory in one call (no per-value call into the library), the validity mask
 * (bit k of the little-endian words = row k present) is written when a value is missing
 * (NaN/±Infinity, 255, code -1, null).
 */
function fillVector(chunk: DuckDBDataChunk, i: number, col: StagedColumn, start: number, m: number): void {
  const vector = bindings.data_chunk_get_vector(chunk.chunk, i);
  const mask = new Uint8Array(Math.ceil(m / 64) * 8).fill(0xff);
  let missing = 0;
  const unset = (k: number) => {
    mask[k >> 3] &= ~(1 << (k & 7));
    missing++;
  };
  switch (col.type) {
    case 'double': {
      const v = col.values;
      bindings.copy_data_to_vector(vector, 0, v.buffer as ArrayBuffer, v.byteOffset + start * 8, m * 8);
      for (let k = 0; k < m; k++) {
        const x = v[start + k];
        if (x - x !== 0) unset(k);
      }
      break;
    }
    case 'category': {
      const c = col.codes;
      bindings.copy_data_to_vector(vector, 0, c.buffer as ArrayBuffer, c.byteOffset + start * 4, m * 4);
      for (let k = 0; k < m; k++) if (c[start + k] < 0) unset(k);
      break;
    }
    case 'boolean': {
      const bytes = new Uint8Array(m);
      for (let k = 0; k < m; k++) {
        const b = col.values[start + k];
        if (b === 1) bytes[k] = 1;
        else if (b !== 0) unset(k);
      }
      bindings.copy_data_to_vector(vector, 0, bytes.buffer, 0, m);
      break;
    }
    case 'varchar':
      for (let k = 0; k < m; k++) {
        const v = col.values[start + k];
        if (typeof v === 'string') bindings.vector_assign_string_element(vector, k, v);
        else unset(k);
      }
      break;
  }
  if (missing > 0) {
    bindings.vector_ensure_validity_writable(vector);
    bindings.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, mask.byteLength);
  }
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

/**
 * Values as duckdb-wasm's adapter returns them: its `castDecimalToDouble` turns a DECIMAL into
 * `value × 10^-scale` (so 0.1 + 0.2 reads 0.30000000000000004 there), done the same way here so
 * that both engines give the same double; everything else as node-api's plain-JS converter.
 */
const DATE_TYPES: ReadonlySet<DuckDBTypeId> = new Set([DuckDBTypeId.DATE, DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ]);

const WASM_LIKE: DuckDBValueConverter<JS> = (value, type, converter) => {
  if (type.typeId === DuckDBTypeId.DECIMAL && value instanceof DuckDBDecimalValue) return Number(value.value) * 10 ** -value.scale;
  if (DATE_TYPES.has(type.typeId)) {
    const d = JSDuckDBValueConverter(value, type, converter);
    return d instanceof Date ? dbDateText(d.getTime(), type.typeId !== DuckDBTypeId.DATE) : d;
  }
  return JSDuckDBValueConverter(value, type, converter);
};

/** Columns (JS values) → row objects with JS numbers, dates as text (dbDateText) and plain nesting. */
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
  if (typeof v === 'bigint') return dbIntegerValue(v);
  if (typeof v !== 'object') return v;
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plain);
  // a BLOB: its own bytes in a plain Uint8Array, as the wasm adapter gives it (a Buffer here is a view of a larger pool)
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}
