import { describe, expect, test } from 'vitest';
import { loadProject } from '../../layers/load/index';
import { checkLayer, checkMeta, checkTable, decodeJournal, encodeJournal, JOURNAL_KEY, JOURNAL_MAX_CHARS, JOURNAL_MAX_FEATURES, WorkReadError } from '../../src/state/work-journal';
import { planSave, sameData } from '../../src/state/work-store';
import { parseDrafts, setDraftValue } from '../../src/state/drafts';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
function createProject(n = 2) {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { id: `H${i + 1}`, kind: 'hydrant', status: 'working', flow_lps: i === 0 ? 15 : null },
    geometry: { type: 'Point', coordinates: [114.7 + i * 0.001, 38.6] },
  }));
  return loadProject([
    { name: 'hydrants.geojson', bytes: enc({ type: 'FeatureCollection', features }) },
    { name: 'households.csv', bytes: new TextEncoder().encode('id,lon,lat,persons\nA,114.7,38.6,3\nB,114.71,38.61,\n') },
  ]);
}
const createMeta = (layers: Record<string, 'demo' | 'saved'>, params: Record<string, unknown> = {}) => ({
  version: 1 as const,
  savedAt: '2026-01-01T00:00:00.000Z',
  name: 'p',
  params,
  report: { issues: [], counts: {} },
  layers,
});

describe('the write-ahead journal (localStorage)', () => {
  test('the key is versioned like the IndexedDB prefix', () => {
    expect(JOURNAL_KEY).toBe('coverage-planner/v1/journal');
  });

  test('a pending GeoJSON layer and the meta round-trip, NaN included', () => {
    const { project, report } = createProject();
    const hydrants = project.layers.hydrants;
    // a missing number the loader may keep as NaN survives the JSON text
    const withNaN = structuredClone(hydrants);
    if (withNaN.kind === 'geojson') withNaN.data.features[1].properties = { ...withNaN.data.features[1].properties, flow_lps: NaN };
    const plan = planSave(project, report, (l) => l !== hydrants, {});
    const meta = { ...plan.meta, savedAt: '2026-01-01T00:00:00.000Z', params: { fireScenario: { base: 'x', stations: [{ id: 'NEW-1', lon: 114.7, lat: 38.6 }] } } };
    const text = encodeJournal(meta, [withNaN]);
    expect(text).not.toBeNull();
    const back = decodeJournal(text);
    expect(back?.meta).toEqual(meta);
    expect(sameData(back?.layers.hydrants, withNaN)).toBe(true);
  });

  test('a columnar layer (typed arrays) or a text over the limit is not journalled', () => {
    const { project } = createProject();
    expect(encodeJournal(createMeta({ households: 'saved' }), [project.layers.households])).toBeNull();
    // under the feature bound but over the character limit (long property values)
    const long = createProject(200).project.layers.hydrants;
    if (long.kind === 'geojson') for (const f of long.data.features) f.properties = { ...f.properties, note: 'x'.repeat(JOURNAL_MAX_CHARS / 150) };
    expect(encodeJournal(createMeta({ hydrants: 'saved' }), [long])).toBeNull();
    // over the feature bound
    const many = createProject(JOURNAL_MAX_FEATURES + 1).project.layers.hydrants;
    expect(encodeJournal(createMeta({ hydrants: 'saved' }), [many])).toBeNull();
    expect(encodeJournal(createMeta({ hydrants: 'saved' }), [createProject(3).project.layers.hydrants])).not.toBeNull();
  });

  test('no journal is null; a damaged one throws (it is kept and reported, never taken for nothing saved)', () => {
    expect(decodeJournal(null)).toBeNull();
    expect(() => decodeJournal('{"version":1,"meta":')).toThrow(/journal is damaged/);
    expect(() => decodeJournal(JSON.stringify({ version: 1, meta: 'x', layers: {} }))).toThrow(/damaged/);
    expect(() => decodeJournal(JSON.stringify({ version: 1, meta: createMeta({}), layers: { hydrants: { kind: 'geojson' } } }))).toThrow(/hydrants is damaged/);
  });
});

/** The code and subject of the WorkReadError a call throws (for the zh/en message). */
function reasonOf(f: () => unknown): { code: string; subject: string } | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof WorkReadError ? { code: e.code, subject: e.subject } : { code: 'other', subject: String(e) };
  }
}

describe('checking saved records on restore', () => {
  test('each damage has a code and subject for the message in the UI language', () => {
    expect(reasonOf(() => checkMeta('garbage'))).toEqual({ code: 'not-object', subject: '' });
    expect(reasonOf(() => checkMeta({ ...createMeta({}), version: 2 }))).toEqual({ code: 'version', subject: '2' });
    expect(reasonOf(() => checkLayer('roads', null))).toEqual({ code: 'layer-missing', subject: 'roads' });
    expect(reasonOf(() => decodeJournal('x'))).toEqual({ code: 'journal-damaged', subject: '' });
  });

  test('a meta record that is not v1 or lacks its layer list throws with what is wrong', () => {
    expect(checkMeta(createMeta({ hydrants: 'saved' })).name).toBe('p');
    expect(() => checkMeta('garbage')).toThrow(/not an object/);
    expect(() => checkMeta({ ...createMeta({}), version: 2 })).toThrow(/version 2/);
    expect(() => checkMeta({ version: 1, name: 'p' })).toThrow(/no layer list/);
    expect(() => checkMeta(createMeta({ hydrants: 'elsewhere' as 'saved' }))).toThrow(/layer hydrants/);
  });

  test('a missing or damaged layer record throws; real layers pass', () => {
    const { project } = createProject();
    expect(checkLayer('hydrants', project.layers.hydrants)).toBe(project.layers.hydrants);
    expect(checkLayer('households', structuredClone(project.layers.households)).kind).toBe('columns');
    expect(() => checkLayer('hydrants', undefined)).toThrow(/missing/);
    expect(() => checkLayer('hydrants', { kind: 'geojson', data: 5 })).toThrow(/damaged/);
    expect(() => checkLayer('households', { kind: 'columns', count: 2, lon: [1, 2] })).toThrow(/damaged/);
  });
});

describe('panel drafts', () => {
  test('setting a draft keeps the others and returns the same object when nothing changes', () => {
    const a = setDraftValue({}, { key: 'sql.text', value: 'SELECT 1' });
    const b = setDraftValue(a, { key: 'sql.name', value: 'q' });
    expect(b).toEqual({ 'sql.text': 'SELECT 1', 'sql.name': 'q' });
    expect(setDraftValue(b, { key: 'sql.name', value: 'q' })).toBe(b);
  });

  test('drafts read back from sessionStorage keep text, numbers and booleans; damaged text or other values are dropped, never thrown (session 16)', () => {
    expect(parseDrafts(JSON.stringify({ 'sql.text': 'SELECT 1 -- 草稿', 'tables.page': 2, 'x.on': true }))).toEqual({ 'sql.text': 'SELECT 1 -- 草稿', 'tables.page': 2, 'x.on': true });
    expect(parseDrafts(null)).toEqual({});
    expect(parseDrafts('{"sql.text":')).toEqual({});
    expect(parseDrafts('[1,2]')).toEqual({});
    expect(parseDrafts('{"a":{"b":1},"c":null,"__proto__":"x","d":"ok"}')).toEqual({ d: 'ok' });
    expect(Object.getPrototypeOf(parseDrafts('{"__proto__":{"polluted":1}}'))).toBe(Object.prototype);
  });
});

describe('imported tables (the 指标 tab\'s ledger import) in the saved work (session 16)', () => {
  const createTable = (rows = 2) => ({
    target: 'task_progress',
    file: '任务进度.csv',
    rows: Array.from({ length: rows }, (_, i) => ({ township: `镇${i + 1}`, target: 100 + i, completed: i === 0 ? NaN : 50, note: null })),
  });

  test('a table is planned for writing once per object, named in the meta, and removed when the project drops it', () => {
    const { project, report } = createProject();
    const table = createTable();
    const withTable = { ...project, tables: { task_progress: table } };
    const first = planSave(withTable, report, () => true, {});
    expect(first.meta.tables).toEqual({ task_progress: 'saved' });
    expect(first.writeTables).toEqual(['task_progress']);
    // written already (the same object): not again
    expect(planSave(withTable, report, () => true, {}, { task_progress: table }).writeTables).toEqual([]);
    // a new import of the same table (a new object): written again
    expect(planSave({ ...project, tables: { task_progress: createTable(3) } }, report, () => true, {}, { task_progress: table }).writeTables).toEqual(['task_progress']);
    // undone (the project without it): its record is removed
    const undone = planSave(project, report, () => true, {}, { task_progress: table });
    expect(undone.removeTables).toEqual(['task_progress']);
    expect(undone.meta.tables).toBeUndefined();
    // a project that never had one: no tables member (saves as before)
    expect(planSave(project, report, () => true, {}).meta.tables).toBeUndefined();
  });

  test('a pending table round-trips through the journal (NaN and null kept) and counts toward its feature bound', () => {
    const table = createTable();
    const meta = { ...createMeta({}), tables: { task_progress: 'saved' as const } };
    const back = decodeJournal(encodeJournal(meta, [], { task_progress: table }));
    expect(back?.meta).toEqual(meta);
    expect(sameData(back?.tables?.task_progress, table)).toBe(true);
    expect(encodeJournal(meta, [], { task_progress: createTable(JOURNAL_MAX_FEATURES + 1) })).toBeNull();
    // a journal written before session 16 (no tables member) still reads
    expect(decodeJournal(JSON.stringify({ version: 1, meta: createMeta({}), layers: {} }))?.tables).toBeUndefined();
  });

  test('a missing or damaged table record, or a damaged table list, throws with a code (never taken for nothing saved)', () => {
    expect(checkTable('task_progress', createTable()).file).toBe('任务进度.csv');
    expect(reasonOf(() => checkTable('task_progress', undefined))).toEqual({ code: 'table-missing', subject: 'task_progress' });
    expect(reasonOf(() => checkTable('task_progress', { target: 'task_progress', file: 'x', rows: 5 }))).toEqual({ code: 'table-damaged', subject: 'task_progress' });
    expect(reasonOf(() => checkTable('task_progress', { target: 'task_progress', file: 'x', rows: [1] }))).toEqual({ code: 'table-damaged', subject: 'task_progress' });
    expect(reasonOf(() => checkMeta({ ...createMeta({}), tables: ['task_progress'] }))).toEqual({ code: 'table-damaged', subject: '' });
    expect(reasonOf(() => checkMeta({ ...createMeta({}), tables: { task_progress: 'elsewhere' } }))).toEqual({ code: 'table-damaged', subject: 'task_progress' });
    expect(reasonOf(() => decodeJournal(JSON.stringify({ version: 1, meta: createMeta({}), layers: {}, tables: { t: { target: 'task_progress' } } })))).toEqual({
      code: 'table-damaged',
      subject: 't',
    });
  });
});
