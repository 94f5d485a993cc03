import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { analyzeHere } from '../support/run-cli.ts';

const ROOT = resolve(__dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/import');
const MINI = join(ROOT, 'test/fixtures/layers/mini-project');

const dirs: string[] = [];
function createDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'import-cli-'));
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

describe('npm run analyze -- import', () => {
  it('adds a zipped Shapefile set and an Excel list to a project, then replaces with --replace, never overwriting without --force', async () => {
    const out = join(createDir(), 'p');
    const r = await analyze('import', '--data', MINI, '--out', out, join(FIX, '县资源局数据.zip'), join(FIX, '消防栓台账.xlsx'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('添加到“消火栓与消防水鹤”');
    const before = await loadProjectDir(MINI);
    const after = await loadProjectDir(out);
    const n = (p: typeof after, id: 'hydrants' | 'roads') => (p.project.layers[id].kind === 'geojson' ? p.project.layers[id].data.features.length : -1);
    expect(n(after, 'hydrants')).toBe(n(before, 'hydrants') + 8);
    expect(n(after, 'roads')).toBe(2);
    // the Chinese text is kept in the written file and read back to the same codes
    const text = readFileSync(join(out, 'hydrants.geojson'), 'utf8');
    expect(text).toContain('规划中');
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')) as { layers: { layer: string; mode: string }[] };
    // the CLI adds unless told --replace
    expect(report.layers.map((l) => [l.layer, l.mode])).toEqual([['hydrants', 'add'], ['reservePlots', 'add'], ['roads', 'add']]);
    const project = JSON.parse(readFileSync(join(out, 'project.json'), 'utf8')) as { imports: Record<string, { layer: string }> };
    expect(project.imports['消防栓台账.xlsx'].layer).toBe('hydrants');

    // again into the same folder: refused without --force, the folder unchanged
    const again = await analyze('import', '--data', out, '--out', out, join(FIX, '消防栓台账.xlsx'));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(join(out, 'hydrants.geojson'), 'utf8')).toBe(text);

    const replaced = await analyze('import', '--data', out, '--out', out, '--force', '--replace', join(FIX, '消防栓台账.xlsx'));
    expect(replaced.status).toBe(0);
    expect(n(await loadProjectDir(out), 'hydrants')).toBe(4);
  });

  it('adds the three layers of a GeoPackage in GK zone 38 to their suggested targets', async () => {
    const out = join(createDir(), 'p');
    const r = await analyze('import', '--data', MINI, '--out', out, join(FIX, 'gpkg/县资源局数据.gpkg'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const before = await loadProjectDir(MINI);
    const after = await loadProjectDir(out);
    const n = (p: typeof after, id: 'hydrants' | 'reservePlots') => (p.project.layers[id].kind === 'geojson' ? p.project.layers[id].data.features.length : -1);
    expect(n(after, 'hydrants')).toBe(n(before, 'hydrants') + 4);
    expect(n(after, 'reservePlots')).toBe(n(before, 'reservePlots') + 2);
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')) as { layers: { layer: string; sources: string[] }[] };
    expect(report.layers.map((l) => [l.layer, l.sources])).toEqual([
      ['hydrants', ['县资源局数据.gpkg/消防栓']],
      ['reservePlots', ['县资源局数据.gpkg/储备地块']],
      ['roads', ['县资源局数据.gpkg/道路']],
    ]);
    expect(readFileSync(join(out, 'hydrants.geojson'), 'utf8')).toContain('太行路（北段）');
  });

  it('names the layer with --layer when the file name says nothing, and refuses an unknown layer', async () => {
    const out = join(createDir(), 'p');
    const none = await analyze('import', '--data', MINI, '--out', out, '--layer', 'nosuch', join(FIX, '消防栓台账.xlsx'));
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('--layer "nosuch" is not a layer');
    expect(existsSync(join(out, 'hydrants.geojson'))).toBe(false);
    const ok = await analyze('import', '--data', MINI, '--out', out, '--layer', '消火栓与消防水鹤', join(FIX, '高德消火栓.csv'), '--offset', 'gcj02');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('高德消火栓.csv');
  });
});

describe('npm run analyze -- export-shp', () => {
  it('writes the demo hydrants and plots as a zipped GBK Shapefile in GK zone 38 that imports back to the same layers', async () => {
    const dir = createDir();
    const exp = await analyze('export-shp', '--data', join(ROOT, 'data/demo'), '--out', join(dir, 'shp'), '--layers', 'hydrants,reserve_plots');
    expect(exp.stderr).toBe('');
    expect(exp.stdout).toContain('CGCS2000 3° GK CM 114°E, GBK');
    const fields = JSON.parse(readFileSync(join(dir, 'shp', 'shapefile-fields.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys(fields)).toEqual(['reserve_plots', 'hydrants']);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const back = await analyze('import', '--data', empty, '--out', join(dir, 'p'), join(dir, 'shp', 'shapefile.zip'));
    expect(back.status).toBe(0);
    const demo = await loadProjectDir(join(ROOT, 'data/demo'));
    const got = await loadProjectDir(join(dir, 'p'));
    for (const id of ['hydrants', 'reservePlots'] as const) {
      const a = demo.project.layers[id];
      const b = got.project.layers[id];
      if (a.kind !== 'geojson' || b.kind !== 'geojson') throw new Error('geojson expected');
      expect(b.data.features.map((f) => f.properties.id)).toEqual(a.data.features.map((f) => f.properties.id));
    }
  });
});
