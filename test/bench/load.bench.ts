// Load-and-validate benchmark: the demo county (data/demo) and a scale region made by the demo
// generator, against a plain JSON.parse of the same GeoJSON files and a plain split-based parse of
// the same CSV. Run: `npm run bench -- load` (BENCH_SCALE=households for the scale region, default 1,000,000).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { LAYER_LIST } from '../../layers/index.ts';
import { loadLayerFile, loadProject, type InputFile } from '../../layers/load/index.ts';
import { medianMs, peakMemoryMb, report, type BenchRow } from './util.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1_000_000);

function readDir(dir: string): InputFile[] {
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort()
    .map((name) => {
      const b = readFileSync(join(dir, name));
      return { name, bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
    });
}

/** The plain baseline for GeoJSON: decode and JSON.parse, nothing checked. */
function plainJson(bytes: Uint8Array): number {
  return (JSON.parse(new TextDecoder().decode(bytes)) as { features: unknown[] }).features.length;
}

/** The plain baseline for CSV: decode, split lines and cells, Number() the coordinates (per-row arrays). */
function plainCsv(bytes: Uint8Array): number {
  const lines = new TextDecoder().decode(bytes).split('\n');
  const header = lines[0].split(',');
  const lon = header.indexOf('lon');
  const lat = header.indexOf('lat');
  const rows: (string | number)[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const cells: (string | number)[] = lines[i].split(',');
    cells[lon] = Number(cells[lon]);
    cells[lat] = Number(cells[lat]);
    rows.push(cells);
  }
  return rows.length;
}

function baselineOf(f: InputFile): () => number {
  return f.name.endsWith('.csv') ? () => plainCsv(f.bytes) : () => plainJson(f.bytes);
}

/**
 * Time `fn`: the median of RUNS runs after a warm-up, or one cold run for the big region. CPU time
 * (user + system) is reported beside wall time: the machine is shared, so wall time is noisy.
 */
async function timeIt(fn: () => unknown, once: boolean): Promise<{ ms: number; cpuMs: number; peakMb: number }> {
  const cpu: number[] = [];
  const timed = () => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  };
  const first = await peakMemoryMb(timed);
  if (once) return { ms: first.ms, cpuMs: cpu[0], peakMb: first.peakMb };
  cpu.length = 0;
  const ms = await medianMs(timed, RUNS);
  cpu.shift();
  cpu.sort((a, b) => a - b);
  return { ms, cpuMs: cpu[Math.floor(cpu.length / 2)], peakMb: first.peakMb };
}

function cpuNote(ours: { cpuMs: number }, base: { cpuMs: number }): string {
  return `CPU ${ours.cpuMs.toFixed(0)} ms vs baseline CPU ${base.cpuMs.toFixed(0)} ms (×${(base.cpuMs / ours.cpuMs).toFixed(2)})`;
}

async function suite(label: string, dir: string, rows: BenchRow[], once: boolean): Promise<void> {
  const files = readDir(dir);
  const mb = files.reduce((s, f) => s + f.bytes.length, 0) / 1048576;
  let result: ReturnType<typeof loadProject> | null = null;
  const all = await timeIt(() => (result = loadProject(files)), once);
  const loaded = result as unknown as ReturnType<typeof loadProject>;
  const errors = loaded.report.issues.filter((i) => i.severity === 'error').length;
  const hh = loaded.project.layers.households;
  const households = hh.kind === 'columns' ? hh.count : hh.data.features.length;
  result = null;
  const dataFiles = files.filter((f) => f.name !== 'project.json');
  const base = await timeIt(() => dataFiles.forEach((f) => baselineOf(f)()), once);
  rows.push({
    name: `${label}: loadProject, all layers (${mb.toFixed(0)} MB, ${households.toLocaleString('en')} households, ${errors} errors)`,
    ms: all.ms,
    peakMb: all.peakMb,
    baselineMs: base.ms,
    baselineNote: `plain JSON.parse of the GeoJSON + split-based parse of the CSV, nothing validated; its peak +${base.peakMb.toFixed(0)} MB`,
    note: cpuNote(all, base),
  });
  for (const name of ['roads.geojson', 'households.csv', 'households.geojson']) {
    const f = files.find((x) => x.name === name);
    const def = LAYER_LIST.find((d) => name.startsWith(`${d.file}.`));
    if (!f || !def) continue;
    const one = await timeIt(() => loadLayerFile(def, f.name, f.bytes), once);
    const b = await timeIt(baselineOf(f), once);
    rows.push({
      name: `${label}: ${name} (${(f.bytes.length / 1048576).toFixed(0)} MB)`,
      ms: one.ms,
      peakMb: one.peakMb,
      baselineMs: b.ms,
      baselineNote: `${name.endsWith('.csv') ? 'split-based parse into per-row arrays' : 'plain JSON.parse'}; its peak +${b.peakMb.toFixed(0)} MB`,
      note: cpuNote(one, b),
    });
  }
}

function scaleDir(): string | null {
  for (const d of ['.bench-data/scale', '.bench-data/scale-load']) {
    const abs = join(ROOT, d);
    if (existsSync(join(abs, 'project.json')) && readdirSync(abs).some((n) => n.startsWith('households.'))) return abs;
  }
  const out = join(ROOT, '.bench-data/scale-load');
  console.log(`generating a scale region of ${SCALE.toLocaleString('en')} households in ${out} …`);
  const r = spawnSync('npx', ['tsx', 'data/generator/generate.ts', '--scale', String(SCALE), '--out', out], { cwd: ROOT, stdio: 'inherit' });
  return r.status === 0 ? out : null;
}

const rows: BenchRow[] = [];
await suite('demo county', join(ROOT, 'data/demo'), rows, false);
const scale = scaleDir();
if (scale) await suite(`scale region (${scale.split('/').pop()}, one cold run)`, scale, rows, true);
else rows.push({ name: 'scale region: generator not available, not measured', ms: 0 });
report('load', rows);
