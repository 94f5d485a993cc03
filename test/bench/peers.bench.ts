// `npm run bench -- peers`: our figures against the real peers — PostGIS, pgRouting, PROJ (cs2cs)
// and an exact MIP solver (CBC / GLPK) — on the demo county and one OpenStreetMap county.
// The peer side reads our layer files with GDAL (ogr2ogr) and computes every figure with the
// peers' own functions (SQL under test/bench/peers/); it does not use analysis/ code, except the
// siting model, which is exported from our code so the solver answers the very same question.
// Without the peers installed it prints how to install them and exits 0. See docs/peers.md.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { tmpdir, loadavg, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findPeers, PgCluster } from './peers/pg.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { fcOf, householdsOf } from '../../cli/radii-util.ts';
import { uncoveredHouseholds } from '../../analysis/uncovered-households.ts';
import { resolveHydrantOptions, resolveKindergartenOptions } from '../../analysis/radii-params.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { reviewPlots } from '../../analysis/plot-review.ts';
import type { Project } from '../../layers/types.ts';
import { rows, timed, compareSets, compareNumbers } from './peers/table.ts';
import { fireSection, fireStraightLineSection } from './peers/fire.ts';
import { sitingSection } from './peers/siting.ts';
import { crsSection } from './peers/crs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function sqlFile(name: string, prefix: string): string {
  return readFileSync(join(here, 'peers', name), 'utf8').replaceAll('{p}', prefix);
}

/** Load every layer file of a project folder into PostGIS as `<prefix><layer>` with ogr2ogr. */
function loadFolder(pg: PgCluster, dir: string, prefix: string): string[] {
  const names: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const m = /^(.*)\.(geojson|csv)$/.exec(f);
    if (!m) continue;
    pg.load(join(dir, f), `${prefix}${m[1]}`);
    names.push(m[1]);
  }
  return names;
}

function radiiSection(pg: PgCluster, county: string, prefix: string, project: Project): void {
  const households = householdsOf(project);
  const kg = resolveKindergartenOptions();
  const ours = timed(() =>
    uncoveredHouseholds(
      { households, hydrants: fcOf(project.layers.hydrants) ?? null, kindergartens: fcOf(project.layers.kindergartens) ?? null, servicePoints: fcOf(project.layers.servicePoints) ?? null, builtUp: fcOf(project.layers.builtUp) ?? null, townships: fcOf(project.layers.townships) ?? null },
      { kindergarten: kg },
    ),
  );
  const peer = timed(() => {
    pg.sql(sqlFile('radii.sql', prefix));
    return pg.sql(`SELECT service, id FROM ${prefix}peer_uncovered`);
  });
  const services = [['hydrant', 2], ['kindergarten', 4], ['cleanCoal', 8], ['maintenance', 16]] as const;
  services.forEach(([s, bit], k) => {
    const mine: string[] = [];
    for (let i = 0; i < households.count; i++) if (ours.value.uncovered[i] & bit) mine.push(households.ids[i]);
    const theirs = peer.value.filter((r) => r[0] === s).map((r) => r[1]);
    compareSets(county, `a. households uncovered: ${s} (${ours.value.services[s].radiusMeters ?? ''} m)`, mine, theirs, k === 0 ? ours.ms : undefined, k === 0 ? peer.ms : undefined);
  });
}

function hydrantSection(pg: PgCluster, county: string, prefix: string, project: Project): void {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  const opts = resolveHydrantOptions();
  const builtUp = fcOf(project.layers.builtUp) ?? null;
  const ours = timed(() => hydrantGaps({ roads: fcOf(project.layers.roads) ?? empty, hydrants: fcOf(project.layers.hydrants) ?? empty, builtUp }, opts));
  const peer = timed(() => {
    // no built-up layer: every road counts (`scope: 'all-roads'`), i.e. a clip polygon around them all
    if (!builtUp || builtUp.features.length === 0) pg.sql(`DROP TABLE IF EXISTS ${prefix}built_up; CREATE TABLE ${prefix}built_up AS SELECT ST_SetSRID(ST_Expand(ST_Extent(geom)::geometry, 1), 4326) AS geom FROM ${prefix}roads;`);
    pg.sql(sqlFile('hydrants.sql', prefix));
    return pg.sql(`SELECT (SELECT sum(ST_Length(geom::geography)) FROM ${prefix}bu_roads), (SELECT sum(ST_Length(geom::geography)) FROM ${prefix}road_gaps), (SELECT count(*) FROM ${prefix}peer_gaps), (SELECT ST_Length(ST_Union(geom)::geography) FROM ${prefix}bu_roads), (SELECT count(*) FROM ${prefix}bu_roads WHERE NOT ST_IsSimple(geom))`)[0].map(Number);
  });
  const [roadM, gapM, gapCount, dissolvedM, selfCrossing] = peer.value;
  const r = ours.value;
  compareNumbers(county, 'b. built-up road length, km', r.roadLengthKm, roadM / 1000, 3, ours.ms, peer.ms);
  compareNumbers(county, 'b. covered by a working hydrant (150 m), km', r.coveredRoadLengthKm, (roadM - gapM) / 1000, 3);
  compareNumbers(county, 'b. gaps, km', r.gapLengthKm, gapM / 1000, 3);
  // GEOS nodes a line that crosses itself (ST_Difference), cutting one stretch of ours into several
  compareNumbers(county, 'b. gap stretches', r.gapCount, gapCount, 0, undefined, undefined, selfCrossing > 0 ? `${selfCrossing} road line(s) cross themselves (not ST_IsSimple): GEOS cuts their stretches there, ours follows the line` : '');
  // not a disagreement: lines that overlap only in part count twice in ours (docs/radii.md); ST_Union dissolves them
  compareNumbers(county, 'b. (note) road length with partial overlaps dissolved, ST_Length(ST_Union), km', r.roadLengthKm, dissolvedM / 1000, 3);
}

function plotSection(pg: PgCluster, county: string, prefix: string, project: Project): void {
  const plots = fcOf(project.layers.reservePlots);
  if (!plots || plots.features.length === 0) return;
  const kg = resolveKindergartenOptions();
  const ours = timed(() =>
    reviewPlots(
      { plots, townships: fcOf(project.layers.townships), builtUp: fcOf(project.layers.builtUp), dualConversionAreas: fcOf(project.layers.dualConversionAreas), fireStations: fcOf(project.layers.fireStations), kindergartens: fcOf(project.layers.kindergartens) },
      { kindergartenRadiusMeters: { urban: kg.radiusUrbanMeters, township: kg.radiusTownshipMeters, village: kg.radiusVillageMeters } },
    ),
  );
  const peer = timed(() => {
    pg.sql(sqlFile('plots.sql', prefix));
    return pg.sql(`SELECT id, mu, parts, shares, built_up, dual, plot_overlaps, fs_id, fs_m, kg_id, kg_m, kg_r FROM ${prefix}peer_plots ORDER BY id`);
  });
  const byId = new Map(peer.value.map((r) => [r[0], r]));
  let first = true;
  for (const row of ours.value.rows) {
    const p = byId.get(row.id);
    if (!p) {
      rows.push({ county, figure: `c. plot ${row.id}`, ours: 'present', peer: 'missing', diff: '' });
      continue;
    }
    const t = first ? [ours.ms, peer.ms] : [undefined, undefined];
    first = false;
    compareNumbers(county, `c. ${row.id} area, 亩`, row.areaMu, Number(p[1]), 3, t[0], t[1]);
    const partsOurs = row.parts.map((x) => x.areaMu.toFixed(2)).join('+');
    rows.push({ county, figure: `c. ${row.id} parts, 亩`, ours: partsOurs, peer: p[2], diff: partsOurs === p[2] ? '0' : 'differs' });
    const sharesOurs = row.townshipShares.map((x) => `${x.name}:${(x.share * 100).toFixed(1)}`).sort().join(',');
    rows.push({ county, figure: `c. ${row.id} township shares, %`, ours: sharesOurs, peer: p[3], diff: sharesOurs === p[3] ? '0' : 'differs' });
    compareNumbers(county, `c. ${row.id} share in built-up areas, %`, row.builtUpShare * 100, Number(p[4]) * 100, 2);
    const dualOurs = row.dualConversionOverlaps.map((d) => d.id).sort().join(',');
    rows.push({ county, figure: `c. ${row.id} 双代 areas overlapped`, ours: dualOurs || '—', peer: p[5] || '—', diff: dualOurs === p[5] ? '0' : 'differs' });
    const ovOurs = row.overlaps.map((d) => d.id).sort().join(',');
    rows.push({ county, figure: `c. ${row.id} plots overlapped`, ours: ovOurs || '—', peer: p[6] || '—', diff: ovOurs === p[6] ? '0' : 'differs' });
    if (row.nearestFireStation) compareNumbers(county, `c. ${row.id} nearest fire station ${row.nearestFireStation.id}/${p[7]}, m`, row.nearestFireStation.distanceM, Number(p[8]), 1);
    if (row.nearestKindergarten) {
      compareNumbers(county, `c. ${row.id} nearest kindergarten ${row.nearestKindergarten.id}/${p[9]}, m`, row.nearestKindergarten.distanceM, Number(p[10]), 1);
      rows.push({ county, figure: `c. ${row.id} kindergarten radius (within?)`, ours: `${row.nearestKindergarten.radiusM} (${row.nearestKindergarten.within})`, peer: `${p[11]} (${Number(p[10]) <= Number(p[11])})`, diff: row.nearestKindergarten.radiusM === Number(p[11]) ? '0' : 'differs' });
    }
  }
}

function printTable(): void {
  const cols = ['county', 'figure', 'ours', 'peer', 'difference', 'ours ms', 'peer ms', 'peer/ours', 'objects that differ'];
  console.log(`\n| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
  for (const r of rows) {
    const ratio = r.oursMs && r.peerMs ? `×${(r.peerMs / r.oursMs).toFixed(1)}` : '';
    console.log(`| ${[r.county, r.figure, r.ours, r.peer, r.diff, r.oursMs?.toFixed(0) ?? '', r.peerMs?.toFixed(0) ?? '', ratio, r.differing ?? ''].join(' | ')} |`);
  }
}

const INSTALL = `peers: not installed (missing: %s).
Install them on Debian 12 (as root), then run again:
  apt-get update
  apt-get install -y postgresql-15-postgis-3 postgresql-15-pgrouting gdal-bin proj-bin coinor-cbc
The bench starts its own PostgreSQL cluster under /tmp (unix socket only) and removes it at the end.
The app and npm test need none of these.`;

async function main(): Promise<void> {
  const peers = findPeers();
  if (peers.missing.length > 0) {
    console.log(INSTALL.replace('%s', peers.missing.join(', ')));
    return;
  }
  const only = (process.env.PEERS_ONLY ?? 'a,b,c,d,e,f').split(',');
  const tmp = mkdtempSync(join(tmpdir(), 'peers-osm-'));
  const pg = new PgCluster(peers.pgBin);
  const load0 = loadavg()[0];
  try {
    pg.start();
    console.log(`peers: ${pg.sql("SELECT postgis_lib_version() || ' / pgRouting ' || pgr_version() || ' / ' || split_part(version(), ' on ', 1)")[0][0]}`);
    // the OSM county: our own importer writes the project folder the peers then read with GDAL
    const pbf = process.env.PEERS_PBF ?? '/work/shared/data/monaco.osm.pbf';
    const osmDir = join(tmp, 'osm');
    const counties: { name: string; dir: string; prefix: string }[] = [{ name: 'demo', dir: join(root, 'data', 'demo'), prefix: 'demo_' }];
    if (existsSync(pbf)) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli', 'analyze.ts'), 'import-osm', '--pbf', pbf, '--out', osmDir], { encoding: 'utf8', cwd: root });
      if (r.status === 0) counties.push({ name: `osm:${pbf.split('/').at(-1)!.replace(/\.osm\.pbf$/, '')}`, dir: osmDir, prefix: 'osm_' });
      else console.log(`peers: import-osm failed, OSM county left out: ${r.stderr}`);
    } else console.log(`peers: ${pbf} not found, OSM county left out`);
    for (const c of counties) {
      const tl = timed(() => loadFolder(pg, c.dir, c.prefix));
      const { project } = await loadProjectDir(c.dir);
      console.log(`peers: ${c.name}: ${tl.value.length} layers loaded into PostGIS in ${(tl.ms / 1000).toFixed(1)} s`);
      const has = (l: string) => tl.value.includes(l);
      if (only.includes('a') && has('households')) radiiSection(pg, c.name, c.prefix, project);
      if (only.includes('b') && has('roads') && has('hydrants')) hydrantSection(pg, c.name, c.prefix, project);
      if (only.includes('c') && has('reserve_plots')) plotSection(pg, c.name, c.prefix, project);
      if (only.includes('d') && has('roads') && has('fire_stations')) fireSection(pg, c.name, c.prefix, project, tl.value);
      if (only.includes('d') && has('households') && has('fire_stations')) fireStraightLineSection(pg, c.name, c.prefix, project);
      if (only.includes('e') && has('households') && has('townships')) await sitingSection(c.name, project);
    }
    if (only.includes('f')) crsSection();
  } finally {
    pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  printTable();
  console.log(`\nload average ${load0.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, ${cpus().length} cores`);
  if (process.env.PEERS_JSON) writeFileSync(process.env.PEERS_JSON, JSON.stringify(rows, null, 2));
}

await main();
