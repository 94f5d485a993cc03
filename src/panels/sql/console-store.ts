import { create } from 'zustand';
import type { DbSessionState } from '../../db/db-session';
import type { Row } from '../../db/tabular-db';

/** Rows of a result shown in the console's table. */
export const SHOWN_ROWS = 500;

/**
 * Cells (rows × columns) of a result kept whole once the console is left. `SELECT * FROM households`
 * on the demo county (200,000 rows × 16 columns) holds about 66 MB of row objects (measured in Node,
 * wasm engine, 21 bytes a cell); a result above this keeps only the rows shown when the tab is left.
 */
export const KEEP_CELLS = 1_000_000;

/** The last result of the SQL console, kept while the user is on other tabs. */
export interface KeptResult {
  /** The statements that gave it (what 重新运行 runs again). */
  sql: string;
  /** Its rows (all of them, or the first {@link SHOWN_ROWS} once `trimmed`). */
  rows: Row[];
  /** Its columns (also of a result without rows). */
  columns: string[];
  /** Rows the statement returned. */
  total: number;
  /** Only the rows shown were kept when the console was left (the result was above {@link KEEP_CELLS}). */
  trimmed: boolean;
  /** The database's tables `version` it was computed on. */
  version: number;
  /** For a statement that read tables an indicator run writes: that run ({@link indicatorStamp}); else null. */
  indicators: string | null;
}

/** What went wrong in the console, kept as found so that it is shown in the language of the moment. */
export type ConsoleProblem = { kind: 'sql'; error: unknown } | { kind: 'indicators'; error: unknown } | { kind: 'storage' };

/** The SQL console's state outside its component (the component is unmounted when its tab is left). */
export interface SqlConsoleState {
  result: KeptResult | null;
  problem: ConsoleProblem | null;
  /** The last run was cancelled (by 取消 or by leaving the tab). */
  cancelled: boolean;
}

/** Nothing run yet. */
export function emptyConsole(): SqlConsoleState {
  return { result: null, problem: null, cancelled: false };
}

/**
 * A run ended with rows (pure updater). `problem` is what went wrong beside it (recounting the
 * tables, computing the indicators first), or null.
 */
export function consoleRan(s: SqlConsoleState, p: { result: Omit<KeptResult, 'trimmed' | 'total'>; problem: ConsoleProblem | null }): SqlConsoleState {
  return { ...s, result: { ...p.result, total: p.result.rows.length, trimmed: false }, problem: p.problem, cancelled: false };
}

/** A run failed or was cancelled: no result is shown (pure updater). */
export function consoleFailed(s: SqlConsoleState, p: { problem: ConsoleProblem | null; cancelled: boolean }): SqlConsoleState {
  return { ...s, result: null, problem: p.problem, cancelled: p.cancelled };
}

/** A problem beside the result (pure updater): saving a query failed. */
export function consoleProblem(s: SqlConsoleState, p: { problem: ConsoleProblem | null }): SqlConsoleState {
  return { ...s, problem: p.problem };
}

/**
 * The console's tab is left (pure updater): a result of more than {@link KEEP_CELLS} cells keeps
 * only the rows shown. The rows are plain values (both adapters copy everything out of DuckDB's
 * result, BLOBs included), so the rows kept hold nothing of the rest.
 */
export function consoleLeft(s: SqlConsoleState): SqlConsoleState {
  const r = s.result;
  if (!r || r.trimmed || r.rows.length * Math.max(1, r.columns.length) <= KEEP_CELLS) return s;
  return { ...s, result: { ...r, rows: r.rows.slice(0, SHOWN_ROWS), trimmed: true } };
}

/** Tables an indicator run writes, named in SQL: policy, policy_sources, dilapidated_subsidy, indicator_<query>. */
const INDICATOR_TABLES = /\b(indicator_[a-z0-9_]+|policy|policy_sources|dilapidated_subsidy)\b/i;

/** Whether SQL names a table an indicator run writes (so its result depends on that run). Pure. */
export function readsIndicatorTables(sql: string): boolean {
  return INDICATOR_TABLES.test(sql);
}

/** Which indicator run the indicator tables hold now: the tables' version and the parameters it ran with (null: none since the last load). Pure. */
export function indicatorStamp(s: Pick<DbSessionState, 'indicators' | 'indicatorsVersion' | 'indicatorParams'>): string | null {
  if (!s.indicators) return null;
  return JSON.stringify([s.indicatorsVersion, Object.entries(s.indicatorParams).sort(([a], [b]) => a.localeCompare(b))]);
}

/**
 * Whether a kept result still says what the database holds: 'stale' when the tables changed
 * since (a project loaded again, an import, a statement that may change tables), or when it read
 * tables an indicator run writes and the indicators were computed again since. Pure.
 */
export function resultStatus(r: KeptResult, s: Pick<DbSessionState, 'version' | 'indicators' | 'indicatorsVersion' | 'indicatorParams'>): 'current' | 'stale' {
  if (r.version !== s.version) return 'stale';
  if (r.indicators !== null && r.indicators !== indicatorStamp(s)) return 'stale';
  return 'current';
}

/** The SQL console's store: its last result and problem survive leaving the tab. */
export const useSqlConsole = create<SqlConsoleState>()(() => emptyConsole());
