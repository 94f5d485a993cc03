import { describe, expect, test } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { removeResultLayer, setResultLayer, setResultVisible, type ResultLayer } from '../../src/state/results-slice';
import { addToSelection, setSelection } from '../../src/state/selection-slice';
import { sanitizeView, setView } from '../../src/state/view-slice';
import { sanitizeBasemap, sanitizeLang, setBasemap, setLang, setMapClickMode, type UiState } from '../../src/state/ui-slice';
import { emptyProjectState, projectFailed, projectLoaded, projectLoading } from '../../src/state/project-slice';
import { parseSavedUi, serializeSavedUi } from '../../src/state/persist';

function createResult(id: string, n = 1): ResultLayer {
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [i, 0] }, properties: {} })),
  };
  return { id, title: { zh: id, en: id }, data, style: [{ type: 'circle', paint: {} }], legend: [], visible: true };
}

describe('results slice', () => {
  test('adds on top, replaces in place, removes, toggles', () => {
    let s = setResultLayer([], createResult('a'));
    s = setResultLayer(s, createResult('b'));
    s = setResultLayer(s, createResult('a', 3));
    expect(s.map((r) => r.id)).toEqual(['a', 'b']);
    expect(s[0].data.features).toHaveLength(3);
    s = setResultVisible(s, { id: 'b', visible: false });
    expect(s[1].visible).toBe(false);
    const before = s;
    expect(removeResultLayer(s, 'zzz')).toBe(before);
    expect(removeResultLayer(s, 'a').map((r) => r.id)).toEqual(['b']);
  });

  test('rejects a result without id or FeatureCollection', () => {
    expect(() => setResultLayer([], { ...createResult('x'), id: '' })).toThrow(/id is required/);
    expect(() => setResultLayer([], { ...createResult('x'), data: { type: 'Feature' } as never })).toThrow(/FeatureCollection/);
  });
});

describe('selection slice', () => {
  test('set de-duplicates; empty clears; add merges same layer and restarts for another', () => {
    expect(setSelection(null, { layerId: 'h', ids: ['1', '1', '2'] })).toEqual({ layerId: 'h', ids: ['1', '2'] });
    expect(setSelection({ layerId: 'h', ids: ['1'] }, { layerId: 'h', ids: [] })).toBeNull();
    expect(addToSelection({ layerId: 'h', ids: ['1'] }, { layerId: 'h', ids: ['2', '1'] })).toEqual({ layerId: 'h', ids: ['1', '2'] });
    expect(addToSelection({ layerId: 'h', ids: ['1'] }, { layerId: 'k', ids: ['9'] })).toEqual({ layerId: 'k', ids: ['9'] });
  });
});

describe('view, ui and project slices', () => {
  test('a bad view is ignored; a good one is kept with defaults for bearing and pitch', () => {
    const good = { center: [116, 40] as [number, number], zoom: 9, bearing: 0, pitch: 0 };
    expect(setView(null, good)).toEqual(good);
    expect(setView(good, { ...good, zoom: NaN })).toBe(good);
    expect(sanitizeView({ center: [200, 0], zoom: 3 })).toBeNull();
    expect(sanitizeView({ center: [116, 40], zoom: 3 })).toEqual({ center: [116, 40], zoom: 3, bearing: 0, pitch: 0 });
  });

  test('language falls back to zh; click mode set and cleared', () => {
    const ui: UiState = { lang: 'zh', activePanel: 'layers', mapClickMode: null, basemap: { kind: 'none' }, resultGroupsShown: {} };
    expect(setLang(ui, 'en').lang).toBe('en');
    expect(sanitizeLang('fr')).toBe('zh');
    const mode = { id: 'place', onClick: () => {} };
    expect(setMapClickMode(ui, mode).mapClickMode).toBe(mode);
    expect(setMapClickMode(setMapClickMode(ui, mode), null).mapClickMode).toBeNull();
  });

  test('the basemap is offline unless a well-formed 天地图 key is given', () => {
    const ui: UiState = { lang: 'zh', activePanel: 'layers', mapClickMode: null, basemap: { kind: 'none' }, resultGroupsShown: {} };
    expect(setBasemap(ui, { kind: 'tianditu', key: ' 0123456789abcdef0123456789ABCDEF ' }).basemap).toEqual({ kind: 'tianditu', key: '0123456789abcdef0123456789ABCDEF' });
    expect(setBasemap(ui, { kind: 'tianditu', key: 'short' }).basemap).toEqual({ kind: 'none' });
    expect(sanitizeBasemap({ kind: 'tianditu', key: 'x&callback=evil0123456789' })).toEqual({ kind: 'none' });
    expect(sanitizeBasemap(undefined)).toEqual({ kind: 'none' });
  });

  test('project load counts revisions and keeps the old project on failure', () => {
    const project = { name: 'p', params: {}, layers: {} } as never;
    const report = { issues: [], counts: {} };
    let s = projectLoading(emptyProjectState(), { message: 'fetch' });
    expect(s.status).toBe('loading');
    s = projectLoaded(s, { project, report });
    expect(s.revision).toBe(1);
    s = projectFailed(s, { message: 'bad' });
    expect(s.project).toBe(project);
    expect(s.status).toBe('error');
    expect(s.message).toBe('bad');
  });
});

describe('persistence', () => {
  test('round-trips layer UI, view and language', () => {
    const saved = {
      layerUi: { order: ['a', 'b'], visible: { a: true, b: false }, opacity: { a: 0.3, b: 1 } },
      view: { center: [116.5, 39.5] as [number, number], zoom: 10, bearing: 0, pitch: 0 },
      lang: 'en' as const,
      basemap: { kind: 'tianditu' as const, key: 'abcdef0123456789abcdef0123456789' },
    };
    expect(parseSavedUi(serializeSavedUi(saved))).toEqual(saved);
  });

  test('garbage and wrong shapes fall back to defaults', () => {
    const defaults = { layerUi: null, view: null, lang: 'zh', basemap: { kind: 'none' } };
    expect(parseSavedUi('{not json')).toEqual(defaults);
    expect(parseSavedUi('[1,2]')).toEqual(defaults);
    expect(parseSavedUi(JSON.stringify({ lang: 'de', view: { center: 'x' }, basemap: { kind: 'tianditu', key: '<script>' } }))).toEqual(defaults);
  });
});
