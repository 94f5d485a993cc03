import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codeFiles, codePrint } from '../../cli/batch/code-version.ts';
import { MANIFEST, reasonText, type CountyManifest } from '../../cli/batch/manifest.ts';
import { writeCountyFolder } from '../support/generated-county.ts';
import { csvRows } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { writeTwoTownshipCounty } from '../support/two-township-county.ts';

/**
 * Session 18: a county computed by other code (an upgrade) is out of date, the log says why each
 * county ran or was skipped; kindergartens by township in the province table place households as
 * fire does (the township column, else the township polygon).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tmp = tempDirs();

function analyze(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const line = (stderr: string, county: string) => stderr.split('\n').find((l) => l.startsWith('batch: [') && l.includes(`] ${county}: `)) ?? '';


describe('the code that computed a county is part of "up to date"', () => {
  test('a county computed by other code, or by a version that recorded none, runs again and the log says why (zh + en)', () => {
    const base = tmp('batch-s18-code-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, 'county-a'), 1000, 1);
    writeCountyFolder(join(prov, 'county-b'), 1000, 2);
    const out = join(base, 'out');
    const batch = () => analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    const r1 = batch();
    expect(r1.status, r1.stderr).toBe(0);
    expect(line(r1.stderr, 'county-a')).toContain('ran because: 尚无本县的结果记录（manifest.json） / no manifest yet');
    const code = codePrint();
    expect(r1.stderr).toContain(`batch: 程序 code ${code.version} sha256 ${code.sha256.slice(0, 12)} (${code.files} files`);
    const manifestOf = (c: string) => JSON.parse(readFileSync(join(out, c, MANIFEST), 'utf8')) as CountyManifest;
    // the county processes were handed the batch's print, the same as this process computes
    expect(manifestOf('county-a').fingerprint.code).toEqual(code);

    // county-a as an older build left it (another hash), county-b as session 17 left it (no code at all)
    const edit = (c: string, f: (m: CountyManifest) => void) => {
      const m = manifestOf(c);
      f(m);
      writeFileSync(join(out, c, MANIFEST), JSON.stringify(m));
    };
    edit('county-a', (m) => (m.fingerprint.code = { ...m.fingerprint.code!, version: '0.0.9', sha256: '0'.repeat(64) }));
    edit('county-b', (m) => delete m.fingerprint.code);
    const r2 = batch();
    expect(r2.status, r2.stderr).toBe(0);
    expect(line(r2.stderr, 'county-a')).toMatch(/: ok in /);
    expect(line(r2.stderr, 'county-a')).toContain(
      `ran because: 程序已更新（版本 0.0.9 → ${code.version}，源码指纹 000000000000 → ${code.sha256.slice(0, 12)}） / the code changed (version 0.0.9 → ${code.version}, sha256 000000000000 → ${code.sha256.slice(0, 12)})`,
    );
    expect(line(r2.stderr, 'county-b')).toContain('ran because: 结果由旧版程序算出（未记录程序指纹） / computed by an older version (no code fingerprint recorded)');
    expect(manifestOf('county-a').fingerprint.code).toEqual(code);
    expect(manifestOf('county-b').fingerprint.code).toEqual(code);

    // one county as a scheduler task (--only, no parent batch): it hashes the code itself, finds it the same
    const r3 = analyze('batch', '--data', prov, '--out', out, '--analyses', 'hydrants', '--only', 'county-b');
    expect(r3.stderr).toContain('batch: county-b: up to date, skipped (最新，跳过：输入、程序、分析与参数均未变 / inputs, code, analyses and options unchanged)');
  }, 120_000);

  test('the fingerprint follows the code the command line runs: a source it imports, the SQL, the version and the libraries, not a file it never loads nor a test tool', () => {
    const root = tmp('batch-s18-repo-');
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const lock = (highs: string, vitest: string) =>
      JSON.stringify({ packages: { '': { version: '1.0.0' }, 'node_modules/highs': { version: highs, integrity: `sha512-${highs}` }, 'node_modules/vitest': { version: vitest, dev: true } } });
    write('package.json', JSON.stringify({ version: '1.0.0' }));
    write('package-lock.json', lock('1.8.0', '3.0.0'));
    write('cli/analyze.ts', "import { a } from '../analysis/a.ts';\nexport const x = a;\n");
    write('cli/commands/fire.ts', "import type { B } from '../../analysis/b';\nexport * from '../../src/export/sheets.ts';\nconst m = await import('../../layers/load/index.ts');\n");
    write('analysis/a.ts', 'export const a = 1;\n');
    write('analysis/b.ts', 'export type B = number;\n');
    write('analysis/unused.ts', 'export const u = 1;\n');
    write('src/export/sheets.ts', "import '../i18n/zh.ts';\n");
    write('src/i18n/zh.ts', 'export {};\n');
    write('src/panels/Fire.tsx', 'export {};\n');
    write('layers/load/index.ts', 'export {};\n');
    write('sql/indicators/x.sql', 'SELECT 1;\n');
    expect(codeFiles(root).map((f) => f.slice(root.length + 1))).toEqual([
      'analysis/a.ts',
      'analysis/b.ts',
      'cli/analyze.ts',
      'cli/commands/fire.ts',
      'layers/load/index.ts',
      'sql/indicators/x.sql',
      'src/export/sheets.ts',
      'src/i18n/zh.ts',
    ]);
    const first = codePrint(root);
    expect(first).toMatchObject({ version: '1.0.0', files: 8 });
    const changes: [string, () => void, boolean][] = [
      ['a file nothing imports', () => write('analysis/unused.ts', 'export const u = 2;\n'), false],
      ['the app only', () => write('src/panels/Fire.tsx', 'export const y = 1;\n'), false],
      ['a test tool', () => write('package-lock.json', lock('1.8.0', '3.1.0')), false],
      ['an imported source', () => write('analysis/a.ts', 'export const a = 2;\n'), true],
      ['a source reached through a dynamic import', () => write('layers/load/index.ts', 'export const z = 1;\n'), true],
      ['the SQL', () => write('sql/indicators/x.sql', 'SELECT 2;\n'), true],
      ['a library the analyses run', () => write('package-lock.json', lock('1.8.1', '3.1.0')), true],
      ['the version', () => write('package.json', JSON.stringify({ version: '1.0.1' })), true],
    ];
    let was = first.sha256;
    for (const [what, change, moves] of changes) {
      change();
      const now = codePrint(root).sha256;
      expect(now !== was, what).toBe(moves);
      was = now;
    }
    // the real command line: the analyses, the SQL and the sheets it writes are in; the app's panels are not
    const real = codeFiles().map((f) => f.slice(ROOT.length + 1));
    for (const f of ['analysis/kindergarten-access.ts', 'analysis/household-townships.ts', 'cli/batch/figures.ts', 'sql/indicators/kindergarten-enrolment.sql', 'src/export/analysis-sheets.ts', 'layers/load/load-project.ts']) expect(real, f).toContain(f);
    expect(real).not.toContain('src/panels/fire/FirePanel.tsx');
  });

  test('every reason a county runs reads in Chinese and English', () => {
    expect(reasonText('input files changed')).toBe('输入文件变了（增删、大小或修改时间） / input files changed (added, removed, size or time)');
    expect(reasonText('households.csv content changed (same size and time)')).toBe('households.csv 内容变了（大小与时间未变） / households.csv content changed (same size and time)');
    expect(reasonText('fire/fire-summary.json missing')).toBe('结果文件 fire/fire-summary.json 缺失 / output fire/fire-summary.json missing');
    expect(reasonText('options changed')).toBe('分析参数选项变了 / options changed');
    expect(reasonText('forced')).toBe('强制重算（--force） / forced (--force)');
  });
});

describe('kindergartens by township in the province table: the township column, else the township polygon', () => {
  /**
   * Worked by hand (as test/analysis/household-townships.test.ts): 甲乡 lon 116.00–116.01, 乙镇
   * 116.01–116.02; households on lat 39.0052 at lon 116.002, 116.015, 116.004, 116.030 (outside
   * both), 116.018, 1 child each. County "blanks": township column 甲乡, —, —, —, 甲乡 → 甲乡 3 (1 by
   * polygon), 乙镇 1 (by polygon), none 1. County "no-column": 甲乡 2, 乙镇 2, none 1, all by polygon.
   * One kindergarten in 甲乡 (township given), 10 places.
   */
  test('the rows by township and the county counts say how the households were placed', () => {
    const base = tmp('batch-s18-kg-');
    const prov = join(base, 'province');
    const county = (name: string, townships: string[] | null) => writeTwoTownshipCounty(prov, name, townships, { children: true });
    county('blanks', ['甲乡', '', '', '', '甲乡']);
    county('no-column', null);
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'kindergartens');
    expect(r.status, r.stderr).toBe(0);
    const towns = csvRows(join(out, 'province-townships.csv')).map((t) => [t.county, t.township, t.kg_children, t.kg_seats, t.kg_households_by_polygon]);
    expect(towns.sort()).toEqual(
      [
        ['blanks', '甲乡', '3', '10', '1'],
        ['blanks', '乙镇', '1', '0', '1'],
        ['blanks', '', '1', '0', '0'],
        ['no-column', '甲乡', '2', '10', '2'],
        ['no-column', '乙镇', '2', '0', '2'],
        ['no-column', '', '1', '0', '0'],
      ].sort(),
    );
    const counties = csvRows(join(out, 'province-counties.csv')).map((c) => [c.county, c.kg_households, c.kg_township_by_field, c.kg_township_by_polygon, c.kg_township_none]);
    expect(counties).toEqual([
      ['blanks', '5', '2', '2', '1'],
      ['no-column', '5', '0', '4', '1'],
    ]);
    const outside = csvRows(join(out, 'blanks', 'kindergartens', 'kindergarten-uncovered.csv')).map((h) => [h.id, h.township, h.township_source]);
    // K1 (300 m) reaches H1 and H3 (≈ 173 m)
    expect(outside.sort()).toEqual([
      ['H2', '乙镇', 'polygon'],
      ['H4', '', ''],
      ['H5', '甲乡', 'field'],
    ]);
  }, 120_000);
});
