import { create } from 'zustand';
import { LAYER_LIST } from '../../layers/index';
import type { ImportedTable, LayerData, LayerId, Project, ValidationReport } from '../../layers/types';
import { parseScenarios, type ScenarioSet } from '../../analysis/scenarios';
import { useAppStore } from './store';
import { noteSavedWorkSources } from '../project/demo-hint';
import { openWorkDb, WORK_DB, WORK_STORE } from './work-db';
import { checkLayer, checkMeta, checkTable, decodeJournal, encodeJournal, JOURNAL_KEY, WorkReadError, type WorkReadCode } from './work-journal';

// IndexedDB names of the saved work (DO NOT CHANGE: see work-db.ts); the prefix below likewise.
export { WORK_DB, WORK_STORE } from './work-db';
export const WORK_PREFIX = 'coverage-planner/v1/';
const META_KEY = `${WORK_PREFIX}meta`;
const layerKey = (id: LayerId) => `${WORK_PREFIX}layer/${id}`;
const tableKey = (name: string) => `${WORK_PREFIX}table/${name}`;

/** Writes are throttled to at most one per this many milliseconds. */
export const SAVE_THROTTLE_MS = 350;
/** After a failed write, try again this much later. */
export const RETRY_MS = 10_000;

/** What is saved about the project besides its layers. */
export interface SavedMeta {
  version: 1;
  savedAt: string;
  name: string;
  region?: string;
  params: Record<string, unknown>;
  /** The named scenarios (absent in saves made before they existed, and while the defaults are unchanged). */
  scenarios?: ScenarioSet;
  report: ValidationReport;
  /** Where each layer comes from on restore: the demo county as served, or its saved record. */
  layers: Partial<Record<LayerId, 'demo' | 'saved'>>;
  /** The import decisions remembered per file (Project.imports). */
  imports?: Project['imports'];
  /** The sheets imported as tables (Project.tables), each in its own record; absent in saves made before session 16. */
  tables?: Record<string, 'saved'>;
}

/**
 * Why nothing is written now: 'starting' until the saved work has been restored (or found absent);
 * 'readonly' while another tab of this browser owns the project; 'restore-failed' while a save
 * that could not be read is kept for the user (export it, or discard it explicitly). null = saving.
 */
export type SaveBlock = 'starting' | 'readonly' | 'restore-failed' | null;

/** Saving status for the UI. */
export interface WorkSaveState {
  /** The last write or read error (in the browser's words), or null. */
  error: string | null;
  /** With {@link error}: whether the journal (localStorage) held the unsaved changes when the write failed (they survive a reload). */
  journalled: boolean;
  /** The restore at start failed, or null: why (a `restoreReasons` key, null for a browser error) and the message. */
  restoreError: { code: WorkReadCode | null; subject: string; message: string } | null;
  savedAt: string | null;
  blocked: SaveBlock;
}

/** The save status store (a visible message when IndexedDB fails, e.g. quota). */
export const useWorkStore = create<WorkSaveState>()(() => ({ error: null, journalled: false, restoreError: null, savedAt: null, blocked: 'starting' }));

/** The restore error of a thrown value, for {@link WorkSaveState.restoreError}. */
export function restoreErrorOf(err: unknown): NonNullable<WorkSaveState['restoreError']> {
  if (err instanceof WorkReadError) return { code: err.code, subject: err.subject, message: err.message };
  return { code: null, subject: '', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** The open project when saving was last turned off for 'readonly' (see {@link editedWhileReadOnly}). */
let readOnlyFrom: Project | null = null;

/**
 * Whether the open project was changed since this tab became read-only: such changes were never
 * saved. An undo back to where it was counts as no change (the same project object).
 */
export function editedWhileReadOnly(): boolean {
  return useWorkStore.getState().blocked === 'readonly' && useAppStore.getState().project.project !== readOnlyFrom;
}

/** The open project when this tab became read-only (saving off for 'readonly'), or null while it saves: every change since was never saved. */
export function readOnlySince(): Project | null {
  return useWorkStore.getState().blocked === 'readonly' ? readOnlyFrom : null;
}

/** Sets why saving is off (null turns it on and saves the open project soon). */
export function setSaveBlock(blocked: SaveBlock): void {
  if (blocked === 'readonly' && useWorkStore.getState().blocked !== 'readonly') readOnlyFrom = useAppStore.getState().project.project;
  useWorkStore.setState({ blocked });
  if (blocked === null) {
    writeJournal();
    scheduleSave();
  }
}

/** Layers as the demo county serves them: these are not written, only named in the meta. */
const demoLayers = new WeakSet<LayerData>();
/** The demo county's own params, as JSON (an edit, e.g. a what-if station, changes them). */
let demoParams = '{}';

/** Marks a project's layers as the demo county's own (restored by loading the demo again). */
export function registerDemoLayers(project: Project): void {
  for (const d of LAYER_LIST) {
    const l = project.layers[d.id];
    if (l) demoLayers.add(l);
  }
  demoParams = JSON.stringify(project.params ?? {});
}

/**
 * Whether replacing the open project would throw away something the user made: a layer that is
 * not the demo county's own (an import, accepted proposals) or edited params (the fire what-if).
 */
export function hasUserWork(): boolean {
  const p = useAppStore.getState().project.project;
  if (!p) return false;
  if (JSON.stringify(p.params ?? {}) !== demoParams) return true;
  if (p.scenarios) return true;
  if (p.tables && Object.keys(p.tables).length > 0) return true;
  return LAYER_LIST.some((d) => p.layers[d.id] && !demoLayers.has(p.layers[d.id]));
}

/**
 * What a save must write: the meta, and the layers that are not the demo's own and were not
 * written already (by reference). Pure.
 * @param project - the project to save
 * @param report - its report
 * @param isDemo - whether a layer object is the demo county's own
 * @param written - the layer objects last written, by id
 * @param writtenTables - the imported tables last written, by name
 */
export function planSave(
  project: Project,
  report: ValidationReport,
  isDemo: (l: LayerData) => boolean,
  written: Partial<Record<LayerId, LayerData>>,
  writtenTables: Readonly<Record<string, ImportedTable>> = {},
): { meta: Omit<SavedMeta, 'savedAt'>; write: LayerId[]; remove: LayerId[]; writeTables: string[]; removeTables: string[] } {
  const layers: SavedMeta['layers'] = {};
  const write: LayerId[] = [];
  const remove: LayerId[] = [];
  for (const d of LAYER_LIST) {
    const l = project.layers[d.id];
    if (!l) continue;
    if (isDemo(l)) {
      layers[d.id] = 'demo';
      if (written[d.id]) remove.push(d.id);
    } else {
      layers[d.id] = 'saved';
      if (written[d.id] !== l) write.push(d.id);
    }
  }
  const tables: Record<string, 'saved'> = {};
  const writeTables: string[] = [];
  for (const [name, t] of Object.entries(project.tables ?? {})) {
    tables[name] = 'saved';
    if (writtenTables[name] !== t) writeTables.push(name);
  }
  const removeTables = Object.keys(writtenTables).filter((name) => !Object.hasOwn(tables, name));
  const meta = {
    version: 1 as const,
    name: project.name,
    params: project.params,
    report,
    layers,
    ...(project.region ? { region: project.region } : {}),
    ...(project.scenarios ? { scenarios: project.scenarios } : {}),
    ...(project.imports ? { imports: project.imports } : {}),
    ...(Object.keys(tables).length ? { tables } : {}),
  };
  return { meta, write, remove, writeTables, removeTables };
}

/**
 * Deep equality of structured-clone data: typed arrays by their values (NaN equals NaN), plain
 * objects and arrays by their entries. Used to check a write by reading it back.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => fail(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const openDb = openWorkDb;

let written: Partial<Record<LayerId, LayerData>> = {};
let writtenTables: Record<string, ImportedTable> = {};
let lastMetaKey: unknown = null;

/**
 * Saves the open project now: write → read back → compare. Layers that are the demo county's own
 * are not written; others only when their object changed since the last save.
 */
export async function saveWorkNow(): Promise<void> {
  if (useWorkStore.getState().blocked) return;
  const { project, report } = useAppStore.getState().project;
  if (!project || !report) return;
  const plan = planSave(project, report, (l) => demoLayers.has(l), written, writtenTables);
  const metaKey = [project.name, project.region, project.params, report, JSON.stringify(plan.meta.layers), project.scenarios, project.imports, JSON.stringify(plan.meta.tables ?? {})];
  const nothingToWrite = plan.write.length === 0 && plan.remove.length === 0 && plan.writeTables.length === 0 && plan.removeTables.length === 0;
  if (nothingToWrite && lastMetaKey && sameShallow(metaKey, lastMetaKey as unknown[])) {
    // back to what IndexedDB holds (e.g. an edit undone before it was written)
    clearJournal();
    warnBeforeUnload(false);
    return;
  }
  const meta: SavedMeta = { ...plan.meta, savedAt: new Date().toISOString() };
  const db = await openDb();
  const tx = db.transaction(WORK_STORE, 'readwrite');
  const store = tx.objectStore(WORK_STORE);
  for (const id of plan.write) store.put(project.layers[id], layerKey(id));
  for (const id of plan.remove) store.delete(layerKey(id));
  for (const name of plan.writeTables) store.put(project.tables![name], tableKey(name));
  for (const name of plan.removeTables) store.delete(tableKey(name));
  store.put(meta, META_KEY);
  await done(tx);
  // read back and compare, so a silently failed write (quota, eviction) is noticed
  const rtx = db.transaction(WORK_STORE, 'readonly');
  const rs = rtx.objectStore(WORK_STORE);
  // every read asked for at once: the transaction ends once it has nothing left to do
  const [back, backTables] = await Promise.all([
    Promise.all([req(rs.get(META_KEY)), ...plan.write.map((id) => req(rs.get(layerKey(id))))]),
    Promise.all(plan.writeTables.map((name) => req(rs.get(tableKey(name))))),
  ]);
  if (!sameData(back[0], meta)) throw new Error('read-back of the saved project differs');
  plan.write.forEach((id, i) => {
    if (!sameData(back[i + 1], project.layers[id])) throw new Error(`read-back of layer ${id} differs`);
  });
  plan.writeTables.forEach((name, i) => {
    if (!sameData(backTables[i], project.tables![name])) throw new Error(`read-back of table ${name} differs`);
  });
  for (const id of plan.write) written[id] = project.layers[id];
  for (const id of plan.remove) delete written[id];
  for (const name of plan.writeTables) writtenTables[name] = project.tables![name];
  for (const name of plan.removeTables) delete writtenTables[name];
  lastMetaKey = metaKey;
  noteSavedWorkSources(meta.layers);
  // IndexedDB now holds what the journal held, unless the project changed meanwhile
  if (useAppStore.getState().project.project === project) {
    clearJournal();
    warnBeforeUnload(false);
  }
  useWorkStore.setState({ error: null, savedAt: meta.savedAt });
}

/**
 * Writes the open project's state that IndexedDB does not hold yet to the journal in localStorage,
 * synchronously (write-ahead of the throttled IndexedDB save). When it cannot be journalled (a
 * columnar layer, too large, storage full) the journal is removed, so a stale one is never restored.
 */
export function writeJournal(): void {
  if (useWorkStore.getState().blocked) return;
  const { project, report } = useAppStore.getState().project;
  if (!project || !report) return;
  const ls = globalThis.localStorage;
  if (!ls) return;
  try {
    const plan = planSave(project, report, (l) => demoLayers.has(l), written, writtenTables);
    const pendingTables = Object.fromEntries(plan.writeTables.map((name) => [name, project.tables![name]]));
    const text = encodeJournal({ ...plan.meta, savedAt: new Date().toISOString() }, plan.write.map((id) => project.layers[id]), pendingTables);
    if (text === null) ls.removeItem(JOURNAL_KEY);
    else {
      ls.setItem(JOURNAL_KEY, text);
      noteSavedWorkSources(plan.meta.layers);
    }
    warnBeforeUnload(text === null && plan.write.length + plan.writeTables.length > 0);
  } catch (err) {
    console.debug('writing the journal failed', err);
    warnBeforeUnload(true);
    try {
      ls.removeItem(JOURNAL_KEY);
    } catch {
      /* storage unavailable */
    }
  }
}

function onBeforeUnload(e: BeforeUnloadEvent): void {
  e.preventDefault();
}
let warning = false;
/**
 * Only while a change is neither journalled nor in IndexedDB (a large or columnar import whose
 * write is still pending) does leaving the page ask first; otherwise no beforeunload handler is
 * installed (it would keep the page out of the back/forward cache).
 */
function warnBeforeUnload(on: boolean): void {
  if (on === warning || typeof window === 'undefined') return;
  warning = on;
  if (on) window.addEventListener('beforeunload', onBeforeUnload);
  else window.removeEventListener('beforeunload', onBeforeUnload);
}

function clearJournal(): void {
  try {
    globalThis.localStorage?.removeItem(JOURNAL_KEY);
  } catch {
    /* storage unavailable */
  }
}

function readJournalText(): string | null {
  try {
    return globalThis.localStorage?.getItem(JOURNAL_KEY) ?? null;
  } catch {
    return null;
  }
}

function sameShallow(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x === 'string' && x === b[i]));
}

let timer: ReturnType<typeof setTimeout> | undefined;
let lastRun = 0;
let running: Promise<void> | null = null;

/** Saves now (no throttle) and reports failure in {@link useWorkStore}; never throws. */
export async function flushWork(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  if (running) await running.catch(() => {});
  lastRun = Date.now();
  running = saveWorkNow()
    .catch((err: unknown) => {
      console.debug('saving the project failed', err);
      const e = err as { name?: string; message?: string };
      useWorkStore.setState({ error: e?.name === 'QuotaExceededError' ? `QuotaExceededError: ${e.message ?? ''}` : (e?.message ?? String(err)), journalled: readJournalText() !== null });
      clearTimeout(timer);
      timer = setTimeout(() => void flushWork(), RETRY_MS);
    })
    .finally(() => {
      running = null;
    });
  return running;
}

/** Schedules a save at most every {@link SAVE_THROTTLE_MS}. */
export function scheduleSave(): void {
  if (timer !== undefined) return;
  const wait = Math.max(0, lastRun + SAVE_THROTTLE_MS - Date.now());
  timer = setTimeout(() => void flushWork(), Math.max(wait, 50));
}

/**
 * Reads the saved project, or null when nothing is saved. Layers marked 'demo' are taken from
 * `loadDemo()` (called only when needed); the others from their saved records. The journal
 * (changes not yet confirmed in IndexedDB) is applied on top. Throws when a record or the journal
 * is damaged: the caller must then keep the save untouched (see {@link SaveBlock}).
 */
export async function readSavedWork(loadDemo: () => Promise<Project>): Promise<{ project: Project; report: ValidationReport } | null> {
  const journal = decodeJournal<SavedMeta>(readJournalText());
  const db = await openDb();
  const tx = db.transaction(WORK_STORE, 'readonly');
  const store = tx.objectStore(WORK_STORE);
  const raw = await req(store.get(META_KEY));
  if (raw === undefined && !journal) return null;
  if (raw !== undefined) checkMeta<SavedMeta>(raw);
  const meta = journal?.meta ?? (raw as SavedMeta);
  const ids = LAYER_LIST.map((d) => d.id);
  const fromJournal = (id: LayerId) => journal?.layers[id];
  const tableNames = meta.tables && typeof meta.tables === 'object' ? Object.keys(meta.tables) : [];
  // every record is asked for in this transaction before anything else is awaited (it ends when idle)
  const [records, tableRecords] = await Promise.all([
    Promise.all(ids.map((id) => (meta.layers[id] === 'saved' && !fromJournal(id) ? req(store.get(layerKey(id))) : Promise.resolve(undefined)))),
    Promise.all(tableNames.map((name) => (journal?.tables?.[name] ? Promise.resolve(undefined) : req(store.get(tableKey(name)))))),
  ]);
  const demo = ids.some((id) => meta.layers[id] === 'demo') ? await loadDemo() : null;
  const layers = {} as Record<LayerId, LayerData>;
  const fromDb: Partial<Record<LayerId, LayerData>> = {};
  ids.forEach((id, i) => {
    const src = meta.layers[id];
    if (src === 'saved') {
      const j = fromJournal(id);
      const l = j ?? checkLayer(id, records[i]);
      layers[id] = l;
      if (!j) fromDb[id] = l;
    } else if (src === 'demo' && demo) {
      layers[id] = demo.layers[id];
    }
  });
  written = fromDb;
  const tables: Record<string, ImportedTable> = {};
  const tablesFromDb: Record<string, ImportedTable> = {};
  tableNames.forEach((name, i) => {
    const j = journal?.tables?.[name];
    const t = j ?? checkTable(name, tableRecords[i]);
    tables[name] = t;
    if (!j) tablesFromDb[name] = t;
  });
  writtenTables = tablesFromDb;
  for (const d of LAYER_LIST) if (!layers[d.id] && demo) layers[d.id] = demo.layers[d.id];
  const scenarios = parseScenarios(meta.scenarios).scenarios;
  const imports = meta.imports && typeof meta.imports === 'object' && !Array.isArray(meta.imports) ? meta.imports : undefined;
  const project: Project = {
    name: meta.name,
    params: meta.params ?? {},
    layers,
    ...(meta.region ? { region: meta.region } : {}),
    ...(scenarios ? { scenarios } : {}),
    ...(imports ? { imports } : {}),
    ...(tableNames.length ? { tables } : {}),
  };
  return { project, report: meta.report ?? { issues: [], counts: {} } };
}

let persistAsked = false;
/** Asks the browser once to keep this site's storage (not evicted under pressure). */
export function requestPersistentStorage(): void {
  if (persistAsked) return;
  persistAsked = true;
  const s = globalThis.navigator?.storage;
  if (s?.persist) void s.persist().catch(() => false);
}

/**
 * Every record of the saved work exactly as stored (IndexedDB records under the prefix, and the
 * journal text), as JSON for the user to download — also when it cannot be restored. Typed arrays
 * become `{ "$typedArray": name, "values": […] }`; NaN becomes null.
 */
export async function exportSavedWork(): Promise<string> {
  const records: Record<string, unknown> = {};
  let dbError: string | null = null;
  try {
    const db = await openDb();
    const store = db.transaction(WORK_STORE, 'readonly').objectStore(WORK_STORE);
    const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
    keys.forEach((k, i) => {
      if (typeof k === 'string' && k.startsWith(WORK_PREFIX)) records[k] = values[i];
    });
  } catch (err) {
    dbError = err instanceof Error ? err.message : String(err);
  }
  const journal = readJournalText();
  if (dbError && journal === null) throw new Error(dbError);
  const body = { app: 'coverage-planner', exportedAt: new Date().toISOString(), database: WORK_DB, store: WORK_STORE, records, journal, ...(dbError ? { databaseError: dbError } : {}) };
  return JSON.stringify(body, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? { $typedArray: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) } : v), 1);
}

/**
 * Drops the saved work that could not be restored (every record under the prefix and the journal)
 * and starts saving the open project instead. Only on the user's explicit choice.
 */
export async function discardSavedWork(): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(WORK_STORE, 'readwrite');
  const store = tx.objectStore(WORK_STORE);
  const keys = await req(store.getAllKeys());
  for (const k of keys) if (typeof k === 'string' && k.startsWith(WORK_PREFIX)) store.delete(k);
  await done(tx);
  clearJournal();
  noteSavedWorkSources(null);
  written = {};
  writtenTables = {};
  lastMetaKey = null;
  useWorkStore.setState({ restoreError: null });
  setSaveBlock(null);
}

let installed = false;
/**
 * Saves on every project change: at once to the journal (write-ahead, synchronous), then to
 * IndexedDB (throttled), and at once when the page is hidden or left.
 */
export function installWorkSaving(): void {
  if (installed) return;
  installed = true;
  useAppStore.subscribe((s, prev) => {
    if (s.project.project !== prev.project.project && s.project.project) {
      writeJournal();
      scheduleSave();
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && timer !== undefined) void flushWork();
  });
  window.addEventListener('pagehide', () => {
    if (timer !== undefined) void flushWork();
  });
}
