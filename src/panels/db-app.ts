import { openBrowserDuckDb } from '../db/duckdb-browser';
import { loadProjectIntoDb, setDbOpener } from '../db/db-session';
import { useAppStore } from '../state/store';

let started = false;

/**
 * Start the database side of the app once, when the first panel that needs SQL (indicators, tables,
 * SQL) mounts: DuckDB-wasm starts in its worker, the open project is put into tables, and so is
 * every project loaded after. The map and the other tabs never wait for it.
 */
export function startDbSync(): void {
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
