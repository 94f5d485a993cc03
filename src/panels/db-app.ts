import { openBrowserDuckDb } from '../db/duckdb-browser';
import { loadProjectIntoDb, setDbOpener } from '../db/db-session';
import { useAppStore } from '../state/store';

let started = false;

/**
 * Start the database side of the app once: DuckDB-wasm (in its worker) starts when a project is
 * loaded, and every newly loaded project is put into tables.
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
