import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, runRules, RULES } from '../../analysis/rules/run-rules.ts';
import type { RuleResult, RulesInput } from '../../analysis/rules/rule.ts';
import { hydrantPlanTable, PLAN_HYDRANT_TABLE } from '../../analysis/hydrant-plan-table.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';

// The hydrant placement rules (HYD-03 … HYD-06) and the plan-table count, on hand-made streets in
// metres around (114.7°E, 38.6°N).
type FC = FeatureCollection<Geometry | null>;

function run(id: string, input: RulesInput, params: Record<string, unknown> = {}): RuleResult {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return runRules(input, { ...resolveParams<Record<string, unknown>>(ALL_RULE_PARAMS), ...params }, [rule])[0];
}
const ids = (r: RuleResult) => r.objects.map((o) => o.id);
const point = (x: number, y: number, props: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: pt(x, y) } });
const box = (x0: number, y0: number, x1: number, y1: number, props: Record<string, unknown>): Feature<Polygon> => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] } });
const fcOf = (features: Feature[]): FC => ({ type: 'FeatureCollection', features }) as FC;

/**
 * A grid: 南环路 along y = 0 from x = 0 to 1,000 (noded at the crossings), 太行路 along x = 0 and
 * 东环路 along x = 1,000 from y = 0 to 500, 正阳街 along x = 500 (y 0…500); built-up over all of it.
 */
function createStreets(): FC {
  return fc([
    road([[0, 0], [500, 0]], { name: '南环路', class: '主干路', width_m: 30 }),
    road([[500, 0], [1000, 0]], { name: '南环路', class: '主干路', width_m: 30 }),
    road([[0, 0], [0, 500]], { name: '太行路', class: '主干路', width_m: 18 }),
    road([[500, 0], [500, 500]], { name: '正阳街', class: '次干路', width_m: 18 }),
    road([[1000, 0], [1000, 500]], { name: '东环路', class: '主干路', width_m: 18 }),
  ]) as FC;
}
const builtUp = () => fcOf([box(-100, -100, 1100, 600, { name: '城区' })]);

describe('hydrantPlanTable: counted the way the plan counts (segment from–to)', () => {
  test('南环路 (太行路 → 正阳街): 2 built (one broken) on the stretch; one beyond 正阳街, a crane and one under construction are not counted', () => {
    const hydrants = fcOf([
      point(100, -17, { id: 'A', kind: 'hydrant', status: 'working', road: '南环路' }),
      point(300, -17, { id: 'B', kind: 'hydrant', status: 'broken', road: '南环路' }),
      point(700, -17, { id: 'C', kind: 'hydrant', status: 'working', road: '南环路' }),
      point(200, -17, { id: 'K', kind: 'water_crane', status: 'working', road: '南环路' }),
      point(400, -17, { id: 'U', kind: 'hydrant', status: 'under_construction', road: '南环路' }),
    ]);
    const t = hydrantPlanTable({ roads: createStreets(), hydrants }, [
      { road: '南环路', from: '太行路', to: '正阳街', count: 2 },
      { road: '南环路', from: '正阳街', to: '东环路', count: 2 },
      { road: '北环路', from: '太行路', to: '东环路', count: 1 },
    ]);
    expect(t.rows.map((r) => [r.counted, r.ids, r.lengthM, r.agrees])).toEqual([
      [2, ['A', 'B'], 500, true],
      [1, ['C'], 500, false],
      [null, [], null, false],
    ]);
    expect(t.rows[0].byRoadField).toBe(3);
    expect(t.rows[2].problem?.en).toBe('No road named “北环路” on the map');
    expect(t.agreeing).toBe(1);
  });

  test('a hydrant 12 m from 正阳街 but recorded on 南环路, 15 m off it, counts for 南环路 (its road field decides between roads in reach)', () => {
    const hydrants = fcOf([point(488, 15, { id: 'A', kind: 'hydrant', status: 'working', road: '南环路' })]);
    const rows = [{ road: '南环路', from: '太行路', to: '正阳街', count: 1 }, { road: '正阳街', from: '南环路', to: '东环路', count: 0 }];
    const t = hydrantPlanTable({ roads: createStreets(), hydrants }, rows);
    expect(t.rows[0].counted).toBe(1);
    const unrecorded = hydrantPlanTable({ roads: createStreets(), hydrants: fcOf([point(488, 15, { id: 'A', kind: 'hydrant', status: 'working' })]) }, rows);
    expect(unrecorded.rows[0].counted).toBe(0);
  });

  test('alsoNamed joins a stretch the map names differently: 南环路 west of 正阳街 called 南环西路', () => {
    const roads = createStreets();
    roads.features[0].properties = { name: '南环西路' };
    const hydrants = fcOf([point(100, -17, { id: 'A', kind: 'hydrant', status: 'working', road: '南环路' }), point(700, -17, { id: 'C', kind: 'hydrant', status: 'working', road: '南环路' })]);
    expect(hydrantPlanTable({ roads, hydrants }, [{ road: '南环路', from: '太行路', to: '东环路', count: 2 }]).rows[0].problem?.en).toBe('“南环路” does not meet “太行路” or “东环路” (nearest 500 m)');
    const joined = hydrantPlanTable({ roads, hydrants }, [{ road: '南环路', from: '太行路', to: '东环路', count: 2, alsoNamed: ['南环西路'] }]).rows[0];
    expect([joined.counted, joined.lengthM, joined.agrees]).toEqual([2, 1000, true]);
  });
});

describe('HYD-06: the plan table is one county\'s', () => {
  test('a map with none of the plan\'s roads (another county) is n/a, not 9 failures; one plan road on the map makes it apply', () => {
    const hydrants = fcOf([point(100, -17, { id: 'A', kind: 'hydrant', status: 'working' })]);
    const other = fc([road([[0, 0], [1000, 0]], { name: 'Boulevard Albert 1er' }), road([[0, 0], [0, 500]], { name: 'Rue Grimaldi' })]) as FC;
    const t = hydrantPlanTable({ roads: other, hydrants });
    expect(t.roadsOnMap).toBe(0);
    const na = run('HYD-06', { roads: other, hydrants, region: '130634' });
    expect(na.status).toBe('na');
    expect(na.summary.en).toContain(`Not one of the ${PLAN_HYDRANT_TABLE.rows.length} roads of the plan’s 专栏1 is on the map`);
    expect(na.objects).toEqual([]);
    // the hand-made streets have 南环路, 太行路, 正阳街 of the plan: it applies (and fails: 0 hydrants counted against 15 …)
    expect(hydrantPlanTable({ roads: createStreets(), hydrants }).roadsOnMap).toBe(3);
    expect(run('HYD-06', { roads: createStreets(), hydrants, region: '130634' }).status).toBe('fail');
  });

  test('a project stating another region code, or none, is n/a even with the plan\'s road names on its map; Quyang\'s code compares', () => {
    const hydrants = fcOf([point(100, -17, { id: 'A', kind: 'hydrant', status: 'working' })]);
    // 南环路, 太行路, 正阳街 are common names: a county of Shijiazhuang (130102) may well have them
    const other = run('HYD-06', { roads: createStreets(), hydrants, region: '130102' });
    expect(other.status).toBe('na');
    expect(other.summary.zh).toBe('规划专栏1 是曲阳县（区划代码 130634）的表，本项目的区划代码为 130102，不比对');
    expect(other.objects).toEqual([]);
    expect(run('HYD-06', { roads: createStreets(), hydrants, region: '130634' }).status).toBe('fail');
    // no region code (a project made with 新建项目 before session 16): n/a, saying what to fill in (was: fail, judged by road names)
    const none = run('HYD-06', { roads: createStreets(), hydrants });
    expect(none.status).toBe('na');
    expect(none.summary.zh).toBe('本项目没有行政区划代码（project.json 的 region），不与曲阳县（130634）规划专栏1 比对；若本项目是曲阳县，请在“项目信息”中填写 130634');
    expect(none.objects).toEqual([]);
    // a township-level code of Quyang (130634100) is Quyang too
    expect(run('HYD-06', { roads: createStreets(), hydrants, region: '130634100' }).status).toBe('fail');
  });
});

describe('hydrantGaps: water cranes have their own reach', () => {
  test('a working crane alone covers nothing as a hydrant; with cranesAsHydrants it covers 150 m either side', () => {
    const input = { roads: fc([road([[0, 0], [1000, 0]], { name: '南环路' })]) as FC, hydrants: fcOf([point(500, 0, { id: 'K', kind: 'water_crane', status: 'working' })]) };
    const r = hydrantGaps(input);
    expect(r.coveredRoadLengthKm).toBe(0);
    expect([r.hydrants.total, r.hydrants.cranes, r.hydrants.counted, r.hydrants.working]).toEqual([1, 1, 0, 1]);
    expect(hydrantGaps(input, { cranesAsHydrants: true }).coveredRoadLengthKm).toBeCloseTo(0.3, 3);
  });
});

describe('hydrant placement rules', () => {
  test('HYD-03 roads wider than 60 m: a 70 m road with hydrants on one side fails and is named; one on each side passes; a 30 m road is n/a', () => {
    const roads = fc([road([[0, 0], [1000, 0]], { name: '大道', width_m: 70 })]) as FC;
    const oneSide = fcOf([point(200, 40, { id: 'A', kind: 'hydrant', status: 'working' }), point(600, 40, { id: 'B', kind: 'hydrant', status: 'working' })]);
    const fail = run('HYD-03', { roads, hydrants: oneSide, builtUp: builtUp() });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['大道#0']);
    expect(fail.objects[0].why.en).toBe('70 m wide, 1000 m long: 2 working hydrants on the left, 0 on the right');
    const both = fcOf([point(200, 40, { id: 'A', kind: 'hydrant', status: 'working' }), point(600, -40, { id: 'B', kind: 'hydrant', status: 'working' })]);
    expect(run('HYD-03', { roads, hydrants: both, builtUp: builtUp() }).status).toBe('pass');
    const narrow = fc([road([[0, 0], [1000, 0]], { name: '大道', width_m: 30 })]) as FC;
    expect(run('HYD-03', { roads: narrow, hydrants: oneSide, builtUp: builtUp() }).status).toBe('na');
  });

  test('HYD-04 intersections: 南环路 × 正阳街 with a hydrant 20 m away passes; the two ends of 南环路 fail, named with their distance', () => {
    const hydrants = fcOf([point(480, -12, { id: 'A', kind: 'hydrant', status: 'working' })]);
    const r = run('HYD-04', { roads: createStreets(), hydrants, builtUp: builtUp() });
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['东环路 × 南环路', '南环路 × 太行路']);
    expect(r.objects.map((o) => o.why.en)).toEqual(['nearest built hydrant or crane 520 m (> 60 m)', 'nearest built hydrant or crane 480 m (> 60 m)']);
    const all = fcOf([point(20, -12, { id: 'A', kind: 'hydrant', status: 'broken' }), point(480, -12, { id: 'B', kind: 'hydrant', status: 'working' }), point(990, 15, { id: 'C', kind: 'water_crane', status: 'working' })]);
    expect(run('HYD-04', { roads: createStreets(), hydrants: all, builtUp: builtUp() }).status).toBe('pass');
    expect(run('HYD-04', { roads: createStreets(), hydrants: all }).status).toBe('na');
  });

  test('HYD-05 crane spacing: cranes 900 m apart along 南环路 fail at 800 m and pass at the 2,000 m default; one crane per road is n/a', () => {
    const hydrants = fcOf([point(50, -17, { id: 'K1', kind: 'water_crane', status: 'working' }), point(950, 17, { id: 'K2', kind: 'water_crane', status: 'broken' }), point(500, -17, { id: 'X', kind: 'hydrant', status: 'working' })]);
    const fail = run('HYD-05', { roads: createStreets(), hydrants }, { 'crane-spacing': 800 });
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['K1→K2']);
    expect(fail.objects[0]).toMatchObject({ name: '南环路', why: { en: '900 m apart along the road (> 800 m)' } });
    expect(run('HYD-05', { roads: createStreets(), hydrants }).status).toBe('pass');
    expect(run('HYD-05', { roads: createStreets(), hydrants: fcOf([hydrants.features[0] as Feature]) }).status).toBe('na');
  });
});

describe('the demo county', () => {
  test('counted the way the plan counts, the demo reproduces the nine figures of 专栏1 (15, 3, 4, 21, 3, 2, 5, 3, 2)', () => {
    const dir = resolve(import.meta.dirname, '../../data/demo');
    const read = (f: string) => JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as FC;
    const t = hydrantPlanTable({ roads: read('roads.geojson'), hydrants: read('hydrants.geojson') });
    expect(t.rows.map((r) => r.counted)).toEqual(PLAN_HYDRANT_TABLE.rows.map((r) => r.count));
    expect(PLAN_HYDRANT_TABLE.rows.map((r) => r.count)).toEqual([15, 3, 4, 21, 3, 2, 5, 3, 2]);
    expect(t.agreeing).toBe(9);
  });
});
