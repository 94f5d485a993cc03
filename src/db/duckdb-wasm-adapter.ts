import { tableFromIPC } from 'apache-arrow';
import { columnsToArrowIpc } from './arrow-columns.ts';
import { quoteIdentifier, refusedSql } from './sql-utils.ts';
import { QueryCancelledError, RefusedStatementError, dbDateText, dbIntegerValue, type QueryOptions, type Row, type TableColumn, type TabularDb } from './tabular-db.ts';

/** The slice of an Arrow table this adapter reads (duckdb-wasm bundles its own apache-arrow). */
interface ArrowVectorLike {
  length: number;
  nullCount: number;
  get(i: number): unknown;
  isValid(i: number): boolean;
  toArray(): ArrayLike<unknown>;
}
/** An Arrow data type as far as {@link valueReader} reads it (Arrow's `Type` ids are the same in every version). */
interface ArrowTypeLike {
  typeId: number;
  scale?: number;
  children?: { name: string; type: ArrowTypeLike }[];
}
interface ArrowTableLike {
  numRows: number;
  schema: { fields: { name: string; type: ArrowTypeLike }[] };
  getChildAt(i: number): ArrowVectorLike | null;
}
type MaybePromise<T> = T | Promise<T>;
interface PreparedLike {
  query(...params: unknown[]): MaybePromise<ArrowTableLike>;
  close(): MaybePromise<void>;
}
/**
 * The pending-query calls of duckdb-wasm's bindings (`AsyncDuckDB` in the browser answers with
 * promises, the Node `DuckDBBindings` with values). A pending query runs in steps of at most the
 * polling interval (100 ms), so it can be cancelled between two steps.
 */
export interface PendingQueryBindings {
  startPendingQuery(conn: number, text: string, allowStreamResult: boolean): MaybePromise<Uint8Array | null>;
  pollPendingQuery(conn: number): MaybePromise<Uint8Array | null>;
  cancelPendingQuery(conn: number): MaybePromise<boolean>;
  fetchQueryResults(conn: number): MaybePromise<Uint8Array | null>;
}
/**
 * What both duckdb-wasm connections offer: `AsyncDuckDBConnection` (browser worker) returns
 * promises, the Node blocking `DuckDBConnection` returns values; the adapter awaits either.
 */
export interface DuckDbConnectionLike {
  query(text: string): MaybePromise<ArrowTableLike>;
  prepare(text: string): MaybePromise<PreparedLike>;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): MaybePromise<void>;
  close(): MaybePromise<void>;
  useUnsafe<R>(callback: (bindings: PendingQueryBindings, conn: number) => R): R;
}

/**
 * Statements run on every new connection before anything else, in both the browser worker and
 * Node. Extensions can be neither installed nor loaded: autoinstall and autoload are off (the json,
 * parquet and spatial extensions are not in the wasm bundles, and offline an autoload waits on a
 * download instead of failing), community extensions are refused, no extension repository is set.
 * External access is off: DuckDB reads no file and no URL (`read_csv('/etc/passwd')`,
 * `read_csv('http://…')`, ATTACH, COPY … TO fail with a Permission Error); every table comes in
 * through {@link DuckDbWasmAdapter.insertTable} as Arrow from memory. `lock_configuration` then
 * stops SQL typed into the console from switching any of this back on.
 */
export const SAFE_SETUP_SQL: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET allow_community_extensions = false',
  "SET custom_extension_repository = ''",
  "SET autoinstall_extension_repository = ''",
  'SET enable_external_access = false',
  'SET lock_configuration = true',
];

/**
 * {@link TabularDb} over a duckdb-wasm connection. Construct with {@link DuckDbWasmAdapter.open},
 * which applies {@link SAFE_SETUP_SQL}.
 * @example
 * const db = await DuckDbWasmAdapter.open(conn, () => duck.terminate());
 * const rows = await db.query('SELECT count(*) AS n FROM households WHERE township = ?', ['恒州镇']);
 */
export class DuckDbWasmAdapter implements TabularDb {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly conn: DuckDbConnectionLike,
    private readonly onClose: () => MaybePromise<void>,
  ) {}

  /** Wrap a connection and lock its configuration (autoload off). */
  static async open(conn: DuckDbConnectionLike, onClose: () => MaybePromise<void> = () => {}): Promise<DuckDbWasmAdapter> {
    const db = new DuckDbWasmAdapter(conn, onClose);
    for (const stmt of SAFE_SETUP_SQL) await conn.query(stmt);
    return db;
  }

  /**
   * Run SQL (one or more statements; the rows of the last). INSTALL / LOAD statements are refused
   * with {@link RefusedStatementError} before DuckDB sees them. Without `params` the statement runs
   * as a pending query, step by step, and `options.signal` can cancel it.
   */
  query(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const refused = refusedSql(sql, params.length);
    if (refused) return Promise.reject(refused);
    const { signal } = options;
    return this.serial(async () => {
      if (signal?.aborted) throw new QueryCancelledError();
      if (params.length === 0) return toRows(await this.runPending(sql, signal));
      const stmt = await this.conn.prepare(sql);
      try {
        return toRows(await stmt.query(...params.map(bindable)));
      } finally {
        await stmt.close();
      }
    });
  }

  insertTable(name: string, columns: Record<string, TableColumn>): Promise<void> {
    return this.serial(async () => {
      const ipc = columnsToArrowIpc(columns);
      await this.conn.query(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`);
      await this.conn.insertArrowFromIPCStream(ipc, { name, create: true });
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.conn.close();
      await this.onClose();
    });
  }

  /**
   * Start `sql` as a pending query and poll it until its result is ready, cancelling it when
   * `signal` is aborted. In Node (blocking bindings) each step yields to the event loop so an abort
   * from a timer or an I/O callback is seen.
   */
  private runPending(sql: string, signal: AbortSignal | undefined): Promise<ArrowTableLike> {
    return this.conn.useUnsafe(async (b, id) => {
      let header = await b.startPendingQuery(id, sql, false);
      while (header === null || header === undefined) {
        if (signal?.aborted) {
          await b.cancelPendingQuery(id);
          throw new QueryCancelledError();
        }
        const step = b.pollPendingQuery(id);
        header = step instanceof Promise ? await step : (await nextTick(), step);
      }
      if (signal?.aborted) {
        await b.cancelPendingQuery(id);
        throw new QueryCancelledError();
      }
      const chunks: Uint8Array[] = [header];
      for (;;) {
        const chunk = await b.fetchQueryResults(id);
        if (!chunk || chunk.length === 0) break;
        chunks.push(chunk);
      }
      return tableFromIPC(chunks) as unknown as ArrowTableLike;
    });
  }

  /** One statement at a time: a connection is not re-entrant. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function nextTick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/**
 * Arrow table → row objects, column by column (much faster than Arrow's row proxies). Numbers come
 * out as JS numbers: BIGINT/HUGEINT as the nearest double, DECIMAL as `value × 10^-scale`, also
 * inside lists, structs and maps. (DuckDB-wasm's own castBigIntToDouble / castDecimalToDouble
 * relabel nested integer data as DOUBLE without converting it: `[2::BIGINT]` read 1e-323 and a
 * NULL in a list read 0, so the connection is opened without them and the values are read here.)
 * Lists are arrays (NULL entries null), structs plain objects, maps arrays of `{ key, value }`,
 * DATE/TIMESTAMP as text (`dbDateText`) — the same shapes as the native engine (duckdb-native.ts).
 */
function toRows(table: ArrowTableLike): Row[] {
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  table.schema.fields.forEach((field, c) => {
    const vec = table.getChildAt(c);
    if (!vec) return;
    const arr = vec.toArray();
    const direct = (arr instanceof Float64Array || arr instanceof Float32Array || arr instanceof Int32Array || arr instanceof Int16Array || arr instanceof Int8Array || arr instanceof Uint32Array || arr instanceof Uint16Array || arr instanceof Uint8Array) && field.type.typeId !== ARROW.Decimal && field.type.typeId !== ARROW.Date && field.type.typeId !== ARROW.Timestamp && arr.length === n;
    const read = direct ? null : valueReader(field.type);
    for (let i = 0; i < n; i++) {
      if (vec.nullCount > 0 && !vec.isValid(i)) rows[i][field.name] = null;
      else rows[i][field.name] = read ? read(vec.get(i)) : arr[i];
    }
  });
  return rows;
}

/** Arrow's type ids (enum `Type` of apache-arrow) read by {@link valueReader}. */
const ARROW = { Int: 2, Decimal: 7, Date: 8, Timestamp: 10, List: 12, Struct: 13, FixedSizeList: 16, Map: 17 } as const;

/** A function turning one value of an Arrow column of `type` (as `Vector.get` gives it) into plain JS. */
function valueReader(type: ArrowTypeLike): (v: unknown) => unknown {
  const kids = type.children ?? [];
  switch (type.typeId) {
    case ARROW.Date:
    case ARROW.Timestamp: {
      const time = type.typeId === ARROW.Timestamp;
      return (v) => (v == null ? null : dbDateText(v instanceof Date ? v.getTime() : Number(v), time));
    }
    case ARROW.Decimal: {
      const scale = type.scale ?? 0;
      return (v) => (v == null ? null : decimalValue(v as Uint32Array, scale));
    }
    case ARROW.List:
    case ARROW.FixedSizeList: {
      const item = valueReader(kids[0]?.type ?? { typeId: 0 });
      return (v) => (v == null ? null : Array.from(v as Iterable<unknown>, (x) => (x == null ? null : item(x))));
    }
    case ARROW.Struct: {
      const fields = kids.map((k) => ({ name: k.name, read: valueReader(k.type) }));
      return (v) => {
        if (v == null) return null;
        const row = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const f of fields) out[f.name] = row[f.name] == null ? null : f.read(row[f.name]);
        return out;
      };
    }
    case ARROW.Map: {
      const entry = kids[0]?.type.children ?? [];
      const key = valueReader(entry[0]?.type ?? { typeId: 0 });
      const value = valueReader(entry[1]?.type ?? { typeId: 0 });
      return (v) => (v == null ? null : Array.from(v as Iterable<[unknown, unknown]>, ([k, x]) => ({ key: k == null ? null : key(k), value: x == null ? null : value(x) })));
    }
    default:
      // a BLOB comes as a view of the whole result's buffer: copied, so a row kept does not hold the result
      return (v) => (typeof v === 'bigint' ? dbIntegerValue(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : v);
  }
}

/**
 * A DECIMAL's unscaled integer (little-endian 32-bit words, two's complement) × 10^-scale; with scale
 * 0 (how a HUGEINT reaches Arrow) an integer, as text beyond 2^53 like a BIGINT (dbIntegerValue).
 */
function decimalValue(words: Uint32Array, scale: number): number | string {
  let big = 0n;
  for (let i = words.length - 1; i >= 0; i--) big = (big << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (words.length > 0 && words[words.length - 1] & 0x80000000) big -= 1n << bits;
  return scale === 0 ? dbIntegerValue(big) : Number(big) * 10 ** -scale;
}
