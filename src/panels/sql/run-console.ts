import { noteTablesEdited, useDbSession, withDb } from '../../db/db-session';
import { indicatorStamp, readsIndicatorTables } from './console-store';
import { mayChangeTables, splitSqlStatements } from '../../db/sql-utils';
import type { Row } from '../../db/tabular-db';

/** What a run of the SQL console gives: the last statement's rows, and its columns when it has no rows. */
export interface ConsoleResult {
  rows: Row[];
  /** The columns of a query without rows (DESCRIBE), else []. */
  emptyColumns: string[];
  /** Recounting the tables after a statement that may have changed them failed: why (the rows are still the statement's). */
  recountError: unknown;
  /** The tables' `version` the rows were read on (after the statements' own changes). */
  version: number;
  /** When the statements name a table an indicator run writes: which run they read ({@link indicatorStamp}); else null. */
  indicators: string | null;
}

/**
 * The tables an indicator run writes (indicator_clean_coal, policy …) exist only once the
 * indicators were computed on the loaded tables: a load drops them, and until session 20 a console
 * opened before the 指标 tab answered its own example `SELECT * FROM indicator_clean_coal` with
 * "Table … does not exist". Before statements that name one, with no run since the last load,
 * `compute` runs the indicators (as the 指标 tab would). Tables from an earlier run are left as they
 * are (a change typed into `policy` stays until the next run).
 * @returns why computing failed, or null
 */
export async function ensureIndicatorTables(sql: string, compute: () => Promise<unknown>): Promise<unknown> {
  if (!readsIndicatorTables(sql) || useDbSession.getState().indicators !== null) return null;
  return compute().then(
    () => null,
    (e: unknown) => e ?? new Error('indicators failed'),
  );
}

/**
 * Runs the statements typed in the SQL console one after the other and returns the last one's
 * rows: in the database's queue ({@link withDb}), so a project load or an indicator run never
 * happens between or under them (the console shows 运行中… and 取消 while it waits). `signal`
 * cancels them, also before their turn. When a statement may have changed tables, the session's
 * tables are recounted in the same turn (also when a later statement failed), so views re-query.
 * @param emptySql - the error message when there is no statement
 */
export async function runConsoleSql(sql: string, signal: AbortSignal, emptySql: string): Promise<ConsoleResult> {
  const statements = splitSqlStatements(sql);
  if (statements.length === 0) throw new Error(emptySql);
  return withDb(async (db) => {
    let changed = false;
    let result: Pick<ConsoleResult, 'rows' | 'emptyColumns'> | null = null;
    let failure: unknown = null;
    try {
      let last: Row[] = [];
      for (const s of statements) {
        changed ||= mayChangeTables(s);
        last = await db.query(s, [], { signal });
      }
      let emptyColumns: string[] = [];
      const lastStatement = statements[statements.length - 1];
      if (last.length === 0 && !mayChangeTables(lastStatement)) {
        // a query without rows still has columns: DESCRIBE gives them (a statement it cannot describe has none)
        emptyColumns = await db.query(`DESCRIBE ${lastStatement}`, [], { signal }).then((d) => d.map((r) => String(r.column_name)), () => []);
      }
      result = { rows: last, emptyColumns };
    } catch (e) {
      failure = e ?? new Error('statement failed');
    }
    // the indicators and the table view must not show figures of tables the statement changed
    const recountError = changed ? await noteTablesEdited(db).then(() => null, (e: unknown) => e ?? new Error('recount failed')) : null;
    if (!result) throw failure;
    const session = useDbSession.getState();
    return { ...result, recountError, version: session.version, indicators: readsIndicatorTables(sql) ? indicatorStamp(session) : null };
  }, signal);
}
