import type { Geometry } from 'geojson';
import { hydrantGaps, type HydrantGapsResult } from '../hydrant-gaps.ts';
import { hydrantPlanTable, PLAN_HYDRANT_TABLE, pointsOnRoads } from '../hydrant-plan-table.ts';
import { DISTANCE_TOLERANCE_M, geodesicMeters } from '../geo.ts';
import { pointPolygonMeters } from './planning-rules.ts';
import { notApplicable, numParam, outcome, text, type Rule, type RuleObject, type RulesInput } from './rule.ts';

const GB50974_72 = 'GB 50974-2014 消防给水及消火栓系统技术规范';
const isCrane = (p: Record<string, unknown>) => ['water_crane', '消防水鹤'].includes(text(p.kind));
const BUILT = new Set(['working', 'broken', '完好', '损坏']);

/** hydrantGaps once per input and parameter set (HYD-03 and HYD-06 read the same run). */
const gapsCache = new WeakMap<RulesInput, { key: string; result: HydrantGapsResult }>();
function gapsOf(input: RulesInput, params: Readonly<Record<string, unknown>>): HydrantGapsResult {
  const options = {
    radiusMeters: numParam(params, 'hydrant-radius'),
    spacingMeters: numParam(params, 'hydrant-spacing'),
    wideRoadMeters: numParam(params, 'wide-road-width'),
    snapMeters: numParam(params, 'hydrant-snap'),
    includePlanned: params['include-planned'] === true || params['include-planned'] === 'true',
    cranesAsHydrants: params['cranes-as-hydrants'] === true || params['cranes-as-hydrants'] === 'true',
  };
  const key = JSON.stringify(options);
  const hit = gapsCache.get(input);
  if (hit && hit.key === key) return hit.result;
  const result = hydrantGaps({ roads: input.roads!, hydrants: input.hydrants!, builtUp: input.builtUp }, options);
  gapsCache.set(input, { key, result });
  return result;
}

const WIDE_ROADS: Rule = {
  id: 'HYD-03',
  title: { zh: '宽度超过 60 m 的道路两侧设消火栓', en: 'Roads wider than 60 m have hydrants on both sides' },
  group: 'fire',
  clause: { source: GB50974_72, article: '§7.2（市政消火栓）', secondary: true, text: { zh: '市政道路宽度超过 60 m 时，应在道路两侧交叉错落设置市政消火栓', en: 'Where a municipal road is wider than 60 m, hydrants stand on both sides, staggered' } },
  params: ['wide-road-width', 'hydrant-radius', 'hydrant-spacing', 'hydrant-snap', 'include-planned', 'cranes-as-hydrants'],
  check(input, params) {
    if (!input.roads?.features.length || !input.hydrants) return notApplicable({ zh: '没有道路或消火栓图层', en: 'No roads or hydrants layer' });
    const wide = numParam(params, 'wide-road-width');
    const r = gapsOf(input, params);
    if (r.wideRoads.length === 0) return notApplicable({ zh: `${r.scope === 'built-up' ? '建成区内' : ''}没有宽度（width_m）超过 ${wide} m 的道路`, en: `No road${r.scope === 'built-up' ? ' in the built-up area' : ''} wider than ${wide} m (width_m)` });
    const objects: RuleObject[] = r.wideRoads
      .filter((w) => !w.bothSides)
      .map((w) => ({ id: `${w.road || '（无名道路）'}#${w.roadIndex}`, name: w.road, why: { zh: `宽 ${w.widthM} m，长 ${Math.round(w.lengthM)} m：左侧 ${w.left} 个、右侧 ${w.right} 个完好消火栓`, en: `${w.widthM} m wide, ${Math.round(w.lengthM)} m long: ${w.left} working hydrants on the left, ${w.right} on the right` } }));
    return outcome(objects, { zh: `${r.wideRoads.length} 条道路宽于 ${wide} m，${objects.length} 条未两侧设置`, en: `${r.wideRoads.length} roads wider than ${wide} m, ${objects.length} without hydrants on both sides` });
  },
};

/** Crossings of two differently named roads: the points where lines of ≥ 2 names end together. */
function namedIntersections(input: RulesInput): { name: string; lon: number; lat: number }[] {
  const at = new Map<string, { lon: number; lat: number; names: Set<string> }>();
  for (const f of input.roads?.features ?? []) {
    const name = text(f.properties?.name);
    const g = f.geometry;
    if (!name || !g) continue;
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
    for (const line of lines) {
      for (const c of [line[0], line[line.length - 1]]) {
        if (!c || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) continue;
        const k = `${Math.round(c[0] * 1e6)},${Math.round(c[1] * 1e6)}`;
        const e = at.get(k) ?? { lon: c[0], lat: c[1], names: new Set<string>() };
        e.names.add(name);
        at.set(k, e);
      }
    }
  }
  return [...at.values()].filter((e) => e.names.size >= 2).map((e) => ({ name: [...e.names].sort().join(' × '), lon: e.lon, lat: e.lat }));
}

const INTERSECTIONS: Rule = {
  id: 'HYD-04',
  title: { zh: '建成区路口附近有消火栓', en: 'Hydrants near the intersections of the built-up area' },
  group: 'fire',
  clause: {
    source: `${GB50974_72}；seed 002 曲阳县消防事业发展“十四五”规划`,
    article: '§7.2（宜在道路一侧设置，并宜靠近十字路口）；三 4.（主干道和主要路口设置消火栓、消防水鹤）',
    secondary: true,
    text: { zh: '市政消火栓宜靠近十字路口；城市主干道和主要路口设置市政消火栓、消防水鹤', en: 'Hydrants should stand near crossroads; hydrants and cranes on main roads and at main junctions' },
  },
  params: ['hydrant-intersection-distance'],
  check(input, params) {
    const areas = (input.builtUp?.features ?? []).filter((f) => f.geometry);
    if (!input.roads?.features.length || areas.length === 0) return notApplicable({ zh: '没有道路或建成区图层', en: 'No roads or built-up layer' });
    const all = namedIntersections(input).filter((x) => areas.some((a) => pointPolygonMeters([x.lon, x.lat], a.geometry as Geometry) === 0));
    if (all.length === 0) return notApplicable({ zh: '建成区内没有两条有名称道路的交叉口', en: 'No crossing of two named roads in the built-up area' });
    const dMax = numParam(params, 'hydrant-intersection-distance');
    const pts = (input.hydrants?.features ?? [])
      .filter((f) => BUILT.has(text(f.properties?.status)) && f.geometry?.type === 'Point')
      .map((f) => (f.geometry as { coordinates: number[] }).coordinates);
    const objects: RuleObject[] = [];
    for (const x of all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.lon - b.lon))) {
      let d = Infinity;
      for (const c of pts) d = Math.min(d, geodesicMeters(x.lon, x.lat, c[0], c[1]));
      if (d <= dMax + DISTANCE_TOLERANCE_M) continue;
      objects.push({ id: x.name, name: x.name, why: Number.isFinite(d) ? { zh: `最近的已建消火栓或水鹤 ${Math.round(d)} m（> ${dMax} m）`, en: `nearest built hydrant or crane ${Math.round(d)} m (> ${dMax} m)` } : { zh: '没有已建消火栓', en: 'no built hydrant' }, lon: x.lon, lat: x.lat });
    }
    return outcome(objects, { zh: `建成区 ${all.length} 个路口，${objects.length} 个在 ${dMax} m（待确认）内没有已建消火栓或水鹤`, en: `${all.length} intersections in the built-up area, ${objects.length} without a built hydrant or crane within ${dMax} m (to confirm)` });
  },
};

const CRANE_SPACING: Rule = {
  id: 'HYD-05',
  title: { zh: '同一道路上相邻消防水鹤间距不超过上限', en: 'Water cranes along a road no further apart than the spacing' },
  group: 'fire',
  clause: {
    source: `seed 002 曲阳县消防事业发展“十四五”规划；${GB50974_72}`,
    article: '三 4. 全面强化消防水源建设；§7.2（严寒地区增设消防水鹤）',
    secondary: true,
    text: { zh: '主干道设置消防水鹤；水鹤间距为地方规则，参数待确认（不按消火栓 120 m 间距计）', en: 'Water cranes on main roads; crane spacing is a local rule, a parameter to confirm (not the 120 m hydrant spacing)' },
  },
  params: ['crane-spacing', 'hydrant-snap'],
  check(input, params) {
    if (!input.roads?.features.length || !input.hydrants) return notApplicable({ zh: '没有道路或消火栓图层', en: 'No roads or hydrants layer' });
    const spacing = numParam(params, 'crane-spacing');
    const on = pointsOnRoads(input.roads, input.hydrants, numParam(params, 'hydrant-snap'), (p) => isCrane(p) && BUILT.has(text(p.status)));
    const byChain = new Map<number, typeof on.owned>();
    for (const o of on.owned) byChain.set(o.chain, [...(byChain.get(o.chain) ?? []), o]);
    const pairs = [...byChain.values()].filter((l) => l.length >= 2);
    if (pairs.length === 0) return notApplicable({ zh: `没有一条道路上有两个以上已建水鹤（共 ${on.owned.length} 个在路边）`, en: `No road with two or more built cranes (${on.owned.length} by a road)` });
    const objects: RuleObject[] = [];
    let checked = 0;
    for (const [ci, list] of byChain) {
      list.sort((a, b) => a.m - b.m);
      for (let k = 0; k + 1 < list.length; k++) {
        checked++;
        const gap = list[k + 1].m - list[k].m;
        if (gap <= spacing) continue;
        const road = on.chains[ci].name || '（无名道路）';
        objects.push({ id: `${list[k].id}→${list[k + 1].id}`, name: road, why: { zh: `沿路相距 ${Math.round(gap)} m（> ${spacing} m）`, en: `${Math.round(gap)} m apart along the road (> ${spacing} m)` } });
      }
    }
    return outcome(objects, { zh: `${checked} 对相邻已建水鹤，${objects.length} 对超过 ${spacing} m（待确认）`, en: `${checked} pairs of neighbouring built cranes, ${objects.length} beyond ${spacing} m (to confirm)` });
  },
};

/** The region code of the county whose fire plan gives 专栏1 (曲阳县, seed 002). */
const PLAN_TABLE_REGION = '130634';

const PLAN_TABLE: Rule = {
  id: 'HYD-06',
  title: { zh: '消火栓图层按路段计数与规划专栏1一致', en: 'Hydrants per road segment agree with the plan’s table 专栏1' },
  group: 'fire',
  clause: { source: 'seed 002 曲阳县消防事业发展“十四五”规划', article: '专栏1（已建市政消火栓，按路段起止，单侧）', secondary: false, text: { zh: '按规划专栏1口径（道路某路段起止之间的已建消火栓，含损坏）计数，与规划数字比对', en: 'Counted the plan’s way (built hydrants, broken ones too, between the segment’s two crossings), against the plan’s figures' } },
  params: ['hydrant-snap', 'hydrant-radius', 'hydrant-spacing', 'wide-road-width', 'include-planned', 'cranes-as-hydrants'],
  check(input, params) {
    if (!input.roads?.features.length || !input.hydrants?.features.length) return notApplicable({ zh: '没有道路或消火栓图层', en: 'No roads or hydrants layer' });
    // compared only for a project that states Quyang's region code: road names such as 南环路 or
    // 朝阳街 are common, and another county's would fail the table road by road. A project with no
    // code (新建项目 before session 16 set none) is not taken for Quyang on its road names alone.
    if (!input.region) {
      return notApplicable({
        zh: `本项目没有行政区划代码（project.json 的 region），不与曲阳县（${PLAN_TABLE_REGION}）规划专栏1 比对；若本项目是曲阳县，请在“项目信息”中填写 ${PLAN_TABLE_REGION}`,
        en: `This project has no region code (project.json region), so it is not compared with Quyang’s (${PLAN_TABLE_REGION}) plan table 专栏1; if it is Quyang County, enter ${PLAN_TABLE_REGION} under Project info`,
      });
    }
    if (!input.region.startsWith(PLAN_TABLE_REGION)) {
      return notApplicable({
        zh: `规划专栏1 是曲阳县（区划代码 ${PLAN_TABLE_REGION}）的表，本项目的区划代码为 ${input.region}，不比对`,
        en: `The plan’s 专栏1 is Quyang County’s (region code ${PLAN_TABLE_REGION}); this project’s region code is ${input.region}, so it is not compared`,
      });
    }
    const t = hydrantPlanTable({ roads: input.roads, hydrants: input.hydrants }, PLAN_HYDRANT_TABLE.rows, { snapMeters: numParam(params, 'hydrant-snap') });
    // the plan is one county's: a map without any of its roads is another county, not 9 failures
    if (t.roadsOnMap === 0) {
      return notApplicable({ zh: `规划专栏1 的 ${t.rows.length} 条道路在图上一条也没有：该表属于另一个县（曲阳县），不比对`, en: `Not one of the ${t.rows.length} roads of the plan’s 专栏1 is on the map: the table is another county’s (Quyang), not compared` });
    }
    const ours = new Map(gapsOf(input, params).byRoad.map((b) => [b.road, b.hydrants]));
    const objects: RuleObject[] = t.rows
      .filter((r) => !r.agrees)
      .map((r) => ({
        id: `${r.road}（${r.from}→${r.to}）`,
        name: r.road,
        why: r.problem ?? { zh: `规划 ${r.count} 个，按规划口径在图上数得 ${r.counted} 个`, en: `plan ${r.count}, ${r.counted} on the map counted the plan’s way` },
      }));
    return {
      ...outcome(objects, { zh: `规划专栏1 共 ${t.rows.length} 个路段，${t.agreeing} 个与图上计数一致`, en: `${t.agreeing} of the ${t.rows.length} segments of the plan’s 专栏1 agree with the map` }),
      table: {
        title: { zh: '按规划专栏1口径 与 本工具口径', en: 'The plan’s 专栏1 way, and ours' },
        header: [
          { zh: '道路', en: 'road' },
          { zh: '路段', en: 'segment' },
          { zh: '规划专栏1（个）', en: 'plan 专栏1' },
          { zh: '按规划专栏1口径（已建，含损坏，路段内）', en: 'the plan’s way (built incl. broken, on the segment)' },
          { zh: '本工具（完好，建成区内，归属该路名）', en: 'ours (working, in the built-up area, on roads of the name)' },
          { zh: '属性 road 为该路（个）', en: '`road` field names it' },
          { zh: '路段长（m）', en: 'segment length (m)' },
        ],
        rows: t.rows.map((r) => [r.road, `${r.from}→${r.to}`, r.count, r.counted, ours.get(r.road) ?? 0, r.byRoadField, r.lengthM]),
      },
    };
  },
};

/** The hydrant placement rules (GB 50974-2014 §7.2 and the fire plan's 专栏1). */
export const HYDRANT_RULES: readonly Rule[] = [WIDE_ROADS, INTERSECTIONS, CRANE_SPACING, PLAN_TABLE];
