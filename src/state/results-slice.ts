import type { FeatureCollection, Geometry } from 'geojson';
import type { I18nText, LegendEntry, StyleLayer, FieldDef, Project } from '../../layers/types';
import { resultKey, type ResultKeySpec } from './result-key';
import { COUNT_PROPERTY } from '../map/aggregate-points';

/**
 * A map layer made by an analysis (coverage areas, gaps, uncovered households …), drawn above the
 * data layers with popups like them. Style layers get ids `result:${id}-${index}`.
 */
export interface ResultLayer {
  id: string;
  title: I18nText;
  data: FeatureCollection<Geometry | null>;
  style: StyleLayer[];
  legend: LegendEntry[];
  visible: boolean;
  /** Popup fields (labels); when absent the popup lists every property by name. */
  fields?: Pick<FieldDef, 'name' | 'label' | 'unit' | 'type' | 'values'>[];
  /** 0…1 multiplied into paint opacities; 1 when absent. */
  opacity?: number;
  /**
   * What the layer was computed from and its key then ({@link resultKey}): when the project's
   * data, parameters or edits change so that the key differs, the layer is removed
   * ({@link dropStaleResults}) and its panel offers to recompute.
   */
  keyed?: { spec: ResultKeySpec; key: string; scenario?: string; scenarioName?: string };
  /**
   * The analysis that made it: the side-bar panel's id (fire, hydrants, siting …), stamped by the
   * store when the layer is set. The map shows the open panel's results; the others are one click
   * away in the layer list ({@link shownResults}).
   */
  group?: string;
}

/**
 * The features of a result layer that are its result: all but the grid cells added for drawing at
 * low zoom (features carrying COUNT_PROPERTY, see src/panels/radii/aggregate-result.ts `withAggregate`).
 * What its feature count, exports and tables show.
 */
export function resultFeatures(r: Pick<ResultLayer, 'data'>): FeatureCollection<Geometry | null>['features'] {
  const fs = r.data.features;
  return fs.some(isDrawingCell) ? fs.filter((f) => !isDrawingCell(f)) : fs;
}

function isDrawingCell(f: FeatureCollection<Geometry | null>['features'][number]): boolean {
  return f.properties !== null && typeof f.properties === 'object' && COUNT_PROPERTY in f.properties;
}

/** Result layers in drawing order, bottom first. */
export type ResultsState = ResultLayer[];

/** Adds a result layer on top, or replaces the one with the same id in place. */
export function setResultLayer(state: ResultsState, r: ResultLayer): ResultsState {
  if (!r.id) throw new Error('result layer id is required');
  if (!r.data || r.data.type !== 'FeatureCollection') throw new Error(`result layer ${r.id}: data must be a FeatureCollection`);
  const i = state.findIndex((x) => x.id === r.id);
  if (i < 0) return [...state, r];
  const next = [...state];
  next[i] = r;
  return next;
}

/** The panel that shows every group's results by default (the layer list). */
export const ALL_RESULTS_PANEL = 'layers';

/**
 * Whether a group's results are drawn: always when the user pinned the group (`pinned[group]`), else
 * while its own panel is open, or the layer list (which shows every group).
 */
export function groupShown(group: string | undefined, activePanel: string, pinned: Readonly<Record<string, boolean>>): boolean {
  if (group === undefined) return true;
  return pinned[group] === true || activePanel === ALL_RESULTS_PANEL || group === activePanel;
}

/**
 * The result layers as the map draws them: a layer of a group that is not shown is hidden
 * (`visible: false`, a new object only then; the data object is the same, so nothing is re-sent to
 * the map).
 */
export function shownResults(state: ResultsState, activePanel: string, chosen: Readonly<Record<string, boolean>>): ResultsState {
  let changed = false;
  const out = state.map((r) => {
    if (!r.visible || groupShown(r.group, activePanel, chosen)) return r;
    changed = true;
    return { ...r, visible: false };
  });
  return changed ? out : state;
}

/** The result layers by group, in drawing order of each group's first layer; ungrouped ones under ''. */
export function resultGroups(state: ResultsState): { group: string; layers: ResultLayer[] }[] {
  const byGroup = new Map<string, ResultLayer[]>();
  for (const r of state) {
    const g = r.group ?? '';
    const list = byGroup.get(g);
    if (list) list.push(r);
    else byGroup.set(g, [r]);
  }
  return [...byGroup].map(([group, layers]) => ({ group, layers }));
}

/** Removes a result layer; unknown ids leave the state unchanged. */
export function removeResultLayer(state: ResultsState, id: string): ResultsState {
  return state.some((x) => x.id === id) ? state.filter((x) => x.id !== id) : state;
}

/** Shows or hides a result layer. */
export function setResultVisible(state: ResultsState, p: { id: string; visible: boolean }): ResultsState {
  return state.map((x) => (x.id === p.id ? { ...x, visible: p.visible } : x));
}

/**
 * Removes the result layers whose key no longer matches the project (an edit, an undo, an import,
 * a parameter change they depend on, another active scenario), so that no stale layer is shown as current. Layers without
 * a key stay. Returns the same state when nothing is removed.
 */
export function dropStaleResults(state: ResultsState, project: Project | null): ResultsState {
  const stale = (r: ResultLayer) => !!r.keyed && (!project || resultKey(project, r.keyed.spec) !== r.keyed.key);
  return state.some(stale) ? state.filter((r) => !stale(r)) : state;
}
