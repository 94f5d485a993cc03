import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureScaleRegion, runAnalyze } from '../support/scale-region.ts';

const HOUSEHOLDS = 5_000_000;
const FEATURE = '{"type":"Feature",';

/** Count occurrences of `needle` (ASCII) in a file read in 16 MB pieces; also return its first and last 64 KB. */
function scanFile(path: string, needle: string): { count: number; head: string; tail: string; bytes: number } {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16 * 1024 * 1024);
  const pat = Buffer.from(needle);
  let count = 0;
  let carry = Buffer.alloc(0);
  try {
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      pos += n;
      const chunk = Buffer.concat([carry, buf.subarray(0, n)]);
      for (let i = chunk.indexOf(pat); i >= 0; i = chunk.indexOf(pat, i + pat.length)) count++;
      carry = chunk.subarray(Math.max(0, chunk.length - pat.length + 1));
      // carry cannot hold a whole match, so nothing is counted twice
    }
    const head = Buffer.alloc(Math.min(size, 65536));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 65536));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return { count, head: head.toString('utf8'), tail: tail.toString('utf8'), bytes: size };
  } finally {
    closeSync(fd);
  }
}

/** Count lines (CRLF-terminated rows) of a CSV file without reading it into one string. */
function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16 * 1024 * 1024);
  let lines = 0;
  try {
    for (let pos = 0, n = 0; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

// issue #9: `analyze fire` on 5 million households used to die after the analysis in
// JSON.stringify(uncovered households) with "Invalid string length" (the GeoJSON is ≈ 1.04 GB,
// twice V8's longest string), so the smallest region that crashed was ≈ 2.6 M households.
// Measured on the 2-core machine: generating the region 30 s (reused afterwards), the run ≈ 85 s.
describe('analyze fire on a 5,000,000-household region (issue #9)', () => {
  const out = mkdtempSync(join(tmpdir(), 'fire-5m-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('exits 0 and writes every output file, complete and with matching counts', { timeout: 1_500_000 }, () => {
    const { dir } = ensureScaleRegion(HOUSEHOLDS);
    const r = runAnalyze(['fire', '--data', dir, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);

    const summary = JSON.parse(readFileSync(join(out, 'fire-summary.json'), 'utf8'));
    expect(summary.households.total).toBe(HOUSEHOLDS);
    const uncovered = summary.households.total - summary.households.covered;
    expect(uncovered).toBeGreaterThan(2_600_000);

    const iso = JSON.parse(readFileSync(join(out, 'isochrones.geojson'), 'utf8'));
    const minutes = iso.features.map((f: { properties: { minutes: number } }) => f.properties.minutes);
    expect(minutes).toContain(summary.thresholdMinutes);
    expect(minutes).toEqual([...minutes].sort((a: number, b: number) => b - a));
    const districts = JSON.parse(readFileSync(join(out, 'districts.geojson'), 'utf8'));
    expect(districts.features).toHaveLength(summary.stations.length);

    // Households without coordinates are not in the GeoJSON; the generator places every one.
    const geo = scanFile(join(out, 'uncovered-households.geojson'), FEATURE);
    expect(geo.bytes).toBeGreaterThan(2 ** 29); // longer than any JavaScript string
    expect(geo.count).toBe(uncovered);
    expect(geo.head.startsWith(`{"type":"FeatureCollection","features":[${FEATURE}`)).toBe(true);
    expect(geo.tail.endsWith('}]}')).toBe(true);
    const last = JSON.parse(geo.tail.slice(geo.tail.lastIndexOf(FEATURE), -2));
    expect(last.geometry.type).toBe('Point');
    expect(last.properties.minutes === null || last.properties.minutes >= summary.thresholdMinutes).toBe(true);

    expect(countLines(join(out, 'uncovered-households.csv'))).toBe(uncovered + 1);
    const csvHead = readFileSync(join(out, 'uncovered-households.csv')).subarray(0, 200).toString('utf8');
    expect(csvHead.startsWith('\uFEFFid,township,village,heating,minutes,nearest_station,lon,lat\r\n')).toBe(true);
  });
});
