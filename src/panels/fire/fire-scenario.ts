import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LayerData, Project } from '../../../layers/types';
import { parseBooleanValue } from '../../../layers/load/values';
import { activeScenario, applyScenario, scenariosOf } from '../../../analysis/scenarios';

/** Key of the what-if fire-station scenario in `Project.params` (saved with the project's meta, undone with it). */
export const SCENARIO_KEY = 'fireScenario';

/** What is stored under {@link SCENARIO_KEY}: the stations, and a fingerprint of the station layer they were edited from. */
export interface SavedScenario {
  /** {@link layerFingerprint} of the fire-station layer the edit started from. */
  base: string;
  stations: ScenarioStation[];
}

/** One station of the what-if scenario (plain data: saved to IndexedDB as is). */
export interface ScenarioStation {
  id: string;
  name: string;
  /** 'existing' | 'planned' | 'proposed' (or another code of the source data). */
  status: string;
  level: string;
  /** WGS84 degrees; null for a station without a location. */
  lon: number | null;
  lat: number | null;
  /** The station's own turnout, min (overrides the default), when it has one. */
  turnoutMinutes?: number;
  /** Crew kind ('township', 'volunteer' …) when the source has one. */
  crew?: string;
  /** Own district area limit, km², when the source has one. */
  districtLimitKm2?: number;
  /** An edge-of-county station (the larger district limit), when the source says so. */
  edge?: boolean;
}

/** Id prefix of stations added in the panel (NEW-1, NEW-2 …). */
export const NEW_PREFIX = 'NEW-';

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The scenario stations of a station layer (the unedited scenario). */
export function stationsFromLayer(l: LayerData | undefined): ScenarioStation[] {
  if (!l || l.kind !== 'geojson') return [];
  return l.data.features.map((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const pt = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    const s: ScenarioStation = {
      id: String(p.id ?? `#${i}`),
      name: String(p.name ?? p.id ?? ''),
      status: String(p.status ?? ''),
      level: String(p.level ?? ''),
      lon: pt ? pt[0] : null,
      lat: pt ? pt[1] : null,
    };
    const t = num(p.turnout_min);
    if (t !== undefined) s.turnoutMinutes = t;
    if (typeof p.crew === 'string' && p.crew) s.crew = p.crew;
    const d = num(p.district_limit_km2);
    if (d !== undefined) s.districtLimitKm2 = d;
    if (parseBooleanValue(p.edge) === true) s.edge = true; // the loader's rule: true/是/1/yes …
    return s;
  });
}

/**
 * A short fingerprint of a station layer (FNV-1a over ids, statuses and coordinates): a scenario
 * edited from another layer (e.g. before fire_stations was imported again) no longer applies.
 */
export function layerFingerprint(l: LayerData | undefined): string {
  let h = 0x811c9dc5;
  const add = (str: string) => {
    for (let i = 0; i < str.length; i++) {
      h ^= str.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  const fs = l && l.kind === 'geojson' ? l.data.features : [];
  add(String(fs.length));
  for (const f of fs) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
    add(`|${String(p.id ?? '')}:${String(p.status ?? '')}:${c ? `${c[0]},${c[1]}` : '-'}`);
  }
  return `${fs.length}-${h.toString(16)}`;
}

/** A saved entry if it is a well-formed station, else null (a damaged save never breaks the panel). */
function validStation(v: unknown): ScenarioStation | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || !o.id) return null;
  const lon = o.lon === null ? null : num(o.lon);
  const lat = o.lat === null ? null : num(o.lat);
  if (lon === undefined || lat === undefined || (lon === null) !== (lat === null)) return null;
  const s: ScenarioStation = { id: o.id, name: String(o.name ?? o.id), status: String(o.status ?? ''), level: String(o.level ?? ''), lon, lat };
  const t = num(o.turnoutMinutes);
  if (t !== undefined) s.turnoutMinutes = t;
  if (typeof o.crew === 'string' && o.crew) s.crew = o.crew;
  const d = num(o.districtLimitKm2);
  if (d !== undefined) s.districtLimitKm2 = d;
  if (o.edge === true) s.edge = true;
  return s;
}

/** The saved scenario's stations when it applies to the project's station layer, else null. */
function savedStations(project: Project): ScenarioStation[] | null {
  const saved = project.params?.[SCENARIO_KEY] as Partial<SavedScenario> | undefined;
  if (!saved || typeof saved !== 'object' || !Array.isArray(saved.stations)) return null;
  if (saved.base !== layerFingerprint(project.layers.fireStations)) return null;
  return saved.stations.map(validStation).filter((s): s is ScenarioStation => s !== null);
}

/**
 * The project's scenario: the edited one saved in its params, or (never edited, a damaged entry,
 * or one edited from another station layer) the fire-station layer as it is. Malformed saved
 * stations are dropped.
 */
export function scenarioOf(project: Project | null | undefined): ScenarioStation[] {
  if (!project) return [];
  return savedStations(project) ?? stationsFromLayer(project.layers.fireStations);
}

/**
 * A what-if saved in the project that the panel does not show: it was edited from another station
 * layer than the one the active 方案 gives now (the layer imported again or edited, or the what-if
 * made under another 方案).
 */
export interface HiddenScenario {
  /** Its stations. */
  stations: ScenarioStation[];
  /** Those added in the panel (NEW-n): what the planner would lose without a word. */
  added: ScenarioStation[];
  /** Another 方案 under which it applies as it was edited, when one does. */
  home: { id: string; name: string } | null;
}

/**
 * The saved what-if when it does not apply to the station layer the active 方案 gives (so the panel
 * shows the layer as it is instead), else null.
 * @param base - the project as imported, with its 方案 (not the effective project)
 */
export function hiddenScenario(base: Project | null | undefined): HiddenScenario | null {
  if (!base) return null;
  const saved = base.params?.[SCENARIO_KEY] as Partial<SavedScenario> | undefined;
  if (!saved || typeof saved !== 'object' || !Array.isArray(saved.stations) || typeof saved.base !== 'string') return null;
  const active = activeScenario(base);
  if (saved.base === layerFingerprint(applyScenario(base, active).layers.fireStations)) return null;
  const stations = saved.stations.map(validStation).filter((x): x is ScenarioStation => x !== null);
  const other = scenariosOf(base).list.find((sc) => sc.id !== active.id && layerFingerprint(applyScenario(base, sc).layers.fireStations) === saved.base);
  return { stations, added: stations.filter((x) => x.id.startsWith(NEW_PREFIX)), home: other ? { id: other.id, name: other.name } : null };
}

/**
 * The station layer as it is now with a hidden what-if's added stations (NEW-n) put back, as a
 * scenario list: what a planner who re-imported the stations keeps of the what-if. An added
 * station whose id the layer now has is numbered anew.
 */
export function withAddedStations(layer: readonly ScenarioStation[], added: readonly ScenarioStation[]): ScenarioStation[] {
  const out = layer.map((x) => ({ ...x }));
  for (const a of added) {
    const id = out.some((x) => x.id === a.id) ? `${NEW_PREFIX}${nextNewNumber(out)}` : a.id;
    out.push({ ...a, id });
  }
  return out;
}

/** Whether the project carries an edited scenario (that applies to its station layer). */
export function hasEditedScenario(project: Project | null | undefined): boolean {
  return !!project && savedStations(project) !== null;
}

/**
 * The project with this scenario (null: back to the station layer as it is). Returns a new
 * project object sharing every layer; never mutates its input.
 */
export function withScenario(project: Project, stations: ScenarioStation[] | null): Project {
  const params = { ...project.params };
  if (stations) params[SCENARIO_KEY] = { base: layerFingerprint(project.layers.fireStations), stations: stations.map((s) => ({ ...s })) } satisfies SavedScenario;
  else delete params[SCENARIO_KEY];
  return { ...project, params };
}

/** The number of the next added station: one more than the highest NEW-n in the list. */
export function nextNewNumber(stations: readonly ScenarioStation[]): number {
  let max = 0;
  for (const s of stations) {
    if (!s.id.startsWith(NEW_PREFIX)) continue;
    const n = Number(s.id.slice(NEW_PREFIX.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return max + 1;
}

/**
 * Adds a proposed level-1 station at a point: id NEW-n (n from {@link nextNewNumber}), named by
 * `name(n)`. Returns a new list.
 */
export function addStation(stations: readonly ScenarioStation[], p: { lon: number; lat: number; name: (n: number) => string }): ScenarioStation[] {
  if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat)) throw new Error('addStation: lon/lat must be finite numbers');
  const n = nextNewNumber(stations);
  return [...stations, { id: `${NEW_PREFIX}${n}`, name: p.name(n), status: 'proposed', level: 'level1', lon: p.lon, lat: p.lat }];
}

/** Moves the station with this id to a point (a new list; unchanged when no station has the id). */
export function moveStation(stations: readonly ScenarioStation[], p: { id: string; lon: number; lat: number }): ScenarioStation[] {
  if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat)) throw new Error('moveStation: lon/lat must be finite numbers');
  return stations.map((s) => (s.id === p.id ? { ...s, lon: p.lon, lat: p.lat } : s));
}

/** Removes the station with this id (a new list). */
export function removeStation(stations: readonly ScenarioStation[], p: { id: string }): ScenarioStation[] {
  return stations.filter((s) => s.id !== p.id);
}

/** The scenario as the point features the fire analysis reads (`turnout_min`, `crew`, `district_limit_km2`). */
export function scenarioFeatures(stations: readonly ScenarioStation[]): FeatureCollection<Geometry | null> {
  return {
    type: 'FeatureCollection',
    features: stations.map((s): Feature<Geometry | null> => {
      const properties: Record<string, unknown> = { id: s.id, name: s.name, status: s.status, level: s.level };
      if (s.turnoutMinutes !== undefined) properties.turnout_min = s.turnoutMinutes;
      if (s.crew !== undefined) properties.crew = s.crew;
      if (s.districtLimitKm2 !== undefined) properties.district_limit_km2 = s.districtLimitKm2;
      if (s.edge) properties.edge = true;
      return { type: 'Feature', properties, geometry: s.lon !== null && s.lat !== null ? { type: 'Point', coordinates: [s.lon, s.lat] } : null };
    }),
  };
}
