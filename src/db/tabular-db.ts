/** One result row: column name → value (numbers as JS numbers, text as strings, NULL as null). */
export type Row = Record<string, unknown>;

/**
 * A DATE as `2024-03-01`, a TIMESTAMP as `2024-03-01 10:00:00` (with `.123` when not a whole second):
 * how both engines hand dates to the app, so a table, a CSV and a workbook show a date, not epoch
 * milliseconds. DuckDB keeps them without a zone (TIMESTAMPTZ in UTC), read here in UTC.
 */
export function dbDateText(ms: number, time: boolean): string {
  if (!Number.isFinite(ms)) return String(ms);
  const iso = new Date(ms).toISOString(); // 2024-03-01T10:00:00.123Z
  if (!time) return iso.slice(0, 10);
  const whole = iso.slice(0, 19).replace('T', ' ');
  return iso.slice(20, 23) === '000' ? whole : `${whole}.${iso.slice(20, 23)}`;
}

/**
 * A 64- or 128-bit integer as the rows give it: a JS number while it is exact (|v| ≤ 2^53 − 1),
 * else its digits as text, so an id like 9007199254740993 is not shown as …992 (same on both engines).
 */
export function dbIntegerValue(v: bigint): number | string {
  return v >= -MAX_EXACT && v <= MAX_EXACT ? Number(v) : v.toString();
}
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** A typed column handed to {@link TabularDb.insertTable}. NaN / null / 255 mean missing. */
export type TableColumn =
  | { type: 'double'; values: Float64Array | number[] }
  | { type: 'boolean'; values: Uint8Array | (boolean | null)[] }
  | { type: 'varchar'; values: (string | null)[] }
  /** Dictionary-encoded text: `codes[i]` indexes `dict`, -1 = missing. */
  | { type: 'category'; codes: Int32Array; dict: string[] };

/** Options of one {@link TabularDb.query}. */
export interface QueryOptions {
  /**
   * Aborting it cancels the statement: a queued one never starts, a running one is stopped between
   * two steps of its execution. The query then rejects with {@link QueryCancelledError}.
   */
  signal?: AbortSignal;
}

/** A query was cancelled through its {@link QueryOptions.signal}. The database stays usable. */
export class QueryCancelledError extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('query cancelled');
    this.name = 'QueryCancelledError';
  }
}

/**
 * The app refuses to run a statement: INSTALL / LOAD / UPDATE EXTENSIONS (extensions would be
 * downloaded or read from disk). `statement` is the refused statement's text.
 */
export class RefusedStatementError extends Error {
  readonly code = 'refused-extension';
  constructor(readonly statement: string) {
    super(`extensions cannot be installed or loaded: ${statement.slice(0, 80)}`);
    this.name = 'RefusedStatementError';
  }
}

/**
 * The database as the rest of the app sees it: run SQL, insert columns. Two implementations with
 * the same behaviour: {@link DuckDbWasmAdapter} (the browser worker; Node with `--engine wasm`) and
 * DuckDbNativeAdapter (src/db/duckdb-native.ts, Node only); panels and the CLI take this
 * interface, never a DuckDB connection.
 */
export interface TabularDb {
  /**
   * Run one SQL statement and return its rows. `params` are bound to `?` placeholders
   * (a prepared statement), never spliced into the text.
   */
  query(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>;
  /** Create (or replace) table `name` from columns of equal length. */
  insertTable(name: string, columns: Record<string, TableColumn>): Promise<void>;
  /** Release the connection and the engine. */
  close(): Promise<void>;
}
