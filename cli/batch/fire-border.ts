import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { isOsmPbfName, matchLayerFile } from '../../layers/load/index.ts';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, prepareFireCoverage, type FireCoverageResult } from '../../analysis/fire-coverage.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { loadProjectDir } from '../load-project-dir.ts';
import { checkOptions, fcOf, fireOptionsFromCli, householdsOf } from '../radii-util.ts';
import { writeJsonFile } from '../stream-write.ts';
import type { InputPrint } from './manifest.ts';

/**
 * The files of a neighbour's folder that it lends: the ones the loader reads as its roads or fire
 * stations, whatever their spelling (`roads.geojson`, `Roads.json`, `fire_stations.GeoJSON`), and
 * an OpenStreetMap extract (`*.osm.pbf`, which fills both).
 */
function lentFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => !n.startsWith('.') && (isOsmPbfName(n) || LENT_LAYERS.includes(matchLayerFile(n)?.def.id ?? ''))).sort();
}
const LENT_LAYERS: readonly string[] = ['roads', 'fireStations', 'fireLanes'];
/** The file `fire-border` writes into `<county>/fire-border/`. */
export const FIRE_BORDER_FILE = 'fire-border.json';

type FC = FeatureCollection<Geometry | null>;
type Box = [number, number, number, number];

/** Sizes and times of every other county's roads and stations: a change there reruns the border runs. */
export function neighbourPrints(province: string, counties: readonly string[], self: string): InputPrint[] {
  const out: InputPrint[] = [];
  for (const c of counties) {
    if (c === self) continue;
    for (const f of lentFiles(join(province, c))) {
      try {
        const st = statSync(join(province, c, f));
        out.push({ name: `../${c}/${f}`, size: st.size, mtimeMs: Math.round(st.mtimeMs) });
      } catch {
        // a dangling link lends nothing
      }
    }
  }
  return out;
}

function eachPosition(g: Geometry | null, fn: (lon: number, lat: number) => void): void {
  if (!g) return;
  if (g.type === 'GeometryCollection') {
    for (const x of g.geometries) eachPosition(x, fn);
    return;
  }
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') fn(c[0] as number, c[1] as number);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(g.coordinates);
}

function boxOf(fcs: (FC | undefined)[]): Box | null {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const fc of fcs) for (const f of fc?.features ?? []) eachPosition(f.geometry, (x, y) => ((b[0] = Math.min(b[0], x)), (b[1] = Math.min(b[1], y)), (b[2] = Math.max(b[2], x)), (b[3] = Math.max(b[3], y))));
  return Number.isFinite(b[0]) ? b : null;
}

/** The box grown by `km` on every side (degrees from metres at the box's middle latitude). */
function grow(b: Box, km: number): Box {
  const dLat = km / 111.32;
  const dLon = km / (111.32 * Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180));
  return [b[0] - dLon, b[1] - dLat, b[2] + dLon, b[3] + dLat];
}

const inBox = (b: Box, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
const touches = (f: Feature<Geometry | null>, b: Box) => {
  let hit = false;
  eachPosition(f.geometry, (x, y) => {
    hit ||= inBox(b, x, y);
  });
  return hit;
};

/** Only these files of a neighbour's folder are read (its households and the rest are never parsed). */
function lentFs(): Parameters<typeof loadProjectDir>[2] {
  return {
    readdir: (dir: string) => lentFiles(dir),
    stat: (p: string): Stats => statSync(p),
    readFile: (p: string) => {
      const b = readFileSync(p);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  };
}

const summary = (r: FireCoverageResult) => ({
  coveredBuiltUpAreaKm2: r.coveredBuiltUpAreaKm2,
  coveredBuiltUpPct: r.coveredBuiltUpPct,
  households: r.households,
  byTownship: r.byTownship,
});

/**
 * Cross-border fire coverage of one county: its households and built-up areas, with the roads and
 * fire stations of every other county that come within `km` of its extent (the box of its
 * townships, else of its roads). Computed twice on the same joined road network — the county's
 * own stations, then its own plus the neighbours' — and the difference reported separately as
 * what the neighbours add. Writes `<out>/fire-border.json`.
 * @param options - fire options (`--fire:<key>`), checked as by the fire command
 */
export async function runFireBorder(p: { county: string; data: string; province: string; counties: readonly string[]; out: string; km: number; options: Record<string, string> }): Promise<void> {
  checkOptions('fire-border', p.options, [...FIRE_PARAMS, FIRE_MODE_PARAM], ['speeds', 'compare-statuses']);
  const { ['compare-statuses']: _ignored, ...fireOptions } = p.options;
  const { project, report } = await loadProjectDir(p.data);
  const opts = fireOptionsFromCli(project, fireOptions);
  const townships = fcOf(project.layers.townships);
  const roads = fcOf(project.layers.roads) ?? { type: 'FeatureCollection' as const, features: [] };
  const own = boxOf([townships]) ?? boxOf([roads]);
  if (!own) throw new Error(`fire-border：${p.county} 没有乡镇或道路图层，无法确定县域范围。\nfire-border: ${p.county} has no townships or roads layer; its extent is unknown.`);
  const reach = grow(own, p.km);
  const joinedRoads: Feature<Geometry | null>[] = [...roads.features];
  // the fire-lane ledgers: open problems cut the joined network, the county's own and the neighbours' within reach
  const joinedLanes: Feature<Geometry | null>[] = [...(fcOf(project.layers.fireLanes)?.features ?? [])];
  const ownStations = fcOf(project.layers.fireStations)?.features ?? [];
  const lent: Feature<Geometry | null>[] = [];
  const neighbours: { county: string; roads: number; stations: number; laneProblems: number }[] = [];
  const nbErrors: { county: string; file: string | null; message: { zh: string; en: string } }[] = [];
  // 0 km: no neighbour lends anything, and the border run is the fire command's own computation
  for (const c of p.km > 0 ? p.counties : []) {
    if (c === p.county) continue;
    const dir = join(p.province, c);
    const { project: nb, report: nbReport } = await loadProjectDir(dir, {}, lentFs());
    // a neighbour's roads or stations that cannot be read lend nothing: said, not silent
    for (const i of nbReport.issues) {
      if (i.severity !== 'error') continue;
      nbErrors.push({ county: c, file: i.file ?? null, message: i.message });
      console.error(`fire-border: ${p.county}: neighbour ${c}: ${i.file ?? ''}: ${i.message.en}`);
    }
    const nbRoads = (fcOf(nb.layers.roads)?.features ?? []).filter((f) => touches(f, reach));
    const nbStations = (fcOf(nb.layers.fireStations)?.features ?? []).filter((f) => touches(f, reach));
    if (nbRoads.length === 0 && nbStations.length === 0) continue;
    const nbLanes = (fcOf(nb.layers.fireLanes)?.features ?? []).filter((f) => touches(f, reach));
    neighbours.push({ county: c, roads: nbRoads.length, stations: nbStations.length, laneProblems: nbLanes.length });
    joinedRoads.push(...nbRoads);
    joinedLanes.push(...nbLanes);
    // station ids repeat between counties (FS-01 …): prefixed with the county folder
    for (const s of nbStations) lent.push({ ...s, properties: { ...(s.properties ?? {}), id: `${c}:${String(s.properties?.id ?? '')}` } });
  }
  const households = householdsOf(project);
  const prep = prepareFireCoverage(
    {
      roads: joinedRoads.length > 0 ? { type: 'FeatureCollection', features: joinedRoads } : undefined,
      builtUp: fcOf(project.layers.builtUp),
      townships,
      households,
      fireLanes: joinedLanes.length > 0 ? { type: 'FeatureCollection', features: joinedLanes } : undefined,
    },
    opts,
  );
  const alone = computeFireCoverage(prep, { type: 'FeatureCollection', features: ownStations }, opts);
  const joined = computeFireCoverage(prep, { type: 'FeatureCollection', features: [...ownStations, ...lent] }, opts);
  const before = new Map(alone.byTownship.map((t) => [t.key, t.covered]));
  await writeJsonFile(
    join(p.out, FIRE_BORDER_FILE),
    {
      project: project.name,
      borderKm: p.km,
      method: {
        zh: `本县农户与建成区；道路与消防站包括距本县范围 ${p.km} km 内的邻县道路与消防站，道路在本县及这些邻县消防车通道台账的未整改问题处断开；分别按本县站点与本县＋邻县站点计算，差值为跨界覆盖`,
        en: `This county's households and built-up areas; roads and fire stations include the neighbours' within ${p.km} km of its extent, the roads cut at the open problems of this county's and those neighbours' fire-lane ledgers; computed with its own stations and with its own plus the neighbours', the difference being cross-border coverage`,
      },
      neighbours,
      lentStations: lent.length,
      neighbourLoadErrors: nbErrors,
      own: summary(alone),
      withNeighbours: summary(joined),
      gain: {
        households: joined.households.covered - alone.households.covered,
        coveredBuiltUpAreaKm2: Math.round((joined.coveredBuiltUpAreaKm2 - alone.coveredBuiltUpAreaKm2) * 1000) / 1000,
        byTownship: joined.byTownship.map((t) => ({ key: t.key, households: t.covered - (before.get(t.key) ?? 0) })),
      },
      warnings: joined.warnings,
      loadErrors: report.issues.filter((i) => i.severity === 'error').length,
    },
    2,
  );
  console.log(`fire-border: ${p.county}: ${neighbours.length} neighbours within ${p.km} km lend ${lent.length} stations; households reached ${alone.households.covered} → ${joined.households.covered} (+${joined.households.covered - alone.households.covered})`);
}
