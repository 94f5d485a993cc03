import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { I18nText, IssueSeverity, ValidationIssue } from '../layers/types.ts';
import { NON_MOTOR_ROAD_CLASSES, ROAD_CLASSES } from './fire-params.ts';
import { scanOsmPbf, type OsmPbfSummary, type OsmTags } from './osm-pbf.ts';

/**
 * OSM `highway` values imported as roads: the classes of the fire speed table and their `_link`
 * ramps, `road`, the drivable extras (busway, escape, services, rest_area) and the non-motor classes
 * (footway, path, steps …; kept on the map, left out of the fire network). Every value here is an
 * allowed road class of layers/roads.ts. Other values (bus_stop, abandoned, a typo …) are skipped
 * and reported.
 */
export const OSM_ROAD_CLASSES: readonly string[] = [
  ...ROAD_CLASSES,
  ...['motorway', 'trunk', 'primary', 'secondary', 'tertiary'].map((c) => `${c}_link`),
  'road',
  'busway',
  'escape',
  'services',
  'rest_area',
  ...NON_MOTOR_ROAD_CLASSES,
];

/** Options of {@link osmToProject}. */
export interface OsmImportOptions {
  /** Project name written to project.json (default 'OSM 导入'). */
  name?: string;
  /** Region written to project.json, when given. */
  region?: string;
  /** File name used in the report's issues (default 'import.osm.pbf'). */
  file?: string;
}

/** What was read and written, for the report. */
export interface OsmImportCounts {
  /** Ways carrying `highway=*` in the file. */
  highwayWays: number;
  /** Road features written (highway ways with a known class and ≥ 2 located nodes). */
  roads: number;
  /** Of the roads, non-motor ones (footway, path, steps …), kept on the map but not routed. */
  nonMotorRoads: number;
  /** Highway ways skipped for an unknown `highway` value. */
  unknownHighwayWays: number;
  fireStations: number;
  /** Fire stations mapped as areas (ways), imported as a point on the surface. */
  fireStationAreas: number;
  hydrants: number;
  kindergartens: number;
  kindergartenAreas: number;
  /** Kindergartens whose ownership (公办/民办) the tags do not give. */
  kindergartensWithoutOwnership: number;
  /** Node references of imported ways that the file does not hold (cut at the extract's edge). */
  missingNodeRefs: number;
  /** Imported ways with at least one missing node. */
  waysWithMissingNodes: number;
  /** Ways dropped because fewer than 2 (lines) or 1 (areas) of their nodes are in the file. */
  waysDropped: number;
  /** Relations in the file (not imported). */
  relations: number;
  nodes: number;
  ways: number;
}

/** Result of {@link osmToProject}. */
export interface OsmImportResult {
  /**
   * Project-folder files by name: roads.geojson, fire_stations.geojson, hydrants.geojson,
   * kindergartens.geojson, project.json. Each text is made when first read (a large extract's
   * roads can be longer than a JavaScript string can hold: write {@link OsmImportResult.documents}
   * through a streaming writer instead).
   */
  files: Record<string, string>;
  /** The same files as values: `files[name]` is `JSON.stringify(documents[name], null, name === 'project.json' ? 2 : 0)`. */
  documents: Record<string, unknown>;
  report: { issues: ValidationIssue[]; counts: OsmImportCounts; header: Pick<OsmPbfSummary, 'bbox' | 'writingProgram' | 'requiredFeatures'> };
}

/** Attribution every OSM-derived project must carry (ODbL 1.0). */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors, ODbL 1.0';

interface WayRecord {
  id: number;
  refs: Float64Array;
  tags: OsmTags;
}

interface PointRecord {
  id: string;
  lon: number;
  lat: number;
  tags: OsmTags;
  area: boolean;
}

const MAX_LISTED = 10;

/**
 * Convert an OpenStreetMap extract (`.osm.pbf`) into the project-folder layers of the data
 * contract (shared/DATA-CONTRACT.md):
 * - roads from `highway=*` ways, one LineString per way: `class` = the highway value, `name` from
 *   `name:zh` or `name`, `oneway` from yes/true/1 → yes, -1/reverse → reverse, no/false/0 → no
 *   (a roundabout without the tag is one-way), `speed_kmh` from a numeric `maxspeed` (km/h; mph
 *   × 1.609344), `width_m` from a numeric `width` in metres;
 * - fire stations from `amenity=fire_station`, kindergartens from `amenity=kindergarten`: nodes as
 *   they are, closed ways (areas) as a point on the surface (inside the polygon, see
 *   {@link pointOnSurface}); ids `osm-n123` / `osm-w123`; stations `status: existing`;
 *   kindergarten `ownership` from `operator:type` / `ownership` when it says, else left empty and
 *   reported so the user fills it in;
 * - hydrants from `emergency=fire_hydrant` nodes: `kind: hydrant`, `status: working` with a note
 *   that OSM holds no condition (to confirm on site); water tanks and ponds are not cranes and are
 *   skipped.
 * Missing node references (an extract cut at its edge) are skipped, a way is kept while ≥ 2 of its
 * nodes remain, and both are counted (BAD-INPUTS #45); relations are not imported (counted).
 *
 * Two passes over the file: the first keeps the wanted ways (with their node ids) and tagged
 * nodes, the second the coordinates of the referenced nodes only (sorted ids + binary search in
 * typed arrays), so memory follows what is imported, not the size of the extract.
 *
 * @param bytes - the `.osm.pbf` file.
 * @param options - project name, region, file name for the report.
 * @returns the files' text and a report in the loader's issue shape.
 * @throws `OsmPbfError` when the file is not a readable PBF (truncated, bad sizes …).
 * @example
 * const { files, report } = osmToProject(bytes, { name: '摩纳哥' });
 * loadProject(Object.entries(files).map(([name, text]) => ({ name, bytes: new TextEncoder().encode(text) })));
 */
export function osmToProject(bytes: Uint8Array, options: OsmImportOptions = {}): OsmImportResult {
  const file = options.file ?? 'import.osm.pbf';
  const issues: ValidationIssue[] = [];
  const issue = (severity: IssueSeverity, code: string, message: I18nText) => issues.push({ severity, code, file, message });
  const roadClasses = new Set(OSM_ROAD_CLASSES);
  const nonMotor = new Set(NON_MOTOR_ROAD_CLASSES);

  // Pass 1: wanted ways and tagged nodes.
  const roadWays: WayRecord[] = [];
  const areaWays: { kind: 'fire' | 'kg'; way: WayRecord }[] = [];
  const fireNodes: PointRecord[] = [];
  const kgNodes: PointRecord[] = [];
  const hydrantNodes: PointRecord[] = [];
  const unknownHighway = new Map<string, number>();
  const skippedRelations: string[] = [];
  let highwayWays = 0, hydrantWays = 0;
  const summary = scanOsmPbf(bytes, {
    node(id, lon, lat, tags) {
      if (!tags) return;
      const p = (): PointRecord => ({ id: `osm-n${id}`, lon, lat, tags, area: false });
      if (tags.amenity === 'fire_station') fireNodes.push(p());
      if (tags.amenity === 'kindergarten') kgNodes.push(p());
      if (tags.emergency === 'fire_hydrant') hydrantNodes.push(p());
    },
    way(id, refs, tags) {
      if (tags.highway !== undefined) {
        highwayWays++;
        const cls = tags.highway.trim().toLowerCase();
        if (roadClasses.has(cls)) roadWays.push({ id, refs, tags });
        else unknownHighway.set(cls, (unknownHighway.get(cls) ?? 0) + 1);
      }
      if (tags.amenity === 'fire_station') areaWays.push({ kind: 'fire', way: { id, refs, tags } });
      if (tags.amenity === 'kindergarten') areaWays.push({ kind: 'kg', way: { id, refs, tags } });
      if (tags.emergency === 'fire_hydrant') hydrantWays++;
    },
    relation(id, tags) {
      if (tags.amenity === 'fire_station' || tags.amenity === 'kindergarten' || tags.emergency === 'fire_hydrant') skippedRelations.push(`relation/${id}`);
    },
  });

  // Pass 2: coordinates of the referenced nodes.
  let total = 0;
  for (const w of roadWays) total += w.refs.length;
  for (const a of areaWays) total += a.way.refs.length;
  const all = new Float64Array(total);
  let k = 0;
  for (const w of roadWays) { all.set(w.refs, k); k += w.refs.length; }
  for (const a of areaWays) { all.set(a.way.refs, k); k += a.way.refs.length; }
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i];
  const ids = all.subarray(0, u);
  const lons = new Float64Array(u).fill(NaN);
  const lats = new Float64Array(u).fill(NaN);
  if (u > 0) {
    scanOsmPbf(bytes, {
      node(id, lon, lat) {
        const i = findSorted(ids, id);
        if (i >= 0) { lons[i] = lon; lats[i] = lat; }
      },
    }, { nodeTags: false });
  }

  const counts: OsmImportCounts = {
    highwayWays, roads: 0, nonMotorRoads: 0, unknownHighwayWays: 0, fireStations: 0, fireStationAreas: 0, hydrants: 0,
    kindergartens: 0, kindergartenAreas: 0, kindergartensWithoutOwnership: 0, missingNodeRefs: 0, waysWithMissingNodes: 0,
    waysDropped: 0, relations: summary.relations, nodes: summary.nodes, ways: summary.ways,
  };
  const missingWays: string[] = [];
  const droppedWays: string[] = [];
  /** The located coordinates of a way, missing nodes skipped and counted. */
  const coordsOf = (w: WayRecord): [number, number][] => {
    const out: [number, number][] = [];
    let missing = 0;
    for (let i = 0; i < w.refs.length; i++) {
      const j = findSorted(ids, w.refs[i]);
      if (j < 0 || Number.isNaN(lons[j])) { missing++; continue; }
      const x = round7(lons[j]), y = round7(lats[j]);
      const last = out[out.length - 1];
      if (last && last[0] === x && last[1] === y) continue; // a node repeated in a row (or two nodes at one place)
      out.push([x, y]);
    }
    if (missing > 0) {
      counts.missingNodeRefs += missing;
      counts.waysWithMissingNodes++;
      if (missingWays.length < MAX_LISTED) missingWays.push(`way/${w.id}`);
    }
    return out;
  };

  // Roads.
  const roads: Feature<LineString>[] = [];
  for (const w of roadWays) {
    const coords = coordsOf(w);
    if (coords.length < 2) {
      counts.waysDropped++;
      if (droppedWays.length < MAX_LISTED) droppedWays.push(`way/${w.id}`);
      continue;
    }
    const cls = w.tags.highway.trim().toLowerCase();
    if (nonMotor.has(cls)) counts.nonMotorRoads++;
    roads.push({ type: 'Feature', properties: roadProperties(w, cls), geometry: { type: 'LineString', coordinates: coords } });
  }
  counts.roads = roads.length;
  for (const n of unknownHighway.values()) counts.unknownHighwayWays += n;

  // Areas → points on the surface.
  for (const { kind, way } of areaWays) {
    const coords = coordsOf(way);
    if (coords.length === 0) {
      counts.waysDropped++;
      if (droppedWays.length < MAX_LISTED) droppedWays.push(`way/${way.id}`);
      continue;
    }
    const closed = way.refs.length >= 4 && way.refs[0] === way.refs[way.refs.length - 1];
    const [lon, lat] = closed && coords.length >= 4 ? pointOnSurface(coords) : coords[Math.floor(coords.length / 2)];
    const rec: PointRecord = { id: `osm-w${way.id}`, lon: round7(lon), lat: round7(lat), tags: way.tags, area: true };
    if (kind === 'fire') { fireNodes.push(rec); counts.fireStationAreas++; } else { kgNodes.push(rec); counts.kindergartenAreas++; }
  }

  const point = (r: PointRecord, properties: Record<string, unknown>): Feature<Point> => ({
    type: 'Feature',
    properties: { ...properties, osm: `${r.area ? 'way' : 'node'}/${r.id.slice(5)}`, source: 'OSM' },
    geometry: { type: 'Point', coordinates: [round7(r.lon), round7(r.lat)] },
  });

  const fireStations = fireNodes.map((r) => point(r, { id: r.id, ...nameOf(r.tags), status: 'existing' }));
  counts.fireStations = fireStations.length;

  const hydrants = hydrantNodes.map((r) => {
    const road = r.tags['addr:street'];
    return point(r, {
      id: r.id,
      kind: 'hydrant',
      status: 'working',
      ...(road ? { road } : {}),
      note: 'OSM 无完好/损坏信息，状态待现场确认 / OSM holds no condition: to confirm on site',
    });
  });
  counts.hydrants = hydrants.length;

  const kindergartens = kgNodes.map((r) => {
    const ownership = ownershipOf(r.tags);
    const capacity = Number(r.tags.capacity);
    if (!ownership) {
      counts.kindergartensWithoutOwnership++;
      const what = `${r.area ? 'way' : 'node'}/${r.id.slice(5)}${r.tags.name ? `（${r.tags.name}）` : ''}`;
      issue('warning', 'osm-ownership-unknown', {
        zh: `幼儿园 ${what} 的办园性质（公办/民办）在 OSM 中没有标注（operator:type），数据约定要求填写，补填前加载时不计入：请在 kindergartens.geojson 中 id 为 ${r.id} 的要素里填写 ownership：public（公办）或 private（民办）。`,
        en: `Kindergarten ${what}: OSM does not say whether it is public or private (operator:type), which the data contract requires; it is not loaded until you fill it in: in kindergartens.geojson, give the feature with id ${r.id} an ownership of public (公办) or private (民办).`,
      });
    }
    return point(r, {
      id: r.id,
      ...nameOf(r.tags),
      ...(ownership ? { ownership } : {}),
      ...(Number.isFinite(capacity) && capacity > 0 ? { capacity } : {}),
    });
  });
  counts.kindergartens = kindergartens.length;

  // Report.
  issue('info', 'osm-import', {
    zh: `已从 OSM 导入：道路 ${counts.roads} 条（含人行道等非机动车道路 ${counts.nonMotorRoads} 条，不参与消防车路径），消防站 ${counts.fireStations} 个（其中面状 ${counts.fireStationAreas} 个取面内点），消火栓 ${counts.hydrants} 个，幼儿园 ${counts.kindergartens} 个（其中面状 ${counts.kindergartenAreas} 个）。数据 ${OSM_ATTRIBUTION}。`,
    en: `Imported from OSM: ${counts.roads} roads (${counts.nonMotorRoads} footways and other non-motor ways, not routed for fire trucks), ${counts.fireStations} fire stations (${counts.fireStationAreas} from areas, as a point inside), ${counts.hydrants} hydrants, ${counts.kindergartens} kindergartens (${counts.kindergartenAreas} from areas). Data ${OSM_ATTRIBUTION}.`,
  });
  if (counts.waysWithMissingNodes > 0) {
    issue('warning', 'osm-missing-nodes', {
      zh: `${counts.waysWithMissingNodes} 条线/面引用了文件中没有的节点（共 ${counts.missingNodeRefs} 个，多为裁剪边界处），已跳过这些节点，例如 ${missingWays.join('、')}。`,
      en: `${counts.waysWithMissingNodes} ways reference nodes the file does not hold (${counts.missingNodeRefs} in all, mostly at the extract's edge); those nodes were skipped, e.g. ${missingWays.join(', ')}.`,
    });
  }
  if (counts.waysDropped > 0) {
    issue('warning', 'osm-way-dropped', {
      zh: `${counts.waysDropped} 条线/面在文件中可定位的节点不足（线少于 2 个，面没有），未导入，例如 ${droppedWays.join('、')}。`,
      en: `${counts.waysDropped} ways have too few nodes located in the file (fewer than 2 for a line, none for an area) and were not imported, e.g. ${droppedWays.join(', ')}.`,
    });
  }
  if (unknownHighway.size > 0) {
    const list = [...unknownHighway].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ×${n}`).join(', ');
    issue('warning', 'osm-unknown-highway', {
      zh: `${counts.unknownHighwayWays} 条 highway 线的取值不是道路等级，未导入：${list}。`,
      en: `${counts.unknownHighwayWays} highway ways have a value that is not a road class and were not imported: ${list}.`,
    });
  }
  if (hydrants.length > 0) {
    issue('info', 'osm-hydrant-condition', {
      zh: `OSM 没有消火栓完好情况，${hydrants.length} 个消火栓均按“完好”导入，请现场核实后修改 status。`,
      en: `OSM holds no hydrant condition: all ${hydrants.length} hydrants were imported as "working"; check on site and correct status.`,
    });
  }
  if (hydrantWays > 0) {
    issue('warning', 'osm-hydrant-way', {
      zh: `${hydrantWays} 条带 emergency=fire_hydrant 的线/面未导入（消火栓应为点）。`,
      en: `${hydrantWays} ways tagged emergency=fire_hydrant were not imported (hydrants are points).`,
    });
  }
  if (summary.relations > 0) {
    issue('info', 'osm-relations-ignored', {
      zh: `文件中的 ${summary.relations} 个关系（relation）未导入。`,
      en: `The file's ${summary.relations} relations were not imported.`,
    });
  }
  if (skippedRelations.length > 0) {
    issue('warning', 'osm-relation-skipped', {
      zh: `${skippedRelations.length} 个关系标为消防站/幼儿园/消火栓，未导入，请手工补充：${skippedRelations.slice(0, MAX_LISTED).join('、')}。`,
      en: `${skippedRelations.length} relations are tagged as a fire station, kindergarten or hydrant and were not imported; add them by hand: ${skippedRelations.slice(0, MAX_LISTED).join(', ')}.`,
    });
  }

  const fc = (features: Feature[]) => ({ type: 'FeatureCollection', features }) satisfies FeatureCollection;
  const project: Record<string, unknown> = { name: options.name ?? 'OSM 导入', params: {}, attribution: OSM_ATTRIBUTION };
  if (options.region) project.region = options.region;
  const documents: Record<string, unknown> = {
    'project.json': project,
    'roads.geojson': fc(roads),
    'fire_stations.geojson': fc(fireStations),
    'hydrants.geojson': fc(hydrants),
    'kindergartens.geojson': fc(kindergartens),
  };
  const files: Record<string, string> = {};
  for (const name of Object.keys(documents)) {
    let text: string | undefined;
    Object.defineProperty(files, name, { enumerable: true, get: () => (text ??= JSON.stringify(documents[name], null, name === 'project.json' ? 2 : 0)) });
  }
  return {
    files,
    documents,
    report: { issues, counts, header: { bbox: summary.bbox, writingProgram: summary.writingProgram, requiredFeatures: summary.requiredFeatures } },
  };
}

/** Index of `id` in the ascending array, or -1. */
function findSorted(ids: Float64Array, id: number): number {
  let lo = 0, hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v < id) lo = mid + 1;
    else if (v > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

function nameOf(tags: OsmTags): { name?: string } {
  const n = (tags['name:zh'] ?? tags.name ?? '').trim();
  return n ? { name: n } : {};
}

const PUBLIC = new Set(['public', 'government', 'municipal', 'state', 'national', 'regional', 'local', 'county', 'township']);
const PRIVATE = new Set(['private', 'private_non_profit', 'business', 'commercial', 'ngo', 'religious', 'charity', 'non_profit']);

/** 'public' / 'private' from `operator:type` or `ownership`, else undefined. */
function ownershipOf(tags: OsmTags): 'public' | 'private' | undefined {
  for (const k of ['operator:type', 'ownership']) {
    const v = tags[k]?.trim().toLowerCase();
    if (!v) continue;
    if (PUBLIC.has(v)) return 'public';
    if (PRIVATE.has(v)) return 'private';
  }
  return undefined;
}

function roadProperties(w: WayRecord, cls: string): Record<string, unknown> {
  const t = w.tags;
  const p: Record<string, unknown> = { ...nameOf(t), class: cls };
  const ow = onewayOf(t.oneway);
  if (ow) p.oneway = ow;
  else if (t.junction === 'roundabout' || t.junction === 'circular') p.oneway = 'yes';
  const speed = maxspeedKmh(t.maxspeed);
  if (speed !== undefined) p.speed_kmh = speed;
  const width = widthMeters(t.width);
  if (width !== undefined) p.width_m = width;
  p.osm = `way/${w.id}`;
  return p;
}

/** OSM oneway → the contract's 'yes' / 'reverse' / 'no'; other values (alternating …) → undefined. */
export function onewayOf(v: string | undefined): 'yes' | 'reverse' | 'no' | undefined {
  const s = v?.trim().toLowerCase();
  if (s === 'yes' || s === 'true' || s === '1') return 'yes';
  if (s === '-1' || s === 'reverse') return 'reverse';
  if (s === 'no' || s === 'false' || s === '0') return 'no';
  return undefined;
}

/** A numeric OSM maxspeed in km/h ("50", "50 km/h", "30 mph" → 48.3); "none", "walk", "RU:urban" … → undefined. */
export function maxspeedKmh(v: string | undefined): number | undefined {
  const m = v?.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!(n > 0)) return undefined;
  if (m[2] === 'mph') return Math.round(n * 1.609344 * 10) / 10;
  if (m[2] === 'knots') return Math.round(n * 1.852 * 10) / 10;
  return n;
}

/** A numeric OSM width in metres ("6", "6 m", "6.5m"); feet and other forms → undefined. */
export function widthMeters(v: string | undefined): number | undefined {
  const m = v?.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*m?$/);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}

/**
 * A point strictly inside a polygon ring (lon/lat, first = last), unlike a centroid that can fall
 * outside an L- or U-shaped building: horizontal scan lines at latitudes half-way between vertex
 * latitudes (so no line passes through a vertex), the widest inside run over all of them, its
 * middle. Up to 64 scan lines for large rings.
 */
export function pointOnSurface(ring: readonly (readonly [number, number] | readonly number[])[]): [number, number] {
  const n = ring.length;
  const ys = [...new Set(ring.map((c) => c[1]))].sort((a, b) => a - b);
  if (ys.length < 2) return [ring[0][0], ring[0][1]];
  let cands: number[] = [];
  for (let i = 0; i + 1 < ys.length; i++) cands.push((ys[i] + ys[i + 1]) / 2);
  if (cands.length > 64) {
    const step = cands.length / 64;
    cands = Array.from({ length: 64 }, (_, i) => cands[Math.floor(i * step)]);
  }
  let best: [number, number] = [ring[0][0], ring[0][1]];
  let bestWidth = -1;
  const xs: number[] = [];
  for (const y of cands) {
    xs.length = 0;
    for (let i = 0; i < n; i++) {
      const a = ring[i], b = ring[(i + 1) % n];
      if (a[1] > y !== b[1] > y) xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
    }
    xs.sort((p, q) => p - q);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1] - xs[i];
      if (w > bestWidth) {
        bestWidth = w;
        best = [(xs[i] + xs[i + 1]) / 2, y];
      }
    }
  }
  return best;
}
