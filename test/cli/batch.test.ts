import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeCountyFolder } from '../support/generated-county.ts';
import { openXlsx } from '../support/xlsx-check.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOUSEHOLDS = 1000;
/** fire + hydrants: both have county figures, fire has township rows; seconds per county. */
const ANALYSES = 'fire,hydrants';

let base = '';
let prov = '';
/** The output of one full batch (--jobs 2) over `prov`, shared read-only by the tests (each copies it before changing anything). */
let first = { out: '', status: null as number | null, stderr: '' };

function analyze(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A generated county (the demo generator at 1,000 households) written into `dir`. */
function generate(dir: string, seed: number): void {
  writeCountyFolder(dir, HOUSEHOLDS, seed);
}

/** Parse the batch's CSV (no quoted commas in the columns the tests read, except the error column, read by name). */
function csv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cellText = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cellText += '"'), i++;
      else if (c === '"') quoted = false;
      else cellText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cellText), (cellText = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cellText), rows.push(row), (row = []), (cellText = ''), i++;
    } else cellText += c;
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
}

const progressOf = (stderr: string, county: string) => stderr.split('\n').find((l) => l.startsWith('batch: [') && l.includes(`] ${county}: `)) ?? '';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'batch-'));
  prov = join(base, 'province');
  generate(join(prov, 'county-a'), 1);
  generate(join(prov, 'county-b'), 2);
  // county-c: good data but a project.json parameter outside its range → fire refuses, hydrants still runs
  generate(join(prov, 'county-c'), 3);
  const pj = JSON.parse(readFileSync(join(prov, 'county-c', 'project.json'), 'utf8'));
  writeFileSync(join(prov, 'county-c', 'project.json'), JSON.stringify({ ...pj, params: { threshold: -1 } }));
  // a folder without project files is not a county
  mkdirSync(join(prov, 'notes'));
  writeFileSync(join(prov, 'notes', 'readme.txt'), 'not a county');
  first.out = join(base, 'out-jobs2');
  const r = analyze('batch', '--data', prov, '--out', first.out, '--jobs', '2', '--analyses', ANALYSES);
  first = { out: first.out, status: r.status, stderr: r.stderr };
}, 300_000);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('batch over a generated province of three counties', () => {
  test('completes with a broken county reported by name, error and exit code 2, the others complete', () => {
    expect(first.status, first.stderr).toBe(2);
    const rows = csv(join(first.out, 'province-counties.csv'));
    expect(rows.map((r) => r.county)).toEqual(['county-a', 'county-b', 'county-c']);
    const [a, b, c] = rows;
    for (const r of [a, b]) {
      expect(r.status).toBe('ok');
      expect(r.error).toBe('');
      expect(Number(r.fire_households)).toBe(HOUSEHOLDS);
    }
    // the table's figures are the county's own fire-summary.json / hydrants.json figures
    const fa = JSON.parse(readFileSync(join(first.out, 'county-a', 'fire', 'fire-summary.json'), 'utf8'));
    expect(Number(a.fire_households_covered)).toBe(fa.households.covered);
    expect(Number(a.fire_households_covered) + Number(a.fire_households_uncovered)).toBe(HOUSEHOLDS);
    expect(Number(a.fire_covered_built_up_pct)).toBe(fa.coveredBuiltUpPct);
    const ha = JSON.parse(readFileSync(join(first.out, 'county-a', 'hydrants', 'hydrants.json'), 'utf8'));
    expect(Number(a.hyd_gaps)).toBe(ha.gapCount);
    // the broken county: its error names the analysis, the file and the field; hydrants still ran
    expect(c.status).toBe('error');
    expect(c.error).toContain('fire: project.json');
    expect(c.error).toContain('params.threshold');
    expect(c.error).toContain('1–60');
    expect(c.fire_households).toBe('');
    expect(Number(c.hyd_gaps)).toBeGreaterThan(0);
    expect(progressOf(first.stderr, 'county-c')).toContain('FAILED: fire:');
    // the same files the single commands write, per county and analysis
    for (const f of ['fire-summary.json', 'isochrones.geojson', 'districts.geojson', 'uncovered-households.csv', 'fire-coverage.xlsx']) expect(existsSync(join(first.out, 'county-a', 'fire', f)), f).toBe(true);
    expect(existsSync(join(first.out, 'notes'))).toBe(false);
  });

  test('by township: one row per township of each county that ran fire, summing to the county', () => {
    const towns = csv(join(first.out, 'province-townships.csv'));
    const a = towns.filter((t) => t.county === 'county-a');
    expect(a.length).toBeGreaterThan(1);
    expect(a.reduce((s, t) => s + Number(t.fire_households), 0)).toBe(HOUSEHOLDS);
    expect(towns.some((t) => t.county === 'county-c')).toBe(false);
    const wb = openXlsx(new Uint8Array(readFileSync(join(first.out, 'province.xlsx'))));
    expect(wb.sheets.map((s) => s.name)).toEqual(['按县 By county', '按乡镇 By township', '列说明 Columns']);
    expect(wb.sheets[0].rows.length).toBe(4);
    expect(wb.sheets[1].rows.length).toBe(towns.length + 1);
    // Parquet beside them (its format is checked in parquet.test.ts)
    for (const f of ['province-counties.parquet', 'province-townships.parquet']) {
      const b = readFileSync(join(first.out, f));
      expect([b.subarray(0, 4).toString(), b.subarray(b.length - 4).toString()], f).toEqual(['PAR1', 'PAR1']);
    }
  });

  test('resumes: after one county output file is deleted only that county (and the failed one) runs again', () => {
    const out = join(base, 'out-resume');
    cpSync(first.out, out, { recursive: true });
    const manifestA = readFileSync(join(out, 'county-a', 'manifest.json'), 'utf8');
    rmSync(join(out, 'county-b', 'fire', 'isochrones.geojson'));
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', ANALYSES);
    expect(r.status, r.stderr).toBe(2);
    expect(progressOf(r.stderr, 'county-a')).toContain('up to date, skipped');
    expect(progressOf(r.stderr, 'county-b')).toMatch(/: ok in /);
    expect(progressOf(r.stderr, 'county-c')).toContain('FAILED');
    expect(readFileSync(join(out, 'county-a', 'manifest.json'), 'utf8')).toBe(manifestA);
    expect(existsSync(join(out, 'county-b', 'fire', 'isochrones.geojson'))).toBe(true);
    expect(readFileSync(join(out, 'province-counties.csv'))).toEqual(readFileSync(join(first.out, 'province-counties.csv')));
    // a changed input file makes its county stale too
    const pj = join(prov, 'county-a', 'project.json');
    const saved = readFileSync(pj);
    const again = (() => {
      writeFileSync(pj, Buffer.concat([saved, Buffer.from('\n')]));
      try {
        return analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', ANALYSES, '--only', 'county-a');
      } finally {
        writeFileSync(pj, saved);
      }
    })();
    expect(again.stderr).toMatch(/county-a: ok in /);
  }, 300_000);

  test('--jobs 1 gives the same province table as --jobs 2', () => {
    const out = join(base, 'out-jobs1');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '1', '--analyses', ANALYSES);
    expect(r.status, r.stderr).toBe(2);
    for (const f of ['province-counties.csv', 'province-townships.csv', 'province-counties.parquet', 'province-townships.parquet']) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(first.out, f))), f).toBe(true);
    }
  }, 300_000);

  test('a scheduler task (--index) runs one county; batch-table gathers and lists the counties not run as missing', () => {
    const out = join(base, 'out-index');
    const r = analyze('batch', '--data', prov, '--out', out, '--index', '1', '--analyses', ANALYSES);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'county-b', 'manifest.json'))).toBe(true);
    expect(existsSync(join(out, 'county-a'))).toBe(false);
    expect(existsSync(join(out, 'province-counties.csv'))).toBe(false);
    const t = analyze('batch-table', '--data', out, '--out', out, '--projects', prov);
    expect(t.status, t.stderr).toBe(2);
    const rows = csv(join(out, 'province-counties.csv'));
    expect(rows.map((x) => [x.county, x.status])).toEqual([
      ['county-a', 'missing'],
      ['county-b', 'ok'],
      ['county-c', 'missing'],
    ]);
    const firstB = csv(join(first.out, 'province-counties.csv'))[1];
    expect(rows[1]).toEqual(firstB);
    expect(analyze('batch', '--data', prov, '--out', out, '--index', '3').stderr).toContain('--index 3');
  }, 300_000);

  test('refuses unknown options and an analysis option for an analysis not run, in Chinese and English', () => {
    const out = join(base, 'out-refused');
    const r = analyze('batch', '--data', prov, '--out', out, '--threshold', '4');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('未知的选项 --threshold');
    expect(r.stderr).toContain('unknown option --threshold');
    const r2 = analyze('batch', '--data', prov, '--out', out, '--analyses', 'hydrants', '--fire:threshold', '4');
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('not in --analyses');
    expect(existsSync(out)).toBe(false);
  });
});
