import type { FeatureCollection, Geometry } from 'geojson';
import type { I18nText, LegendEntry, StyleLayer, FieldDef, Project } from '../../layers/types';
import { resultKey, type ResultKeySpec } from './result-key';

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
