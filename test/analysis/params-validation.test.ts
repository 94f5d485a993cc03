import { describe, expect, test } from 'vitest';
import { FIRE_MODE_PARAM, FIRE_PARAMS, assertFireOptions, fireOptionsFromParams } from '../../analysis/fire-params.ts';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS, resolveHydrantOptions } from '../../analysis/radii-params.ts';
import { SITING_PARAMS, resolveSitingOptions } from '../../analysis/siting-params.ts';
import { PLOT_PARAMS } from '../../analysis/plot-params.ts';
import { INDICATOR_PARAMS } from '../../src/db/policy.ts';
import { ParamError, checkParams, fromCli, fromPanel, fromProject, resolveParams, type ParamDef } from '../../analysis/params.ts';

const ALL: readonly ParamDef[] = [...FIRE_PARAMS, FIRE_MODE_PARAM, ...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS, ...SITING_PARAMS, ...PLOT_PARAMS, ...INDICATOR_PARAMS];

/** The messages of the refused values, zh and en. */
function refused(defs: readonly ParamDef[], ...layers: Parameters<typeof checkParams>[1][]): { zh: string; en: string }[] {
  return checkParams(defs, ...layers).problems.map((p) => p.message);
}

describe('every parameter declares what it accepts', () => {
  test('numbers have a range, strings their values or a list rule, and every default lies inside', () => {
    for (const d of ALL) {
      if (typeof d.value === 'number') expect(d.min !== undefined && d.max !== undefined, d.key).toBe(true);
      if (typeof d.value === 'string') expect(d.values !== undefined || (d.list === true && d.min !== undefined && d.max !== undefined), d.key).toBe(true);
      expect(checkParams([d], { [d.key]: d.value }).problems, d.key).toEqual([]);
    }
  });

  test('legitimate values of STANDARDS.md and the demo pass', () => {
    const ok = {
      threshold: 5, turnout: 1, 'turnout-volunteer': 3, traffic: 0.7, target: 80, cell: 100, breaks: '3,5,8,10', statuses: 'existing,planned,proposed',
      'speed-primary': 40, 'straight-speed': 33, 'hydrant-radius': 150, 'hydrant-spacing': 120, 'wide-road-width': 60, 'include-planned': true,
      'kg-radius-urban': 300, 'child-share': 0.03, count: 3, model: 'lscp', 'candidate-area': 'built-up', objective: 'built-up',
      'stated-total': 319.56, 'station-school-min': 50, 'station-hazard-min': 300, 'coal-price': 1200, 'stove-county-yuan': 200,
    };
    expect(refused(ALL, fromProject(ok))).toEqual([]);
    // CLI text of the same values
    expect(refused(ALL, fromCli(Object.fromEntries(Object.entries(ok).map(([k, v]) => [k, String(v)]))))).toEqual([]);
  });
});

describe('refused values name their source and the allowed range', () => {
  test('a negative turnout in project.json', () => {
    expect(refused(FIRE_PARAMS, fromProject({ turnout: -1 }))).toEqual([
      {
        zh: 'project.json 的 params.turnout（出动时间（专职站））为 -1，超出允许范围：0–30 min',
        en: 'project.json params.turnout (Turnout time (professional crew)) is -1, outside the allowed range: 0–30 min',
      },
    ]);
  });

  test('a speed of 0 and of 1e9 km/h on the command line', () => {
    expect(refused(FIRE_PARAMS, fromCli({ 'speed-primary': '0', 'straight-speed': '1e9' }))).toEqual([
      {
        zh: '命令行选项 --straight-speed（直线模式平均速度（无路网时））为 1000000000，超出允许范围：1–130 km/h',
        en: 'command-line option --straight-speed (Straight-line mode average speed (no road data)) is 1000000000, outside the allowed range: 1–130 km/h',
      },
      {
        zh: '命令行选项 --speed-primary（车速：主干路/省道）为 0，超出允许范围：1–130 km/h',
        en: 'command-line option --speed-primary (Speed: primary) is 0, outside the allowed range: 1–130 km/h',
      },
    ]);
  });

  test('a target share of 500 % in a panel field', () => {
    expect(refused(FIRE_PARAMS, fromPanel({ target: 500 }))).toEqual([
      {
        zh: '输入框「建成区 5 分钟可达覆盖率目标」为 500，超出允许范围：1–100 %',
        en: 'field "Target: built-up area reached within 5 min" is 500, outside the allowed range: 1–100 %',
      },
    ]);
  });

  test('a cell size of 0.5 m', () => {
    expect(refused(FIRE_PARAMS, fromCli({ cell: '0.5' }))[0].en).toBe('command-line option --cell (Grid cell size) is 0.5, outside the allowed range: 10–2000 m');
  });

  test('the text "5 分钟" where a number is due', () => {
    expect(refused(FIRE_PARAMS, fromProject({ threshold: '5 分钟' }))).toEqual([
      {
        zh: 'project.json 的 params.threshold（到达时限（自接警出动起））应为数字，实际为 "5 分钟"；允许：1–60 min',
        en: 'project.json params.threshold (Response threshold from dispatch order) must be a number, got "5 分钟"; allowed: 1–60 min',
      },
    ]);
  });

  test('values nested in arrays or objects', () => {
    expect(refused(HYDRANT_PARAMS, fromProject({ 'hydrant-radius': [150], 'hydrant-spacing': { value: 120 } }))).toEqual([
      {
        zh: 'project.json 的 params.hydrant-radius（消火栓保护半径）应为数字，实际为 数组；允许：1–1000 m',
        en: 'project.json params.hydrant-radius (Hydrant protection radius) must be a number, got array; allowed: 1–1000 m',
      },
      {
        zh: 'project.json 的 params.hydrant-spacing（消火栓间距上限）应为数字，实际为 对象；允许：1–1000 m',
        en: 'project.json params.hydrant-spacing (Maximum hydrant spacing) must be a number, got object; allowed: 1–1000 m',
      },
    ]);
  });

  test('NaN and Infinity', () => {
    expect(refused(FIRE_PARAMS, fromPanel({ turnout: Number.NaN, traffic: Number.POSITIVE_INFINITY })).map((m) => m.en)).toEqual([
      'field "Turnout time (professional crew)" must be a finite number, got NaN; allowed: 0–30 min',
      'field "Traffic factor (1 = free flow, peak ≈ 0.7)" must be a finite number, got Infinity; allowed: 0.1–1.5',
    ]);
    expect(refused(FIRE_PARAMS, fromCli({ turnout: 'NaN', traffic: 'Infinity' })).map((m) => m.en)).toEqual([
      'command-line option --turnout (Turnout time (professional crew)) must be a number, got "NaN"; allowed: 0–30 min',
      'command-line option --traffic (Traffic factor (1 = free flow, peak ≈ 0.7)) must be a number, got "Infinity"; allowed: 0.1–1.5',
    ]);
  });

  test('a boolean where a number is due, and a number where a boolean is due', () => {
    expect(refused(HYDRANT_PARAMS, fromProject({ 'hydrant-radius': true, 'include-planned': 1 })).map((m) => m.en)).toEqual([
      'project.json params.hydrant-radius (Hydrant protection radius) must be a number, got true; allowed: 1–1000 m',
      'project.json params.include-planned (Count hydrants under construction and planned (after the plan is built)) must be true or false, got 1; allowed: true or false',
    ]);
  });

  test('a count that is not whole, a model that does not exist, a status list with an unknown status', () => {
    expect(refused([...SITING_PARAMS, ...FIRE_PARAMS], fromCli({ count: '2.5', model: 'pmedian', statuses: 'existing,ruined' })).map((m) => m.en)).toEqual([
      'command-line option --count (Number of new sites) must be a whole number, got 2.5; allowed: a whole number 1–50',
      'command-line option --model (Model (mclp: most coverage for a count / lscp: fewest sites for full coverage / backup: second-station coverage / mexclp: expected coverage with busy stations)) is "pmedian"; allowed values: mclp, lscp, backup, mexclp',
      'command-line option --statuses (Station statuses included): "ruined" is not allowed; allowed: a comma-separated list of one or more of existing, planned, proposed',
    ]);
  });

  test('resolveParams throws one ParamError with every problem; later layers win over earlier ones', () => {
    let err: unknown;
    try {
      resolveParams(FIRE_PARAMS, fromProject({ turnout: -1 }), fromCli({ cell: '0.5' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamError);
    expect((err as ParamError).problems.map((p) => [p.key, p.origin.kind])).toEqual([
      ['turnout', 'project'],
      ['cell', 'cli'],
    ]);
    expect((err as Error).message.split('\n')).toHaveLength(4);
    expect(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject({ turnout: 2 }), fromCli({ turnout: '0' })).turnout).toBe(0);
  });

  test('the analyses refuse through their resolvers', () => {
    expect(() => resolveHydrantOptions(fromProject({ 'hydrant-radius': -5 }))).toThrow('project.json params.hydrant-radius (Hydrant protection radius) is -5, outside the allowed range: 1–1000 m');
    expect(() => resolveSitingOptions(fromCli({ 'candidate-spacing': '0' }))).toThrow('command-line option --candidate-spacing (Candidate grid spacing) is 0, outside the allowed range: 50–20000 m');
  });

  test('speeds pairs and mode are checked too', () => {
    const v = resolveParams<Record<string, unknown>>(FIRE_PARAMS);
    expect(() => fireOptionsFromParams({ ...v, speeds: 'primary=0' }, { kind: 'cli' })).toThrow('command-line option --speeds primary (Speed: primary) is 0, outside the allowed range: 1–130 km/h');
    expect(() => fireOptionsFromParams({ ...v, mode: 'teleport' }, { kind: 'project' })).toThrow(
      'project.json params.mode (Method (network / straight-line)) is "teleport"; allowed values: network, straight-line',
    );
  });
});

describe('the worker checks resolved options again', () => {
  test('fire options outside their range are refused, naming the task', () => {
    const good = fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS));
    expect(() => assertFireOptions('fireCoverage', good)).not.toThrow();
    expect(() => assertFireOptions('fireCoverage', { ...good, turnoutMinutes: -1 })).toThrow(
      'parameter turnout (Turnout time (professional crew)) of analysis task fireCoverage is -1, outside the allowed range: 0–30 min',
    );
    expect(() => assertFireOptions('fireCoverage', { ...good, speedsKmh: { ...good.speedsKmh, motorway: 1e9 } })).toThrow(/speed-motorway .* is 1000000000/);
    expect(() => assertFireOptions('fireCoverage', { ...good, statuses: ['existing', 'gone'] })).toThrow(/"gone" is not allowed/);
  });
});

describe('worker tasks refuse options out of range before any work', () => {
  test('hydrantGaps and siteFacilities name the task and the parameter', async () => {
    const { hydrantGapsTask } = await import('../../src/workers/tasks/hydrant-gaps.ts');
    const { siteFacilitiesTask } = await import('../../src/workers/tasks/site-facilities.ts');
    const stages: unknown[] = [];
    const empty = { type: 'FeatureCollection' as const, features: [] };
    expect(() => hydrantGapsTask({ input: { roads: empty, hydrants: empty, builtUp: null }, options: { radiusMeters: 1e9 } }, (p) => stages.push(p))).toThrow(
      'parameter hydrant-radius (Hydrant protection radius) of analysis task hydrantGaps is 1000000000, outside the allowed range: 1–1000 m',
    );
    const layers = { roads: null, builtUp: null, townships: null, fireStations: null, kindergartens: null, households: { kind: 'columns' as const, id: 'households' as const, count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} } };
    // the siting task is async (it loads the solver): refused as a rejected promise, still before any progress
    await expect(siteFacilitiesTask({ facility: 'kindergarten', layers, options: { count: 0 } }, (p) => stages.push(p))).rejects.toThrow(
      'parameter count (Number of new sites) of analysis task siteFacilities is 0, outside the allowed range: a whole number 1–50',
    );
    // refused before the first progress report: no work was started
    expect(stages).toEqual([]);
  });
});
