import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeCountyFolder } from '../support/generated-county.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let base = '';
let prov = '';
let out = '';
let firstRun = { status: null as number | null, stderr: '' };

function analyze(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** A generated county of 1,000 households moved `dLon` degrees east (every GeoJSON position and the households' lon). */
function generateShifted(dir: string, seed: number, dLon: number): void {
  const move = (x: number) => Math.round((x + dLon) * 1e6) / 1e6;
  writeCountyFolder(dir, 1000, seed, (f, text) => {
    if (f.endsWith('.geojson')) {
      const j = JSON.parse(text) as { features: { geometry: { coordinates: unknown } | null }[] };
      const walk = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? [move(c[0]), c[1]] : (c as unknown[]).map(walk));
      for (const ft of j.features) if (ft.geometry) ft.geometry.coordinates = walk(ft.geometry.coordinates);
      return JSON.stringify(j);
    }
    if (f === 'households.csv') {
      return text
        .split('\n')
        .map((l, i) => {
          if (i === 0 || !l) return l;
          const c = l.split(',');
          c[1] = String(move(Number(c[1])));
          return c.join(',');
        })
        .join('\n');
    }
    return text;
  });
}

function table(): Record<string, Record<string, string>> {
  const [header, ...rows] = readFileSync(join(out, 'province-counties.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
  return Object.fromEntries(rows.map((r) => [r[0], Object.fromEntries(header.map((h, k) => [h, r[k]]))]));
}

const line = (stderr: string, county: string) => stderr.split('\n').find((l) => l.startsWith('batch: [') && l.includes(`] ${county}: `)) ?? '';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'batch-border-'));
  prov = join(base, 'province');
  out = join(base, 'out');
  // a and b overlap: b's seat (and its stations) 0.04° ≈ 3.5 km east of a's; far is 5° away
  generateShifted(join(prov, 'a'), 1, 0);
  generateShifted(join(prov, 'b'), 2, 0.04);
  generateShifted(join(prov, 'far'), 3, 5);
  const r = analyze('batch', '--data', prov, '--out', out, '--analyses', 'fire', '--border-km', '5', '--jobs', '2');
  firstRun = { status: r.status, stderr: r.stderr };
}, 300_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('batch --border-km: cross-border fire coverage, reported apart', () => {
  test("a county gains the households its neighbour's stations reach; a far county has no neighbour and no gain", () => {
    expect(firstRun.status, firstRun.stderr).toBe(0);
    const t = table();
    expect(t.a.border_neighbours).toBe('1');
    expect(t.a.border_lent_stations).toBe('2');
    const gain = Number(t.a.border_households_gain);
    expect(gain).toBeGreaterThan(0);
    expect(Number(t.a.border_households_with) - Number(t.a.border_households_own)).toBe(gain);
    // far: no neighbour within 5 km, so the same roads and stations as the fire command: the same figure
    expect(t.far.border_neighbours).toBe('0');
    expect(t.far.border_households_gain).toBe('0');
    expect(t.far.border_households_own).toBe(t.far.fire_households_covered);
    // the fire command's own figures stay those of the county alone
    const fa = JSON.parse(readFileSync(join(out, 'a', 'fire', 'fire-summary.json'), 'utf8'));
    expect(Number(t.a.fire_households_covered)).toBe(fa.households.covered);
    // by township, the gains add up to the county's
    const fb = JSON.parse(readFileSync(join(out, 'a', 'fire-border', 'fire-border.json'), 'utf8'));
    expect(fb.neighbours.map((n: { county: string }) => n.county)).toEqual(['b']);
    expect(fb.gain.byTownship.reduce((s: number, x: { households: number }) => s + x.households, 0)).toBe(gain);
    const towns = readFileSync(join(out, 'province-townships.csv'), 'utf8').split('\r\n');
    const col = towns[0].replace(/^\uFEFF/, '').split(',').indexOf('border_households_gain');
    expect(towns.filter((l) => l.startsWith('a,')).reduce((s, l) => s + Number(l.split(',')[col]), 0)).toBe(gain);
  });

  test("a change to a neighbour's stations reruns the border runs; nothing changed, nothing reruns", () => {
    const same = analyze('batch', '--data', prov, '--out', out, '--analyses', 'fire', '--border-km', '5', '--jobs', '2');
    for (const c of ['a', 'b', 'far']) expect(line(same.stderr, c), c).toContain('up to date, skipped');
    const f = join(prov, 'b', 'fire_stations.geojson');
    const later = new Date(Date.now() + 60_000);
    utimesSync(f, later, later);
    const again = analyze('batch', '--data', prov, '--out', out, '--analyses', 'fire', '--border-km', '5', '--jobs', '2');
    expect(again.status, again.stderr).toBe(0);
    expect(line(again.stderr, 'a')).toMatch(/: ok in /);
    expect(line(again.stderr, 'far')).toMatch(/: ok in /);
  }, 300_000);

  test('refuses a border distance out of range (0 is allowed: nothing lent, the plain run)', () => {
    for (const km of ['-1', '101', 'abc']) {
      const r = analyze('batch', '--data', prov, '--out', join(base, 'x'), '--border-km', km);
      expect(r.status, km).toBe(1);
      expect(r.stderr).toContain(`--border-km ${km} must be a number of km from 0 to 100`);
    }
  });
});
