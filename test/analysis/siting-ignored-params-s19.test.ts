import { describe, expect, test } from 'vitest';
import { ignoredSitingParams, assertSitingOptions } from '../../analysis/siting-params.ts';
import { ParamError } from '../../analysis/params.ts';

// Session 19: a siting value in project.json params that the chosen model or facility does not
// read ran without a word (only the same value as a command-line option was refused); the worker's
// check of the resolved options skipped share and capacityPlaces.

const fire = { facility: 'fire', model: 'mclp', candidateSource: 'grid' } as const;

describe('ignoredSitingParams: project values the siting run does not read are named', () => {
  test('share with mclp: key, value, unit, model — zh and en', () => {
    const w = ignoredSitingParams(fire, { share: 80 });
    expect(w).toHaveLength(1);
    expect(w[0].code).toBe('param-not-used');
    expect(w[0].message.zh).toContain('project.json 的 params.share（集合覆盖目标覆盖率');
    expect(w[0].message.zh).toContain('为 80 %：只用于 lscp 模型，本次模型为 mclp，未使用该值');
    expect(w[0].message.en).toContain('project.json params.share (Set-covering target');
    expect(w[0].message.en).toContain('is 80 %: it applies to the lscp model only; the model is mclp, so it was not used');
  });

  test('count with lscp; backup-weight without backup; calls and busy minutes without mexclp', () => {
    const lscp = ignoredSitingParams({ ...fire, model: 'lscp' }, { count: 5, share: 80 });
    expect(lscp.map((w) => w.message.en)).toEqual([expect.stringContaining('params.count (Number of new sites) is 5: it applies to the mclp / backup / mexclp model only; the model is lscp')]);
    const mclp = ignoredSitingParams(fire, { 'backup-weight': 2, 'calls-per-year': 500, 'busy-minutes': 90 });
    expect(mclp.map((w) => w.message.en.split(' (')[0])).toEqual(['project.json params.backup-weight', 'project.json params.calls-per-year', 'project.json params.busy-minutes']);
    expect(mclp[2].message.en).toContain('is 90 min: it applies to the mexclp model only');
    // the models that read them: nothing said
    expect(ignoredSitingParams({ ...fire, model: 'backup' }, { 'backup-weight': 2, count: 4 })).toEqual([]);
    expect(ignoredSitingParams({ ...fire, model: 'mexclp' }, { 'calls-per-year': 500, 'busy-minutes': 90 })).toEqual([]);
  });

  test("the other facility's values: capacity-places in fire siting, objective in kindergarten siting", () => {
    const f = ignoredSitingParams(fire, { 'capacity-places': 180, 'kindergarten-classes': 8 });
    expect(f.map((w) => w.message.zh)).toEqual([
      expect.stringContaining('params.kindergarten-classes（新幼儿园班数（决定用地面积））为 8：只用于幼儿园选址，本次为消防站选址'),
      expect.stringContaining('params.capacity-places（每所新幼儿园学位数（0 = 不限，按服务半径覆盖计））为 180：只用于幼儿园选址，本次为消防站选址'),
    ]);
    const k = ignoredSitingParams({ facility: 'kindergarten', model: 'mclp', candidateSource: 'grid' }, { objective: 'built-up', 'capacity-places': 180 });
    expect(k.map((w) => w.message.en)).toEqual([expect.stringContaining('params.objective (Fire siting objective (households / built-up area)) is built-up: it applies to fire-station siting only; this is kindergarten siting')]);
    // capacity-places with kindergarten lscp: the capacitated model is mclp's
    const kl = ignoredSitingParams({ facility: 'kindergarten', model: 'lscp', candidateSource: 'grid' }, { 'capacity-places': 180 });
    expect(kl[0].message.en).toContain('is 180: it applies to the mclp model only; the model is lscp');
  });

  test('a fire-only model for kindergartens (sited with mclp); plot settings with grid candidates; the panel and candidate-source', () => {
    const k = ignoredSitingParams({ facility: 'kindergarten', model: 'mclp', candidateSource: 'grid' }, { model: 'backup' });
    expect(k[0].message.en).toContain('params.model');
    expect(k[0].message.en).toContain('is backup: kindergarten siting has the mclp and lscp models only; it was sited with mclp');
    expect(ignoredSitingParams(fire, { 'station-level': 'volunteer', 'plot-min-land': 900 }).map((w) => w.message.en)).toEqual([
      expect.stringContaining('is volunteer: it applies only when reserve plots are candidates (candidate-source plots / both); the candidates are the grid'),
      expect.stringContaining('params.plot-min-land'),
    ]);
    expect(ignoredSitingParams({ ...fire, candidateSource: 'plots' }, { 'station-level': 'volunteer', 'candidate-source': 'plots' })).toEqual([]);
    const panel = ignoredSitingParams({ ...fire, panel: true }, { 'candidate-source': 'plots', 'station-level': 'volunteer' });
    expect(panel.map((w) => w.message.zh)).toEqual([
      expect.stringContaining('params.candidate-source（候选点来源（grid 网格 / plots 土地储备地块 / both 两者））为 plots：选址面板只用网格候选点'),
      expect.stringContaining('选址面板只用网格候选点'),
    ]);
  });

  test("a scenario's own value is named with its scenario; options given on the command line and default values are not looked at", () => {
    const w = ignoredSitingParams(fire, { share: 80, count: 4 }, { name: '方案二', params: { share: 80 } });
    expect(w[0].message.en).toContain('project.json params.share (Set-covering target (lscp: fewest sites to reach this share)) of scenario "方案二" is 80 %');
    expect(w[0].message.zh).toContain('project.json 中方案“方案二”的 params.share');
    expect(ignoredSitingParams(fire, { share: 80 }, null, ['share'])).toEqual([]);
    // the default value: the run is the same whether read or not
    expect(ignoredSitingParams(fire, { share: 100, 'capacity-places': 0, 'station-level': 'level-1' })).toEqual([]);
    expect(ignoredSitingParams(fire, { share: '100' })).toEqual([]);
    expect(ignoredSitingParams(fire, undefined)).toEqual([]);
  });
});

describe('assertSitingOptions: the worker checks share and capacityPlaces as the CLI does', () => {
  const refused = (options: Record<string, unknown>) => {
    try {
      assertSitingOptions('siteFacilities', options);
    } catch (e) {
      expect(e).toBeInstanceOf(ParamError);
      return (e as Error).message;
    }
    return null;
  };

  test('share outside 1–100 % (as a fraction 0.01–1), or not a number, is refused naming the task (zh + en)', () => {
    const m = refused({ model: 'lscp', share: 5 });
    expect(m).toContain('分析任务 siteFacilities 的参数 share（集合覆盖目标覆盖率');
    expect(m).toContain('为 500，超出允许范围：1–100 %');
    expect(m).toContain('parameter share (Set-covering target (lscp: fewest sites to reach this share)) of analysis task siteFacilities is 500, outside the allowed range: 1–100 %');
    expect(refused({ share: 0 })).toContain('is 0, outside the allowed range: 1–100 %');
    expect(refused({ share: Number.NaN })).toContain('must be a finite number');
    expect(refused({ share: 'all' })).toContain('must be a number, got "all"');
    expect(refused({ share: 0.8 })).toBeNull();
    expect(refused({ share: 1 })).toBeNull();
    expect(refused({ share: 0.07 })).toBeNull(); // 7.000000000000001 % before rounding: still in range
  });

  test('capacityPlaces outside 0–2000 or not a number is refused; undefined (no limit) passes', () => {
    expect(refused({ capacityPlaces: -3 })).toContain('parameter capacity-places (Places per new kindergarten (0 = no limit: coverage by radius only)) of analysis task siteFacilities is -3, outside the allowed range: 0–2000');
    expect(refused({ capacityPlaces: 5000 })).toContain('超出允许范围：0–2000');
    expect(refused({ capacityPlaces: Number.POSITIVE_INFINITY })).toContain('must be a finite number');
    expect(refused({ capacityPlaces: '180' })).toBeNull(); // numeric text is read as the parameter is
    expect(refused({ capacityPlaces: true })).toContain('must be a number, got true');
    expect(refused({ capacityPlaces: undefined, count: 3 })).toBeNull();
    expect(refused({ capacityPlaces: 180 })).toBeNull();
  });
});

describe('the siting worker task refuses share and capacityPlaces before any work', () => {
  test('kindergarten share 5 (500 %), capacityPlaces -3; fire share "all": rejected naming the task, no progress reported', async () => {
    const { siteFacilitiesTask } = await import('../../src/workers/tasks/site-facilities.ts');
    const layers = { roads: null, builtUp: null, townships: null, fireStations: null, kindergartens: null, households: { kind: 'columns' as const, id: 'households' as const, count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} } };
    const stages: unknown[] = [];
    await expect(siteFacilitiesTask({ facility: 'kindergarten', layers, options: { model: 'lscp', share: 5 } }, (p) => stages.push(p))).rejects.toThrow(
      'parameter share (Set-covering target (lscp: fewest sites to reach this share)) of analysis task siteFacilities is 500, outside the allowed range: 1–100 %',
    );
    await expect(siteFacilitiesTask({ facility: 'kindergarten', layers, options: { capacityPlaces: -3 } }, (p) => stages.push(p))).rejects.toThrow('分析任务 siteFacilities 的参数 capacity-places（每所新幼儿园学位数（0 = 不限，按服务半径覆盖计））为 -3，超出允许范围：0–2000');
    await expect(siteFacilitiesTask({ facility: 'fire', layers, options: { model: 'lscp', share: 'all' as unknown as number } }, (p) => stages.push(p))).rejects.toThrow('must be a number, got "all"');
    expect(stages).toEqual([]);
  });
});
