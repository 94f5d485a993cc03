// Peer check of the KML export (the panels' 导出 KML, for 奥维互动地图 and Google Earth: one writer,
// analysis/kml-export.ts): every layer of the demo county but the households (200,000 placemarks
// are not what a KML is for) written as one KML each and read back by GDAL's LIBKML driver (Google's
// libkml), each placemark compared with the feature it came from: name, every vertex, and every
// property of its ExtendedData (value and type: int, double, bool, string). A placemark missing, a
// vertex moved, or a value read differently is a failure (exit 1). Needs `apt-get install gdal-bin`;
// without it, says how and exits 0 (no test needs it). Run: `npm run bench -- kml-peer`.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { layerFeatures } from '../../cli/commands/export-shp.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import { peerWorkDir, requireGdal, vertices } from './peer-util.ts';
import { writeKml } from '../../analysis/kml-export.ts';

const ROOT = resolve(import.meta.dirname, '../..');
requireGdal('kml-peer');
const work = peerWorkDir('kml-peer');

const { project } = await loadProjectDir(join(ROOT, 'data/demo'));

interface Row {
  layer: string;
  placemarks: number;
  maxDeg: number;
  values: number;
  differ: string[];
}
const rows: Row[] = [];
for (const def of LAYER_LIST) {
  if (def.id === 'households') continue;
  const feats = layerFeatures(def, project.layers[def.id]).filter((f) => f.geometry);
  if (!feats.length) continue;
  const nameField = def.fields.some((f) => f.name === 'name') ? 'name' : undefined;
  const file = join(work, `${def.file}.kml`);
  writeFileSync(file, writeKml([{ features: feats }], { documentName: def.title.zh, nameField }));
  const row: Row = { layer: def.file, placemarks: feats.length, maxDeg: 0, values: 0, differ: [] };
  rows.push(row);
  const g = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'COORDINATE_PRECISION=15', '/vsistdout/', file, '--config', 'OGR_SKIP', 'KML'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (g.status !== 0) {
    row.differ.push(`GDAL could not read it: ${g.stderr.trim().slice(0, 300)}`);
    continue;
  }
  const peer = (JSON.parse(g.stdout) as { features: { geometry: { coordinates?: unknown } | null; properties: Record<string, unknown> }[] }).features;
  if (peer.length !== feats.length) row.differ.push(`${peer.length} placemarks read, ${feats.length} written`);
  for (let i = 0; i < Math.min(peer.length, feats.length); i++) {
    const a = vertices(feats[i].geometry);
    const b = vertices(peer[i].geometry);
    if (a.length !== b.length) {
      if (row.differ.length < 8) row.differ.push(`placemark ${i}: ${b.length} vertices read, ${a.length} written`);
    } else for (let v = 0; v < a.length; v++) row.maxDeg = Math.max(row.maxDeg, Math.abs(a[v][0] - b[v][0]), Math.abs(a[v][1] - b[v][1]));
    for (const [k, x] of Object.entries(feats[i].properties ?? {})) {
      if (x === null || x === undefined) continue;
      // the name field is the placemark's <name>, which GDAL calls Name
      const y = k === nameField ? peer[i].properties.Name : peer[i].properties[k];
      row.values++;
      const want = typeof x === 'object' ? JSON.stringify(x) : x;
      const ok = y === want || (typeof want === 'boolean' && y === (want ? 1 : 0));
      if (!ok && row.differ.length < 8) row.differ.push(`placemark ${i} ${k}: written ${JSON.stringify(want)?.slice(0, 60)}, GDAL reads ${JSON.stringify(y)?.slice(0, 60)}`);
    }
  }
}

const gdal = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\nkml-peer: ${gdal} (LIBKML); demo county\n`);
console.log('| layer | placemarks | largest vertex difference | property values | differ |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.layer} | ${r.placemarks.toLocaleString('en-US')} | ${r.maxDeg.toExponential(1)}° | ${r.values.toLocaleString('en-US')} | ${r.differ.length} |`);
const bad = rows.filter((r) => r.differ.length);
for (const r of bad) {
  console.log(`\n${r.layer}:`);
  for (const d of r.differ) console.log(`  ${d}`);
}
console.log(`\nSUMMARY kml_peer_layers=${rows.length} kml_peer_layers_differ=${bad.length}`);
if (bad.length) process.exitCode = 1;
