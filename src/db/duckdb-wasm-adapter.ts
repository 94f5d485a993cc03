import { columnsToArrowIpc } from './arrow-columns.ts';
import { quoteIdentifier } from './sql-utils.ts';
import type { Row, TableColumn, TabularDb } from './tabular-db.ts';

/** The slice of an Arrow table this adapter reads (duckdb-wasm bundles its own apache-arrow). */
interface ArrowVectorLike {
  length: number;
  nullCount: number;
  get(i: number): unknown;
  isValid(i: number): boolean;
  toArray(): ArrayLike<unknown>;
}
interface ArrowTableLike {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(i: number): ArrowVectorLike | null;
}
type MaybePromise<T> = T | Promise<T>;
interface PreparedLike {
  query(...params: unknown[]): MaybePromise<ArrowTableLike>;
  close(): MaybePromise<void>;
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
}

/**
 * Statements run on every new connection before anything else. Extension autoloading is switched
 * off: the json, parquet and spatial extensions are not in the wasm bundles, and offline an
 * autoload waits on a download instead of failing. `lock_configuration` then stops SQL typed into
 * the console from switching it back on.
 */
export const SAFE_SETUP_SQL: readonly string[] = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
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

  query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    if (typeof sql !== 'string' || sql.trim() === '') return Promise.reject(new Error('query needs SQL text'));
    return this.serial(async () => {
      if (params.length === 0) return toRows(await this.conn.query(sql));
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

  /** One statement at a time: a connection is not re-entrant. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function bindable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** Arrow table → row objects, column by column (much faster than Arrow's row proxies). */
function toRows(table: ArrowTableLike): Row[] {
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  table.schema.fields.forEach((field, c) => {
    const vec = table.getChildAt(c);
    if (!vec) return;
    const arr = vec.toArray();
    const direct = ArrayBuffer.isView(arr) && !(arr instanceof BigInt64Array) && !(arr instanceof BigUint64Array) && arr.length === n;
    for (let i = 0; i < n; i++) {
      if (vec.nullCount > 0 && !vec.isValid(i)) rows[i][field.name] = null;
      else rows[i][field.name] = direct ? arr[i] : plain(vec.get(i));
    }
  });
  return rows;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toArray' in v && typeof (v as { toArray: unknown }).toArray === 'function') {
    return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray(), plain);
  }
  return v;
}
