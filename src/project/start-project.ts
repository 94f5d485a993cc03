import { LAYER_LIST } from '../../layers/index';
import { clearHistory, installHistoryKeys } from '../state/history-store';
import { useAppStore } from '../state/store';
import { installWorkSaving, readSavedWork, registerDemoLayers, requestPersistentStorage, useWorkStore } from '../state/work-store';
import { runTask } from '../workers/run-task';
import { openDemoProject } from './open-project';

let demoExpected = 0;
let started = false;

function demoUrl(): string {
  return new URL('data/demo/', document.baseURI).href;
}

/** Opens the demo county and marks its layers as the demo's own (so saving skips them). */
export async function openDemo(): Promise<void> {
  demoExpected++;
  try {
    await openDemoProject();
  } finally {
    demoExpected--;
  }
}

/**
 * Starts the app's project: the work saved in this browser (IndexedDB) if there is any, else the
 * demo county. Also installs saving (throttled, on page hide), undo/redo keys, and asks once for
 * persistent storage. Runs once; later calls do nothing.
 */
export async function openInitialProject(): Promise<void> {
  if (started) return;
  started = true;
  useAppStore.subscribe((s, prev) => {
    if (demoExpected > 0 && s.project.project && s.project.project !== prev.project.project) registerDemoLayers(s.project.project);
  });
  installWorkSaving();
  installHistoryKeys();
  requestPersistentStorage();
  try {
    useAppStore.getState().setProjectLoading(null);
    const saved = await readSavedWork(async () => {
      const r = await runTask('loadProject', { source: { kind: 'url', baseUrl: demoUrl() } });
      registerDemoLayers(r.project);
      return r.project;
    });
    if (saved) {
      const s = useAppStore.getState();
      s.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
      s.setProject(saved);
      clearHistory();
      return;
    }
  } catch (err) {
    console.debug('restoring the saved project failed', err);
    // With no IndexedDB at all there is nothing to restore; the first save reports the problem.
    if (globalThis.indexedDB) useWorkStore.setState({ restoreError: err instanceof Error ? err.message : String(err) });
  }
  await openDemo();
}
