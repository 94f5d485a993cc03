import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { batchSettings } from '../../cli/commands/batch.ts';
import { fingerprint, inputPathOf } from '../../cli/batch/county-job.ts';
import { MANIFEST, MANIFEST_VERSION, staleReason, withHashes, type CountyManifest } from '../../cli/batch/manifest.ts';
import { writeCountyFolder } from '../support/generated-county.ts';
import { tempDirs } from '../support/temp-dirs.ts';

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
