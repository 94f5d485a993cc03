// Peer check of the Shapefile export (`analyze export-shp`, the panels' 导出 Shapefile: one writer,
// layers/load/foreign/shapefile-write.ts): the demo county exported in each CRS and encoding the
// export offers is read back by GDAL/PROJ (ogr2ogr, reprojecting to CGCS2000 lon/lat with PROJ's own
// Gauss–Krüger) and every feature is compared with the layer it came from: the vertices (metres
// apart after PROJ's inverse), and every attribute through the export's field mapping (its
// `shapefile-fields.json`). A feature missing, a vertex more than 1 mm off, or an attribute read
// differently (beyond a text cut to the DBF's 254 bytes, which the export reports) is a failure
// (exit 1). Needs `apt-get install gdal-bin`; without it, says how and exits 0 (no test needs it).
// Run: `npm run bench -- shp-peer`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { layerFeatures } from '../../cli/commands/export-shp.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import { peerWorkDir, requireGdal, vertices } from './peer-util.ts';

const ROOT = resolve(import.meta.dirname, '../..');
requireGdal('shp-peer');
const work = peerWorkDir('shp-peer');

const { project } = await loadProjectDir(join(ROOT, 'data/demo'));
type Feat = ReturnType<typeof layerFeatures>[number];
const truth = new Map<string, Feat[]>();
for (const def of LAYER_LIST) {
  const f = layerFeatures(def, project.layers[def.id]);
  if (f.length) truth.set(def.file, f);
}

/** Metres between two lon/lat points (local equirectangular: enough for mm-sized differences). */
function metres(a: number[], b: number[]): number {
  const k = Math.cos((a[1] * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * 111_320 * k, (a[1] - b[1]) * 110_574);
}

const byteLength = (s: string, encoding: string) => (encoding === 'gbk' ? [...s].reduce((n, ch) => n + (ch.charCodeAt(0) < 128 ? 1 : 2), 0) : Buffer.byteLength(s));

interface Row {
  run: string;
  layer: string;
  features: number;
  maxMm: number;
  values: number;
  cut: number;
  differ: string[];
}

const RUNS: { crs: string; encoding: string }[] = [
  { crs: 'gk', encoding: 'gbk' },
  { crs: 'gk-cm', encoding: 'utf-8' },
  { crs: 'cgcs2000', encoding: 'gbk' },
  { crs: 'wgs84', encoding: 'utf-8' },
];
const rows: Row[] = [];
for (const { crs, encoding } of RUNS) {
  const out = join(work, `${crs}-${encoding}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/analyze.ts'), 'export-shp', '--data', join(ROOT, 'data/demo'), '--out', out, '--crs', crs, '--encoding', encoding], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) {
    console.error(`shp-peer: export-shp --crs ${crs} --encoding ${encoding} failed:\n${r.stderr}`);
    process.exit(1);
  }
  const mapping = JSON.parse(readFileSync(join(out, 'shapefile-fields.json'), 'utf8')) as Record<string, Record<string, string>>;
  for (const [layer, feats] of truth) {
    const row: Row = { run: `${crs} ${encoding}`, layer, features: feats.length, maxMm: 0, values: 0, cut: 0, differ: [] };
    rows.push(row);
    const g = spawnSync('ogr2ogr', ['-f', 'GeoJSON', '-t_srs', 'EPSG:4490', '-lco', 'COORDINATE_PRECISION=11', '/vsistdout/', `/vsizip/${join(out, 'shapefile.zip')}/${layer}.shp`], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (g.status !== 0) {
      row.differ.push(`GDAL could not read it: ${g.stderr.trim().slice(0, 300)}`);
      continue;
    }
    const peer = (JSON.parse(g.stdout) as { features: { geometry: Feat['geometry']; properties: Record<string, unknown> }[] }).features;
    const located = feats.filter((f) => f.geometry);
    // a feature without a location is a null shape: GDAL reads it with a null geometry, in order
    if (peer.length !== feats.length) row.differ.push(`${peer.length} features read, ${feats.length} written (${located.length} located)`);
    const n = Math.min(peer.length, feats.length);
    for (let i = 0; i < n; i++) {
      const a = vertices(feats[i].geometry).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      const b = vertices(peer[i].geometry).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
      if (a.length !== b.length) {
        if (row.differ.length < 8) row.differ.push(`feature ${i}: ${b.length} vertices read, ${a.length} written`);
      } else for (let v = 0; v < a.length; v++) row.maxMm = Math.max(row.maxMm, metres(a[v], b[v]) * 1000);
      const props = feats[i].properties ?? {};
      for (const [prop, field] of Object.entries(mapping[layer] ?? {})) {
        const x = props[prop];
        const y = peer[i].properties[field];
        row.values++;
        const empty = (v: unknown) => v === null || v === undefined || v === '';
        let ok: boolean;
        if (empty(x)) ok = empty(y);
        else if (typeof x === 'number') ok = typeof y === 'number' && (x === y || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)));
        else if (typeof x === 'boolean') ok = y === x || y === (x ? 1 : 0) || y === (x ? 'T' : 'F');
        else {
          const s = typeof x === 'string' ? x : JSON.stringify(x);
          ok = y === s;
          if (!ok && typeof y === 'string' && byteLength(s, encoding) > 254 && s.startsWith(y)) {
            ok = true;
            row.cut++;
          }
        }
        if (!ok && row.differ.length < 8) row.differ.push(`feature ${i} ${prop} (${field}): written ${JSON.stringify(x)?.slice(0, 60)}, GDAL reads ${JSON.stringify(y)?.slice(0, 60)}`);
      }
    }
    if (row.maxMm > 1 && row.differ.length < 8) row.differ.push(`a vertex ${row.maxMm.toFixed(2)} mm from where it was`);
  }
}

const gdal = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\nshp-peer: ${gdal}; demo county, ${RUNS.length} exports\n`);
console.log('| export | layer | features | largest vertex offset | attribute values | cut at 254 bytes | differ |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.run} | ${r.layer} | ${r.features.toLocaleString('en-US')} | ${r.maxMm.toFixed(3)} mm | ${r.values.toLocaleString('en-US')} | ${r.cut} | ${r.differ.length} |`);
const bad = rows.filter((r) => r.differ.length);
for (const r of bad) {
  console.log(`\n${r.run} ${r.layer}:`);
  for (const d of r.differ) console.log(`  ${d}`);
}
console.log(`\nSUMMARY shp_peer_layers=${rows.length} shp_peer_layers_differ=${bad.length} shp_peer_max_mm=${Math.max(...rows.map((r) => r.maxMm)).toFixed(3)}`);
if (bad.length) process.exitCode = 1;
