// Readers on pathological input growing ×2 from ~160 KB to ~10 MB: the XLSX ledger reader, the OSM
// PBF reader, and the loader's CSV and GeoJSON through loadProject. Each (shape, size) runs in its
// own Node process so its peak resident memory is its own; the ratio of each step's time to the
// previous one is ≈ 2 for a linear reader (≈ 4 for a quadratic one). Run: `npm run bench -- readers`
// (BENCH_READERS=xlsx,pbf to run some; BENCH_XLSX_MODULE=<path to an xlsx.ts> to time another
// version of the XLSX reader, e.g. the one before issue #9).
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { loadProject } from '../../layers/load/index.ts';
import { scanOsmPbf } from '../../analysis/osm-pbf.ts';
import { fBytes, fileBlock, fVarint, headerBlock, packedSint, packedUint, stringTable } from '../analysis/osm-pbf-encoder.ts';
import { report, type BenchRow } from './util.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
const SIZES = Array.from({ length: 7 }, (_, i) => 160 * 1024 * 2 ** i); // 160 KB … 10 MB

/**
 * One pathological input: `make(size)` builds about that many bytes of content (for XLSX: of XML
 * inside the zip; the zip itself is much smaller); `read` reads them and returns a short outcome.
 */
interface Shape {
  reader: 'xlsx' | 'pbf' | 'csv' | 'geojson';
  name: string;
  make(size: number): Uint8Array;
  read(input: Uint8Array): Promise<string> | string;
}

const encoder = new TextEncoder();

/** Repeat `unit(i)` until the text reaches `size` characters. */
function fill(size: number, unit: (i: number) => string, head = '', tail = ''): string {
  const parts = [head];
  let n = head.length + tail.length;
  for (let i = 0; n < size; i++) {
    const u = unit(i);
    parts.push(u);
    n += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** XML characters zipped by the last {@link xlsxOf}: the size an XLSX input is measured by. */
let lastXmlChars = 0;

function xlsxOf(sheetXml: string, sharedXml = '<sst/>'): Uint8Array {
  lastXmlChars = sheetXml.length + sharedXml.length;
  return zipSync(
    {
      'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/sharedStrings.xml': strToU8(sharedXml),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml),
    },
    { level: 1 },
  );
}

async function readXlsxWith(input: Uint8Array): Promise<string> {
  const mod = (await import(pathToFileURL(resolve(ROOT, process.env.BENCH_XLSX_MODULE ?? 'layers/load/foreign/xlsx.ts')).href)) as typeof import('../../layers/load/foreign/xlsx.ts');
  try {
    const [s] = mod.readXlsx(input);
    return `${s.rows.length} rows`;
  } catch (e) {
    return `refused: ${(e as Error).message.split('\n').pop()!.slice(0, 70)}`;
  }
}

function scan(input: Uint8Array): string {
  try {
    const s = scanOsmPbf(input, { node: () => {}, way: () => {} });
    return `${s.blocks} blocks, ${s.nodes} nodes, ${s.ways} ways`;
  } catch (e) {
    return `refused: ${(e as Error).message.slice(0, 70)}`;
  }
}

function load(name: string, input: Uint8Array): string {
  const { project, report } = loadProject([{ name, bytes: input }]);
  const errors = report.issues.filter((i) => i.severity === 'error');
  const l = name.startsWith('households') ? project.layers.households : project.layers.roads;
  const n = l.kind === 'columns' ? l.count : l.data.features.length;
  return `${n} loaded, ${errors.length} errors${errors[0] ? ` (${errors[0].message.en.slice(0, 50)})` : ''}`;
}

const SHAPES: Shape[] = [
  {
    reader: 'xlsx',
    name: 'rows and cells whose end tags never come',
    make: (size) => xlsxOf(fill(size, (i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v>`, '<worksheet><sheetData>')),
    read: readXlsxWith,
  },
  {
    reader: 'xlsx',
    name: 'a value at XFD1048576 beside a table',
    make: (size) => xlsxOf(fill(size, (i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"><v>1</v></c></row>`, '<worksheet><sheetData>', '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')),
    read: readXlsxWith,
  },
  {
    reader: 'xlsx',
    name: 'shared strings, every cell a different one',
    make: (size) => {
      const n = Math.floor(size / 60);
      const shared = fill(size / 2, (i) => `<si><t>乡镇${i}</t></si>`, '<sst>', '</sst>');
      const sheet = fill(size / 2, (i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i % n}</v></c></row>`, '<worksheet><sheetData>', '</sheetData></worksheet>');
      return xlsxOf(sheet, shared);
    },
    read: readXlsxWith,
  },
  {
    reader: 'xlsx',
    name: 'deep nesting',
    make: (size) => xlsxOf(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>${'<x>'.repeat(size / 7)}${'</x>'.repeat(size / 7)}</sheetData></worksheet>`),
    read: readXlsxWith,
  },
  {
    reader: 'pbf',
    name: 'many tiny blocks',
    make: (size) => {
      const head = fileBlock('OSMHeader', headerBlock());
      const one = fileBlock('OSMData', [...stringTable([])], { compress: false });
      const k = Math.floor((size - head.length) / one.length);
      const out = new Uint8Array(head.length + k * one.length);
      out.set(head);
      for (let i = 0; i < k; i++) out.set(one, head.length + i * one.length);
      return out;
    },
    read: scan,
  },
  {
    reader: 'pbf',
    name: 'blocks of ways with long ref lists',
    make: (size) => {
      const refs = new Array<number>(2000).fill(1);
      const way = fBytes(3, [...fVarint(1, 1), ...packedUint(2, [1]), ...packedUint(3, [2]), ...packedSint(8, refs)]);
      const group = fBytes(2, Array.from({ length: 100 }, () => way).flat());
      const block = fileBlock('OSMData', [...stringTable(['highway', 'residential']), ...group], { compress: false });
      const head = fileBlock('OSMHeader', headerBlock());
      const k = Math.max(1, Math.round(size / block.length));
      const out = new Uint8Array(head.length + k * block.length);
      out.set(head);
      for (let i = 0; i < k; i++) out.set(block, head.length + i * block.length);
      return out;
    },
    read: scan,
  },
  {
    reader: 'pbf',
    name: 'a block size that lies (1 byte short), after many good blocks',
    make: (size) => {
      const head = fileBlock('OSMHeader', headerBlock());
      const one = fileBlock('OSMData', [...stringTable(['a'])], { compress: false });
      const k = Math.floor((size - head.length) / one.length);
      const out = new Uint8Array(head.length + k * one.length);
      out.set(head);
      for (let i = 0; i < k; i++) out.set(one, head.length + i * one.length);
      const last = head.length + (k - 1) * one.length;
      const hl = out[last + 3];
      out[last + 4 + hl - 1] -= 1; // the datasize varint (one byte) of the last block
      return out;
    },
    read: scan,
  },
  {
    reader: 'csv',
    name: 'a quote opened on row 2 and never closed',
    make: (size) => encoder.encode(fill(size, (i) => `H${i},114.7,38.6,3,某村,恒州镇,gas\n`, 'id,lon,lat,persons,village,township,heating\nH,"114.7,38.6,3,某村,恒州镇,gas\n')),
    read: (input) => load('households.csv', input),
  },
  {
    reader: 'csv',
    name: 'rows of 500 empty columns',
    make: (size) => encoder.encode(fill(size, (i) => `H${i},114.7,38.6,3,某村,恒州镇,gas${','.repeat(493)}\n`, `id,lon,lat,persons,village,township,heating${Array.from({ length: 493 }, (_, k) => `,x${k}`).join('')}\n`)),
    read: (input) => load('households.csv', input),
  },
  {
    reader: 'geojson',
    name: 'one road with every vertex in one LineString',
    make: (size) =>
      encoder.encode(fill(size, (i) => `${i ? ',' : ''}[${(114.7 + i * 1e-6).toFixed(6)},38.6]`, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"长路","class":"主干路"},"geometry":{"type":"LineString","coordinates":[', ']}}]}')),
    read: (input) => load('roads.geojson', input),
  },
  {
    reader: 'geojson',
    name: 'truncated in the last feature',
    make: (size) => {
      const t = fill(size, (i) => `${i ? ',' : ''}{"type":"Feature","properties":{"name":"路${i}","class":"支路"},"geometry":{"type":"LineString","coordinates":[[114.7,38.6],[114.701,38.6]]}}`, '{"type":"FeatureCollection","features":[');
      return encoder.encode(t.slice(0, t.length - 20));
    },
    read: (input) => load('roads.geojson', input),
  },
];

/** Child: build one input, then read it and print time and memory as JSON. */
async function one(shapeIndex: number, size: number): Promise<void> {
  const shape = SHAPES[shapeIndex];
  lastXmlChars = 0;
  const input = shape.make(size);
  const contentBytes = lastXmlChars || input.length;
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  // The fastest of three reads: small inputs take milliseconds and the machine is shared.
  let ms = Infinity;
  let cpuMs = Infinity;
  let outcome = '';
  for (let run = 0; run < 3; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    outcome = await shape.read(input);
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ ms, cpuMs, bytes: contentBytes, fileBytes: input.length, peakRssMb: peak / 1048576, addedMb: Math.max(0, peak - rssBefore) / 1048576, outcome }));
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_READERS ?? '').split(',').filter(Boolean);
  const rows: BenchRow[] = [];
  SHAPES.forEach((shape, k) => {
    if (only.length && !only.includes(shape.reader)) return;
    console.log(`\n${shape.reader}: ${shape.name}`);
    let prev: number | null = null;
    const points: { bytes: number; ms: number; cpuMs: number }[] = [];
    for (const size of SIZES) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', SELF, '--one', String(k), String(size)], { cwd: ROOT, encoding: 'utf8' });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        console.log(`  ${(size / 1024).toFixed(0)} KB: failed (exit ${r.status}) ${r.stderr.trim().split('\n').slice(-2).join(' ')}`);
        rows.push({ name: `${shape.reader}: ${shape.name}, ${(size / 1024).toFixed(0)} KB: failed (exit ${r.status})`, ms: 0 });
        break;
      }
      const m = JSON.parse(line) as { ms: number; cpuMs: number; bytes: number; fileBytes: number; peakRssMb: number; addedMb: number; outcome: string };
      m.outcome = m.outcome.replace(/\s+/g, ' ');
      points.push(m);
      const zipped = m.fileBytes !== m.bytes ? ` (zip ${(m.fileBytes / 1024).toFixed(0)} KB)` : '';
      const ratio = prev === null ? '' : `  ×${(m.cpuMs / prev).toFixed(2)} CPU vs previous size`;
      console.log(`  ${(m.bytes / 1024).toFixed(0).padStart(6)} KB${zipped}: ${m.ms.toFixed(1).padStart(8)} ms (CPU ${m.cpuMs.toFixed(0)} ms)  peak RSS ${m.peakRssMb.toFixed(0)} MB (+${m.addedMb.toFixed(0)} MB while reading)${ratio}  — ${m.outcome}`);
      rows.push({ name: `${shape.reader}: ${shape.name}, ${(m.bytes / 1024).toFixed(0)} KB${zipped}`, ms: m.ms, peakMb: m.addedMb, note: `CPU ${m.cpuMs.toFixed(0)} ms; ${prev === null ? '' : `CPU ×${(m.cpuMs / prev).toFixed(2)} vs previous size; `}peak RSS ${m.peakRssMb.toFixed(0)} MB; ${m.outcome}` });
      prev = m.cpuMs;
    }
    // Growth exponent over the four largest sizes (least squares of log CPU time on log size): ≈ 1
    // for a linear reader, ≈ 2 for a quadratic one; CPU time (user + system, fastest of three) is
    // steadier than wall time on a shared machine, and the fit steadier than single steps.
    const big = points.slice(-4);
    if (big.length >= 2) {
      const xs = big.map((p) => Math.log(p.bytes));
      const ys = big.map((p) => Math.log(Math.max(p.cpuMs, 0.01)));
      const mx = xs.reduce((a, b) => a + b) / xs.length;
      const my = ys.reduce((a, b) => a + b) / ys.length;
      const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      const last = big[big.length - 1];
      const first = big[0];
      console.log(`  growth: CPU time ×${(last.cpuMs / first.cpuMs).toFixed(1)} for size ×${(last.bytes / first.bytes).toFixed(1)} over the four largest sizes; exponent ${slope.toFixed(2)} (1 = linear, 2 = quadratic)`);
      rows.push({ name: `${shape.reader}: ${shape.name}: growth exponent over the four largest sizes`, ms: last.ms, note: `exponent ${slope.toFixed(2)} (1 = linear, 2 = quadratic); CPU time ×${(last.cpuMs / first.cpuMs).toFixed(1)} for size ×${(last.bytes / first.bytes).toFixed(1)}` });
    }
  });
  report('readers', rows);
}

const k = process.argv.indexOf('--one');
if (k >= 0) await one(Number(process.argv[k + 1]), Number(process.argv[k + 2]));
else await main();
