// Shapefile export and import at scale: N points (households, GBK attributes) written with the
// Shapefile writer as a zip, then read back by the import step's reader and put through the import
// step into the households layer (every contract check). Run: `npm run bench -- shapefile`
// (BENCH_SHP_N=1000000 by default: about 78 MB of .shp/.shx/.dbf, 22 MB zipped).
// Runs (2 cores shared with other jobs, 2026-12-06). Load average ≈ 4.5: write 9.9 s; read 2.2 s
// (+241 MB); import step into households, features handed to the loader as objects: 3.6 s
// (+378 MB); the same through GeoJSON text as the step did before, in the same run: 10.1 s
// (+1,207 MB). Heavily loaded: 16.8 s (+459 MB) vs 88.3 s (+1,147 MB) through text.
// (The first run, through text only: read 7.9 s, import 51.5 s.)
import { readForeignFiles, importForeign, suggestTargets, toContractCollection } from '../../layers/load/foreign/index.ts';
import { loadLayerFile } from '../../layers/load/load-project.ts';
import { LAYERS } from '../../layers/index.ts';
import { writeShapefile } from '../../layers/load/foreign/shapefile-write.ts';
import { mulberry32, report, type BenchRow } from './util.ts';

const N = Number(process.env.BENCH_SHP_N ?? 1_000_000);
const rnd = mulberry32(11);
const VILLAGES = ['东庄村', '西河村', '南关村', '北辛庄', '恒州街道'];
const HEAT = ['气代煤', '电代煤', '洁净煤', '其他'];

const rss = () => process.memoryUsage().rss / 1048576;
const rows: BenchRow[] = [];

const features = Array.from({ length: N }, (_, i) => ({
  geometry: { type: 'Point', coordinates: [114.4 + rnd() * 0.6, 38.4 + rnd() * 0.5] },
  properties: { id: `H${i}`, persons: 1 + Math.floor(rnd() * 6), village: VILLAGES[i % 5], heating: HEAT[i % 4], 备注: '农户调查二〇二四年' },
}));
let t = performance.now();
const { zip } = writeShapefile([{ name: '农户', features }], { crs: { kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: true }, encoding: 'gbk' });
rows.push({ name: `write ${N.toLocaleString('en')} points (GK zone 38, GBK) → zip ${(zip.length / 1048576).toFixed(0)} MB`, ms: performance.now() - t });
features.length = 0;
(globalThis as { gc?: () => void }).gc?.();

const before = rss();
t = performance.now();
const read = readForeignFiles([{ name: '农户.zip', bytes: zip }]);
const readMs = performance.now() - t;
const l = read.layers[0];
rows.push({ name: `read the zip: ${l.features.length.toLocaleString('en')} features (unzip + .shp + .dbf GBK)`, ms: readMs, peakMb: rss() - before });
t = performance.now();
const targets = suggestTargets(read.layers, null);
const r = importForeign(null, read.layers, targets);
rows.push({ name: `import step → households (${targets[0].layer}, ${r.layers[0]?.counts.loaded.toLocaleString('en')} loaded)`, ms: performance.now() - t, peakMb: rss() - before });
// For comparison, in the same run: the route the step took before (the converted collection as
// GeoJSON text through loadLayerFile). BENCH_SHP_TEXT=0 leaves it out.
if (process.env.BENCH_SHP_TEXT !== '0') {
  (globalThis as { gc?: () => void }).gc?.();
  const b2 = rss();
  t = performance.now();
  const conv = toContractCollection(l, LAYERS.households, targets[0]);
  const loaded = loadLayerFile(LAYERS.households, l.source, new TextEncoder().encode(JSON.stringify(conv.collection)), conv.loaderCrs ? { crs: conv.loaderCrs } : {});
  rows.push({ name: `(before) the same through GeoJSON text (${loaded.counts.loaded.toLocaleString('en')} loaded)`, ms: performance.now() - t, peakMb: rss() - b2 });
}
report('shapefile', rows);
