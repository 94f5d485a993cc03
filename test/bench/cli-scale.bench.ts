// The command line on a 5,000,000-household region (issue #9): `analyze fire` end to end in its own
// process — load, analysis, and every output streamed to disk — with wall time and peak resident
// memory (RSS). The region is generated once into .bench-data/scale-5m (gitignored) and reused.
// Run: `npm run bench -- cli-scale` (BENCH_CLI_HOUSEHOLDS to change the size).
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureScaleRegion, runAnalyze } from '../support/scale-region.ts';
import { report, type BenchRow } from './util.ts';

const HOUSEHOLDS = Number(process.env.BENCH_CLI_HOUSEHOLDS ?? 5_000_000);
const rows: BenchRow[] = [];
const { dir, generatedSeconds } = ensureScaleRegion(HOUSEHOLDS);
if (generatedSeconds > 0) rows.push({ name: `generate the region (${HOUSEHOLDS.toLocaleString('en')} households, data/generator --scale)`, ms: generatedSeconds * 1000 });
const dataMb = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0) / 1048576;
const out = mkdtempSync(join(tmpdir(), 'bench-fire-'));
try {
  const r = runAnalyze(['fire', '--data', dir, '--out', out]);
  if (r.status !== 0) throw new Error(`analyze fire exited ${r.status}: ${r.stderr}`);
  const outMb = readdirSync(out).reduce((s, f) => s + statSync(join(out, f)).size, 0) / 1048576;
  const summary = r.stdout.split('\n').find((l) => l.includes('households')) ?? '';
  rows.push({
    name: `analyze fire, ${HOUSEHOLDS.toLocaleString('en')} households (${dataMb.toFixed(0)} MB in, ${outMb.toFixed(0)} MB of outputs written)`,
    ms: r.seconds * 1000,
    note: `peak RSS ${r.maxRssMb?.toFixed(0) ?? '?'} MB of the CLI process (exit 0; before issue #9 it died in JSON.stringify with "Invalid string length"); ${summary.replace(/^fire: /, '')}`,
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
report('cli-scale', rows);
