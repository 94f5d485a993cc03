import { LAYER_LIST } from '../../layers/index';
import { clearHistory, installHistoryKeys } from '../state/history-store';
import { useAppStore } from '../state/store';
import { checkOwner, claimWork, takeOverWork, useWorkLock } from '../state/work-lock';
import { editedWhileReadOnly, flushWork, installWorkSaving, readSavedWork, registerDemoLayers, requestPersistentStorage, restoreErrorOf, setSaveBlock, useWorkStore } from '../state/work-store';
import { runTask } from '../workers/run-task';
import { openDemoProject } from './open-project';
import { demoBaseUrl, dropEarlyLoad, takeEarlyLoad } from './early-load';
import { withSentLayers } from './load-preview';
import { adoptLinesAhead, endLinesAhead, expectLineTiles } from '../map/line-tiles/client';
import type { LayerData, LayerId } from '../../layers/types';

let demoExpected = 0;
/** Key prefix of the line sets the demo's early load cut ahead, when the saved work took it (forgotten once it is shown). */
let demoLinesPrefix: string | null = null;
let started = false;
let owner = false;
/**
 * Whether this tab saves now: it claimed the work and has not given it away since (another tab
 * took it over, or — without Web Locks — a tab that became the owner at the same moment kept it).
 */
function saving(): boolean {
  const role = useWorkLock.getState().role;
  return owner && role !== 'other-tab' && role !== 'taken-over';
}
/** Settles once this tab knows whether it saves the work ({@link owner} set). */
let ownerKnown: Promise<void> = Promise.resolve();

/** The demo county's project (its layers for saved work that uses them), from the early load if it runs. */
async function loadDemoProject() {
  const early = takeEarlyLoad(demoBaseUrl());
  if (!early) return (await runTask('loadProject', { source: { kind: 'url', baseUrl: demoBaseUrl() } })).project;
  const received: Partial<Record<LayerId, LayerData>> = {};
  // the saved work is shown when the whole project is in: nothing to draw first
  early.release();
  demoLinesPrefix = early.linesPrefix;
  early.follow((p) => {
    // the roads' tiles cut ahead serve the map if the saved work keeps the demo's roads
    if (p.linesAhead) expectLineTiles(p.linesAhead.key, p.linesAhead.fields);
    if (p.layer) received[p.layer.id] = p.layer.data;
  });
  const out = await early.output;
  const { project } = withSentLayers(out, received);
  adoptLinesAhead(project, out.linesAhead);
  return project;
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
 * Opens the saved work, or the demo county when nothing is saved. When the save cannot be read,
 * the demo opens but saving stays off ('restore-failed'), so the damaged save is never overwritten;
 * the banner offers to export it or (explicitly) discard it.
 */
async function restoreWork(): Promise<void> {
  useWorkStore.setState({ restoreError: null });
  try {
    useAppStore.getState().setProjectLoading(null);
    const saved = await readSavedWork(async () => {
      const project = await loadDemoProject();
      registerDemoLayers(project);
      return project;
    });
    if (saved) {
      // Whether this tab saves is known before the project is shown: an edit made at once (even in
      // the task that shows it) is then journalled at once, not only when the answer comes, which
      // could be after the page was left.
      await ownerKnown;
      const s = useAppStore.getState();
      s.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
      s.setProject(saved);
      clearHistory();
      setSaveBlock(saving() ? null : 'readonly');
      return;
    }
  } catch (err) {
    console.debug('restoring the saved project failed', err);
    // With no IndexedDB at all there is nothing to restore; the first save reports the problem.
    if (globalThis.indexedDB) {
      useWorkStore.setState({ restoreError: restoreErrorOf(err) });
      await ownerKnown;
      setSaveBlock(saving() ? 'restore-failed' : 'readonly');
      if (!useAppStore.getState().project.project) await openDemo();
      return;
    }
  }
  if (!useAppStore.getState().project.project) await openDemo();
  await ownerKnown;
  setSaveBlock(saving() ? null : 'readonly');
}

/**
 * Starts the app's project: the work saved in this browser (IndexedDB) if there is any, else the
 * demo county. Only one tab saves the work: a tab opened while another owns it is read-only until
 * the user takes over ({@link takeOver}). Also installs saving (journal at once, IndexedDB
 * throttled, flush on page hide), undo/redo keys, and asks once for persistent storage. Runs once;
 * later calls do nothing.
 */
export async function openInitialProject(): Promise<void> {
  if (started) return;
  started = true;
  useAppStore.subscribe((s, prev) => {
    if (demoExpected > 0 && s.project.project && s.project.project !== prev.project.project) registerDemoLayers(s.project.project);
  });
  installWorkSaving();
  installHistoryKeys();
  // an edit in a read-only tab (never saved): without Web Locks, ask whether the owner is still there
  useAppStore.subscribe((s, prev) => {
    if (s.project.project !== prev.project.project && prev.project.project && useWorkStore.getState().blocked === 'readonly') void checkOwner();
  });
  requestPersistentStorage();
  // Whether this tab saves (the Web Lock) and the saved work (IndexedDB) are asked at once: each
  // waits for the browser process, 0.3–1.9 s at a page load on a busy 2-core machine, and the
  // county is drawn only after the saved work was read. Nothing is saved before the answer
  // (the save block stays 'starting' until restoreWork sets it).
  ownerKnown = claimWork({ flush: flushWork, lost: () => setSaveBlock('readonly'), inherit: inheritWork })
    .catch(() => true)
    .then((o) => {
      owner = o;
    });
  try {
    await restoreWork();
  } finally {
    // saved work of the user's own layers does not need the demo county started early
    dropEarlyLoad();
    if (demoLinesPrefix) endLinesAhead(demoLinesPrefix);
    demoLinesPrefix = null;
  }
}

/**
 * The tab that owned the work went away and this read-only tab owns it now (work-lock.ts): the saved
 * work (the other tab's last save and its journal) replaces this tab's copy before anything is
 * saved — saving stays off ('readonly') until it is shown. The changes made here while read-only
 * were never saved and are replaced; whether there were any is returned for the notice under the header.
 */
async function inheritWork(): Promise<boolean> {
  await ownerKnown;
  const edited = editedWhileReadOnly();
  owner = true;
  await restoreWork();
  return edited;
}

/**
 * 在此页接管 / take over here: the tab that owns the work saves it and stops saving, then this tab
 * reads the saved work again (the other tab may have changed it) and saves from now on.
 */
export async function takeOver(): Promise<void> {
  await ownerKnown;
  await takeOverWork();
  owner = true;
  await restoreWork();
}
