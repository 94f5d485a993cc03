import { join } from 'node:path';
import type { CliArgs } from '../args.ts';
import { FIRE_MODE_PARAM } from '../../analysis/fire-params.ts';
import { ALL_RULE_PARAMS, computeFireFacts, runRules } from '../../analysis/rules/run-rules.ts';
import { rulesInputOf } from '../../analysis/rules/rule.ts';
import { ruleObjectRows, ruleRows, rulesSheets, RULE_STATUS_LABEL } from '../../analysis/rules/rules-sheets.ts';
import type { OutputKind } from '../out-dir.ts';
import { checkOptions, fireOptionsFromCli, loadForAnalysis, resolveCliParams } from '../radii-util.ts';
import { writeCsvFile, writeJsonFile } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';

/** Files `rules` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['rules.json', 'rules.csv', 'rules-objects.csv', 'rules.xlsx'] };

/**
 * `npm run analyze -- rules --data <dir> --out <dir> [--lane-min-width 4] [--kg-places-per-1000 30]
 * [--statuses existing,planned] [--walk-leg true] …` — the rulebook (analysis/rules/): every rule's
 * `{id, clause, status, objects}` as rules.json, rules.csv (one row per rule), rules-objects.csv
 * (one row per failing object, naming its rule and clause) and rules.xlsx.
 */
export async function run(args: CliArgs): Promise<void> {
  checkOptions('rules', args.options, [...ALL_RULE_PARAMS, FIRE_MODE_PARAM], ['speeds']);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'rules', args.scenario);
  const values = resolveCliParams(ALL_RULE_PARAMS, project, args.options);
  const fireOpts = fireOptionsFromCli(project, args.options);
  const input = rulesInputOf(project.layers, project.region);

  const t0 = performance.now();
  input.fire = computeFireFacts(input, fireOpts);
  const results = runRules(input, values);
  const ms = performance.now() - t0;
  await writeJsonFile(
    join(args.out, 'rules.json'),
    {
      project: project.name,
      scenario,
      method: {
        zh: `消防覆盖按消防车到达目标最近道路点计时（GB 51080-2015 §4.1.3）；${input.fireDistricts?.features.length ? `官方辖区 ${input.fireDistricts.features.length} 个（fire_districts），其余站按首达范围` : '辖区为首达范围（未载入官方辖区）'}；未整改的消防车通道问题点截断路网`,
        en: `Fire coverage times the engine reaching the road point nearest each target (GB 51080-2015 §4.1.3); ${input.fireDistricts?.features.length ? `${input.fireDistricts.features.length} official district(s) (fire_districts), other stations on first-due areas` : 'districts are first-due areas (no official districts loaded)'}; open fire-lane problems cut the network`,
      },
      walkLeg: fireOpts.walkLeg,
      statuses: fireOpts.statuses,
      rules: results,
      loadErrors,
      timingMs: Math.round(ms),
    },
    2,
  );
  const a = ruleRows(results, 'zh'), b = ruleObjectRows(results, 'zh');
  await writeCsvFile(join(args.out, 'rules.csv'), a.header, a.rows);
  await writeCsvFile(join(args.out, 'rules-objects.csv'), b.header, b.rows);
  writeXlsx(args.out, 'rules.xlsx', rulesSheets(results, 'zh'), { project, scenario, options: args.options });
  for (const r of results) {
    console.log(`rules: ${r.id} ${RULE_STATUS_LABEL[r.status].en} — ${r.clause.source} ${r.clause.article}${r.clause.secondary ? ' (secondary)' : ''}: ${r.summary.en}`);
    if (r.table) {
      console.log(`rules:   ${r.table.title.zh} | ${r.table.header.map((h) => h.zh).join(' | ')}`);
      for (const row of r.table.rows) console.log(`rules:   ${row.map((v) => (v === null ? '—' : String(v))).join(' | ')}`);
    }
  }
  console.log(`rules: wrote ${args.out}/rules.json, rules.csv, rules-objects.csv, rules.xlsx`);
}
