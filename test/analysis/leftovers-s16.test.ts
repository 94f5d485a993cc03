import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { RULES } from '../../analysis/rules/run-rules.ts';
import { clauseArticleText, clauseSourceText, objectText, ruleObjectRows } from '../../analysis/rules/rules-sheets.ts';
import type { RuleResult } from '../../analysis/rules/rule.ts';
import { scenarioLabel } from '../../analysis/scenarios.ts';
import { regionCode } from '../../layers/load/region-code.ts';

// Session 16, the leftovers of session 15. Each case is small enough to work out by hand; the
// answer is in the comment.

describe('a road\'s own speed is kept as a float64: an exact arrival is exact, with no tolerance', () => {
  const LON0 = 114.7;
  const LAT0 = 38.6;
  const { mx } = metresPerDegree(LAT0);
  const at = (x: number): [number, number] => [LON0 + x / mx, LAT0];
  // One east–west road 0–4000 m with speed_kmh 32.17 (8.936111 m/s); the station at 0 turns out in
  // 0.5 min (30 s). A household on the road at x = 270 s × 32.17 / 3.6 = 2412.75 m is reached at
  // 30 + 2412.75 / 8.936111 = 30 + 270 = 300 s exactly. As a float32 the speed was 32.16999816…
  // km/h, and the time 300.0000305 s: over 5 minutes but for the 1 ms tolerance.
  const roads: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary', speed_kmh: 32.17 }, geometry: { type: 'LineString', coordinates: [at(0), at(4000)] } }] };
  const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 1, lon: Float64Array.of(at(2412.75)[0]), lat: Float64Array.of(LAT0), ids: ['h'], columns: {} };
  const stations: FeatureCollection<Point> = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'S', status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: at(0) } }] };

  test('the graph holds 32.17 itself (not 32.169998…)', () => {
    const g = buildRoadGraph(roads);
    expect(g.edgeCount).toBe(1);
    expect(g.edgeSpeedKmh[0]).toBe(32.17);
  });

  test('the household is reached at 300 s exactly: within 5 minutes compared strictly (t <= 300)', () => {
    const r = fireCoverage({ roads, households }, stations, { speedsKmh: { primary: 40, other: 40 }, cellSizeMeters: 100, turnoutMinutes: 0.5, breaksMinutes: [5] });
    expect(r.householdTimeSec[0]).toBe(300);
    expect(r.householdTimeSec[0] <= 5 * 60).toBe(true);
    expect(r.households.covered).toBe(1);
  });
});

describe('the English UI names the standards, the plans and the default scenarios in English', () => {
  // kept on purpose (the English UI's glossary, test/browser/english-ui.test.ts): 专栏 (the fire
  // plan's numbered tables, 专栏1 and 专栏4) and 双代 (the programme's own name)
  const han = (t: string) => (t.replace(/专栏|双代/g, '').match(/[\u3400-\u9fff]+/g) ?? []);

  test('every rule\'s clause (source and article) and title in English has no Chinese but 专栏 and 双代 (was: the sources and articles as the documents write them)', () => {
    const left = RULES.flatMap((r) => [clauseSourceText(r.clause.source, 'en'), clauseArticleText(r.clause.article, 'en'), r.title.en, r.clause.text.en].flatMap((t) => han(t).map((h) => `${r.id}: ${h}`)));
    expect(left).toEqual([]);
    expect(clauseSourceText('GB 51080-2015 城市消防规划规范', 'en')).toBe('GB 51080-2015 Code for urban fire protection planning');
    expect(clauseSourceText('seed 002 曲阳县消防事业发展“十四五”规划；GB 50974-2014', 'en')).toBe('seed 002 Quyang County fire services plan, 14th Five-Year period; GB 50974-2014');
    expect(clauseArticleText('第十四条 / §4.1.3', 'en')).toBe('Article 14 / §4.1.3');
    // Chinese as written
    expect(clauseArticleText('第十五条', 'zh')).toBe('第十五条');
  });

  test('a failing object without a name (（未填乡镇）, （无名道路）#3) reads (no township), (unnamed road)#3 in English; a name in the data as it is', () => {
    expect(objectText('（无名道路）#3', 'en')).toBe('(unnamed road)#3');
    expect(objectText('（未填乡镇）', 'zh')).toBe('（未填乡镇）');
    expect(objectText('恒州镇', 'en')).toBe('恒州镇');
    const result = { id: 'HEAT-04', clause: { source: 'seed 001 长安区 2023 年气代煤电代煤工作方案', article: '（五）完善维修服务体系' }, objects: [{ id: '（未填乡镇）', name: '', why: { zh: '3 户双代，无维修服务网点', en: '3 双代 households, no maintenance organisation' } }] } as unknown as RuleResult;
    expect(ruleObjectRows([result], 'en').rows[0].slice(0, 6)).toEqual(['HEAT-04', 'seed 001 Chang’an District 2023 gas-for-coal and electricity-for-coal plan', '(5) Complete the maintenance service network', '(no township)', '', '3 双代 households, no maintenance organisation']);
  });

  test('现状 and 规划 read Current and Planned in English while they keep their default names; a name the user gave is shown as written', () => {
    expect(scenarioLabel({ id: 'current', name: '现状' }, 'en')).toBe('Current');
    expect(scenarioLabel({ id: 'planned', name: '规划' }, 'en')).toBe('Planned');
    expect(scenarioLabel({ id: 's3', name: '现状 copy 2' }, 'en')).toBe('Current copy 2');
    expect(scenarioLabel({ id: 'current', name: '现状' }, 'zh')).toBe('现状');
    // renamed, or another scenario named 规划 by the user: the user's words
    expect(scenarioLabel({ id: 'current', name: '2024 现状' }, 'en')).toBe('2024 现状');
    expect(scenarioLabel({ id: 's4', name: '规划' }, 'en')).toBe('规划');
  });
});

describe('行政区划代码 as the new-project dialog takes it', () => {
  test('six digits starting 1–8; full-width digits and spaces forgiven; empty is none; anything else refused, in zh and en', () => {
    expect(regionCode('130634')).toEqual({ code: '130634' });
    expect(regionCode(' １３０６３４ ')).toEqual({ code: '130634' });
    expect(regionCode('')).toEqual({ code: '' });
    for (const bad of ['13063', '1306340', '030634', '13063a', '曲阳县']) {
      const r = regionCode(bad);
      expect('problem' in r ? r.problem.en : '', bad).toContain('A region code is 6 digits');
    }
  });
});
