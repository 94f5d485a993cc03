// The province batch (issue #15): a generated province of BENCH_BATCH_COUNTIES counties (20) of
// BENCH_BATCH_HOUSEHOLDS households each (50,000 by default; the figure is 1,000,000:
// BENCH_BATCH_HOUSEHOLDS=1000000, about an hour per --jobs on 2 cores), run by
// `analyze batch` with --jobs 1 and then --jobs 2 into fresh folders: wall time, CPU time of all
// county processes, peak resident memory per county process (from each county's manifest) and of
// the parent, the speed-up, and whether both runs wrote the same province table.
// The counties are generated once into .bench-data/province-<households>x<counties> (gitignored).
// Run: `npm run bench -- batch` (BENCH_BATCH_ANALYSES to change the analyses, default fire,hydrants,kindergartens,uncovered).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_FILES } from '../../data/generator/county.ts';
import type { CountyManifest } from '../../cli/batch/manifest.ts';
import { ROOT, runAnalyze } from '../support/scale-region.ts';
import { report, type BenchRow } from './util.ts';

const HOUSEHOLDS = Number(process.env.BENCH_BATCH_HOUSEHOLDS ?? 50_000);
const COUNTIES = Number(process.env.BENCH_BATCH_COUNTIES ?? 20);
const ANALYSES = process.env.BENCH_BATCH_ANALYSES ?? 'fire,hydrants,kindergartens,uncovered';
const JOBS = [1, 2];

const rows: BenchRow[] = [];
const prov = join(ROOT, '.bench-data', `province-${HOUSEHOLDS}x${COUNTIES}`);
const tGen = performance.now();
let generated = 0;
for (let i = 1; i <= COUNTIES; i++) {
  const dir = join(prov, `county-${String(i).padStart(2, '0')}`);
  if (DEMO_FILES.every((f) => existsSync(join(dir, f)))) continue;
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(prov, { recursive: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'data/generator/generate.ts', '--scale', String(HOUSEHOLDS), '--seed', String(1000 + i), '--out', partial], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating county ${i} failed: ${r.stderr}`);
  renameSync(partial, dir);
  generated++;
}
if (generated > 0) rows.push({ name: `generate ${generated} counties of ${HOUSEHOLDS.toLocaleString('en')} households (data/generator --scale, seeds 1001…)`, ms: performance.now() - tGen });

const tables: string[] = [];
const walls: number[] = [];
for (const jobs of JOBS) {
  const out = mkdtempSync(join(tmpdir(), `bench-batch-${jobs}-`));
  try {
    const r = runAnalyze(['batch', '--data', prov, '--out', out, '--jobs', String(jobs), '--analyses', ANALYSES]);
    if (r.status !== 0) throw new Error(`analyze batch --jobs ${jobs} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const manifests = Array.from({ length: COUNTIES }, (_, k) => JSON.parse(readFileSync(join(out, `county-${String(k + 1).padStart(2, '0')}`, 'manifest.json'), 'utf8')) as CountyManifest);
    const cpu = manifests.reduce((s, m) => s + m.resources.cpuSeconds, 0);
    const rss = manifests.map((m) => m.resources.maxRssMb);
    const countyWall = manifests.map((m) => m.resources.wallSeconds);
    walls.push(r.seconds);
    tables.push(readFileSync(join(out, 'province-counties.csv'), 'utf8') + readFileSync(join(out, 'province-townships.csv'), 'utf8'));
    rows.push({
      name: `batch --jobs ${jobs}: ${COUNTIES} counties × ${HOUSEHOLDS.toLocaleString('en')} households, ${ANALYSES}`,
      ms: r.seconds * 1000,
      note:
        `CPU ${cpu.toFixed(1)} s over the county processes (${(cpu / r.seconds).toFixed(2)} cores busy on average); ` +
        `peak RSS per county process ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB, parent ${r.maxRssMb?.toFixed(0) ?? '?'} MB; ` +
        `county wall ${Math.min(...countyWall).toFixed(1)}–${Math.max(...countyWall).toFixed(1)} s; machine has ${availableParallelism()} cores`,
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
rows.push({
  name: `speed-up --jobs 2 vs --jobs 1`,
  ms: walls[1] * 1000,
  baselineMs: walls[0] * 1000,
  baselineNote: '--jobs 1',
  note: `×${(walls[0] / walls[1]).toFixed(2)}; province tables ${tables[0] === tables[1] ? 'identical' : 'DIFFER'}`,
});
report('batch', rows);
