import type { Project } from '../../layers/types';
import { checkParams, fromProject, type ParamDef } from '../../analysis/params';

/** The scenario every result belongs to until named scenarios exist. */
export const BASE_SCENARIO = 'base';

/**
 * What an analysis result depends on: the project layers it reads, the parameters it uses (their
 * definitions; values are read from the project's `params`, defaults applied) and any scenario
 * edits (e.g. the fire what-if stations, panel choices that change the figures). Plain data.
 */
export interface ResultKeySpec {
  layers: readonly string[];
  params: readonly ParamDef[];
  /** Other inputs of the result kept outside the project (panel choices), as JSON-able data. */
  edits?: unknown;
  /** Entries of the project's `params` that are scenario edits, not ParamDefs (e.g. `fireScenario`): read from the project. */
  projectKeys?: readonly string[];
}

const layerIds = new WeakMap<object, number>();
let layerCount = 0;

/**
 * A number per layer object. Every edit of a layer (an import, accepted proposals) makes a new
 * object, and undo restores the old object, so a result computed before an edit matches again
 * after its undo.
 */
export function layerToken(layer: object | undefined): number {
  if (!layer) return 0;
  let k = layerIds.get(layer);
  if (k === undefined) {
    k = ++layerCount;
    layerIds.set(layer, k);
  }
  return k;
}

/**
 * The key of a result: (scenario, data, params, edits) as one string. A result carries the key it
 * was computed with; when the project's current key differs, the result is stale.
 * @param project - the open project
 * @param spec - what the result depends on
 * @param scenario - the scenario id ({@link BASE_SCENARIO} until named scenarios exist)
 * @example resultKey(project, { layers: ['hydrants', 'roads'], params: HYDRANT_PARAMS })
 */
export function resultKey(project: Project, spec: ResultKeySpec, scenario: string = BASE_SCENARIO): string {
  const layers = project.layers as Record<string, object | undefined>;
  const data = spec.layers.map((id) => `${id}#${layerToken(layers[id])}`).join(',');
  const values = checkParams<Record<string, unknown>>(spec.params, fromProject(project.params)).values;
  const params = spec.params.map((d) => `${d.key}=${String(values[d.key])}`).join(',');
  const stored = (spec.projectKeys ?? []).map((k) => project.params?.[k] ?? null);
  return JSON.stringify({ scenario, data, params, edits: spec.edits ?? null, stored });
}

/** A result and the key it was computed with. */
export interface KeyedResult<R> {
  result: R;
  key: string;
}

/**
 * How a stored result relates to the current inputs: none, current, or stale (computed for other
 * data, parameters or edits; to be shown marked as such, never as current).
 */
export function resultStatus(stored: { key: string } | null | undefined, currentKey: string | null): 'none' | 'current' | 'stale' {
  if (!stored) return 'none';
  return currentKey !== null && stored.key === currentKey ? 'current' : 'stale';
}
