import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeoJsonLayerData, LayerData, LoadedProperties, Project } from '../layers/types.ts';

/** The facility layers a scenario may edit (by feature id). */
export const SCENARIO_LAYERS = ['fireStations', 'hydrants', 'kindergartens', 'servicePoints'] as const;
export type ScenarioLayerId = (typeof SCENARIO_LAYERS)[number];

/**
 * One edit of a facility layer, by feature id: add a facility, move it, remove it, or change its
 * status. Plain JSON (stored in project.json `scenarios` and in the saved work).
 */
export type FacilityEdit =
  | { op: 'add'; layer: ScenarioLayerId; id: string; lon: number; lat: number; properties: Record<string, unknown> }
  | { op: 'move'; layer: ScenarioLayerId; id: string; lon: number; lat: number }
  | { op: 'remove'; layer: ScenarioLayerId; id: string }
  | { op: 'status'; layer: ScenarioLayerId; id: string; status: string };

/**
 * A named scenario: edits of the facilities as imported (the base) and parameter overrides (same
 * keys as project.json `params`; which statuses count is the fire `statuses` and the hydrant
 * `include-planned` parameter).
 */
export interface Scenario {
  /** Stable id (never shown; the name may change). */
  id: string;
  name: string;
  edits: FacilityEdit[];
  params: Record<string, unknown>;
}

/** The scenarios of a project and the one analyses run on now. */
export interface ScenarioSet {
  active: string;
  list: Scenario[];
}

/** Ids of the two scenarios every project has until the user deletes one. */
export const CURRENT_ID = 'current';
export const PLANNED_ID = 'planned';

/**
 * 现状 (existing facilities only) and 规划 (existing + planned), with no facility edit; 现状 active.
 * The statuses are the values of the `statuses` and `include-planned` parameters (analysis/fire-params.ts,
 * analysis/radii-params.ts), not defaults of them.
 */
export function defaultScenarios(): ScenarioSet {
  return {
    active: CURRENT_ID,
    list: [
      { id: CURRENT_ID, name: '现状', edits: [], params: { statuses: 'existing', 'include-planned': false } },
      { id: PLANNED_ID, name: '规划', edits: [], params: { statuses: 'existing,planned', 'include-planned': true } },
    ],
  };
}

const DEFAULTS: ScenarioSet = defaultScenarios();

/** English names of the names the app gives, for the English UI (the stored name stays as it is). */
const DEFAULT_NAMES_EN: Record<string, string> = { 现状: 'Current', 规划: 'Planned' };

/**
 * A scenario's name as the UI shows it in `lang`: the two default scenarios, still under their
 * default names (现状, 规划), read "Current" and "Planned" in English, and so do those words in
 * the names made from them (现状 copy → Current copy). Any other name is the user's, shown as
 * written. The stored name (project.json, `--scenario NAME`) does not change.
 * @example scenarioLabel({ id: 'current', name: '现状' }, 'en') // 'Current'
 */
export function scenarioLabel(s: Pick<Scenario, 'id' | 'name'>, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return s.name;
  if ((s.id === CURRENT_ID && s.name === '现状') || (s.id === PLANNED_ID && s.name === '规划')) return DEFAULT_NAMES_EN[s.name];
  // a copy named by the app in English ("现状 copy", "规划 copy 2")
  const m = /^(现状|规划)( copy(?: \d+)?)$/.exec(s.name);
  return m ? `${DEFAULT_NAMES_EN[m[1]]}${m[2]}` : s.name;
}

/** The project's scenarios: the stored ones, or the two default ones when it has none (the same objects every call). */
export function scenariosOf(project: Pick<Project, 'scenarios'>): ScenarioSet {
  return project.scenarios ?? DEFAULTS;
}

/** The scenario analyses run on now. */
export function activeScenario(project: Pick<Project, 'scenarios'>): Scenario {
  const set = scenariosOf(project);
  return set.list.find((s) => s.id === set.active) ?? set.list[0];
}

/** The scenario with this name (or id), or undefined. */
export function findScenario(project: Pick<Project, 'scenarios'>, nameOrId: string): Scenario | undefined {
  const list = scenariosOf(project).list;
  return list.find((s) => s.name === nameOrId) ?? list.find((s) => s.id === nameOrId);
}

function pointFeature(id: string, lon: number, lat: number, properties: Record<string, unknown>): Feature<Geometry | null, LoadedProperties> {
  return { type: 'Feature', properties: { ...properties, id }, geometry: { type: 'Point', coordinates: [lon, lat] } };
}

function editLayer(layer: LayerData | undefined, layerId: ScenarioLayerId, edits: readonly FacilityEdit[]): GeoJsonLayerData {
  const base: FeatureCollection<Geometry | null, LoadedProperties> =
    layer && layer.kind === 'geojson' ? layer.data : { type: 'FeatureCollection', features: [] };
  const features = [...base.features];
  const indexOf = (id: string) => features.findIndex((f) => String(f.properties?.id ?? '') === id);
  for (const e of edits) {
    const i = indexOf(e.id);
    if (e.op === 'add') {
      const f = pointFeature(e.id, e.lon, e.lat, e.properties);
      if (i >= 0) features[i] = f;
      else features.push(f);
    } else if (i < 0) {
      continue; // the feature is not in this data (re-imported layer): the edit no longer applies
    } else if (e.op === 'remove') {
      features.splice(i, 1);
    } else if (e.op === 'move') {
      features[i] = { ...features[i], geometry: { type: 'Point', coordinates: [e.lon, e.lat] } };
    } else {
      const props = { ...(features[i].properties ?? {}), status: e.status };
      delete props.__orig; // the text as imported no longer describes the status
      features[i] = { ...features[i], properties: props };
    }
  }
  return { kind: 'geojson', id: layerId, data: { ...base, features } };
}

const effectiveCache = new WeakMap<Project, WeakMap<Scenario, Project>>();
const layersCache = new WeakMap<object, WeakMap<Scenario, Project['layers']>>();

/** The layers under a scenario's edits: the same object for the same (layers, scenario), and the project's own when it edits none. */
function effectiveLayers(layers: Project['layers'], scenario: Scenario): Project['layers'] {
  if (!scenario.edits.some((e) => (SCENARIO_LAYERS as readonly string[]).includes(e.layer))) return layers;
  let byScenario = layersCache.get(layers);
  const hit = byScenario?.get(scenario);
  if (hit) return hit;
  const out = { ...layers };
  for (const id of SCENARIO_LAYERS) {
    const mine = scenario.edits.filter((e) => e.layer === id);
    if (mine.length > 0) out[id] = editLayer(layers[id], id, mine);
  }
  if (!byScenario) layersCache.set(layers, (byScenario = new WeakMap()));
  byScenario.set(scenario, out);
  return out;
}

/**
 * The project an analysis sees under a scenario: its params with the scenario's overrides on top,
 * and the facility layers the scenario edits replaced by edited copies. Every other layer (the
 * households, roads …) is the same object: nothing large is copied. The input is not changed; the
 * same (project, scenario) objects give the same result object, and the same (layers, scenario)
 * the same layers object (a parameter change does not make "new data").
 * @param project - the project as imported (the base) with its params
 * @param scenario - the scenario to apply (default: the project's active one)
 * @example applyScenario(project, findScenario(project, '规划')!).params.statuses // 'existing,planned'
 */
export function applyScenario(project: Project, scenario: Scenario = activeScenario(project)): Project {
  let byScenario = effectiveCache.get(project);
  const hit = byScenario?.get(scenario);
  if (hit) return hit;
  const out: Project = { ...project, params: { ...project.params, ...scenario.params }, layers: effectiveLayers(project.layers, scenario) };
  if (!byScenario) effectiveCache.set(project, (byScenario = new WeakMap()));
  byScenario.set(scenario, out);
  return out;
}

/**
 * The part of a scenario a result over these layers depends on, as a string: its parameter
 * overrides and its edits of those layers (an edit of the hydrants does not change a fire result).
 */
export function scenarioContent(scenario: Scenario, layers: readonly string[]): string {
  return JSON.stringify({ edits: scenario.edits.filter((e) => layers.includes(e.layer)), params: scenario.params });
}

/**
 * The edits that turn a base layer into an edited list of point features (a what-if, accepted
 * proposals): ids missing from `edited` are removed, new ids added, changed positions moved and
 * changed statuses set.
 * @param layer - which facility layer
 * @param base - the layer's features as imported
 * @param edited - the features as they should be in the scenario
 */
export function diffEdits(layer: ScenarioLayerId, base: FeatureCollection<Geometry | null>, edited: FeatureCollection<Geometry | null>): FacilityEdit[] {
  const byId = new Map<string, Feature<Geometry | null>>();
  for (const f of base.features) byId.set(String(f.properties?.id ?? ''), f);
  const seen = new Set<string>();
  const edits: FacilityEdit[] = [];
  for (const f of edited.features) {
    const id = String(f.properties?.id ?? '');
    seen.add(id);
    const pt = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    const old = byId.get(id);
    if (!old) {
      if (!pt) continue;
      const { id: _id, ...properties } = (f.properties ?? {}) as Record<string, unknown>;
      edits.push({ op: 'add', layer, id, lon: pt[0], lat: pt[1], properties });
      continue;
    }
    const oldPt = old.geometry?.type === 'Point' ? old.geometry.coordinates : null;
    if (pt && (!oldPt || oldPt[0] !== pt[0] || oldPt[1] !== pt[1])) edits.push({ op: 'move', layer, id, lon: pt[0], lat: pt[1] });
    const status = f.properties?.status;
    if (typeof status === 'string' && status !== old.properties?.status) edits.push({ op: 'status', layer, id, status });
  }
  for (const id of byId.keys()) if (!seen.has(id)) edits.push({ op: 'remove', layer, id });
  return edits;
}

/** Scenario names must be non-empty after trimming and unique; throws (zh + en) otherwise. */
function checkName(set: ScenarioSet, name: string, except?: string): string {
  const n = name.trim();
  if (!n) throw new Error('方案名称不能为空。\nA scenario name must not be empty.');
  if (set.list.some((s) => s.id !== except && s.name === n)) throw new Error(`已有名为“${n}”的方案。\nA scenario named "${n}" already exists.`);
  return n;
}

function newId(set: ScenarioSet): string {
  let k = set.list.length + 1;
  while (set.list.some((s) => s.id === `s${k}`)) k++;
  return `s${k}`;
}

/** A name not used yet: `base`, or `base 2`, `base 3` … */
export function freeName(set: ScenarioSet, base: string): string {
  if (!set.list.some((s) => s.name === base)) return base;
  let k = 2;
  while (set.list.some((s) => s.name === `${base} ${k}`)) k++;
  return `${base} ${k}`;
}

/** A copy of a scenario under a new name, made active. */
export function copyScenario(set: ScenarioSet, p: { from: string; name: string }): ScenarioSet {
  const from = set.list.find((s) => s.id === p.from);
  if (!from) throw new Error(`没有这个方案：${p.from}\nNo such scenario: ${p.from}`);
  const s: Scenario = { id: newId(set), name: checkName(set, p.name), edits: from.edits.map((e) => ({ ...e })), params: { ...from.params } };
  return { active: s.id, list: [...set.list, s] };
}

/** Renames a scenario. */
export function renameScenario(set: ScenarioSet, p: { id: string; name: string }): ScenarioSet {
  const name = checkName(set, p.name, p.id);
  if (!set.list.some((s) => s.id === p.id)) throw new Error(`没有这个方案：${p.id}\nNo such scenario: ${p.id}`);
  return { ...set, list: set.list.map((s) => (s.id === p.id ? { ...s, name } : s)) };
}

/** Deletes a scenario (never the last one); the first remaining becomes active if it was. */
export function deleteScenario(set: ScenarioSet, p: { id: string }): ScenarioSet {
  if (!set.list.some((s) => s.id === p.id)) return set;
  if (set.list.length <= 1) throw new Error('不能删除最后一个方案。\nThe last scenario cannot be deleted.');
  const list = set.list.filter((s) => s.id !== p.id);
  return { active: set.active === p.id ? list[0].id : set.active, list };
}

/** Makes a scenario the active one. */
export function switchScenario(set: ScenarioSet, p: { id: string }): ScenarioSet {
  if (!set.list.some((s) => s.id === p.id)) throw new Error(`没有这个方案：${p.id}\nNo such scenario: ${p.id}`);
  return set.active === p.id ? set : { ...set, active: p.id };
}

/** Replaces a scenario by `change(scenario)`. */
export function updateScenario(set: ScenarioSet, p: { id: string; change: (s: Scenario) => Scenario }): ScenarioSet {
  return { ...set, list: set.list.map((s) => (s.id === p.id ? p.change(s) : s)) };
}

/**
 * Adds facility edits to a scenario. An edit of an id the scenario already edits is merged: a move
 * or status of an added facility changes the add, a remove of an added facility drops the add.
 */
export function addEdits(scenario: Scenario, edits: readonly FacilityEdit[]): Scenario {
  let list = [...scenario.edits];
  for (const e of edits) {
    const added = list.findIndex((x) => x.op === 'add' && x.layer === e.layer && x.id === e.id);
    if (added >= 0 && e.op !== 'add') {
      const a = list[added] as Extract<FacilityEdit, { op: 'add' }>;
      if (e.op === 'remove') list.splice(added, 1);
      else if (e.op === 'move') list[added] = { ...a, lon: e.lon, lat: e.lat };
      else list[added] = { ...a, properties: { ...a.properties, status: e.status } };
      continue;
    }
    // the last move / status of an id wins
    if (e.op === 'move' || e.op === 'status') list = list.filter((x) => !(x.op === e.op && x.layer === e.layer && x.id === e.id));
    list.push({ ...e });
  }
  return { ...scenario, edits: list };
}

/** A scenario's parameter overrides with a patch (undefined removes an override). */
export function withScenarioParams(scenario: Scenario, patch: Readonly<Record<string, unknown>>): Scenario {
  const params = { ...scenario.params };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__') continue;
    if (v === undefined) delete params[k];
    else params[k] = v;
  }
  return { ...scenario, params };
}

/** Whether the scenario's `statuses` override counts this fire-station status; adds it when not. */
export function countingFireStatus(scenario: Scenario, status: string, baseStatuses: string): Scenario {
  const cur = String(scenario.params.statuses ?? baseStatuses).split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  return cur.includes(status) ? scenario : withScenarioParams(scenario, { statuses: [...cur, status].join(',') });
}

/**
 * The scenarios read from project.json `scenarios` (or a saved work record): well-formed entries
 * kept, each refused one named (zh + en) in `problems` with its index and field. Returns null
 * scenarios when the value is absent.
 */
export function parseScenarios(v: unknown): { scenarios: ScenarioSet | null; problems: { index: number | null; field: string; message: { zh: string; en: string } }[] } {
  const problems: { index: number | null; field: string; message: { zh: string; en: string } }[] = [];
  if (v === undefined || v === null) return { scenarios: null, problems };
  const o = v as Record<string, unknown>;
  if (typeof v !== 'object' || Array.isArray(v) || !Array.isArray(o.list)) {
    problems.push({ index: null, field: 'scenarios', message: { zh: 'scenarios 应是 {"active": …, "list": [...]} 对象，已忽略。', en: 'scenarios should be an object {"active": …, "list": [...]}; ignored.' } });
    return { scenarios: null, problems };
  }
  const list: Scenario[] = [];
  (o.list as unknown[]).forEach((s, index) => {
    const e = (s ?? {}) as Record<string, unknown>;
    if (!s || typeof s !== 'object' || typeof e.id !== 'string' || !e.id || typeof e.name !== 'string' || !e.name.trim()) {
      problems.push({ index, field: 'id/name', message: { zh: `第 ${index + 1} 个方案缺少 id 或名称，已忽略。`, en: `Scenario ${index + 1} has no id or name; ignored.` } });
      return;
    }
    if (list.some((x) => x.id === e.id || x.name === (e.name as string).trim())) {
      problems.push({ index, field: 'name', message: { zh: `第 ${index + 1} 个方案与前面的方案重名，已忽略。`, en: `Scenario ${index + 1} repeats an earlier id or name; ignored.` } });
      return;
    }
    const edits: FacilityEdit[] = [];
    (Array.isArray(e.edits) ? e.edits : []).forEach((x, j) => {
      const ed = validEdit(x);
      if (ed) edits.push(ed);
      else problems.push({ index, field: `edits[${j}]`, message: { zh: `方案“${e.name}”的第 ${j + 1} 项修改无效，已忽略。`, en: `Edit ${j + 1} of scenario "${e.name}" is not valid; ignored.` } });
    });
    const params = e.params && typeof e.params === 'object' && !Array.isArray(e.params) ? { ...(e.params as Record<string, unknown>) } : {};
    delete params.__proto__;
    list.push({ id: e.id, name: e.name.trim(), edits, params });
  });
  if (list.length === 0) return { scenarios: null, problems };
  const active = typeof o.active === 'string' && list.some((s) => s.id === o.active) ? o.active : list[0].id;
  return { scenarios: { active, list }, problems };
}

function validEdit(v: unknown): FacilityEdit | null {
  if (!v || typeof v !== 'object') return null;
  const e = v as Record<string, unknown>;
  if (!(SCENARIO_LAYERS as readonly unknown[]).includes(e.layer) || typeof e.id !== 'string' || !e.id) return null;
  const layer = e.layer as ScenarioLayerId;
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= 180;
  if (e.op === 'remove') return { op: 'remove', layer, id: e.id };
  if (e.op === 'status') return typeof e.status === 'string' && e.status ? { op: 'status', layer, id: e.id, status: e.status } : null;
  if (!finite(e.lon) || !finite(e.lat) || Math.abs(e.lat) > 90) return null;
  if (e.op === 'move') return { op: 'move', layer, id: e.id, lon: e.lon, lat: e.lat };
  if (e.op === 'add') {
    const properties = e.properties && typeof e.properties === 'object' && !Array.isArray(e.properties) ? { ...(e.properties as Record<string, unknown>) } : {};
    return { op: 'add', layer, id: e.id, lon: e.lon, lat: e.lat, properties };
  }
  return null;
}
