import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectParamProblems, scenarioParamProblems, unknownProjectParams } from '../../analysis/project-params.ts';
import { withCliScenario } from '../../cli/radii-util.ts';
import type { Project } from '../../layers/types.ts';
import { analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 60_000;


const SCENARIOS = { active: 's1', list: [{ id: 's1', name: '新建二站', edits: [], params: { turnout: -5, threshold: 'abc', 'hydrant-radius': 120 } }] };

describe('params of a scenario stored in project.json', () => {
  test('scenarioParamProblems: each refused value names the scenario, the key and the range; a good one passes', () => {
    const problems = scenarioParamProblems(SCENARIOS);
    expect(problems.map((p) => [p.key, p.origin])).toEqual([
      ['threshold', { kind: 'scenario', scenario: '新建二站' }],
      ['turnout', { kind: 'scenario', scenario: '新建二站' }],
    ]);
    expect(problems[1].message.en).toBe('project.json params.turnout (Turnout time (professional crew)) of scenario "新建二站" is -5, outside the allowed range: 0–30 min');
    expect(problems[1].message.zh).toBe('project.json 中方案“新建二站”的 params.turnout（出动时间（专职站））为 -5，超出允许范围：0–30 min');
    expect(scenarioParamProblems(undefined)).toEqual([]);
  });

  test('validate lists them (exit 2, in validation.json) — fire under that scenario refuses them, so validate must not pass', async () => {
    const data = tempDir('scenario-params-');
    writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '测试县', params: {}, scenarios: SCENARIOS }));
    const out = join(data, 'out');
    const r = await analyzeHere(['validate', '--data', data, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('错误 project.json 中方案“新建二站”的 params.turnout（出动时间（专职站））为 -5，超出允许范围：0–30 min');
    const report = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8')) as { paramProblems: { key: string }[] };
    expect(report.paramProblems.map((p) => p.key)).toEqual(['threshold', 'turnout']);
    const fire = await analyzeHere(['fire', '--data', data, '--out', join(data, 'fire')]);
    expect(fire.code).toBe(1);
    // the refusal names the scenario the value comes from, not the project's own params
    expect(fire.stderr).toContain('project.json 中方案“新建二站”的 params.turnout（出动时间（专职站））为 -5');
    expect(fire.stderr).toContain('project.json params.turnout (Turnout time (professional crew)) of scenario "新建二站" is -5');
  }, SLOW);

  test('withCliScenario refuses the named scenario\'s bad params naming it; another scenario runs', () => {
    const project = { name: '测试县', params: {}, layers: {}, scenarios: { active: 's1', list: [...SCENARIOS.list, { id: 's2', name: '现状', edits: [], params: { turnout: 2 } }] } } as unknown as Project;
    expect(() => withCliScenario(project, '新建二站', 'fire')).toThrow(/of scenario "新建二站" is -5/);
    expect(() => withCliScenario(project, undefined, 'fire')).toThrow(/中方案“新建二站”的 params\.turnout/);
    expect(withCliScenario(project, '现状', 'fire').project.params.turnout).toBe(2);
  });
});

describe('params of the planning rules in project.json', () => {
  test('crane-reach -5 is refused by projectParamProblems (validate, the layers panel) as the rules command refuses it', () => {
    const problems = projectParamProblems({ 'crane-reach': -5, 'kg-class-max': 30 });
    expect(problems.map((p) => p.key)).toEqual(['crane-reach']);
    expect(problems[0].message.en).toBe('project.json params.crane-reach (Water crane reach (built-up area to the nearest working crane)) is -5, outside the allowed range: 50–50000 m');
  });
});

describe('project.json params no analysis reads', () => {
  test('unknownProjectParams: typos named with the nearest key; the fire panel\'s saved plan and known keys pass', () => {
    expect(unknownProjectParams({ turnout_time: 2, hydrant_radius: 150, Threshold: 4, notes: 'x', fireScenario: {}, turnout: 1, 'crane-reach': 900 })).toEqual([
      { key: 'turnout_time', suggest: 'turnout' },
      { key: 'hydrant_radius', suggest: 'hydrant-radius' },
      { key: 'Threshold', suggest: 'threshold' },
      { key: 'notes', suggest: null },
    ]);
  });

  test('validate warns unknown-param with the suggestion (exit 0: the analyses still run, on the default)', async () => {
    const data = tempDir('unknown-param-');
    writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '测试县', params: { hydrant_radius: 150 } }));
    const r = await analyzeHere(['validate', '--data', data, '--out', join(data, 'out')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('警告 文件 project.json，字段 params.hydrant_radius：没有哪项分析使用参数“hydrant_radius”，该值被忽略，分析使用默认值；是否应为“hydrant-radius”？');
  }, SLOW);
});
