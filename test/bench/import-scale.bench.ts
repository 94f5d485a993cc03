// The import step's reading at scale, through the code the worker runs (src/workers/tasks/
// read-foreign.ts, here in Node): a 100 MB Shapefile (loose .shp/.shx/.dbf/.prj/.cpg, 1,000,000
// GBK household points in CGCS2000 GK zone 38) and a 1,000,000-row XLSX point table (经度/纬度).
// Counts the progress events the task posts, and cancels a second read part way (how long until it
// stops). Peak memory: heap + array buffers sampled at every progress event and at the end (the
// read is synchronous, so nothing else can sample it). Goal: under 10 s each. The inputs are
// generated here, not committed. Run: `npm run bench -- import-scale` (BENCH_IMPORT_N=1000000).
// Runs (2 cores shared with other jobs, 2026-12-06). Load average ≈ 6.5: Shapefile 115 MB →
// 1,000,000 features in 3.45 s, +491 MB, 19 progress events (the task posts at most one per
// 100 ms), cancel stopped 0.09 s after the abort; XLSX 32 MB, 1,000,000 rows in 12.9 s, +959 MB,
// 4 events, cancel 0.9 s after the abort — just over the 10 s goal (the XLSX reader has no
// progress inside a sheet; most of the time is inflating and scanning the sheet XML). At heavy
// load (generating the XLSX took 161 s): Shapefile 8.6 s (before progress inside .shp/.dbf:
// 13.6 s, 5 events, cancel 3.2 s), XLSX 140.9 s.
import { toXlsx } from '../../analysis/xlsx-export.ts';
import { readForeignFiles, type ForeignFile } from '../../layers/load/foreign/index.ts';
import { encodeGbk } from '../../layers/load/foreign/shapefile-write.ts';
import { readForeignTask } from '../../src/workers/tasks/read-foreign.ts';
import { mulberry32, report, type BenchRow } from './util.ts';

const N = Number(process.env.BENCH_IMPORT_N ?? 1_000_000);
const rnd = mulberry32(7);
const VILLAGES = ['东庄村', '西河村', '南关村', '北辛庄村', '恒州街道'];
const HEAT = ['气代煤', '电代煤', '洁净煤', '其他'];
const rows: BenchRow[] = [];
const mem = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The loose files of a point Shapefile written byte by byte (the writer is too slow for a million). */
function shapefile(n: number): ForeignFile[] {
  const shp = new Uint8Array(100 + n * 28);
  const shx = new Uint8Array(100 + n * 8);
  const header = (b: Uint8Array) => {
    const dv = new DataView(b.buffer);
    dv.setInt32(0, 9994);
    dv.setInt32(24, b.length / 2);
    dv.setInt32(28, 1000, true);
    dv.setInt32(32, 1, true);
    dv.setFloat64(36, 38_480_000, true);
    dv.setFloat64(44, 4_230_000, true);
    dv.setFloat64(52, 38_540_000, true);
    dv.setFloat64(60, 4_290_000, true);
  };
  header(shp);
  header(shx);
  const sv = new DataView(shp.buffer);
  const xv = new DataView(shx.buffer);
  // .dbf: 编号 C12, 人口 N2, 村 C20, 取暖 C10, 备注 C40 (GBK) → 85 bytes a record
  const fields: [string, 'C' | 'N', number][] = [['编号', 'C', 12], ['人口', 'N', 2], ['村', 'C', 20], ['取暖', 'C', 10], ['备注', 'C', 40]];
  const recLen = 1 + fields.reduce((a, f) => a + f[2], 0);
  const headLen = 32 + fields.length * 32 + 1;
  const dbf = new Uint8Array(headLen + n * recLen + 1);
  const dv = new DataView(dbf.buffer);
  dbf[0] = 3;
  dv.setUint32(4, n, true);
  dv.setUint16(8, headLen, true);
  dv.setUint16(10, recLen, true);
  dbf[29] = 0x4d; // language driver: GBK
  fields.forEach(([name, type, len], i) => {
    const at = 32 + i * 32;
    dbf.set(encodeGbk(name), at);
    dbf[at + 11] = type.charCodeAt(0);
    dbf[at + 16] = len;
  });
  dbf[headLen - 1] = 0x0d;
  dbf[dbf.length - 1] = 0x1a;
  const gbk = new Map<string, Uint8Array>();
  const enc = (s: string) => gbk.get(s) ?? (gbk.set(s, encodeGbk(s)), gbk.get(s)!);
  const put = (at: number, bytes: Uint8Array, len: number) => {
    dbf.fill(0x20, at, at + len);
    dbf.set(bytes.subarray(0, len), at);
  };
  const note = enc('农户调查二〇二四年，入户核实');
  const ascii = new TextEncoder();
  for (let i = 0; i < n; i++) {
    const off = 100 + i * 28;
    sv.setInt32(off, i + 1);
    sv.setInt32(off + 4, 10);
    sv.setInt32(off + 8, 1, true);
    sv.setFloat64(off + 12, 38_480_000 + rnd() * 60_000, true);
    sv.setFloat64(off + 20, 4_230_000 + rnd() * 60_000, true);
    xv.setInt32(100 + i * 8, off / 2);
    xv.setInt32(104 + i * 8, 10);
    let at = headLen + i * recLen;
    dbf[at++] = 0x20;
    put(at, ascii.encode(`H${i}`), 12);
    at += 12;
    put(at, ascii.encode(String(1 + (i % 6)).padStart(2)), 2);
    at += 2;
    put(at, enc(VILLAGES[i % 5]), 20);
    at += 20;
    put(at, enc(HEAT[i % 4]), 10);
    at += 10;
    put(at, note, 40);
  }
  const prj = new TextEncoder().encode(
    'PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",38500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
  );
  return [
    { name: '全县农户.shp', bytes: shp },
    { name: '全县农户.shx', bytes: shx },
    { name: '全县农户.dbf', bytes: dbf },
    { name: '全县农户.prj', bytes: prj },
    { name: '全县农户.cpg', bytes: new TextEncoder().encode('936') },
  ];
}

function xlsx(n: number): ForeignFile[] {
  const body = Array.from({ length: n }, (_, i) => [`H${i}`, +(114.4 + rnd() * 0.6).toFixed(6), +(38.4 + rnd() * 0.5).toFixed(6), 1 + (i % 6), VILLAGES[i % 5]]);
  return [{ name: '全县农户台账.xlsx', bytes: toXlsx([{ name: '农户', header: ['编号', '经度', '纬度', '人口', '村'], rows: body, widths: [10, 12, 12, 6, 10] }]) }];
}

/** Reads through the worker's task function, counting progress events and sampling memory at each. */
async function read(label: string, files: ForeignFile[]): Promise<void> {
  const mb = files.reduce((a, f) => a + f.bytes.length, 0) / 1048576;
  gc();
  const base = mem();
  let peak = base;
  let events = 0;
  const t = performance.now();
  const r = await readForeignTask({ files, encoding: '' }, () => {
    events++;
    peak = Math.max(peak, mem());
  });
  const ms = performance.now() - t;
  peak = Math.max(peak, mem());
  const n = r.layers.reduce((a, l) => a + l.features.length, 0);
  const errors = r.issues.filter((i) => i.severity === 'error');
  if (errors.length) console.log(errors.slice(0, 3));
  rows.push({ name: `${label}: ${mb.toFixed(0)} MB → ${n.toLocaleString('en')} features, ${events} progress events (goal < 10 s)`, ms, peakMb: peak - base });
  // cancel: abort once past a third, and time how long until the read stops
  const ac = new AbortController();
  let abortedAt = 0;
  const t2 = performance.now();
  try {
    readForeignFiles(files, {
      signal: ac.signal,
      onProgress: (p) => {
        if (!abortedAt && p.fraction > 0.3) {
          abortedAt = performance.now();
          ac.abort();
        }
      },
    });
    rows.push({ name: `${label}: cancel — never got past a third?`, ms: performance.now() - t2 });
  } catch (err) {
    rows.push({ name: `${label}: cancelled past a third (${(err as Error).name}); from the abort to the stop`, ms: performance.now() - abortedAt });
  }
}

let t = performance.now();
const shp = shapefile(N);
rows.push({ name: `generate the Shapefile (${N.toLocaleString('en')} points)`, ms: performance.now() - t });
await read('Shapefile (.shp/.shx/.dbf GBK, GK zone 38)', shp);
shp.length = 0;
gc();
// BENCH_IMPORT_ONLY=shp leaves the XLSX out (generating a million rows takes minutes on a loaded machine)
if (process.env.BENCH_IMPORT_ONLY !== 'shp') {
  t = performance.now();
  const xl = xlsx(N);
  rows.push({ name: `generate the XLSX (${N.toLocaleString('en')} rows)`, ms: performance.now() - t });
  await read('XLSX point table (经度/纬度)', xl);
}
report('import-scale', rows);
