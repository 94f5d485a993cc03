import { create } from 'zustand';
import type { Project } from '../../layers/types.ts';
import { runIndicators, type IndicatorResults } from './indicators.ts';
import { loadProjectTables, type LoadedTables } from './project-tables.ts';
import { quoteIdentifier } from './sql-utils.ts';
import { QueryCancelledError, type TableColumn, type TabularDb } from './tabular-db.ts';

/** Where the app's database is: starting the engine, loading the project's tables, ready, failed. */
export interface DbSessionState {
  status: 'idle' | 'starting' | 'loading' | 'ready' | 'error';
  message: string | null;
  /** Project revision whose tables are loaded. */
  revision: number;
  /** Increments whenever tables change (project load, ledger import): views re-query on it. */
  version: number;
  tables: LoadedTables;
  indicators: IndicatorResults | null;
  indicatorParams: Record<string, number>;
  /** `version` the indicators were computed on. */
  indicatorsVersion: number;
  /**
   * Changes made in the SQL console to the loaded tables: 'edited' after a statement that may change
   * tables, 'replaced' once the tables were loaded again from the project over such changes (the
   * console says so), null otherwise.
   */
  consoleEdits: 'edited' | 'replaced' | null;
}

/** Initial state: nothing started. */
export function emptyDbSession(): DbSessionState {
  return { status: 'idle', message: null, revision: 0, version: 0, tables: {}, indicators: null, indicatorParams: {}, indicatorsVersion: -1, consoleEdits: null };
}

/** Tables loaded for a project revision. */
export function dbTablesLoaded(s: DbSessionState, p: { revision: number; tables: LoadedTables }): DbSessionState {
  return { ...s, status: 'ready', message: null, revision: p.revision, tables: p.tables, version: s.version + 1, indicators: null, consoleEdits: s.consoleEdits ? 'replaced' : null };
}

/** A table was added or replaced (ledger import). */
export function dbTableChanged(s: DbSessionState, p: { name: string; rows: number }): DbSessionState {
  return { ...s, tables: { ...s.tables, [p.name]: p.rows }, version: s.version + 1 };
}

/**
 * Tables may have changed outside the app's loaders (a statement in the SQL console): the row
 * counts of the known tables are replaced (dropped ones removed) and `version` moves on, so views
 * re-query and the indicators are marked stale and recomputed.
 */
export function dbTablesEdited(s: DbSessionState, p: { tables: LoadedTables }): DbSessionState {
  return { ...s, tables: p.tables, version: s.version + 1, consoleEdits: 'edited' };
}

/** The database's own small store (status, tables, last indicator results), separate from the app store. */
export const useDbSession = create<DbSessionState>()(() => emptyDbSession());

let dbPromise: Promise<TabularDb> | null = null;
let opener: (() => Promise<TabularDb>) | null = null;
/**
 * The one queue of the database's loads and indicator runs: each starts when the one before has
 * ended. A load drops every table of `main` and an indicator run writes `policy`, `indicator_*` and
 * TEMP stand-ins of the tables it lacks; a load that started while a run was mid-way (an undo of
 * 新建项目 while the empty project's indicators were computing) dropped the run's tables under it
 * (session 17, test/db/session-queue.test.ts).
 */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every load and run queued before it has ended (failed or not). */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Runs `task` on the database in the one queue of loads and indicator runs: after everything queued
 * before it has ended, and nothing queued after it starts before it ends. For every other use of
 * the database (the SQL console, the 表格 tab, the ledger import): a load drops every table and an
 * indicator run puts TEMP stand-ins in front of tables, so a statement run beside them failed ("Table
 * with name households does not exist"), was dropped, or read a stand-in (session 18). A task
 * asked for while a run is under way waits for it (an indicator run takes about a second on the
 * demo county). `signal` aborted before the task's turn: it never runs ({@link QueryCancelledError}).
 */
export function withDb<T>(task: (db: TabularDb) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return enqueue(async () => {
    if (signal?.aborted) throw new QueryCancelledError();
    return task(await getDb());
  });
}

/**
 * Set how the engine is started (the browser worker in the app, once; Node in tests). The next
 * {@link getDb} opens it: a database opened by an earlier opener is no longer handed out (test
 * files sharing one process each set their own).
 */
export function setDbOpener(open: () => Promise<TabularDb>): void {
  opener = open;
  dbPromise = null;
}

/** The database, started on first use. */
export function getDb(): Promise<TabularDb> {
  if (!opener) return Promise.reject(new Error('no database opener set'));
  if (!dbPromise) {
    useDbSession.setState({ status: 'starting', message: null });
    dbPromise = opener();
    dbPromise.catch((err: unknown) => {
      dbPromise = null;
      useDbSession.setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
    });
  }
  return dbPromise;
}

/** Load a project's layers as tables (once per revision); later calls wait for the running load. */
export function loadProjectIntoDb(project: Project, revision: number): Promise<void> {
  return enqueue(async () => {
    if (useDbSession.getState().revision === revision && useDbSession.getState().status === 'ready') return;
    try {
      const db = await getDb();
      performance.mark('coverage:db:open');
      useDbSession.setState({ status: 'loading', message: null });
      await dropAllTables(db);
      const tables = await loadProjectTables(db, project);
      performance.mark('coverage:db:tables');
      useDbSession.setState((s) => dbTablesLoaded(s, { revision, tables }));
    } catch (err) {
      useDbSession.setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  });
}

/** Drop every table and view (a new project starts clean: no layer or imported sheet of the last one). */
export async function dropAllTables(db: TabularDb): Promise<void> {
  const rows = await db.query(
    "SELECT table_catalog AS catalog, table_name AS name, table_type AS type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'",
  );
  // catalog-qualified: a name alone, or main.<name> (TEMP objects live in temp.main), finds an
  // indicator run's TEMP stand-in of the same name first ("Existing object … is of type View")
  for (const r of rows) {
    const name = `${quoteIdentifier(String(r.catalog))}.main.${quoteIdentifier(String(r.name))}`;
    await db.query(`DROP ${r.type === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${name}`);
  }
}

/**
 * A sheet imported as a table (the ledger import of the 指标 tab): created (or replaced) under
 * `name`, and the session's tables say so.
 */
export function importTable(name: string, columns: Record<string, TableColumn>, rows: number): Promise<void> {
  return withDb(async (db) => {
    await db.insertTable(name, columns);
    useDbSession.setState((s) => dbTableChanged(s, { name, rows }));
  });
}

/**
 * Note that SQL typed by the user may have changed tables: recount the known tables and apply
 * {@link dbTablesEdited}. Called inside a {@link withDb} task (the console's), with its database.
 */
export async function noteTablesEdited(db: TabularDb): Promise<void> {
  const existing = new Set(
    (await db.query("SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main'")).map((r) => String(r.name)),
  );
  const tables: LoadedTables = {};
  for (const name of Object.keys(useDbSession.getState().tables)) {
    if (!existing.has(name)) continue;
    const [row] = await db.query(`SELECT count(*) AS n FROM ${quoteIdentifier(name)}`);
    tables[name] = Number(row.n);
  }
  useDbSession.setState((s) => dbTablesEdited(s, { tables }));
}

/**
 * Compute every indicator on the loaded tables and keep the result in the session. Runs one at a
 * time, in one queue with the loads (a call waits for the loads and runs asked for before it), so
 * neither two panels asking at once nor a project load can interleave with a run. A run stamps its
 * result with the tables' `version` it ran on; a load queued after it moves the version on, and the
 * panel then asks again.
 */
export function computeIndicators(readSql: (file: string) => string, params: Record<string, number>): Promise<IndicatorResults> {
  // the same request again (the panel opening while the warm-up computes): wait for that run
  const key = JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  const version = useDbSession.getState().version;
  if (inflight && inflight.key === key && inflight.version === version) return inflight.promise;
  const run = async () => {
    const db = await getDb();
    const version = useDbSession.getState().version;
    const res = await runIndicators(db, readSql, params);
    performance.mark('coverage:db:indicators');
    useDbSession.setState({ indicators: res, indicatorParams: params, indicatorsVersion: version });
    return res;
  };
  const next = enqueue(run);
  const mine = { key, version, promise: next };
  inflight = mine;
  const clear = () => {
    if (inflight === mine) inflight = null;
  };
  next.then(clear, clear);
  return next;
}
let inflight: { key: string; version: number; promise: Promise<IndicatorResults> } | null = null;
