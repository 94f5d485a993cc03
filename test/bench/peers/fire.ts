// (d) Fire: pgRouting's pgr_withPointsDD on the engine network (fire.sql) against our
// analysis/fire-coverage.ts — households reached within 5 minutes (id sets) and built-up km²;
// and the straight-line mode against PostGIS ST_DWithin(geography).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeatureCollection, Geometry } from 'geojson';
import { fireCoverage } from '../../../analysis/fire-coverage.ts';
import { fcOf, householdsOf, fireOptionsFromCli, resolveCliParams } from '../../../cli/radii-util.ts';
import { FIRE_PARAMS } from '../../../analysis/fire-params.ts';
import type { Project } from '../../../layers/types.ts';
import type { PgCluster } from './pg.ts';
import { compareNumbers, compareSets, rows, timed } from './table.ts';

const here = dirname(fileURLToPath(import.meta.url));

export function fireSection(pg: PgCluster, county: string, prefix: string, project: Project, layers: string[]): void {
  const hh = householdsOf(project);
  const roads = fcOf(project.layers.roads)!;
  const builtUp = fcOf(project.layers.builtUp);
  const stations = fcOf(project.layers.fireStations) as FeatureCollection<Geometry | null>;
  const opts = fireOptionsFromCli(project, {});
  // the fire-lane ledger is left out on both sides (its open problems cost 0 on the demo: docs/fire.md)
  const ours = timed(() => fireCoverage({ roads, builtUp: builtUp ?? undefined, townships: fcOf(project.layers.townships) ?? undefined, households: hh.count > 0 ? hh : undefined }, stations, { ...opts, mode: 'network' }));
  if (!layers.includes('households')) pg.sql(`CREATE TABLE ${prefix}households (id text, geom geometry(Point, 4326));`);
  if (!layers.includes('built_up')) pg.sql(`DROP TABLE IF EXISTS ${prefix}built_up; CREATE TABLE ${prefix}built_up (geom geometry(Polygon, 4326));`);
  const peer = timed(() => {
    // the CGCS2000 3° Gauss-Krüger zone (CM, EPSG:4534 + (CM − 75) / 3) of the households' mean longitude
    let lonSum = 0;
    for (let i = 0; i < hh.count; i++) lonSum += hh.lon[i];
    const cm = Math.min(135, Math.max(75, Math.round(lonSum / Math.max(1, hh.count) / 3) * 3));
    pg.sql(readFileSync(join(here, 'fire.sql'), 'utf8').replaceAll('{p}', prefix).replaceAll('{gk}', String(4534 + (cm - 75) / 3)));
    return {
      reached: pg.sql(`SELECT id, drive_s FROM ${prefix}peer_fire WHERE drive_s <= 240`),
      times: new Map(pg.sql(`SELECT id, drive_s FROM ${prefix}peer_fire`).map((r) => [r[0], Number(r[1])])),
      km2: Number(pg.sql(`SELECT COALESCE(sum(m2) FILTER (WHERE d <= 300.001 AND drive_s <= 240), 0) / 1e6 FROM ${prefix}peer_cells`)[0][0]),
    };
  });
  const limit = ours.value.thresholdMinutes * 60;
  const mine: string[] = [];
  for (let i = 0; i < hh.count; i++) if (ours.value.householdTimeSec[i] <= limit) mine.push(hh.ids[i]);
  if (hh.count > 0) {
    compareSets(county, 'd. households reached within 5 min (engine at the nearest road point)', mine, peer.value.reached.map((r) => r[0]), ours.ms, peer.ms);
    // how far from the limit the differing households are (ours vs the peer's time, s)
    const mineSet = new Set(mine);
    const peerSet = new Set(peer.value.reached.map((r) => r[0]));
    const idx = new Map(hh.ids.map((id, i) => [id, i]));
    const diffs = [...mineSet].filter((x) => !peerSet.has(x)).concat([...peerSet].filter((x) => !mineSet.has(x)));
    const notes = diffs.slice(0, 8).map((id) => `${id} ours ${ours.value.householdTimeSec[idx.get(id)!].toFixed(2)} s, peer ${((peer.value.times.get(id) ?? NaN) + 60).toFixed(2)} s`);
    let over = 0;
    let n = 0;
    const slow: string[] = [];
    for (const [id, t] of peer.value.times) {
      const i = idx.get(id);
      if (i === undefined) continue;
      const o = ours.value.householdTimeSec[i];
      if (!Number.isFinite(o) || o > limit || t + 60 > limit) continue;
      n++;
      if (Math.abs(o - (t + 60)) > 0.005 * o) {
        over++;
        if (slow.length < 5) slow.push(`${id} ours ${o.toFixed(2)} s, peer ${(t + 60).toFixed(2)} s`);
      }
    }
    rows.push({ county, figure: 'd. households reached by both whose times differ by > 0.5 % (ours vs the peer)', ours: n, peer: over, diff: `${over} of ${n}`, differing: [...notes, ...slow].join('; ') });
  }
  if (builtUp && builtUp.features.length > 0) {
    compareNumbers(county, 'd. built-up km² reached (peer: its own 100 m grid, EPSG:4547)', ours.value.coveredBuiltUpAreaKm2, peer.value.km2, 3);
  }
}

/**
 * (d) Fire in straight-line mode: PostGIS `ST_DWithin(geography)` with each station's radius
 * speed × (5 min − turnout) against our straight-line run, households reached as id sets, for the
 * existing station and for existing + planned. The peer's distance is the spheroid's (geodesic);
 * the radius is the question's input (the straight-line speed and the turnout our run gives each
 * station: its `turnout_min`, else the default). A second row lists the households within 1 cm of
 * a station's radius with the peer's distance beyond it, in mm — the ones a tolerance decides.
 */
export function fireStraightLineSection(pg: PgCluster, county: string, prefix: string, project: Project): void {
  const hh = householdsOf(project);
  if (hh.count === 0) return;
  const stations = fcOf(project.layers.fireStations) as FeatureCollection<Geometry | null>;
  const opts = { ...fireOptionsFromCli(project, {}), mode: 'straight-line' as const };
  const speedKmh = Number(resolveCliParams(FIRE_PARAMS, project, {})['straight-speed']);
  for (const statuses of [['existing'], ['existing', 'planned']]) {
    const ours = timed(() => fireCoverage({ households: hh }, stations, { ...opts, statuses }));
    const r = ours.value;
    const radius = r.stations.map((s) => ({ id: s.id, m: (speedKmh / 3.6) * (r.thresholdMinutes - s.turnoutMinutes) * 60 }));
    const values = radius.map((s) => `('${s.id.replaceAll("'", "''")}', ${s.m})`).join(', ');
    const peer = timed(() => {
      pg.sql(`DROP TABLE IF EXISTS ${prefix}sl_st; CREATE TABLE ${prefix}sl_st AS
        SELECT s.id, v.r, s.geom::geography AS g FROM ${prefix}fire_stations s JOIN (VALUES ${values}) AS v(id, r) ON v.id = s.id::text;`);
      return {
        reached: pg.sql(`SELECT h.id FROM ${prefix}households h WHERE h.geom IS NOT NULL AND EXISTS (SELECT 1 FROM ${prefix}sl_st s WHERE ST_DWithin(s.g, h.geom::geography, s.r))`).map((x) => x[0]),
        edge: pg.sql(`SELECT h.id, s.id, round(((ST_Distance(s.g, h.geom::geography) - s.r) * 1000)::numeric, 2) FROM ${prefix}households h JOIN ${prefix}sl_st s ON ST_DWithin(s.g, h.geom::geography, s.r + 0.01) AND NOT ST_DWithin(s.g, h.geom::geography, s.r - 0.01) ORDER BY 3`),
      };
    });
    const limit = r.thresholdMinutes * 60 + r.limitToleranceSec;
    const mine: string[] = [];
    for (let i = 0; i < hh.count; i++) if (r.householdTimeSec[i] <= limit) mine.push(hh.ids[i]);
    const label = statuses.join(' + ');
    compareSets(county, `d. straight-line ${speedKmh} km/h, ${label}: households reached (peer: ST_DWithin(geography), ${radius.map((s) => `${s.id} ${s.m.toFixed(3)} m`).join(', ')})`, mine, peer.value.reached, ours.ms, peer.ms);
    const mineSet = new Set(mine);
    const edge = peer.value.edge.map(([h, s, mm]) => `${h} ${Number(mm) >= 0 ? '+' : ''}${mm} mm from ${s} (ours: ${mineSet.has(h) ? 'reached' : 'not reached'})`);
    rows.push({ county, figure: `d. straight-line, ${label}: households within 1 cm of a station's radius (peer's ST_Distance − radius)`, ours: '', peer: edge.length, diff: '', differing: edge.join('; ') });
  }
}
