// Map discipline (issue #10): result layers belong to the analysis (side-bar panel) that made them;
// the map draws the open panel's results, every group on the layer list, and pinned groups always.
import { describe, expect, test } from 'vitest';
import { groupShown, resultGroups, shownResults, type ResultLayer } from '../../src/state/results-slice';
import { setResultGroupShown, type UiState } from '../../src/state/ui-slice';
import { useAppStore } from '../../src/state/store';

const layer = (id: string, group: string | undefined, visible = true): ResultLayer => ({
  id,
  title: { zh: id, en: id },
  data: { type: 'FeatureCollection', features: [] },
  style: [],
  legend: [],
  visible,
  group,
});

describe('result groups', () => {
  const fireIso = layer('fire-isochrones', 'fire');
  const fireUnc = layer('fire-uncovered', 'fire', false);
  const gaps = layer('hydrant-gaps', 'hydrants');
  const loose = layer('old', undefined);
  const all = [fireIso, gaps, fireUnc, loose];

  test('the open panel’s groups are shown, the others hidden; the layer list shows every group; a pinned group always', () => {
    expect(groupShown('fire', 'fire', {})).toBe(true);
    expect(groupShown('fire', 'hydrants', {})).toBe(false);
    expect(groupShown('fire', 'layers', {})).toBe(true);
    expect(groupShown('fire', 'hydrants', { fire: true })).toBe(true);
    expect(groupShown('fire', 'hydrants', { fire: false })).toBe(false);
    expect(groupShown(undefined, 'hydrants', {})).toBe(true); // a layer without a group is not hidden
  });

  test('shownResults hides only what its group hides, keeps data objects, and returns the same array when nothing changes', () => {
    const onHydrants = shownResults(all, 'hydrants', {});
    expect(onHydrants.map((r) => [r.id, r.visible])).toEqual([
      ['fire-isochrones', false],
      ['hydrant-gaps', true],
      ['fire-uncovered', false],
      ['old', true],
    ]);
    expect(onHydrants[0].data).toBe(fireIso.data);
    expect(onHydrants[1]).toBe(gaps);
    expect(shownResults(all, 'layers', {})).toBe(all);
    expect(shownResults(all, 'hydrants', { fire: true })).toBe(all);
    // the user's own choice per layer stays: fire-uncovered was switched off
    expect(shownResults(all, 'fire', {}).find((r) => r.id === 'fire-uncovered')!.visible).toBe(false);
  });

  test('resultGroups keeps drawing order within a group, groups by their first layer', () => {
    expect(resultGroups(all).map((g) => [g.group, g.layers.map((l) => l.id)])).toEqual([
      ['fire', ['fire-isochrones', 'fire-uncovered']],
      ['hydrants', ['hydrant-gaps']],
      ['', ['old']],
    ]);
  });

  test('pinning is a UI choice by group', () => {
    const ui: UiState = { lang: 'zh', activePanel: 'fire', mapClickMode: null, basemap: { kind: 'none' }, resultGroupsShown: {} };
    expect(setResultGroupShown(ui, { group: 'fire', shown: true }).resultGroupsShown).toEqual({ fire: true });
  });

  test('the store stamps a new result with the open panel, and a replaced one keeps its group', () => {
    const s = useAppStore.getState();
    s.setActivePanel('hydrants');
    s.setResultLayer({ ...gaps, group: undefined });
    expect(useAppStore.getState().results.find((r) => r.id === 'hydrant-gaps')!.group).toBe('hydrants');
    s.setActivePanel('fire');
    s.setResultLayer({ ...gaps, group: undefined, visible: false });
    expect(useAppStore.getState().results.find((r) => r.id === 'hydrant-gaps')!.group).toBe('hydrants');
    s.removeResultLayer('hydrant-gaps');
  });
});
