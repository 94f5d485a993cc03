import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sitingParamsNoRunReads } from '../../analysis/siting-params.ts';
import { projectJsonFindings } from '../../layers/load/project-findings.ts';
import type { Project } from '../../layers/types.ts';
import { analyze } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

// Session 20: `site` says project.json siting values its run does not read (param-not-used, s19);
// `validate` said nothing of them. It does not know which facility or model will be run, so it
// names the values that no run with the project's own settings would read.

const tempDir = tempDirs();
const SLOW = 60_000;

describe('sitingParamsNoRunReads: values no siting run of the project reads', () => {
  test('no model named: share, count, backup-weight and capacity-places are each read by some run — nothing said', () => {
    expect(sitingParamsNoRunReads({ share: 80, count: 5, 'backup-weight': 2, 'capacity-places': 180, 'station-level': 'level-2' })).toEqual([]);
  });

  test('model mclp named: share is read by no run (fire nor kindergarten), with both reasons', () => {
    const r = sitingParamsNoRunReads({ model: 'mclp', share: 80, count: 5 });
    expect(r.map((u) => u.key)).toEqual(['share']);
    expect(r[0].message.en).toBe(
      "Set-covering target (lscp: fewest sites to reach this share) is 80 %: no siting run with this project's settings would use it (fire-station siting: it applies to the lscp model only; the model is mclp; kindergarten siting: it applies to the lscp model only; the model is mclp). site says so again when run (param-not-used).",
    );
    expect(r[0].message.zh).toContain('集合覆盖目标覆盖率（lscp：达到该比例所需最少站点）为 80 %：按本项目的设置，选址都不会使用该值');
  });

  test('model backup named: kindergartens are sited with mclp, so capacity-places is read (not said); calls-per-year (mexclp only) is said', () => {
    const r = sitingParamsNoRunReads({ model: 'backup', 'capacity-places': 180, 'backup-weight': 2, 'calls-per-year': 500, share: 80 });
    expect(r.map((u) => u.key)).toEqual(['share', 'calls-per-year']);
    expect(r[1].message.en).toContain('fire-station siting: it applies to the mexclp model only; the model is backup; kindergarten siting: it applies to fire-station siting only; this is kindergarten siting');
  });

  test('model lscp named: count and capacity-places are read by no run; candidate-source grid named: plot settings are not read', () => {
    expect(sitingParamsNoRunReads({ model: 'lscp', count: 4, 'capacity-places': 180, share: 90 }).map((u) => u.key)).toEqual(['count', 'capacity-places']);
    expect(sitingParamsNoRunReads({ 'candidate-source': 'grid', 'kindergarten-classes': 8 }).map((u) => u.key)).toEqual(['kindergarten-classes']);
    // plots named (or nothing named: the command line may give plots): read
    expect(sitingParamsNoRunReads({ 'candidate-source': 'plots', 'kindergarten-classes': 8 })).toEqual([]);
    expect(sitingParamsNoRunReads({ 'kindergarten-classes': 8 })).toEqual([]);
  });

  test('a value equal to the default is not said (the run is the same whether read or not)', () => {
    expect(sitingParamsNoRunReads({ model: 'lscp', count: 3 })).toEqual([]);
  });
});

describe('analyze validate (and the layers panel) list them as warnings (not errors)', () => {
  test('project.json params model mclp + share 80, scenario with calls-per-year: warnings naming project.json and the field, exit 0', () => {
    const data = tempDir('validate-siting-');
    const scenarios = { active: null, list: [{ id: 's1', name: '方案一', edits: [], params: { 'calls-per-year': 500 } }] };
    writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '测试县', params: { model: 'mclp', share: 80, count: 4 }, scenarios }));
    const out = join(data, 'out');
    const r = analyze(['validate', '--data', data, '--out', out, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("WARN  File project.json, field params.share: Set-covering target (lscp: fewest sites to reach this share) is 80 %: no siting run with this project's settings would use it");
    expect(r.stdout).toContain('WARN  File project.json, field scenarios.list[0].params.calls-per-year: Scenario "方案一": Calls per year (mexclp busy fraction) is 500: no siting run');
    expect(r.stdout).toContain('0 errors, 2 warnings.');
    const report = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8')) as { issues: { code: string; severity: string; field: string }[] };
    expect(report.issues.filter((i) => i.code === 'param-not-used').map((i) => [i.severity, i.field])).toEqual([
      ['warning', 'params.share'],
      ['warning', 'scenarios.list[0].params.calls-per-year'],
    ]);
    // the app's layers panel lists project.json findings from the same function as validate
    const project = { layers: {}, params: { model: 'mclp', share: 80, count: 4 }, scenarios } as unknown as Project;
    expect(projectJsonFindings(project).filter((i) => i.code === 'param-not-used').map((i) => i.field)).toEqual(['params.share', 'scenarios.list[0].params.calls-per-year']);
    const zh = analyze(['validate', '--data', data, '--out', join(data, 'out-zh')]);
    expect(zh.stdout).toContain('警告 文件 project.json，字段 params.share：集合覆盖目标覆盖率（lscp：达到该比例所需最少站点）为 80 %：按本项目的设置，选址都不会使用该值（消防站选址：只用于 lscp 模型，本次模型为 mclp；');
  }, SLOW);
});
