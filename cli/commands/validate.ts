import { join } from 'node:path';
import type { CliArgs } from '../args.ts';
import { loadProjectDir } from '../load-project-dir.ts';
import { formatIssue, type CoordinateOptions } from '../../layers/load/index.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import type { Lang } from '../../layers/types.ts';
import { projectParamProblems, scenarioParamProblems } from '../../analysis/project-params.ts';
import { projectJsonFindings } from '../../layers/load/project-findings.ts';
import type { ParamDef } from '../../analysis/params.ts';
import { checkOptions, withCliScenario } from '../radii-util.ts';
import { INDICATOR_PARAMS } from '../../src/db/policy.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeJsonFile } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { validationSheets } from '../../src/export/validation-sheets.ts';

/** Files `validate` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['validation.xlsx', 'validation.json'] };

/**
 * Confirmed coordinates from the command line: `--crs hydrants.geojson=EPSG:4526,households.csv=EPSG:4547`
 * and `--swap-axes hydrants.geojson,service_points.geojson`.
 */
export function coordinateOptions(options: Record<string, string>): Record<string, CoordinateOptions> {
  const out: Record<string, CoordinateOptions> = {};
  for (const pair of (options.crs ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--crs 的格式应为“文件=EPSG:代码”，收到“${pair}”。\n--crs expects file=EPSG:code pairs, got "${pair}"`);
    out[pair.slice(0, eq).trim()] = { crs: pair.slice(eq + 1).trim() };
  }
  for (const file of (options['swap-axes'] ?? '').split(',').filter(Boolean)) out[file.trim()] = { ...out[file.trim()], swapAxes: true };
  return out;
}

const LANG_PARAM: ParamDef<string> = {
  key: 'lang',
  value: 'zh',
  label: { zh: '输出语言', en: 'Output language' },
  source: { zh: '界面设置', en: 'Interface setting' },
  values: ['zh', 'en'],
};

/**
 * `npm run analyze -- validate --data DIR --out DIR [--lang zh|en] [--crs file=EPSG:n,…] [--swap-axes file,…]`:
 * load the project folder, write `validation.json` (the report: issues and per-layer counts), `validation.xlsx` (the same as sheets) and
 * print the issues. Exits with code 2 when there are errors.
 */
export async function run(args: CliArgs): Promise<void> {
  checkOptions('validate', args.options, [LANG_PARAM], ['crs', 'swap-axes']);
  const lang: Lang = args.options.lang === 'en' ? 'en' : 'zh';
  const { project, report } = await loadProjectDir(args.data, { coordinates: coordinateOptions(args.options) });
  if (args.scenario !== undefined) withCliScenario(project, args.scenario, 'validate'); // refuses an unknown name
  // project.json params outside their declared range: every analysis would refuse to run with them
  const paramProblems = [...projectParamProblems(project.params, INDICATOR_PARAMS), ...scenarioParamProblems(project.scenarios, INDICATOR_PARAMS)];
  // params keys no analysis reads, siting values no siting run reads (param-not-used) and scenario
  // edits that do nothing: the same findings as the app's layers panel
  report.issues.push(...projectJsonFindings(project, INDICATOR_PARAMS));
  const file = join(args.out, 'validation.json');
  await writeJsonFile(file, { project: project.name, region: project.region ?? null, ...report, paramProblems }, 2);

  writeXlsx(args.out, 'validation.xlsx', validationSheets(report, paramProblems, lang));
  const errors = report.issues.filter((i) => i.severity === 'error').length + paramProblems.length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  console.log(lang === 'en' ? `Project: ${project.name}` : `项目：${project.name}`);
  for (const def of LAYER_LIST) {
    const c = report.counts[def.id];
    if (!c) continue;
    const title = def.title[lang];
    console.log(
      lang === 'en'
        ? `  ${title}: read ${c.read}, loaded ${c.loaded}, rejected ${c.rejected}, unlocated ${c.unlocated}`
        : `  ${title}：读取 ${c.read}，加载 ${c.loaded}，拒绝 ${c.rejected}，无位置 ${c.unlocated}`,
    );
  }
  const tag = { error: lang === 'en' ? 'ERROR' : '错误', warning: lang === 'en' ? 'WARN ' : '警告', info: lang === 'en' ? 'INFO ' : '提示' };
  for (const i of report.issues) console.log(`${tag[i.severity]} ${formatIssue(i, lang)}`);
  for (const p of paramProblems) console.log(`${tag.error} ${p.message[lang]}`);
  console.log(
    lang === 'en'
      ? `${errors} errors, ${warnings} warnings. Report: ${file}`
      : `错误 ${errors} 个，警告 ${warnings} 个。报告：${file}`,
  );
  if (errors > 0) process.exitCode = 2;
}
