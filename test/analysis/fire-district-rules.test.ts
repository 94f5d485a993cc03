import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon } from 'geojson';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, computeFireFacts, runRules, RULES } from '../../analysis/rules/run-rules.ts';
import type { RuleResult, RulesInput } from '../../analysis/rules/rule.ts';
import { fc, pt, road } from './fire-coverage-fixtures.ts';

// Issue #13, the fire part: official districts (FIRE-02, FIRE-03), barriers (FIRE-07), enclaves
// (FIRE-08) and the fire-lane ledger (FIRE-09), each on a hand case that passes and one that fails.
//
// The county: one 36 km/h road along y = 0 from x = 0 to `lengthM`, a township and a built-up strip
// y −100…100 over it; cells of 100 m (centres x = 50, 150, …, two rows); a station at x = 0 with
// 1 min turnout reaches a centre at 60 + x / 10 s.
type FC = FeatureCollection<Geometry | null>;

const defaults = () => resolveParams<Record<string, unknown>>(ALL_RULE_PARAMS);
function run(id: string, input: RulesInput): RuleResult {
  return runRules(input, defaults(), [RULES.find((r) => r.id === id)!])[0];
}
const ids = (r: RuleResult) => r.objects.map((o) => o.id);
const col = (features: Feature[]) => ({ type: 'FeatureCollection', features }) as FC;
const station = (x: number, id: string): Feature<Point> => ({ type: 'Feature', properties: { id, name: id, level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: pt(x, 0) } });
function box(x0: number, y0: number, x1: number, y1: number, props: Record<string, unknown>): Feature<Polygon> {
  return { type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] } };
}
const line = (xy: [number, number][], props: Record<string, unknown>): Feature<LineString> => ({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: xy.map(([x, y]) => pt(x, y)) } });

function county(lengthM: number, extra: Partial<RulesInput> = {}, stations: Feature[] = [station(0, 'FS-1')]): RulesInput {
  const input: RulesInput = {
    roads: fc([road([[0, 0], [lengthM, 0]])]) as FC,
    townships: col([box(0, -100, lengthM, 100, { name: '恒州镇' })]),
    builtUp: col([box(0, -100, lengthM, 100, { name: '城区' })]),
    fireStations: col(stations),
    ...extra,
  };
  input.fire = computeFireFacts(input, { speedsKmh: { primary: 36, other: 36 }, cellSizeMeters: 100 });
  return input;
}

describe('official districts', () => {
  test('FIRE-02: an official 8 km² urban district of a 一级站 fails (7 km²); as 城市边缘 (15 km²) it passes; a 乡镇 district is not checked', () => {
    const d = (location: string) => ({ fireDistricts: col([box(0, -1000, 4000, 1000, { station: 'FS-1', level: 'level1', location })]) });
    const fail = run('FIRE-02', county(4000, d('urban')));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-1']);
    expect(fail.objects[0].why.zh).toMatch(/^官方辖区 8 km²，上限 7 km²/);
    expect(run('FIRE-02', county(4000, d('edge'))).status).toBe('pass');
    const township = run('FIRE-02', county(4000, d('township')));
    expect(township.status).toBe('pass');
    expect(township.summary.en).toContain('1 township/volunteer team(s) or township district(s) have no area standard');
  });

  test('FIRE-02: a township professional team (乡镇专职消防队) has no area standard: its 0.8 km² first-due area is not checked; a 小型站 (2 km²) on an official 3 km² district fails', () => {
    const township = run('FIRE-02', county(4000, {}, [{ ...station(0, 'TT-1'), properties: { id: 'TT-1', name: '灵山镇专职队', level: 'township', status: 'existing' } }]));
    expect(township.status).toBe('pass');
    expect(township.summary.zh).toContain('1 个乡镇专职/志愿队或乡镇辖区无面积标准，未检查');
    const small = run('FIRE-02', county(4000, { fireDistricts: col([box(0, -375, 4000, 375, { station: 'FS-1', level: 'small', location: 'urban' })]) }));
    expect(ids(small)).toEqual(['FS-1']);
    expect(small.objects[0].why.zh).toBe('官方辖区 3 km²，上限 2 km²（小型站，城区）');
  });

  test('FIRE-03: the official district 0–2 km is reached in 5 min (the 4 km first-due area is not); 0–3 km has 12 far cells, the farthest 5.5 min', () => {
    const d = (x1: number) => ({ fireDistricts: col([box(0, -100, x1, 100, { station: 'FS-1', location: 'urban' })]) });
    expect(run('FIRE-03', county(4000)).status).toBe('fail');
    expect(run('FIRE-03', county(4000, d(2000))).status).toBe('pass');
    const fail = run('FIRE-03', county(4000, d(3000)));
    expect(ids(fail)).toEqual(['FS-1']);
    // centres 2450 … 2950: 6 per row, 2 rows; farthest 60 + 295 = 355 s = 5.9 min
    expect(fail.objects[0].why.en).toMatch(/^12 cells of its official district beyond 5 min; farthest point 5\.9 min/);
  });
});

describe('barriers', () => {
  test('FIRE-07: a railway across the district at x = 1000 is named with its length inside; one beyond the district passes; no layer is n/a', () => {
    const rail = (x: number) => ({ barriers: col([line([[x, -500], [x, 500]], { name: '铁路A', kind: 'railway' })]) });
    const fail = run('FIRE-07', county(2000, rail(1010)));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-1']);
    // samples every 50 m; those inside the cells y −100…100 (y = −100 … 50 lie in the two rows: 4 samples, 150 m)
    expect(fail.objects[0].why.zh).toMatch(/铁路干线“铁路A”约 1\d0 m/);
    expect(run('FIRE-07', county(2000, rail(2500))).status).toBe('pass');
    expect(run('FIRE-07', county(2000)).status).toBe('na');
  });
});

describe('enclaves', () => {
  test('FIRE-08: two stations at 0 and 2 km share the strip (pass); FS-1 given the official district 0–3 km fails with the 0.4 km² FS-2 reaches first', () => {
    const two = [station(0, 'FS-1'), station(2000, 'FS-2')];
    expect(run('FIRE-08', county(3000, {}, two)).status).toBe('pass');
    const fail = run('FIRE-08', county(3000, { fireDistricts: col([box(0, -100, 3000, 100, { station: 'FS-1', location: 'urban' })]) }, two));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FS-1']);
    // centres 1050 … 2950 are nearer FS-2: 20 per row, 2 rows = 40 cells = 0.4 km²
    expect(fail.objects[0].why.en).toMatch(/^0\.4 km² \(40 cells\) reached first by another station/);
  });

  test('FIRE-08: a first-due piece cut off by another district is an enclave (a station whose road loops behind its neighbour)', () => {
    // FS-1 at x = 0 on the strip road; a fast 120 km/h bypass from FS-1 (y = −100 … −400, off the strip) to x = 3000 makes
    // FS-1 first at the far end (x > 2500), beyond FS-2 (at 1500) which holds the middle.
    const roads = fc([
      road([[0, 0], [3000, 0]]),
      road([[0, 0], [0, -400], [3000, -400], [3000, 0]], { class: 'motorway' }),
    ]) as FC;
    const input: RulesInput = {
      roads,
      townships: col([box(0, -100, 3000, 100, { name: '恒州镇' })]),
      builtUp: col([box(0, -100, 3000, 100, { name: '城区' })]),
      fireStations: col([station(0, 'FS-1'), station(1500, 'FS-2')]),
    };
    input.fire = computeFireFacts(input, { speedsKmh: { primary: 36, motorway: 120, other: 36 }, cellSizeMeters: 100 });
    const r = run('FIRE-08', input);
    expect(r.status).toBe('fail');
    expect(ids(r)).toEqual(['FS-1']);
    expect(r.objects[0].why.en).toMatch(/cut off by another station's district/);
  });
});

describe('fire-lane ledger', () => {
  const ledger = (status: string) => ({ fireLanes: col([{ type: 'Feature', properties: { id: 'FL-1', name: '东段', problem: 'blocked', status, date: '2024-03-12' }, geometry: { type: 'Point', coordinates: pt(1500, 0) } }]) });

  test('FIRE-09: an open blocked lane at x = 1500 is listed with what fixing it adds (10 cells: 0.1 km², 25 points); fixed passes; no ledger is n/a', () => {
    const fail = run('FIRE-09', county(2000, ledger('open')));
    expect(fail.status).toBe('fail');
    expect(ids(fail)).toEqual(['FL-1']);
    // the road loses 1495–1505; centres 1550 … 1950 (5 per row, 2 rows) lie beyond: 0.1 km² of the 0.4 km² strip
    expect(fail.objects[0].why.zh).toBe('占用堵塞，未整改（2024-03-12 登记）；截断 1 条道路；整改后 5 分钟覆盖增加建成区 0.1 km²（25 个百分点）、县域 0.1 km²');
    expect(run('FIRE-01', county(2000, ledger('open'))).status).toBe('fail');
    expect(run('FIRE-09', county(2000, ledger('fixed'))).status).toBe('pass');
    expect(run('FIRE-01', county(2000, ledger('fixed'))).status).toBe('pass');
    expect(run('FIRE-09', county(2000)).status).toBe('na');
  });
});
