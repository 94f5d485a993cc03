import type { Project } from '../../layers/types';
import { checkParams, fromProject, type ParamDef } from '../../analysis/params';
import { activeScenario, applyScenario, scenarioContent, scenariosOf, type Scenario } from '../../analysis/scenarios';

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

/** The scenario with this id, or the project's active one. */
export function scenarioById(project: Project, id?: string): Scenario {
  return (id !== undefined ? scenariosOf(project).list.find((s) => s.id === id) : undefined) ?? activeScenario(project);
}

/**
 * The key of a result: (scenario, data, scenario content, effective params, edits) as one string.
 * `data` names the layers as imported (their object identity), the scenario content is its
 * overrides and its edits of those layers (analysis/scenarios.ts), the params are the values the
 * analysis reads under the scenario (project params with the scenario's overrides, defaults applied).
 * A result carries the key it was computed with; when the project's current key differs, the
 * result is stale.
 * @param project - the open project (the base, with its scenarios)
 * @param spec - what the result depends on
 * @param scenarioId - the scenario (default: the active one)
 * @example resultKey(project, { layers: ['hydrants', 'roads'], params: HYDRANT_PARAMS })
 */
export function resultKey(project: Project, spec: ResultKeySpec, scenarioId?: string, token: (layer: object | undefined) => number | string = layerToken): string {
  const sc = scenarioById(project, scenarioId);
  const eff = applyScenario(project, sc).params;
  const layers = project.layers as Record<string, object | undefined>;
  const data = spec.layers.map((id) => `${id}#${token(layers[id])}`).join(',');
  const values = checkParams<Record<string, unknown>>(spec.params, fromProject(eff)).values;
  const params = spec.params.map((d) => `${d.key}=${String(values[d.key])}`).join(',');
  const stored = (spec.projectKeys ?? []).map((k) => eff[k] ?? null);
  return JSON.stringify({ scenario: sc.id, content: scenarioContent(sc, spec.layers), data, params, edits: spec.edits ?? null, stored });
}

const digests = new WeakMap<object, string>();

function fnv(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A digest of a layer's content (FNV-1a over its coordinates and ids, or its GeoJSON text), the
 * same after a reload: the data part of a key that outlives the session ({@link persistentKey}).
 * Computed once per layer object.
 */
export function layerDigest(layer: object | undefined): string {
  if (!layer) return '0';
  const hit = digests.get(layer);
  if (hit) return hit;
  const l = layer as Project['layers'][keyof Project['layers']];
  let h = 0x811c9dc5;
  let n = 0;
  if (l.kind === 'columns') {
    h = fnv(h, new Uint8Array(l.lon.buffer, l.lon.byteOffset, l.lon.byteLength));
    h = fnv(h, new Uint8Array(l.lat.buffer, l.lat.byteOffset, l.lat.byteLength));
    h = fnv(h, new TextEncoder().encode(l.ids.join('\n')));
    n = l.count;
  } else {
    h = fnv(h, new TextEncoder().encode(JSON.stringify(l.data.features)));
    n = l.data.features.length;
  }
  const d = `${n}-${h.toString(16)}`;
  digests.set(layer, d);
  return d;
}

/** {@link resultKey} with the layers named by their content ({@link layerDigest}): the key of a result cached across reloads. */
export function persistentKey(project: Project, spec: ResultKeySpec, scenarioId?: string): string {
  return resultKey(project, spec, scenarioId, layerDigest);
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
