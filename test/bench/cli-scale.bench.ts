// The command line on a 5,000,000-household region (issue #9): `analyze fire` end to end in its own
// process — load, analysis, and every output streamed to disk — with wall time and peak resident
// memory (RSS). The region is generated once into .bench-data/scale-5m (gitignored) and reused.
// The bench also checks the outputs are complete (it throws otherwise): this is where the 5M run
// lives since session 5 — in the test suite it took 200 s of a 2-core machine; the suite keeps the
// writer's own check (test/cli/stream-write.test.ts: a FeatureCollection longer than any JS string).
// Run: `npm run bench -- cli-scale` (BENCH_CLI_HOUSEHOLDS to change the size).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureScaleRegion, runAnalyze } from '../support/scale-region.ts';
import { countLines, scanFile } from '../support/scan-file.ts';
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
  checkOutputs(out);
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

/** Every output file complete, with matching counts (what issue #9's crash left half-written). */
function checkOutputs(dir: string): void {
  const fail = (what: string) => {
    throw new Error(`cli-scale: ${what}`);
  };
  const summary = JSON.parse(readFileSync(join(dir, 'fire-summary.json'), 'utf8'));
  if (summary.households.total !== HOUSEHOLDS) fail(`fire-summary.json counts ${summary.households.total} households, not ${HOUSEHOLDS}`);
  const uncovered = summary.households.total - summary.households.covered;
  const iso = JSON.parse(readFileSync(join(dir, 'isochrones.geojson'), 'utf8'));
  if (!iso.features.some((f: { properties: { minutes: number } }) => f.properties.minutes === summary.thresholdMinutes)) fail('no isochrone at the threshold');
  const districts = JSON.parse(readFileSync(join(dir, 'districts.geojson'), 'utf8'));
  if (districts.features.length !== summary.stations.length) fail('districts ≠ stations');
  const FEATURE = '{"type":"Feature",';
  const geo = scanFile(join(dir, 'uncovered-households.geojson'), FEATURE);
  if (geo.count !== uncovered) fail(`uncovered-households.geojson has ${geo.count} features, the summary ${uncovered}`);
  if (!geo.head.startsWith(`{"type":"FeatureCollection","features":[${FEATURE}`) || !geo.tail.endsWith('}]}')) fail('uncovered-households.geojson is not one whole FeatureCollection');
  JSON.parse(geo.tail.slice(geo.tail.lastIndexOf(FEATURE), -2));
  const lines = countLines(join(dir, 'uncovered-households.csv'));
  if (lines !== uncovered + 1) fail(`uncovered-households.csv has ${lines} lines, expected ${uncovered + 1}`);
}
