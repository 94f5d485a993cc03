import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyze, analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { writeTwoTownshipCounty } from '../support/two-township-county.ts';
import { batchSettings, checkAnalysisOptions } from '../../cli/commands/batch.ts';

// Session 19: options that ran silently with a value nobody meant (each passed before the change).
// The command lines run in this process (analyzeHere: the same code as `npm run analyze`, its exit
// code and console output), not in a spawned tsx each (≈ 1 s apiece, 37 of them).

const tempDir = tempDirs();
const SLOW = 120_000;

describe('absurd options of fire and site are refused naming the option and the value (zh + en)', () => {
  // [arguments, Chinese fragment, English fragment]
  const cases: [string[], string, string][] = [
    // a bare --speeds was read as "true" and skipped: no speed changed, no word
    [['fire', '--speeds'], '命令行选项 --speeds 应为“等级=km/h”并以逗号分隔（如 primary=45,unclassified=15），收到“true”', 'got "true"'],
    // primary=45=3 ran as 45
    [['fire', '--speeds', 'primary=45=3'], '收到“primary=45=3”', 'got "primary=45=3"'],
    // the same class twice, or in --speeds and --speed-<class>: the last won
    [['fire', '--speeds', 'primary=45,主干路=30'], '命令行选项 --speeds 给出了两次道路等级 primary（“primary=45”和“主干路=30”）', 'gives road class primary twice ("primary=45" and "主干路=30")'],
    [['fire', '--speeds', 'primary=45', '--speed-primary', '30'], '命令行选项 --speed-primary（30）和 --speeds 中的“primary=45”', 'command-line options --speed-primary (30) and "primary=45" in --speeds'],
    // "" was Number("") = 0: no site allowed in any township, the plan empty and "optimal"
    [['site', '--max-per-township', ''], 'site：--max-per-township 为“”，应为 1–50 的整数', 'site: --max-per-township is ""; it must be a whole number 1–50'],
    [['site', '--max-per-township', '0'], '（0 会让任何乡镇都不能选址）', '(0 would allow no site in any township)'],
    // one exact solve per P up to the number of candidates (about 4,000 on the demo, 10 s each)
    [['site', '--curve', '1e9'], 'site：--curve 为“1e9”，应为 1–50 的整数', 'site: --curve is "1e9"; it must be a whole number 1–50'],
    // a site at longitude 500 was taken; "1.2.3" reached the analysis as NaN (an English line naming a function)
    [['site', '--sites', 'A:500,39'], 'site：--sites 中的“A:500,39”不是有效的经纬度', 'site: --sites "A:500,39" is not a valid longitude, latitude'],
    [['site', '--sites', 'A:1.2.3,39'], '“A:1.2.3,39”不是有效的经纬度', '"A:1.2.3,39" is not a valid longitude'],
    [['site', '--sites', 'A:116.005,39.005;A:116.006,39.005'], 'site：--sites 中的名称“A”出现了两次', 'site: --sites names "A" twice'],
    // siting ran on the network anyway
    [['site', '--mode', 'straight-line'], '消防站选址只能按路网计算行车时间，不能用 --mode straight-line', 'fire-station siting uses network travel times only; --mode straight-line'],
    // an option of the other facility's siting was accepted and did nothing
    [['site', '--facility', 'kindergarten', '--objective', 'built-up'], 'site：--objective 只用于消防站选址（--facility fire），本次为幼儿园选址，该选项不起作用', 'site: --objective applies to fire-station siting (--facility fire) only'],
    [['site', '--facility', 'fire', '--capacity-places', '180'], 'site：--capacity-places 只用于幼儿园选址（--facility kindergarten）', 'site: --capacity-places applies to kindergarten siting (--facility kindergarten) only'],
    [['site', '--facility', 'kindergarten', '--curve', '5'], 'site：--curve 只用于消防站选址（--facility fire）', 'site: --curve applies to fire-station siting (--facility fire) only'],
    // an option of another model: `--model lscp --count 5` placed as many as lscp needs, `--share 80` with mclp did nothing
    [['site', '--model', 'lscp', '--count', '5'], 'site：--count 只用于 mclp / backup / mexclp 模型，本次模型为 lscp', 'site: --count applies to the mclp / backup / mexclp model only; the model is lscp'],
    [['site', '--share', '80'], 'site：--share 只用于 lscp 模型，本次模型为 mclp', 'site: --share applies to the lscp model only; the model is mclp'],
    // refused in English after the capacitated model had been solved
    [['site', '--facility', 'kindergarten', '--model', 'lscp', '--capacity-places', '180'], '每所新幼儿园学位数（capacity-places，180）只用于 mclp 模型', 'Places per new kindergarten (capacity-places, 180) apply to the mclp model (most coverage for a count) only, not to lscp'],
    // an empty filter selected every household, `--services ,,` none; `--no-fire yes` computed the fire reach
    [['uncovered', '--township', ''], 'uncovered：--township 的值为空（“”）', 'uncovered: --township is empty ("")'],
    [['uncovered', '--services', ',,'], 'uncovered：--services 的值为空（“,,”）', 'uncovered: --services is empty (",,")'],
    [['uncovered', '--no-fire', 'yes'], 'uncovered：--no-fire 为“yes”', 'uncovered: --no-fire is "yes"'],
    // `--fire no` computed the fire reach (only "false" turned it off)
    [['plots', '--fire', 'no'], 'plots：--fire 为“no”，应为 true 或 false', 'plots: --fire is "no"; it must be true or false'],
    // "" fell back to the largest built-up area
    [['kindergartens', '--urban-built-up', ''], 'kindergartens：--urban-built-up 的值为空', 'kindergartens: --urban-built-up is empty'],
    // "" was ignored; a missing file was Node's English ENOENT
    [['indicators', '--tasks', ''], 'indicators：--tasks 需要一个文件名（CSV 或 XLSX），收到“”', 'indicators: --tasks needs a file name (CSV or XLSX), got ""'],
    [['indicators', '--ledger-old', 'no-such-ledger.csv'], 'indicators：--ledger-old 的文件“no-such-ledger.csv”不存在或不是文件', 'indicators: --ledger-old: the file "no-such-ledger.csv" does not exist or is not a file'],
    // 0 made every estimated household childless (and the warning blamed empty persons); 0.5 is no county
    [['kindergartens', '--child-share', '0'], '命令行选项 --child-share（3–5岁儿童占人口比例（缺少儿童字段时））为 0，超出允许范围：0.001–0.2', 'is 0, outside the allowed range: 0.001–0.2'],
    // a fraction where a percentage is due: a 0.8 % target, met by any coverage
    [['fire', '--target', '0.8'], '命令行选项 --target（建成区 5 分钟可达覆盖率目标）为 0.8，超出允许范围：1–100 %', 'is 0.8, outside the allowed range: 1–100 %'],
    // "" exported every layer (",," was refused)
    [['export-shp', '--layers', ''], 'export-shp：--layers 中没有图层 （空）', 'export-shp: --layers names no layer (empty)'],
    // import: "" read as not given (the file's own guess used), --lang fr as Chinese, --replace=yes as add
    [['import', '--offset', ''], 'import：--offset 需要一个值，收到“”', 'import: --offset needs a value, got ""'],
    [['import', '--lang', 'fr'], 'import：--lang 只能是 zh 或 en，收到“fr”', 'import: --lang must be zh or en, got "fr"'],
    [['import', '--replace=yes'], 'import：--replace 为“yes”', 'import: --replace is "yes"'],
    // 1 km meant, run as 1 m: every built-up cell failed HYD-02
    [['rules', '--crane-reach', '1'], '命令行选项 --crane-reach（消防水鹤服务距离（建成区到最近完好水鹤））为 1，超出允许范围：50–50000 m', 'is 1, outside the allowed range: 50–50000 m'],
  ];

  test.each(cases)('%j', async (args, zh, en) => {
    const dir = tempDir('params-s19-');
    writeTwoTownshipCounty(dir, 'c', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true });
    const out = join(dir, 'out');
    // import takes the file to import after its options
    const file = join(dir, 'hydrants.csv');
    writeFileSync(file, 'id,lon,lat,kind,status\nX9,116.005,39.005,hydrant,working\n');
    const r = await analyzeHere([...args, '--data', join(dir, 'c'), '--out', out, ...(args[0] === 'import' ? [file] : [])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(zh);
    expect(r.stderr).toContain(en);
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});

describe('the command line as a process says what it says in the test\'s process', () => {
  test('npm run analyze: the same exit code 1, stderr and stdout as analyzeHere, and no output folder', async () => {
    const dir = tempDir('params-s19-process-');
    writeTwoTownshipCounty(dir, 'c', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true });
    const out = join(dir, 'out');
    const args = ['site', '--max-per-township', '0', '--data', join(dir, 'c'), '--out', out];
    const spawned = analyze(args);
    expect(spawned.code).toBe(1);
    expect(spawned.stderr).toContain('(0 would allow no site in any township)');
    expect(await analyzeHere(args)).toEqual(spawned);
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});

describe('siting when every household is already reached', () => {
  test('exit 0, warning fewer-sites on stderr and in site-summary.json, site-picks.csv with its header only, no NaN', async () => {
    // One station on the road at 116.005, 39.005; households 11 m and 23 m from it: both reached.
    const dir = tempDir('params-s19-covered-');
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
    const sq = (n: string, x0: number, x1: number) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] } });
    writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '全覆盖县' }));
    writeFileSync(join(dir, 'townships.geojson'), fc([sq('甲乡', 116, 116.01), sq('乙镇', 116.01, 116.02)]));
    writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { class: '主干路', width_m: 12 }, geometry: { type: 'LineString', coordinates: [[116, 39.005], [116.02, 39.005]] } }]));
    writeFileSync(join(dir, 'fire_stations.geojson'), fc([{ type: 'Feature', properties: { id: 'FS-01', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: [116.005, 39.005] } }]));
    writeFileSync(join(dir, 'households.csv'), 'id,lon,lat,township\nH1,116.005,39.0051,甲乡\nH2,116.0052,39.0051,甲乡\n');
    const out = join(dir, 'out');
    const r = await analyzeHere(['site', '--facility', 'fire', '--solver', 'greedy', '--data', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('site: 警告 fewer-sites：要求新选址 3 处消防站，只选出 0 处');
    expect(r.stderr).toContain('site: WARNING fewer-sites: 3 new fire stations were asked for, 0 placed');
    const summary = readFileSync(join(out, 'site-summary.json'), 'utf8');
    expect(summary).not.toMatch(/NaN|Infinity/);
    const json = JSON.parse(summary) as { picks: unknown[]; before: { householdsCovered: number; householdsTotal: number }; warnings: { code: string; counts: Record<string, number> }[] };
    expect(json.before).toMatchObject({ householdsCovered: 2, householdsTotal: 2 });
    expect(json.picks).toEqual([]);
    expect(json.warnings.find((w) => w.code === 'fewer-sites')?.counts).toEqual({ asked: 3, placed: 0 });
    const csv = readFileSync(join(out, 'site-picks.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(csv).toHaveLength(1);
    expect(csv[0]).toMatch(/^rank,id,origin,township,lon,lat,/);
  }, SLOW);
});

describe('batch --index and --jobs take digits only', () => {
  test('"" (Number("") = 0) ran the first county and "0x1" the second; both refused, "1" still the second', () => {
    expect(() => batchSettings({ jobs: '1', index: '' })).toThrow(/^batch：--index  应为从 0 起的整数。\nbatch: --index  must be an integer counting from 0\./);
    expect(() => batchSettings({ jobs: '1', index: '0x1' })).toThrow(/--index 0x1 must be an integer counting from 0/);
    expect(() => batchSettings({ jobs: '0x2' })).toThrow(/--jobs 0x2 must be an integer from 1 to 256/);
    expect(batchSettings({ jobs: '2', index: '1' })).toMatchObject({ jobs: 2, index: 1 });
  });
});

describe('batch checks each analysis\'s options before any county starts', () => {
  test('--fire:threshold abc: exit 1 naming the analysis and the option, no county folder written (every county used to fail, one after the other)', async () => {
    const dir = tempDir('params-s19-batch-');
    const prov = join(dir, 'prov');
    writeTwoTownshipCounty(prov, 'A县', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true });
    writeTwoTownshipCounty(prov, 'B县', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true });
    const out = join(dir, 'out');
    const r = await analyzeHere(['batch', '--data', prov, '--out', out, '--jobs', '1', '--analyses', 'fire', '--fire:threshold', 'abc']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('batch：分析 fire 的选项（--fire:…）不能用，没有开始任何县：');
    expect(r.stderr).toContain('命令行选项 --threshold（到达时限（自接警出动起））应为数字，实际为 "abc"；允许：1–60 min');
    expect(existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('县')) : []).toEqual([]);
  }, SLOW);

  test('the checks of fire, uncovered, plots, kindergartens, indicators and hydrants; good options pass', async () => {
    await expect(checkAnalysisOptions(['fire'], { fire: { speeds: 'true' } })).rejects.toThrow(/--speeds 应为“等级=km\/h”/);
    await expect(checkAnalysisOptions(['hydrants', 'uncovered'], { uncovered: { services: ',,' } })).rejects.toThrow(/the options of uncovered \(--uncovered:…\) are refused[^]*--services is empty/);
    await expect(checkAnalysisOptions(['plots'], { plots: { fire: 'no' } })).rejects.toThrow(/plots: --fire is "no"/);
    await expect(checkAnalysisOptions(['kindergartens'], { kindergartens: { 'child-share': '3' } })).rejects.toThrow(/--child-share[^]*is 3, outside the allowed range: 0\.001–0\.2/);
    await expect(checkAnalysisOptions(['indicators'], { indicators: { tasks: '' } })).rejects.toThrow(/--tasks needs a file name/);
    await expect(checkAnalysisOptions(['fire', 'hydrants', 'kindergartens', 'uncovered', 'plots', 'indicators'], { fire: { threshold: '4' }, hydrants: { 'hydrant-radius': '100' } })).resolves.toBeUndefined();
  });
});

describe('plots when the loader refused every plot', () => {
  test('says so (it read "has no reserve_plots.geojson (or it is empty)" beside a file of two plots)', async () => {
    const dir = tempDir('params-s19-plots-');
    writeTwoTownshipCounty(dir, 'c', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true });
    const sq = (x0: number) => [[[x0, 39.002], [x0 + 0.001, 39.002], [x0 + 0.001, 39.003], [x0, 39.003], [x0, 39.002]]];
    // area_mu 0 (not above 0) and area_mu missing (required): both refused by the loader
    writeFileSync(
      join(dir, 'c', 'reserve_plots.geojson'),
      JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'P1', area_mu: 0, use: 'public' }, geometry: { type: 'Polygon', coordinates: sq(116.002) } }, { type: 'Feature', properties: { id: 'P2', use: 'education' }, geometry: { type: 'Polygon', coordinates: sq(116.012) } }] }),
    );
    const out = join(dir, 'out');
    const r = await analyzeHere(['plots', '--data', join(dir, 'c'), '--out', out, '--fire', 'false']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('或其中没有一个地块能读入（该文件 2 处读取错误，运行 validate 查看）');
    expect(r.stderr).toContain('or none of its plots could be read (2 load error(s) in it: run validate for the list)');
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});

describe('uncovered --township of a township without households', () => {
  test('is said as such, not as a typo', async () => {
    const dir = tempDir('params-s19-town-');
    // every household's township column says 甲乡: 乙镇 is in the townships layer with no household
    writeTwoTownshipCounty(dir, 'c', ['甲乡', '甲乡', '甲乡', '甲乡', '甲乡']);
    const out = join(dir, 'out');
    const r = await analyzeHere(['uncovered', '--no-fire', '--township', '乙镇', '--data', join(dir, 'c'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('uncovered：乡镇界图层中有“乙镇”，但住户数据中没有一户在该乡镇（共 5 户），没有可列出的住户；有住户的乡镇：甲乡');
    expect(r.stderr).toContain('uncovered: "乙镇" is in the townships layer, but no household (of 5) lies in it: nothing to list; townships with households: 甲乡');
    expect(existsSync(out)).toBe(false);
  }, SLOW);
});
