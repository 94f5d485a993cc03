import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { analyzeHere, generateHere } from '../support/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MINI = join(ROOT, 'test/fixtures/layers/mini-project');
const MONACO = join(ROOT, 'test/fixtures/osm/monaco.osm.pbf');

const dirs: string[] = [];
function createDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'no-overwrite-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `npm run analyze -- …` as the user types it, run in this process (analyzeHere: the same code
 * as the npm script, its exit code and console output, without a tsx start of 1–2 s each). */
async function analyze(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await analyzeHere(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** validate's exit code on the mini project: 2, its hydrants.geojson has one bad feature (not a refusal, which is 1). */
const VALIDATED_WITH_ERRORS = 2;

/** A copy of the mini project folder (project.json, households.csv, hydrants.geojson, notes.txt). */
function createProjectCopy(): string {
  const d = join(createDir(), 'project');
  cpSync(MINI, d, { recursive: true });
  return d;
}

describe('import-osm never overwrites an existing folder without --force', () => {
  test('over a project folder: exit 1, zh/en message naming the folder and --force, the hydrants kept', async () => {
    const project = createProjectCopy();
    const hydrants = readFileSync(join(project, 'hydrants.geojson'));
    const r = await analyze('import-osm', '--pbf', MONACO, '--out', project);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`文件夹“${project}”已存在且不为空`);
    expect(r.stderr).toContain(`the folder "${project}" already exists and is not empty`);
    expect(r.stderr).toContain('--force');
    expect(readFileSync(join(project, 'hydrants.geojson'))).toEqual(hydrants);
    expect(existsSync(join(project, 'roads.geojson'))).toBe(false);
  });

  test('with --force it replaces the layers it imports and leaves other files', async () => {
    const project = createProjectCopy();
    const r = await analyze('import-osm', '--pbf', MONACO, '--out', project, '--force');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(project, 'hydrants.geojson'), 'utf8')).features).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(project, 'roads.geojson'), 'utf8')).features.length).toBeGreaterThan(1000);
    expect(existsSync(join(project, 'notes.txt'))).toBe(true);
  });

  test('into an empty existing folder it needs no --force', async () => {
    const out = createDir();
    const r = await analyze('import-osm', '--pbf', MONACO, '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')).source).toBe('monaco.osm.pbf');
  });
});

describe('analysis commands: rerun into their own output folder, refuse anything else without --force', () => {
  test('validate twice into the same --out: the normal rerun, not refused', async () => {
    const out = join(createDir(), 'validate');
    expect((await analyze('validate', '--data', MINI, '--out', out)).status).toBe(VALIDATED_WITH_ERRORS);
    const r = await analyze('validate', '--data', MINI, '--out', out);
    expect(r.status).toBe(VALIDATED_WITH_ERRORS);
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8')).project).toBeTruthy();
  });

  test('--out a project folder (fire into its own --data): exit 1, project untouched; --force writes', async () => {
    const project = createProjectCopy();
    const before = readFileSync(join(project, 'households.csv'));
    const r = await analyze('fire', '--data', project, '--out', project);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--out “${project}”是一个项目文件夹`);
    expect(r.stderr).toContain(`--out "${project}" is a project folder`);
    expect(r.stderr).toContain('--force');
    expect(existsSync(join(project, 'fire-summary.json'))).toBe(false);
    expect(readFileSync(join(project, 'households.csv'))).toEqual(before);
    const forced = await analyze('validate', '--data', project, '--out', project, '--force');
    expect(forced.status).toBe(VALIDATED_WITH_ERRORS);
    expect(existsSync(join(project, 'validation.json'))).toBe(true);
    expect(readFileSync(join(project, 'households.csv'))).toEqual(before);
  });

  test("--out holding another command's results or the user's files: exit 1 naming them", async () => {
    const out = createDir();
    writeFileSync(join(out, 'validation.json'), '{"kept":true}');
    writeFileSync(join(out, '我的笔记.txt'), '别删');
    const r = await analyze('hydrants', '--data', MINI, '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/中有不是本命令写出的文件（validation\.json, 我的笔记\.txt）/);
    expect(r.stderr).toContain('holds files this command did not write (validation.json, 我的笔记.txt)');
    expect(existsSync(join(out, 'hydrants.json'))).toBe(false);
    expect(readFileSync(join(out, 'validation.json'), 'utf8')).toBe('{"kept":true}');
  });

  test('--out naming a file is refused, even with --force', async () => {
    const file = join(createDir(), 'report.json');
    writeFileSync(file, 'x');
    const r = await analyze('validate', '--data', MINI, '--out', file, '--force');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`--out "${file}" is a file, not a folder`);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  test('a missing --out folder is created (nested)', async () => {
    const out = join(createDir(), 'a', 'b');
    expect((await analyze('validate', '--data', MINI, '--out', out)).status).toBe(VALIDATED_WITH_ERRORS);
    expect(existsSync(join(out, 'validation.json'))).toBe(true);
  });
});

describe('generate-demo never overwrites a project of real data without --force', () => {
  /** The generator as a process, as `npm run generate-demo` runs it. */
  function generateProcess(out: string, ...extra: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'data/generator/generate.ts', '--scale', '1000', '--out', out, ...extra], { cwd: ROOT, encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr };
  }
  /** The same command line in this process (generateHere: no tsx start). */
  function generate(out: string, ...extra: string[]) {
    const r = generateHere(['--scale', '1000', '--out', out, ...extra]);
    return { status: r.code, stderr: r.stderr };
  }

  test('over a project folder: exit 1 naming the folder and --force, nothing written; --force generates', () => {
    const project = createProjectCopy();
    const hydrants = readFileSync(join(project, 'hydrants.geojson'));
    const r = generateProcess(project);
    expect(r.status).toBe(1);
    expect(generate(project)).toEqual(r);
    expect(r.stderr).toContain(`--out “${project}”中有不是生成器写出的文件（notes.txt）`);
    expect(r.stderr).toContain(`--out "${project}" holds files the generator does not write (notes.txt)`);
    expect(readFileSync(join(project, 'hydrants.geojson'))).toEqual(hydrants);
    expect(generate(project, '--force').status).toBe(0);
    expect(JSON.parse(readFileSync(join(project, 'project.json'), 'utf8')).name).toMatch(/^曲阳县（演示/);
  });

  test('a real 曲阳县 project (same region code, own name, only contract files) is refused', () => {
    const out = join(createDir(), 'quyang');
    expect(generate(out).status).toBe(0);
    writeFileSync(join(out, 'project.json'), JSON.stringify({ name: '曲阳县', region: '130634', params: {} }));
    const r = generate(out);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('holds a project that is not the generated demo county');
  });

  test('regenerating a generated folder is the normal case', () => {
    const out = join(createDir(), 'demo');
    expect(generate(out).status).toBe(0);
    expect(generate(out, '--seed', '7').status).toBe(0);
  });
});
