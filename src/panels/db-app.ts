import { openBrowserDuckDb } from '../db/duckdb-browser';
import { computeIndicators, loadProjectIntoDb, setDbOpener, useDbSession } from '../db/db-session';
import { INDICATOR_PARAMS } from '../db/policy';
import { browserSqlSource } from '../db/sql-source-browser';
import { checkParams, fromProject } from '../../analysis/params';
import { effectiveProject, useAppStore } from '../state/store';

let started = false;

/** localStorage key: set once a tab that needs SQL (指标, 表格, SQL) has opened in this browser. */
const DB_USED_KEY = 'coverage-planner/v1/db-used';

function rememberDbUsed(): void {
  try {
    localStorage.setItem(DB_USED_KEY, '1');
  } catch {
    // storage refused (private mode, quota): the next visit simply starts DuckDB when its tab opens
  }
}

function dbUsedBefore(): boolean {
  try {
    return localStorage.getItem(DB_USED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Start the database side of the app once, when the first panel that needs SQL (indicators, tables,
 * SQL) mounts: DuckDB-wasm starts in its worker, the open project is put into tables, and so is
 * every project loaded after. The map and the other tabs never wait for it.
 */
export function startDbSync(fromPanel = true): void {
  if (fromPanel) rememberDbUsed();
  if (started) return;
  started = true;
  setDbOpener(openBrowserDuckDb);
  const sync = () => {
    const { project } = useAppStore.getState();
    if (project.status === 'ready' && project.project) void loadProjectIntoDb(project.project, project.revision);
  };
  useAppStore.subscribe((s, prev) => {
    if (s.project.revision !== prev.project.revision) sync();
  });
  sync();
}

let warmed = false;
let warmScheduled = false;

/**
 * Gets the database ready before a tab asks for it: DuckDB starts in its worker (its 33 MB
 * WebAssembly fetched and compiled there), the open project goes into tables (from the columns
 * the page already holds, through Arrow), and the indicators are computed with the project's
 * parameters, so opening 指标 shows them at once. Called once the map is usable (the project
 * drawn, the map idle), when the page is idle ({@link warmDbWhenIdle}); it never runs before the
 * first screen. Runs once; an error is left to the panels (they show the session's error).
 */
export async function warmDb(): Promise<void> {
  if (warmed) return;
  warmed = true;
  startDbSync(false);
  const { project } = useAppStore.getState();
  if (project.status !== 'ready' || !project.project) return;
  await loadProjectIntoDb(project.project, project.revision);
  const session = useDbSession.getState();
  if (session.status !== 'ready' || session.indicatorsVersion === session.version) return;
  await computeIndicators(browserSqlSource, projectIndicatorParams());
}

/** The indicator parameters of the open project (its params, else the defaults), as the 指标 tab computes with them. */
export function projectIndicatorParams(): Record<string, number> {
  const values = checkParams<Record<string, unknown>>(INDICATOR_PARAMS, fromProject(effectiveProject(useAppStore.getState().project.project)?.params)).values;
  return Object.fromEntries(INDICATOR_PARAMS.map((d) => [d.key, Number(values[d.key])]));
}

/**
 * {@link warmDb} at the page's next idle moment (`requestIdleCallback`, else a timer), after
 * `ready` resolves (the map usable) — only in a browser where a tab that needs SQL has been opened
 * before: a user who never opens 指标, 表格 or SQL never pays for DuckDB (its worker, 33 MB of
 * WebAssembly and the tables: issue #15's "loaded only when a tab needs SQL"), one who does finds it
 * ready. For benchmarks, `performance` gets the mark `coverage:db-warm` when it starts.
 */
export function warmDbWhenIdle(ready: Promise<void>): void {
  if (warmScheduled || !dbUsedBefore()) return;
  warmScheduled = true;
  void ready.then(() => {
    const start = () => {
      performance.mark('coverage:db-warm');
      warmDb().catch((err: unknown) => console.debug('warming the database failed', err));
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 5000 });
    else setTimeout(start, 0);
  });
}
