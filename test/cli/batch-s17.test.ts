import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { batchSettings } from '../../cli/commands/batch.ts';
import { fingerprint, inputPathOf } from '../../cli/batch/county-job.ts';
import { MANIFEST, MANIFEST_VERSION, staleReason, withHashes, type CountyManifest } from '../../cli/batch/manifest.ts';
import { writeCountyFolder } from '../support/generated-county.ts';
import { csvRows } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { writeTwoTownshipCounty } from '../support/two-township-county.ts';

/**
 * Session 17: "up to date" that can be trusted (content hashes; parameters and the batch's own
 * options), one batch per output folder (a lock), and townships found by place.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tmp = tempDirs();

function analyze(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const line = (stderr: string, county: string) => stderr.split('\n').find((l) => l.startsWith('batch: [') && l.includes(`] ${county}: `)) ?? '';

/** The same bytes with two different digits swapped: same size, other content. */
function sameSizeEdit(path: string): void {
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('\n') + 1; // first data row
  const row = text.slice(at, text.indexOf('\n', at));
  const m = /(\d)(?!\1)(\d)/.exec(row.replace(/^[^,]*,/, (x) => ' '.repeat(x.length)))!;
  const i = at + m.index;
  expect(m[1]).not.toBe(m[2]);
  const edited = text.slice(0, i) + m[2] + m[1] + text.slice(i + 2);
  expect(edited.length).toBe(text.length);
  writeFileSync(path, edited);
}

describe('up to date means the same content, parameters and options', () => {
  test('a same-size rewrite with its old time put back reruns the county; a copy of the folder with its times (cp -p, rsync -t) does not', () => {
    const base = tmp('batch-s17-hash-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, 'county-a'), 1000, 1);
    writeCountyFolder(join(prov, 'county-b'), 1000, 2);
    const out = join(base, 'out');
    const r1 = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r1.status, r1.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'county-a', MANIFEST), 'utf8')) as CountyManifest;
    expect(manifest.version).toBe(MANIFEST_VERSION);
    expect(manifest.fingerprint.inputs.every((p) => /^[0-9a-f]{64}$/.test(p.sha256 ?? ''))).toBe(true);

    // the whole province copied with its times (a colleague's rsync -t): new inodes and change times, same content
    const copy = join(base, 'province-copy');
    cpSync(prov, copy, { recursive: true, preserveTimestamps: true });
    const r2 = analyze('batch', '--data', copy, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r2.status, r2.stderr).toBe(0);
    expect(line(r2.stderr, 'county-a')).toContain('up to date, skipped');
    expect(line(r2.stderr, 'county-b')).toContain('up to date, skipped');

    // county-a's households rewritten to the same size, its modification time put back (cp -p of a same-size edit)
    const f = join(copy, 'county-a', 'households.csv');
    const st = statSync(f);
    sameSizeEdit(f);
    utimesSync(f, st.atime, st.mtime);
    expect(statSync(f).size).toBe(st.size);
    expect(statSync(f).mtimeMs).toBe(st.mtimeMs);
    const r3 = analyze('batch', '--data', copy, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r3.status, r3.stderr).toBe(0);
    expect(line(r3.stderr, 'county-a')).toMatch(/: ok in /);
    expect(line(r3.stderr, 'county-b')).toContain('up to date, skipped');
    // and once run, it is up to date again
    const r4 = analyze('batch', '--data', copy, '--out', out, '--jobs', '2', '--analyses', 'hydrants', '--only', 'county-a');
    expect(r4.stderr).toContain('county-a: up to date, skipped');
  }, 120_000);

  test('a changed project.json (params), analyses, --<analysis>:<key> option or --border-km makes the county stale', () => {
    const base = tmp('batch-s17-stale-');
    const data = writeCountyFolder(join(base, 'province', 'county-a'), 1000, 3);
    const countyOut = join(base, 'out', 'county-a');
    const province = { dir: join(base, 'province'), counties: ['county-a'] };
    const job = (options: Record<string, string>) => {
      const s = batchSettings(options);
      return { county: 'county-a', data, countyOut, analyses: s.analyses, options: s.perAnalysis, province };
    };
    const write = (j: ReturnType<typeof job>) => {
      const fp = fingerprint(j);
      const m = { version: MANIFEST_VERSION, county: 'county-a', data, project: null, status: 'ok', fingerprint: { ...fp, inputs: withHashes(fp.inputs, inputPathOf(j)) }, analyses: [], resources: { wallSeconds: 0, cpuSeconds: 0, maxRssMb: 0 }, finishedAt: '' };
      writeFileSync(join(countyOut, MANIFEST), JSON.stringify(m));
    };
    const stale = (j: ReturnType<typeof job>) => staleReason(countyOut, fingerprint(j), inputPathOf(j));
    mkdirSync(countyOut, { recursive: true });
    writeFileSync(join(data, 'project.json'), '{"name":"A","params":{"threshold":4}}\n');
    const plain = job({ analyses: 'fire' });
    write(plain);
    expect(stale(plain)).toBeNull();
    expect(stale(job({ analyses: 'fire,hydrants' }))).toBe('analyses changed');
    expect(stale(job({ analyses: 'fire', 'fire:threshold': '4' }))).toBe('options changed');
    expect(stale(job({ analyses: 'fire', 'border-km': '1' }))).toBe('analyses changed');
    const border1 = job({ analyses: 'fire', 'border-km': '1' });
    write(border1);
    expect(stale(border1)).toBeNull();
    expect(stale(job({ analyses: 'fire', 'border-km': '2' }))).toBe('options changed');
    // params in project.json: same size, same time, other threshold
    write(plain);
    const pj = join(data, 'project.json');
    const st = statSync(pj);
    writeFileSync(pj, '{"name":"A","params":{"threshold":5}}\n');
    utimesSync(pj, st.atime, st.mtime);
    expect(statSync(pj).size).toBe(st.size);
    expect(stale(plain)).toBe('project.json content changed (same size and time)');
  });
});

/** A live process to stand for another batch (its pid is what the lock names), and its end. */
async function withHolder<T>(fn: (holder: ChildProcess) => Promise<T> | T): Promise<T> {
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
  try {
    return await fn(holder);
  } finally {
    holder.kill('SIGKILL');
    if (holder.exitCode === null && holder.signalCode === null) await once(holder, 'exit');
  }
}

const lockText = (pid: number, host = hostname()) => JSON.stringify({ pid, host, startedAt: '2026-12-07T10:00:00.000Z', command: 'analyze batch --data x --out y' });

describe('one batch per output folder', () => {
  const base = tmp('batch-s17-lock-');
  const prov = join(base, 'province');
  writeCountyFolder(join(prov, 'county-a'), 1000, 1);
  writeCountyFolder(join(prov, 'county-b'), 1000, 2);

  test('a second batch on the same --out is refused naming pid, host and start time; once that process is gone its lock is stale and taken over', async () => {
    const out = join(base, 'out-1');
    mkdirSync(out);
    const lock = join(out, '.batch.lock');
    await withHolder(async (holder) => {
      writeFileSync(lock, lockText(holder.pid!));
      const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toContain(`进程 ${holder.pid}，主机 ${hostname()}，开始于 2026-12-07T10:00:00.000Z`);
      expect(r.stderr).toContain(`pid ${holder.pid} on host ${hostname()}, started 2026-12-07T10:00:00.000Z`);
      expect(r.stderr).toContain('--force-unlock');
      expect(existsSync(join(out, 'county-a'))).toBe(false);
      expect(readFileSync(lock, 'utf8')).toBe(lockText(holder.pid!));
      // a scheduler task takes only its county's lock: it runs beside the batch
      const t = analyze('batch', '--data', prov, '--out', out, '--index', '1', '--analyses', 'hydrants');
      expect(t.status, t.stderr).toBe(0);
      expect(existsSync(join(out, 'county-b', 'manifest.json'))).toBe(true);
      expect(existsSync(join(out, 'county-b', '.county.lock'))).toBe(false);
    });
    // the holder is gone (a batch killed with SIGKILL): its lock is stale
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed the lock of the output folder .* held by pid \d+ @ .*: process \d+ is gone/);
    expect(line(r.stderr, 'county-b')).toContain('up to date, skipped');
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(out, 'province-counties.csv'))).toBe(true);
  }, 120_000);

  test('a lock from another machine holds while it is renewed, is stale after 2 minutes without, and --force-unlock removes it', async () => {
    const out = join(base, 'out-2');
    mkdirSync(out);
    const lock = join(out, '.batch.lock');
    writeFileSync(lock, lockText(1, 'k8s-pod-7'));
    const r1 = analyze('batch-table', '--data', out, '--out', out, '--projects', prov);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain('pid 1 on host k8s-pod-7');
    const r2 = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants', '--force-unlock');
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stderr).toContain('removed the lock of the output folder');
    expect(r2.stderr).toContain('--force-unlock');
    // not renewed for 10 minutes: the pod that held it died
    writeFileSync(lock, lockText(1, 'k8s-pod-7'));
    const old = new Date(Date.now() - 600_000);
    utimesSync(lock, old, old);
    const r3 = analyze('batch-table', '--data', out, '--out', out, '--projects', prov);
    expect(r3.status, r3.stderr).toBe(0);
    expect(r3.stderr).toMatch(/held by pid 1 @ k8s-pod-7, .*: not renewed for (59\d|60\d) s/);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  test('a county another process is computing is left alone: the scheduler task is refused, the batch runs the other counties and reports it', async () => {
    const out = join(base, 'out-3');
    mkdirSync(join(out, 'county-b'), { recursive: true });
    const lock = join(out, 'county-b', '.county.lock');
    await withHolder(async (holder) => {
      writeFileSync(lock, lockText(holder.pid!));
      writeFileSync(join(out, 'county-b', 'batch.log'), 'the other process writes here\n');
      const t = analyze('batch', '--data', prov, '--out', out, '--only', 'county-b', '--analyses', 'hydrants');
      expect(t.status).toBe(1);
      expect(t.stderr).toContain(`county "county-b"`);
      expect(t.stderr).toContain(`pid ${holder.pid} on host`);
      const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
      expect(r.status, r.stderr).toBe(2);
      expect(line(r.stderr, 'county-a')).toMatch(/: ok in /);
      expect(line(r.stderr, 'county-b')).toContain(`LOCKED, not run: another process computes it (pid ${holder.pid} on `);
      expect(readFileSync(join(out, 'county-b', 'batch.log'), 'utf8')).toBe('the other process writes here\n');
      expect(existsSync(join(out, 'county-b', 'manifest.json'))).toBe(false);
      expect(readFileSync(lock, 'utf8')).toBe(lockText(holder.pid!));
    });
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r.status, r.stderr).toBe(0);
    expect(line(r.stderr, 'county-b')).toMatch(/: ok in /);
    expect(existsSync(lock)).toBe(false);
  }, 120_000);
});


describe('fire by township where households.csv has no township (or blanks): by the township polygons', () => {
  /**
   * Worked by hand (the same place as test/analysis/household-townships.test.ts): 甲乡 lon
   * 116.00–116.01, 乙镇 116.01–116.02, lat 39.00–39.01; households on lat 39.0052 at lon 116.002,
   * 116.015, 116.004, 116.030 (outside both), 116.018. County "blanks": townships 甲乡, —, —, —, 甲乡
   * → 甲乡 3 (1 by polygon), 乙镇 1 (by polygon), none 1. County "no-column": 甲乡 2, 乙镇 2, none 1,
   * all by polygon. The station is on a road of its own far away, so every household is in the CSV.
   */
  test('the province tables by township and each household not reached say which way its township was found', () => {
    const base = tmp('batch-s17-town-');
    const prov = join(base, 'province');
    const county = (name: string, townships: string[] | null) => writeTwoTownshipCounty(prov, name, townships, { fire: true });
    county('blanks', ['甲乡', '', '', '', '甲乡']);
    county('no-column', null);
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire');
    expect(r.status, r.stderr).toBe(0);
    const towns = csvRows(join(out, 'province-townships.csv')).map((t) => [t.county, t.township, t.fire_households, t.fire_households_by_polygon]);
    // (rows of a county: most households not reached first, then by name)
    expect(towns.sort()).toEqual(
      [
        ['blanks', '甲乡', '3', '1'],
        ['blanks', '乙镇', '1', '1'],
        ['blanks', '', '1', '0'],
        ['no-column', '甲乡', '2', '2'],
        ['no-column', '乙镇', '2', '2'],
        ['no-column', '', '1', '0'],
      ].sort(),
    );
    const counties = csvRows(join(out, 'province-counties.csv')).map((c) => [c.county, c.fire_households, c.fire_township_by_field, c.fire_township_by_polygon, c.fire_township_none]);
    expect(counties).toEqual([
      ['blanks', '5', '2', '2', '1'],
      ['no-column', '5', '0', '4', '1'],
    ]);
    const unc = csvRows(join(out, 'blanks', 'fire', 'uncovered-households.csv')).map((h) => [h.id, h.township, h.township_source]);
    expect(unc.sort()).toEqual([
      ['H1', '甲乡', 'field'],
      ['H2', '乙镇', 'polygon'],
      ['H3', '甲乡', 'polygon'],
      ['H4', '', ''],
      ['H5', '甲乡', 'field'],
    ]);
  }, 120_000);
});
