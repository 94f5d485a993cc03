import type { GeoJsonLayerData, ImportedTable, LayerData, LayerId } from '../../layers/types';

/**
 * localStorage key of the write-ahead journal: the latest project state not yet confirmed in
 * IndexedDB, written synchronously on every change so an edit made right before a reload or tab
 * close is not lost. Versioned like the IndexedDB prefix (see work-store.ts): DO NOT CHANGE WITHOUT
 * MIGRATION LOGIC.
 */
export const JOURNAL_KEY = 'coverage-planner/v1/journal';

/** Above this many characters the journal is not written (localStorage holds about 5 MB). */
export const JOURNAL_MAX_CHARS = 2_000_000;
/** Above this many pending features the journal is not even serialised. */
export const JOURNAL_MAX_FEATURES = 20_000;

/** Why a saved record could not be read (a key of the UI strings `restoreReasons`). */
export type WorkReadCode = 'not-object' | 'version' | 'no-name' | 'no-layers' | 'layer-source' | 'params' | 'layer-missing' | 'layer-damaged' | 'table-missing' | 'table-damaged' | 'journal-damaged';

/** A saved record that cannot be read: `code` says why, `subject` names the layer or value. */
export class WorkReadError extends Error {
  constructor(
    readonly code: WorkReadCode,
    readonly subject: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkReadError';
  }
}

/** The meta record of a saved project, as checked on restore (the full type is SavedMeta in work-store.ts). */
export interface MetaShape {
  version: 1;
  savedAt: string;
  name: string;
  region?: string;
  params: Record<string, unknown>;
  report: { issues: unknown[]; counts: Record<string, unknown> };
  layers: Partial<Record<LayerId, 'demo' | 'saved'>>;
  /** The imported tables, each saved in its own record (absent before session 16). */
  tables?: Record<string, 'saved'>;
}

/** What the journal holds: the meta of the newest state and the layers IndexedDB does not have yet. */
export interface Journal<M extends MetaShape = MetaShape> {
  version: 1;
  meta: M;
  layers: Partial<Record<LayerId, GeoJsonLayerData>>;
  /** The imported tables IndexedDB does not have yet (absent in journals written before session 16). */
  tables?: Record<string, ImportedTable>;
}

/**
 * Checks a saved meta record and returns it typed; throws (with a message naming what is wrong)
 * when it is not a v1 meta record, so a damaged save is reported, never taken for "nothing saved".
 * @param v - the value read from storage
 */
export function checkMeta<M extends MetaShape>(v: unknown): M {
  const m = v as Partial<MetaShape> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw new WorkReadError('not-object', '', 'the saved project record is damaged (not an object)');
  if (m.version !== 1) throw new WorkReadError('version', JSON.stringify(m.version) ?? 'undefined', `the saved project record has version ${JSON.stringify(m.version)} (this app reads version 1)`);
  if (typeof m.name !== 'string') throw new WorkReadError('no-name', '', 'the saved project record is damaged (no name)');
  if (!m.layers || typeof m.layers !== 'object' || Array.isArray(m.layers)) throw new WorkReadError('no-layers', '', 'the saved project record is damaged (no layer list)');
  for (const [id, src] of Object.entries(m.layers)) {
    if (src !== 'demo' && src !== 'saved') throw new WorkReadError('layer-source', id, `the saved project record is damaged (layer ${id}: ${JSON.stringify(src)})`);
  }
  if (m.params !== undefined && (typeof m.params !== 'object' || m.params === null || Array.isArray(m.params))) throw new WorkReadError('params', '', 'the saved project record is damaged (params)');
  if (m.tables !== undefined) {
    if (!m.tables || typeof m.tables !== 'object' || Array.isArray(m.tables)) throw new WorkReadError('table-damaged', '', 'the saved project record is damaged (table list)');
    for (const [name, src] of Object.entries(m.tables)) {
      if (src !== 'saved') throw new WorkReadError('table-damaged', name, `the saved project record is damaged (table ${name}: ${JSON.stringify(src)})`);
    }
  }
  return m as M;
}

/**
 * Checks a saved layer record; throws when it is not a layer.
 * @param id - the layer id it was saved under
 * @param v - the record
 */
export function checkLayer(id: string, v: unknown): LayerData {
  const l = v as Partial<LayerData> | null | undefined;
  if (!l) throw new WorkReadError('layer-missing', id, `saved layer ${id} is missing`);
  if (l.kind === 'geojson' && l.data && Array.isArray((l as GeoJsonLayerData).data.features)) return l as LayerData;
  if (l.kind === 'columns' && typeof (l as { count?: unknown }).count === 'number' && (l as { lon?: unknown }).lon instanceof Float64Array) return l as LayerData;
  throw new WorkReadError('layer-damaged', id, `saved layer ${id} is damaged`);
}

/**
 * Checks a saved imported table (Project.tables); throws when it is missing or not one.
 * @param name - the table name it was saved under
 * @param v - the record
 */
export function checkTable(name: string, v: unknown): ImportedTable {
  const t = v as Partial<ImportedTable> | null | undefined;
  if (!t) throw new WorkReadError('table-missing', name, `saved table ${name} is missing`);
  if (typeof t !== 'object' || typeof t.target !== 'string' || typeof t.file !== 'string' || !Array.isArray(t.rows) || !t.rows.every((r) => !!r && typeof r === 'object' && !Array.isArray(r))) {
    throw new WorkReadError('table-damaged', name, `saved table ${name} is damaged`);
  }
  return t as ImportedTable;
}

// Numbers JSON cannot hold (NaN = a missing value in the loader's data) are kept as tagged objects.
const NUM_TAG = '__cp_num';
function replacer(_k: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? { [NUM_TAG]: String(v) } : v;
}
function reviver(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === NUM_TAG) return Number(o[NUM_TAG]);
  }
  return v;
}

/**
 * The journal text for a state, or null when it cannot be journalled: a pending layer is columnar
 * (typed arrays; only IndexedDB holds those) or the text would exceed {@link JOURNAL_MAX_CHARS}. Pure.
 * @param meta - the meta of the state
 * @param pending - the layers IndexedDB does not hold yet
 * @param pendingTables - the imported tables IndexedDB does not hold yet, by name
 */
export function encodeJournal<M extends MetaShape>(meta: M, pending: LayerData[], pendingTables: Record<string, ImportedTable> = {}): string | null {
  const layers: Journal['layers'] = {};
  let features = 0;
  for (const l of pending) {
    if (l.kind !== 'geojson') return null;
    features += l.data.features.length;
    layers[l.id] = l;
  }
  for (const t of Object.values(pendingTables)) features += t.rows.length;
  // a quick bound before serialising: a big import would only be stringified to be thrown away
  if (features > JOURNAL_MAX_FEATURES) return null;
  const tables = Object.keys(pendingTables).length ? { tables: pendingTables } : {};
  const text = JSON.stringify({ version: 1, meta, layers, ...tables } satisfies Journal<M>, replacer);
  return text.length > JOURNAL_MAX_CHARS ? null : text;
}

/**
 * Reads a journal text: null when there is none; throws when it is damaged (it is then kept, and
 * reported like a damaged IndexedDB record).
 * @param text - what localStorage holds under {@link JOURNAL_KEY}
 */
export function decodeJournal<M extends MetaShape>(text: string | null): Journal<M> | null {
  if (text === null) return null;
  let j: Partial<Journal<M>>;
  try {
    j = JSON.parse(text, reviver) as Partial<Journal<M>>;
  } catch (e) {
    throw new WorkReadError('journal-damaged', '', `the unsaved-changes journal is damaged (${(e as Error).message})`);
  }
  if (!j || j.version !== 1 || !j.layers || typeof j.layers !== 'object') throw new WorkReadError('journal-damaged', '', 'the unsaved-changes journal is damaged');
  const meta = checkMeta<M>(j.meta);
  for (const [id, l] of Object.entries(j.layers)) checkLayer(id, l);
  if (j.tables !== undefined && (!j.tables || typeof j.tables !== 'object' || Array.isArray(j.tables))) throw new WorkReadError('journal-damaged', '', 'the unsaved-changes journal is damaged (tables)');
  for (const [name, t] of Object.entries(j.tables ?? {})) checkTable(name, t);
  return { version: 1, meta, layers: j.layers, ...(j.tables ? { tables: j.tables } : {}) };
}
