import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, computeFireFacts, runRules, RULES } from '../../analysis/rules/run-rules.ts';
import type { RuleResult, RulesInput } from '../../analysis/rules/rule.ts';
import { clauseSourceText, ruleRows } from '../../analysis/rules/rules-sheets.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';

// Every rule on a hand-made case that passes and one that fails, naming the failing objects.
type FC = FeatureCollection<Geometry | null>;

const defaults = () => resolveParams<Record<string, unknown>>(ALL_RULE_PARAMS);

function run(id: string, input: RulesInput, params: Record<string, unknown> = {}): RuleResult {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return runRules(input, { ...defaults(), ...params }, [rule])[0];
}

const ids = (r: RuleResult) => r.objects.map((o) => o.id);

function point(x: number, y: number, props: Record<string, unknown>): Feature<Point> {
  return { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: pt(x, y) } };
}

function box(x0: number, y0: number, x1: number, y1: number, props: Record<string, unknown>): Feature<Polygon> {
  return { type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] } };
}

function points(features: Feature[]): FC {
  return { type: 'FeatureCollection', features } as FC;
}

/** Households as columns: each row [id, township, village, heating, persons, co_alarm, new_user?, stove_subsidy?]. */
function createHouseholds(rows: [string, string, string, string, number, boolean | null][], extra: Record<string, (string | null)[]> = {}): ColumnLayerData {
  const n = rows.length;
  const columns: ColumnLayerData['columns'] = {
    township: { type: 'string', values: rows.map((r) => r[1]) },
    village: { type: 'string', values: rows.map((r) => r[2]) },
    heating: { type: 'string', values: rows.map((r) => r[3]) },
    persons: { type: 'number', values: new Float64Array(rows.map((r) => r[4])) },
    co_alarm: { type: 'boolean', values: new Uint8Array(rows.map((r) => (r[5] === null ? 255 : r[5] ? 1 : 0))) },
  };
  for (const [k, v] of Object.entries(extra)) columns[k] = { type: 'string', values: v };
  return { kind: 'columns', id: 'households', count: n, lon: new Float64Array(rows.map((_, i) => pt(i * 10, 0)[0])), lat: new Float64Array(rows.map(() => pt(0, 0)[1])), ids: rows.map((r) => r[0]), columns };
}

// The fire county: one 36 km/h road along y = 0, a township and a built-up strip y −100…100 over its
// length, a station at x = 0 with 1 min turnout. Cells of 100 m: centres x = 50, 150, …; a centre is
// reached at 60 + x / 10 s (engine at the nearest road point, the walk leg off).
function fireInput(lengthM: number, stationProps: Record<string, unknown> = {}): RulesInput {
  const input: RulesInput = {
    roads: fc([road([[0, 0], [lengthM, 0]])]) as FC,
    townships: points([box(0, -100, lengthM, 100, { name: '恒州镇' })]),
    builtUp: points([box(0, -100, lengthM, 100, { name: '城区' })]),
    fireStations: points([point(0, 0, { id: 'FS-1', name: '一站', level: 'level1', status: 'existing', ...stationProps })]),
  };
  input.fire = computeFireFacts(input, { speedsKmh: { primary: 36, other: 36 }, cellSizeMeters: 100 });
  return input;
}

describe('fire brigade rules', () => {
  test('FIRE-01 built-up target: 60 % on a 4 km strip fails the 80 % target naming the built-up area; a 2 km strip (100 %) passes', () => {
    // 4 km: centres up to x = 2350 reached (60 + 235 ≤ 300): 24 of 40 per row = 60 %
    const fail = run('FIRE-01', fireInput(4000));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['城区']);
    expect(fail.objects[0].why.zh).toContain('60%');
    expect(fail.clause).toMatchObject({ source: expect.stringContaining('seed 002'), secondary: false });
    // the statuses counted, in the summary's language (was: 站点状态：existing in the Chinese summary)
    expect(fail.summary.zh).toContain('站点状态：现有；');
    expect(fail.summary.en).toContain('stations: existing;');
    expect(run('FIRE-01', fireInput(2000)).status).toBe('pass');
    expect(run('FIRE-01', { fireStations: points([]) }).status).toBe('na');
  });

  test('FIRE-02 district area: 0.8 km² passes the 7 km² of a 一级站, fails a station limit of 0.5 km²', () => {
    const pass = run('FIRE-02', fireInput(4000));
    expect(pass.status).toBe('pass');
    const fail = run('FIRE-02', fireInput(4000, { district_limit_km2: 0.5 }));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-1']);
    expect(fail.objects[0].why.en).toMatch(/0\.8 km², limit 0\.5 km²/);
    expect(fail.clause.secondary).toBe(true);
  });

  test('FIRE-03 district edge in 5 min: a 4 km district has 32 cells beyond 5 min, the farthest at 7.6 min; a 2 km one passes', () => {
    const fail = run('FIRE-03', fireInput(4000));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-1']);
    // centres x = 2450 … 3950 (16 per row, 2 rows); farthest 60 + 395 = 455 s = 7.6 min
    expect(fail.objects[0].why.en).toMatch(/^32 cells of its district \(first-due area\) beyond 5 min; farthest point 7\.6 min/);
    expect(fail.objects[0].lon).toBeCloseTo(pt(3950, 0)[0], 4);
    expect(run('FIRE-03', fireInput(2000)).status).toBe('pass');
  });

  test('FIRE-03 with a volunteer team (志愿消防队, 3 min turnout) fails where a professional station passes', () => {
    // 2 km: 180 + 195 = 375 s for the last centre; 180 + x/10 ≤ 300 → x ≤ 1200: centres 1250 … 1950 far (8 per row)
    const r = run('FIRE-03', fireInput(2000, { level: 'volunteer' }));
    expect(r.status).toBe('fail');
    expect(r.objects[0].why.en).toMatch(/^16 cells/);
  });

  test('FIRE-04 vehicles vs level: 13 vehicles at a 一级站 (5–7) fail, 6 pass, no count is n/a', () => {
    const st = (vehicles: unknown, level = 'level1') => ({ fireStations: points([point(0, 0, { id: 'FS-01', name: '恒州路站', level, status: 'existing', vehicles })]) });
    const fail = run('FIRE-04', st(13));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-01']);
    expect(fail.objects[0].why.zh).toBe('13 辆车，一级站应为 5–7 辆');
    expect(run('FIRE-04', st(6)).status).toBe('pass');
    expect(run('FIRE-04', st(3, '二级站')).status).toBe('pass');
    expect(run('FIRE-04', st(undefined)).status).toBe('na');
  });

  test('FIRE-05 station 30 m from a kindergarten fails (< 50 m), 80 m passes', () => {
    const input = (dx: number) => ({
      fireStations: points([point(0, 0, { id: 'FS-P', name: '拟建站', status: 'proposed' })]),
      kindergartens: points([point(dx, 0, { id: 'K1', name: '东园' })]),
    });
    const fail = run('FIRE-05', input(30));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-P']);
    expect(fail.objects[0].why.zh).toContain('东园 30 m');
    expect(run('FIRE-05', input(80)).status).toBe('pass');
  });

  test('FIRE-06 narrow lanes: a 3.5 m 村道 and a track without width (3 m default) are listed; 4 m passes', () => {
    const roads = fc([
      road([[0, 0], [100, 0]], { id: 'R1', name: '东巷', class: '村道', width_m: 3.5 }),
      road([[0, 10], [100, 10]], { id: 'R2', name: '', class: 'track' }),
      road([[0, 20], [100, 20]], { id: 'R3', name: '西街', class: '村道', width_m: 4 }),
      road([[0, 30], [100, 30]], { id: 'R4', name: '南路', class: '村道' }),
    ]) as FC;
    const r = run('FIRE-06', { roads });
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['R1', 'R2']);
    expect(r.objects[1].why.zh).toBe('宽 3 m（按道路等级默认值），< 4 m');
    expect(run('FIRE-06', { roads }, { 'lane-min-width': 3 }).status).toBe('pass');
  });

  test('FIRE-06 clear height: a road under a 3.2 m archway is listed, a 4.5 m one and a road without clear_height_m pass; 0 turns the check off', () => {
    const roads = fc([
      road([[0, 0], [100, 0]], { id: 'H1', name: '城门洞', class: 'residential', width_m: 6, clear_height_m: 3.2 }),
      road([[0, 10], [100, 10]], { id: 'H2', name: '桥下路', class: 'residential', width_m: 6, clear_height_m: 4.5 }),
      road([[0, 20], [100, 20]], { id: 'H3', name: '西街', class: 'residential', width_m: 6 }),
      road([[0, 30], [100, 30]], { id: 'H4', name: '窄巷', class: 'residential', width_m: 3, clear_height_m: 2.8 }),
    ]) as FC;
    const r = run('FIRE-06', { roads });
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['H1', 'H4']);
    expect(r.objects[0].why.zh).toBe('净空高度 3.2 m，< 4 m');
    expect(r.objects[1].why.en).toBe('3 m wide, < 4 m; clear height 2.8 m, < 4 m');
    expect(r.summary?.zh).toContain('限高 2 条');
    expect(ids(run('FIRE-06', { roads }, { 'lane-min-height': 0 }))).toEqual(['H4']);
    expect(run('FIRE-06', { roads }, { 'lane-min-height': 3 }).status).toBe('fail'); // H4 still narrow
  });
});

describe('hydrant, planning and resource rules', () => {
  test('HYD-01 in working order: a broken crane fails and is named; under construction is not counted', () => {
    const h = (status: string) => ({
      hydrants: points([point(0, 0, { id: 'X1', kind: 'hydrant', status: 'working', road: '南环路' }), point(50, 0, { id: 'C1', kind: 'water_crane', status, road: '南环路' }), point(90, 0, { id: 'X2', kind: 'hydrant', status: 'under_construction' })]),
    });
    const fail = run('HYD-01', h('broken'));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['C1']);
    // the road names it; what broke is said in the reason, in both languages (was: name '消防水鹤 南环路', Chinese in the English UI)
    expect(fail.objects[0].name).toBe('南环路');
    expect(fail.objects[0].why).toEqual({ zh: '消防水鹤损坏', en: 'water crane broken' });
    expect(run('HYD-01', h('working')).status).toBe('pass');
  });

  test('HYD-02 crane reach: a working crane 500 m from 城区 passes 1,000 m; 东镇 2,000 m away fails; a broken crane does not count', () => {
    const input = (status: string) => ({
      builtUp: points([box(0, 0, 1000, 1000, { name: '城区' }), box(3500, 0, 4500, 1000, { name: '东镇' })]),
      hydrants: points([point(1500, 500, { id: 'C1', kind: 'water_crane', status }), point(500, 500, { id: 'X1', kind: 'hydrant', status: 'working' })]),
    });
    const fail = run('HYD-02', input('working'));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['东镇']);
    expect(fail.objects[0].why.zh).toBe('最近的完好水鹤 2000 m（> 1000 m）');
    expect(run('HYD-02', input('working'), { 'crane-reach': 2500 }).status).toBe('pass');
    const broken = run('HYD-02', input('broken'));
    expect(ids(broken)).toEqual(['城区', '东镇']);
    expect(broken.objects[0].why.en).toBe('no working water crane');
  });

  test('KG-01 central kindergartens: 羊平镇 with only a private and a village site fails; 恒州镇 has one', () => {
    const input = {
      townships: points([box(0, 0, 10, 10, { name: '恒州镇' }), box(20, 0, 30, 10, { name: '羊平镇' })]),
      kindergartens: points([
        point(0, 0, { id: 'K1', name: '恒州镇中心幼儿园', ownership: 'public', township: '恒州镇' }),
        point(0, 0, { id: 'K2', name: '羊平镇中心幼儿园', ownership: 'private', township: '羊平镇' }),
        point(0, 0, { id: 'K3', name: '东羊平村幼儿园', ownership: 'public', township: '羊平镇' }),
      ]),
    };
    const r = run('KG-01', input);
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['羊平镇']);
    input.kindergartens.features[2].properties = { id: 'K3', name: '东羊平村幼儿园', ownership: 'public', township: '羊平镇', central: true };
    expect(run('KG-01', input).status).toBe('pass');
  });

  test('KG-02 places per 1,000: 1,000 residents need 30 places; 25 offered fails by 5, 30 passes', () => {
    const households = createHouseholds([['h1', '恒州镇', '东村', 'gas', 600, true], ['h2', '恒州镇', '西村', 'gas', 400, true]]);
    const kg = (capacity: number) => points([point(0, 0, { id: 'K1', township: '恒州镇', capacity })]);
    const fail = run('KG-02', { households, kindergartens: kg(25) });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['恒州镇']);
    expect(fail.objects[0].why.zh).toBe('1000 人需 30 个学位，现有 25 个，缺 5');
    expect(fail.table?.rows).toEqual([['恒州镇', 1000, 30, 25, -5]]);
    expect(run('KG-02', { households, kindergartens: kg(30) }).status).toBe('pass');
    expect(run('KG-02', { households, kindergartens: kg(25) }, { 'kg-places-per-1000': 20 }).status).toBe('pass');
  });

  test('KG-03 class size: 72 children in 2 classes (36) fails, in 3 classes passes, no classes is n/a', () => {
    const kg = (classes?: number) => ({ kindergartens: points([point(0, 0, { id: 'K1', name: '东园', enrolled: 72, classes })]) });
    const fail = run('KG-03', kg(2));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['K1']);
    expect(run('KG-03', kg(3)).status).toBe('pass');
    expect(run('KG-03', kg()).status).toBe('na');
  });

  test('HEAT-01 a coal point per village: 北岭村 (2 clean-coal households) has none; 南岭村 has one by name; gas villages need none', () => {
    const households = createHouseholds([
      ['h1', '灵山镇', '北岭村', 'clean_coal', 3, true],
      ['h2', '灵山镇', '北岭村', 'clean_coal', 3, true],
      ['h3', '灵山镇', '南岭村', 'clean_coal', 3, true],
      ['h4', '灵山镇', '平原村', 'gas', 3, null],
    ]);
    const sp = (names: string[]) => points(names.map((n, i) => point(0, 0, { id: `P${i}`, name: n, kind: 'coal_point', township: '灵山镇' })));
    const fail = run('HEAT-01', { households, servicePoints: sp(['南岭村洁净煤配送点']) });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['北岭村']);
    expect(fail.objects[0].why.zh).toBe('2 户洁净煤，无村配送点');
    expect(run('HEAT-01', { households, servicePoints: sp(['南岭村洁净煤配送点', '北岭村洁净煤配送点']) }).status).toBe('pass');
  });

  test('HEAT-02 CO alarms for new clean-coal users: h2 without one fails; an old user (new_user 否) is not checked', () => {
    const rows: [string, string, string, string, number, boolean | null][] = [
      ['h1', '灵山镇', '北岭村', 'clean_coal', 3, true],
      ['h2', '灵山镇', '北岭村', 'clean_coal', 3, false],
      ['h3', '灵山镇', '北岭村', 'gas', 3, false],
    ];
    const fail = run('HEAT-02', { households: createHouseholds(rows) });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['h2']);
    expect(fail.summary.en).toBe('2 new clean-coal households (2 without new_user, taken as new), 1 without a CO alarm');
    expect(run('HEAT-02', { households: createHouseholds(rows, { new_user: ['是', '否', '是'] }) }).status).toBe('pass');
  });

  test('HEAT-03 stove subsidy only for new users: an old user with a subsidy fails; without the fields n/a', () => {
    const rows: [string, string, string, string, number, boolean | null][] = [
      ['h1', '灵山镇', '北岭村', 'clean_coal', 3, true],
      ['h2', '灵山镇', '北岭村', 'clean_coal', 3, true],
    ];
    const fail = run('HEAT-03', { households: createHouseholds(rows, { new_user: ['true', 'false'], stove_subsidy: ['1000', '1000'] }) });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['h2']);
    expect(run('HEAT-03', { households: createHouseholds(rows, { new_user: ['true', 'false'], stove_subsidy: ['1000', '0'] }) }).status).toBe('pass');
    expect(run('HEAT-03', { households: createHouseholds(rows) }).status).toBe('na');
  });

  test('HEAT-04 maintenance per 双代 township: 晓林乡 without one fails; clean-coal-only townships need none', () => {
    const households = createHouseholds([
      ['h1', '恒州镇', '东村', 'gas', 3, null],
      ['h2', '晓林乡', '北村', 'electric', 3, null],
      ['h3', '灵山镇', '岭村', 'clean_coal', 3, true],
    ]);
    const m = (towns: string[]) => points(towns.map((t, i) => point(0, 0, { id: `M${i}`, kind: 'maintenance', township: t })));
    const fail = run('HEAT-04', { households, servicePoints: m(['恒州镇']) });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['晓林乡']);
    expect(run('HEAT-04', { households, servicePoints: m(['恒州镇', '晓林乡']) }).status).toBe('pass');
  });

  test('HEAT-02/03/04 on a ledger with none of the households they check are n/a, not ✓ (an OSM import has an empty households layer)', () => {
    const gasOnly: [string, string, string, string, number, boolean | null][] = [['h1', '灵山镇', '北岭村', 'gas', 3, false]];
    const none = createHouseholds([]);
    for (const hh of [none, createHouseholds(gasOnly, { new_user: ['是'], stove_subsidy: ['0'] })]) {
      const heat2 = run('HEAT-02', { households: hh });
      expect(heat2.status).toBe('na');
      expect(heat2.summary.en).toBe('No new clean-coal households');
      expect(run('HEAT-03', { households: createHouseholds(hh.count ? gasOnly : [], { new_user: hh.count ? ['是'] : [], stove_subsidy: hh.count ? ['0'] : [] }) }).status).toBe('na');
    }
    const heat4 = run('HEAT-04', { households: none });
    expect(heat4.status).toBe('na');
    expect(heat4.summary.en).toBe('No 双代 households');
    expect(run('HEAT-04', { households: createHouseholds([['h1', '灵山镇', '北岭村', 'clean_coal', 3, true]]) }).status).toBe('na');
  });

  test('RES-01 plot area: a 100 × 100 m plot (15 亩) declared 15 passes, declared 20 fails by −25 %', () => {
    const plots = (mu: number) => ({ reservePlots: points([box(0, 0, 100, 100, { id: 'D1', name: '一号地', area_mu: mu })]) });
    expect(run('RES-01', plots(15)).status).toBe('pass');
    const fail = run('RES-01', plots(20));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['D1']);
    // the ellipsoidal area of the 100 m square (analysis/geo.ts) is 15.00 亩
    expect(fail.objects[0].why.en).toMatch(/^drawn 1[45]\.\d\d mu, declared 20 mu, -25\.\d %/);
  });
});

describe('HEAT-05 gas inspections', () => {
  test('twice in the 12 months up to the ledger’s latest date passes; h2 (once; one date a year earlier) and h3 (unreadable) fail and are named', () => {
    const households = createHouseholds(
      [['h1', '甲镇', '东村', 'gas', 3, true], ['h2', '甲镇', '东村', 'gas', 3, true], ['h3', '甲镇', '西村', '气代煤', 3, true], ['h4', '甲镇', '西村', 'clean_coal', 3, true]],
      { inspection_dates: ['2024-03-05；2024/10/12', '2023-10-01、2024.10.12', '去年', null] },
    );
    const r = run('HEAT-05', { households });
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['h2', 'h3']);
    expect(r.objects[0].why.en).toBe('1 inspections from 2023-10-13 to 2024-10-12 (< 2)');
    expect(r.summary.en).toContain('3 gas households; 2 inspected fewer than 2 times');
    expect(run('HEAT-05', { households }, { 'gas-inspections-per-year': 1 }).objectCount).toBe(1);
    const ok = createHouseholds([['h1', '甲镇', '东村', 'gas', 3, true]], { inspection_dates: ['2024-03-05;2024-10-12'] });
    expect(run('HEAT-05', { households: ok }).status).toBe('pass');
    expect(run('HEAT-05', { households: createHouseholds([['h1', '甲镇', '东村', 'gas', 3, true]]) }).status).toBe('na');
  });
});

describe('the runner', () => {
  test('every rule has an id, a clause with source and article, a group and known parameters; ids are unique', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.clause.source.length).toBeGreaterThan(0);
      expect(r.clause.article.length).toBeGreaterThan(0);
      expect(['fire', 'planners', 'resources']).toContain(r.group);
      for (const k of r.params) expect(ALL_RULE_PARAMS.some((d) => d.key === k)).toBe(true);
    }
  });

  test('an empty project: every rule is n/a (nothing to check is never a pass)', () => {
    const results = runRules({}, defaults());
    expect(results).toHaveLength(RULES.length);
    expect(results.filter((r) => r.status !== 'na').map((r) => r.id)).toEqual([]);
  });

  test('the sources in Chinese name the plans without the English word seed (session 15 walk: “seed 002 曲阳县…” in the panel and 规范检查.xlsx)', () => {
    const results = runRules({}, defaults());
    const zhRows = ruleRows(results, 'zh').rows;
    expect(zhRows.filter((row) => /seed/i.test(String(row[3]))).map((row) => row[0])).toEqual([]);
    expect(results.some((r) => r.clause.source.includes('seed 002'))).toBe(true);
    expect(clauseSourceText('seed 002 曲阳县消防事业发展“十四五”规划；GB 50974-2014', 'zh')).toBe('曲阳县消防事业发展“十四五”规划（种子文件002）；GB 50974-2014');
    expect(clauseSourceText('GB 50974-2014；seed 000 A 方案；seed 004 B 方案', 'zh')).toBe('GB 50974-2014；A 方案（种子文件000）；B 方案（种子文件004）');
    // in English the seed number stays and the title is English (session 16; was the Chinese title)
    expect(clauseSourceText('seed 002 曲阳县消防事业发展“十四五”规划', 'en')).toBe('seed 002 Quyang County fire services plan, 14th Five-Year period');
  });

  test('lists at most 500 objects and counts them all', () => {
    const roads = fc(Array.from({ length: 600 }, (_, i) => road([[0, i * 10], [50, i * 10]], { id: `R${i}`, class: '村道', width_m: 3 }))) as FC;
    const r = run('FIRE-06', { roads });
    expect(r.objects).toHaveLength(500);
    expect(r.objectCount).toBe(600);
    expect(r.truncated).toBe(true);
  });
});
