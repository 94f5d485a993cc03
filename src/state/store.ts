import { useMemo } from 'react';
import { create } from 'zustand';
import type { Lang, Project, ValidationReport } from '../../layers/types';
import { emptyLayerUi, initLayerUi, moveLayer, setLayerOpacity, setLayerVisible, type LayerUiDefaults, type LayerUiState } from './layers-slice';
import { setView, type ViewState } from './view-slice';
import { setSelection, type Selection } from './selection-slice';
import { dropStaleResults, removeResultLayer, setResultLayer, setResultVisible, shownResults, type ResultLayer, type ResultsState } from './results-slice';
import { emptyProjectState, projectEdited, projectFailed, projectLoaded, projectLoading, type ProjectState } from './project-slice';
import { setActivePanel, setBasemap, setLang, setMapClickMode, setResultGroupShown, type Basemap, type MapClickMode, type UiState } from './ui-slice';
import { readSavedUi, writeSavedUi, type SavedUi } from './persist';
import { scenarioUpdaters, setProjectParams } from './scenario-slice';
import { activeScenario, applyScenario, scenarioLabel } from '../../analysis/scenarios';

export type { ResultLayer, Selection, MapClickMode, ViewState, LayerUiState, ProjectState, UiState, Basemap };

/** The whole app state: one field per slice, plus the actions (each calls one pure updater). */
export interface AppState {
  project: ProjectState;
  layerUi: LayerUiState;
  view: ViewState | null;
  ui: UiState;
  selection: Selection | null;
  results: ResultsState;
  /** Saved layer UI kept until the project's layers are known. */
  savedLayerUi: Partial<LayerUiState> | null;

  setProjectLoading(message: string | null): void;
  setProject(p: { project: Project; report: ValidationReport }): void;
  setProjectError(message: string): void;
  /** An edit of the open project that keeps its layers (no reload of map or database; undoable, saved). */
  editProject(project: Project): void;
  /**
   * Sets analysis parameters in the project's `params` (undefined: back to the default): the one
   * updater every panel uses. One call is one undo step, saved with the work; nothing happens when
   * no value changes.
   */
  setParams(patch: Readonly<Record<string, unknown>>): void;
  /**
   * Changes the project's scenarios through one of {@link scenarioUpdaters} (copy, rename, delete,
   * switch, edit, adopt): one undo step, saved with the work. Throws (zh + en) on a refused change
   * (an empty or repeated name, deleting the last scenario).
   */
  scenarioAction<K extends keyof typeof scenarioUpdaters>(kind: K, payload: Parameters<(typeof scenarioUpdaters)[K]>[1]): void;
  /** (Re)initialise the layer UI for these layers, keeping saved choices. */
  initLayers(defs: LayerUiDefaults[]): void;
  setLayerVisible(id: string, visible: boolean): void;
  setLayerOpacity(id: string, opacity: number): void;
  moveLayer(id: string, direction: 'up' | 'down'): void;
  setView(view: ViewState): void;
  setLang(lang: Lang): void;
  setActivePanel(id: string): void;
  /** Select features (from a map click or a table row); null or no ids clears. */
  setSelection(sel: Selection | null): void;
  /** Add or replace an analysis result layer (drawn above the data layers). */
  setResultLayer(r: ResultLayer): void;
  removeResultLayer(id: string): void;
  setResultVisible(id: string, visible: boolean): void;
  /** Pin one analysis' result layers to the map, or unpin them (by its panel id). */
  setResultGroupShown(group: string, shown: boolean): void;
  /** Route the next map clicks to a panel (null ends it). */
  setMapClickMode(mode: MapClickMode | null): void;
  /** Choose the background map (offline by default). */
  setBasemap(b: Basemap): void;
}

function initialState(saved: SavedUi) {
  return {
    project: emptyProjectState(),
    layerUi: emptyLayerUi(),
    view: saved.view,
    ui: { lang: saved.lang, activePanel: 'layers', mapClickMode: null, basemap: saved.basemap ?? { kind: 'none' }, resultGroupsShown: {} } satisfies UiState,
    selection: null,
    results: [] as ResultsState,
    savedLayerUi: saved.layerUi,
  };
}

/** The app store (zustand). Use with a selector: `useAppStore((s) => s.ui.lang)`. */
export const useAppStore = create<AppState>()((set) => ({
  ...initialState(readSavedUi()),
  setProjectLoading: (message) => set((s) => ({ project: projectLoading(s.project, { message }) })),
  setProject: (p) => set((s) => ({ project: projectLoaded(s.project, p), selection: null, results: dropStaleResults(s.results, p.project) })),
  setProjectError: (message) => set((s) => ({ project: projectFailed(s.project, { message }) })),
  editProject: (project) => set((s) => ({ project: projectEdited(s.project, { project }), results: dropStaleResults(s.results, project) })),
  setParams: (patch) =>
    set((s) => {
      if (!s.project.project) return {};
      const next = setProjectParams(s.project.project, patch);
      return next === s.project.project ? {} : { project: projectEdited(s.project, { project: next }), results: dropStaleResults(s.results, next) };
    }),
  scenarioAction: (kind, payload) =>
    set((s) => {
      if (!s.project.project) return {};
      const fn = scenarioUpdaters[kind] as (p: Project, x: typeof payload) => Project;
      const next = fn(s.project.project, payload);
      return next === s.project.project ? {} : { project: projectEdited(s.project, { project: next }), results: dropStaleResults(s.results, next) };
    }),
  initLayers: (defs) =>
    set((s) => ({ layerUi: initLayerUi(defs, s.layerUi.order.length ? s.layerUi : s.savedLayerUi) })),
  setLayerVisible: (id, visible) => set((s) => ({ layerUi: setLayerVisible(s.layerUi, { id, visible }) })),
  setLayerOpacity: (id, opacity) => set((s) => ({ layerUi: setLayerOpacity(s.layerUi, { id, opacity }) })),
  moveLayer: (id, direction) => set((s) => ({ layerUi: moveLayer(s.layerUi, { id, direction }) })),
  setView: (view) => set((s) => ({ view: setView(s.view, view) })),
  setLang: (lang) => set((s) => ({ ui: setLang(s.ui, lang) })),
  setActivePanel: (id) => set((s) => ({ ui: setActivePanel(s.ui, id) })),
  setSelection: (sel) => set((s) => ({ selection: setSelection(s.selection, sel) })),
  // a result belongs to the analysis that made it: the layer it replaces, else the open panel
  setResultLayer: (r) =>
    set((s) => ({ results: setResultLayer(s.results, { ...ofScenario(r, s.project.project), group: r.group ?? s.results.find((x) => x.id === r.id)?.group ?? s.ui.activePanel }) })),
  removeResultLayer: (id) => set((s) => ({ results: removeResultLayer(s.results, id) })),
  setResultVisible: (id, visible) => set((s) => ({ results: setResultVisible(s.results, { id, visible }) })),
  setResultGroupShown: (group, shown) => set((s) => ({ ui: setResultGroupShown(s.ui, { group, shown }) })),
  setMapClickMode: (mode) => set((s) => ({ ui: setMapClickMode(s.ui, mode) })),
  setBasemap: (b) => set((s) => ({ ui: setBasemap(s.ui, b) })),
}));

/**
 * A keyed result layer named after the scenario it was computed in (title and legend say 现状,
 * 方案A …); unkeyed layers (data queries) as they are.
 */
export function ofScenario(r: ResultLayer, project: Project | null): ResultLayer {
  if (!r.keyed || !project) return r;
  const sc = activeScenario(project);
  return {
    ...r,
    title: { zh: `${r.title.zh}（${sc.name}）`, en: `${r.title.en} (${scenarioLabel(sc, 'en')})` },
    legend: r.legend.map((e, i) => (i === 0 ? { ...e, label: { zh: `${e.label.zh}（${sc.name}）`, en: `${e.label.en} (${scenarioLabel(sc, 'en')})` } } : e)),
    keyed: { ...r.keyed, scenario: sc.id, scenarioName: sc.name },
  };
}

/** The result layers as the map draws them (the open panel's and the groups the user showed; {@link shownResults}). */
export function useShownResults(): ResultsState {
  const results = useAppStore((s) => s.results);
  const panel = useAppStore((s) => s.ui.activePanel);
  const chosen = useAppStore((s) => s.ui.resultGroupsShown);
  return useMemo(() => shownResults(results, panel, chosen), [results, panel, chosen]);
}

/**
 * The project the analyses see: the open project under its active scenario (analysis/scenarios.ts
 * `applyScenario`; the same object while the project does not change). null when none is open.
 */
export function effectiveProject(p: Project | null | undefined): Project | null {
  return p ? applyScenario(p) : null;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Writes the persisted part of the state (layer UI, view, language) to localStorage now. */
export function flushSavedUi(): void {
  clearTimeout(saveTimer);
  const cur = useAppStore.getState();
  writeSavedUi({ layerUi: cur.layerUi.order.length ? cur.layerUi : cur.savedLayerUi, view: cur.view, lang: cur.ui.lang, basemap: cur.ui.basemap });
}

useAppStore.subscribe((s, prev) => {
  if (s.layerUi === prev.layerUi && s.view === prev.view && s.ui.lang === prev.ui.lang && s.ui.basemap === prev.ui.basemap) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(flushSavedUi, 200);
});
