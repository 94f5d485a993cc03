import { roadClearHeightMeters, roadWidthMeters, roadWidthTable } from '../fire-params.ts';
import { DISTANCE_TOLERANCE_M, geodesicMeters } from '../geo.ts';
import { MAX_RULE_OBJECTS, notApplicable, numberOf, numParam, outcome, text, type Rule, type RuleObject, type RulesInput } from './rule.ts';

const LEVEL_ZH: Record<string, string> = { level1: '一级站', level2: '二级站', small: '小型站', special: '特勤站', township: '乡镇专职消防队', volunteer: '志愿消防队' };

/** Vehicles per station level, seed 002 专栏4 (建标152-2017); township teams after the township fire-team standard (secondary). */
export const VEHICLES_BY_LEVEL: Record<string, [number, number]> = {
  level1: [5, 7],
  level2: [2, 4],
  small: [2, 2],
  special: [8, 11],
};

/** A station level code from the layer's value (English code or Chinese name). */
export function stationLevel(v: unknown): string {
  const s = text(v);
  const cn: Record<string, string> = { 一级: 'level1', 一级站: 'level1', 二级: 'level2', 二级站: 'level2', 小型: 'small', 小型站: 'small', 特勤: 'special', 特勤站: 'special', 乡镇专职消防队: 'township', 乡镇专职队: 'township', 志愿消防队: 'volunteer', 志愿队: 'volunteer' };
  return cn[s] ?? s.toLowerCase();
}

function stationPoint(f: { geometry: unknown }): [number, number] | null {
  const g = f.geometry as { type?: string; coordinates?: number[] } | null;
  return g && g.type === 'Point' && Array.isArray(g.coordinates) && Number.isFinite(g.coordinates[0]) && Number.isFinite(g.coordinates[1]) ? [g.coordinates[0], g.coordinates[1]] : null;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

const DISTRICT_KIND = { official: { zh: '官方辖区', en: 'official district' }, computed: { zh: '辖区（首达范围）', en: 'district (first-due area)' } } as const;
const LOCATION_ZH: Record<string, string> = { urban: '城区', edge: '城市边缘', township: '乡镇' };
const BARRIER_ZH: Record<string, string> = { expressway: '高速公路', railway: '铁路干线', river: '大型河流' };
const PROBLEM_ZH: Record<string, string> = { blocked: '占用堵塞', narrow: '道路狭窄', dead_end: '尽头路' };
const pts = (list: { lon: number; lat: number }[], sep: string) => list.map((p) => `${p.lon.toFixed(5)},${p.lat.toFixed(5)}`).join(sep);

const FIRE_TARGET: Rule = {
  id: 'FIRE-01',
  title: { zh: '建成区 5 分钟可达覆盖率达到目标', en: 'Built-up area reached within 5 minutes meets the target' },
  group: 'fire',
  clause: {
    source: 'seed 002 曲阳县消防事业发展“十四五”规划',
    article: '二（三）主要目标',
    secondary: false,
    text: { zh: '消防救援站 5 分钟可达覆盖率达到 80%（至 2025 年）', en: '5-minute reach coverage of fire rescue stations ≥ 80 % by 2025' },
  },
  params: ['threshold', 'target', 'statuses'],
  check(input) {
    const f = input.fire;
    if (!f || f.coveredBuiltUpPct === null) return notApplicable({ zh: '未计算消防覆盖（缺道路、消防站或建成区）', en: 'Fire coverage not computed (no roads, stations or built-up area)' });
    const objects: RuleObject[] = f.byBuiltUp
      .filter((b) => b.coveredPct !== null && b.coveredPct < f.targetPct)
      .map((b) => ({
        id: b.name,
        name: b.name,
        why: { zh: `${f.thresholdMinutes} 分钟可达 ${b.coveredPct}%，低于 ${f.targetPct}%`, en: `${b.coveredPct} % reached within ${f.thresholdMinutes} min, below ${f.targetPct} %` },
      }));
    const pass = f.coveredBuiltUpPct >= f.targetPct;
    return {
      status: pass ? 'pass' : 'fail',
      objects: pass ? [] : objects,
      summary: {
        zh: `建成区 ${f.coveredBuiltUpPct}%（站点状态：${f.statuses.map((x) => STATUS_ZH[x] ?? x).join('、')}；消防车到达最近道路点），目标 ≥ ${f.targetPct}%`,
        en: `${f.coveredBuiltUpPct} % of the built-up area (stations: ${f.statuses.join(', ')}; engine at the nearest road point), target ≥ ${f.targetPct} %`,
      },
    };
  },
};

/** The station statuses as the fire-stations layer labels them in Chinese (layers/fire-stations.ts). */
const STATUS_ZH: Record<string, string> = { existing: '现有', planned: '规划', proposed: '建议' };

const DISTRICT_AREA: Rule = {
  id: 'FIRE-02',
  title: { zh: '消防站辖区面积不超过其等级与位置的上限', en: 'Station district area within the limit of its level and location' },
  group: 'fire',
  clause: {
    source: '建标152-2017 / GB 51080-2015',
    article: '第十四条 / §4.1.3',
    secondary: true,
    text: { zh: '一级站 ≤ 7 km²，二级站 ≤ 4 km²，小型站 ≤ 2 km²，城市边缘 ≤ 15 km²', en: 'level 1 ≤ 7 km², level 2 ≤ 4 km², small ≤ 2 km², urban edge ≤ 15 km²' },
  },
  params: ['statuses'],
  check(input) {
    const f = input.fire;
    if (!f || f.stations.length === 0) return notApplicable({ zh: '未计算消防辖区（缺道路或所选状态的消防站）', en: 'No districts computed (no roads or no station of the chosen statuses)' });
    const objects: RuleObject[] = [];
    let noLimit = 0;
    for (const s of f.stations) {
      if (s.districtLimitKm2 === null) {
        noLimit++;
        continue;
      }
      if (s.districtAreaKm2 <= s.districtLimitKm2) continue;
      const kind = DISTRICT_KIND[s.district];
      const loc = s.location ? `，${LOCATION_ZH[s.location] ?? s.location}` : '';
      objects.push({
        id: s.id,
        name: s.name,
        why: { zh: `${kind.zh} ${round1(s.districtAreaKm2)} km²，上限 ${s.districtLimitKm2} km²（${LEVEL_ZH[s.level] ?? s.level}${loc}）`, en: `${kind.en} ${round1(s.districtAreaKm2)} km², limit ${s.districtLimitKm2} km² (${s.level}${s.location ? `, ${s.location}` : ''})` },
      });
    }
    const official = f.stations.filter((s) => s.district === 'official').length;
    return outcome(objects, {
      zh: `${f.stations.length} 个站（${official} 个按官方辖区，${f.stations.length - official} 个按首达范围），${objects.length} 个超限${noLimit ? `；${noLimit} 个乡镇专职/志愿队或乡镇辖区无面积标准，未检查` : ''}`,
      en: `${f.stations.length} station(s) (${official} on official districts, ${f.stations.length - official} on first-due areas), ${objects.length} over the limit${noLimit ? `; ${noLimit} township/volunteer team(s) or township district(s) have no area standard, not checked` : ''}`,
    });
  },
};

const DISTRICT_EDGE: Rule = {
  id: 'FIRE-03',
  title: { zh: '接警出动后 5 分钟内到达本站辖区边缘', en: 'Reaches the edge of its own district within 5 minutes of the dispatch order' },
  group: 'fire',
  clause: {
    source: 'GB 51080-2015 城市消防规划规范',
    article: '§4.1.3',
    secondary: true,
    text: { zh: '以接到出动指令后 5 min 内消防站可以到达辖区边缘为原则确定辖区', en: 'Districts are set so that the station reaches their edge within 5 min of the dispatch order' },
  },
  params: ['threshold', 'turnout', 'statuses'],
  check(input) {
    const f = input.fire;
    if (!f || f.stations.length === 0) return notApplicable({ zh: '未计算消防辖区（缺道路或所选状态的消防站）', en: 'No districts computed (no roads or no station of the chosen statuses)' });
    const objects: RuleObject[] = [];
    for (const s of f.stations) {
      if (s.farCells === 0) continue;
      const far = s.farPoints[0];
      const farText = far ? (far.minutes === null ? { zh: '最远点不可达', en: 'the farthest point is not reached' } : { zh: `最远点 ${far.minutes} 分钟`, en: `farthest point ${far.minutes} min` }) : { zh: '', en: '' };
      objects.push({
        id: s.id,
        name: s.name,
        why: {
          zh: `${s.district === 'official' ? '官方辖区' : '辖区（首达范围）'}内 ${s.farCells} 个栅格超过 ${f.thresholdMinutes} 分钟；${farText.zh}；最远点：${s.farPoints.map((p) => `${p.lon.toFixed(5)},${p.lat.toFixed(5)}`).join('；')}`,
          en: `${s.farCells} cells of its ${s.district === 'official' ? 'official district' : 'district (first-due area)'} beyond ${f.thresholdMinutes} min; ${farText.en}; farthest points: ${s.farPoints.map((p) => `${p.lon.toFixed(5)},${p.lat.toFixed(5)}`).join('; ')}`,
        },
        lon: far?.lon,
        lat: far?.lat,
      });
    }
    return outcome(objects, {
      zh: `${f.stations.length} 个站，${objects.length} 个不能在 ${f.thresholdMinutes} 分钟内到达辖区边缘（消防车到达最近道路点计时）`,
      en: `${f.stations.length} station(s), ${objects.length} not reaching their district edge within ${f.thresholdMinutes} min (engine at the nearest road point)`,
    });
  },
};

const VEHICLES: Rule = {
  id: 'FIRE-04',
  title: { zh: '消防车数量符合站级配置', en: 'Vehicles per station match its level' },
  group: 'fire',
  clause: {
    source: 'seed 002 曲阳县消防事业发展“十四五”规划（引建标152-2017）',
    article: '专栏 4 车辆配备数量',
    secondary: false,
    text: { zh: '一级站 5–7 辆，二级站 2–4 辆，小型站 2 辆，特勤站 8–11 辆', en: 'level 1: 5–7 vehicles, level 2: 2–4, small: 2, special: 8–11' },
  },
  params: [],
  check(input) {
    const feats = input.fireStations?.features ?? [];
    const objects: RuleObject[] = [];
    let checked = 0;
    for (const f of feats) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const level = stationLevel(p.level);
      const range = VEHICLES_BY_LEVEL[level];
      const n = numberOf(p.vehicles);
      if (!range || n === null) continue;
      checked++;
      if (n < range[0] || n > range[1]) {
        const pt = stationPoint(f);
        objects.push({
          id: text(p.id),
          name: text(p.name),
          why: { zh: `${n} 辆车，${LEVEL_ZH[level]}应为 ${range[0]}–${range[1]} 辆`, en: `${n} vehicles; a ${level} station should have ${range[0]}–${range[1]}` },
          lon: pt?.[0],
          lat: pt?.[1],
        });
      }
    }
    if (checked === 0) return notApplicable({ zh: '没有同时填写等级（level）和车辆数（vehicles）的消防站', en: 'No station has both a level and a vehicle count' });
    return outcome(objects, { zh: `${checked} 个站有车辆数，${objects.length} 个不符`, en: `${checked} station(s) with a vehicle count, ${objects.length} not matching their level` });
  },
};

const STATION_EXITS: Rule = {
  id: 'FIRE-05',
  title: { zh: '消防站距幼儿园等主要出入口不小于 50 m', en: 'Station at least 50 m from the main exits of kindergartens (and schools, hospitals)' },
  group: 'fire',
  clause: {
    source: '建标152-2017',
    article: '第十五条',
    secondary: true,
    text: { zh: '消防站距医院、学校、幼儿园等人员密集场所主要疏散出口不应小于 50 m；距危险化学品场所不应小于 300 m', en: '≥ 50 m from the main exits of hospitals, schools, kindergartens; ≥ 300 m from hazardous-chemical sites' },
  },
  params: ['station-exit-distance', 'station-hazard-distance'],
  check(input, params) {
    const stations = input.fireStations?.features ?? [];
    const kgs = input.kindergartens?.features ?? [];
    if (stations.length === 0 || kgs.length === 0) return notApplicable({ zh: '缺消防站或幼儿园图层（医院、学校、危险化学品场所无图层，未检查）', en: 'No fire stations or kindergartens (hospitals, schools and hazardous sites have no layer; not checked)' });
    const minM = numParam(params, 'station-exit-distance');
    const objects: RuleObject[] = [];
    for (const s of stations) {
      const sp = stationPoint(s);
      if (!sp) continue;
      const p = (s.properties ?? {}) as Record<string, unknown>;
      for (const k of kgs) {
        const kp = stationPoint(k);
        if (!kp) continue;
        const d = geodesicMeters(sp[0], sp[1], kp[0], kp[1]);
        if (d < minM - DISTANCE_TOLERANCE_M) {
          const kprops = (k.properties ?? {}) as Record<string, unknown>;
          objects.push({
            id: text(p.id),
            name: text(p.name),
            why: { zh: `距幼儿园 ${text(kprops.name) || text(kprops.id)} ${Math.round(d)} m（< ${minM} m；以幼儿园点位代替出入口）`, en: `${Math.round(d)} m from kindergarten ${text(kprops.name) || text(kprops.id)} (< ${minM} m; the kindergarten point stands for its exit)` },
            lon: sp[0],
            lat: sp[1],
          });
        }
      }
    }
    return outcome(objects, {
      zh: `现状、规划、拟建站共 ${stations.length} 个，对照 ${kgs.length} 所幼儿园；医院、学校、危化场所无图层未检查`,
      en: `${stations.length} existing, planned and proposed station(s) against ${kgs.length} kindergartens; hospitals, schools, hazardous sites have no layer and are not checked`,
    });
  },
};

const LANE_WIDTH: Rule = {
  id: 'FIRE-06',
  title: { zh: '消防车通行道路净宽、净空高度不小于 4 m（窄路、限高台账）', en: 'Roads for fire engines at least 4 m wide and 4 m clear height (ledger of narrow and low roads)' },
  group: 'fire',
  clause: {
    source: 'GB 50016-2014（2018 年版）',
    article: '§7.1.8',
    secondary: true,
    text: { zh: '消防车道的净宽度和净空高度均不应小于 4.0 m（条文号待核）', en: 'Fire lanes: clear width and clear height ≥ 4.0 m (clause number to verify)' },
  },
  params: ['lane-min-width', 'lane-min-height', 'width-track', 'width-living_street', 'width-unclassified', 'width-residential', 'width-service', 'width-other'],
  check(input, params) {
    const roads = input.roads?.features ?? [];
    if (roads.length === 0) return notApplicable({ zh: '没有道路图层', en: 'No roads layer' });
    const minW = numParam(params, 'lane-min-width');
    const minH = numParam(params, 'lane-min-height');
    const widths = roadWidthTable(params);
    const objects: RuleObject[] = [];
    let count = 0;
    let low = 0;
    let fromClass = 0;
    roads.forEach((f, i) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const { width, own } = roadWidthMeters(p, widths);
      if (!own) fromClass++;
      const height = roadClearHeightMeters(p);
      const narrow = minW > 0 && width < minW;
      const tooLow = minH > 0 && height !== null && height < minH;
      if (!narrow && !tooLow) return;
      count++;
      if (tooLow) low++;
      const g = f.geometry as { type?: string; coordinates?: unknown } | null;
      const first = g?.type === 'LineString' ? (g.coordinates as number[][])[0] : g?.type === 'MultiLineString' ? (g.coordinates as number[][][])[0]?.[0] : undefined;
      if (objects.length < MAX_RULE_OBJECTS) {
        objects.push({
          id: text(p.id) || `#${i + 1}`,
          name: text(p.name) || text(p.class),
          why: {
            zh: [narrow ? `宽 ${width} m${own ? '' : '（按道路等级默认值）'}，< ${minW} m` : '', tooLow ? `净空高度 ${height} m，< ${minH} m` : ''].filter(Boolean).join('；'),
            en: [narrow ? `${width} m wide${own ? '' : ' (class default)'}, < ${minW} m` : '', tooLow ? `clear height ${height} m, < ${minH} m` : ''].filter(Boolean).join('; '),
          },
          lon: first?.[0],
          lat: first?.[1],
        });
      }
    });
    return {
      status: count > 0 ? 'fail' : 'pass',
      objects,
      objectCount: count,
      summary: {
        zh: `${roads.length} 条道路中 ${count} 条窄于 ${minW} m${low > 0 ? `或净空高度低于 ${minH} m（限高 ${low} 条）` : ''}，不计入消防车路网（${fromClass} 条无 width_m，按等级默认宽度）`,
        en: `${count} of ${roads.length} roads narrower than ${minW} m${low > 0 ? ` or lower than ${minH} m clear height (${low} low)` : ''}, left out of engine routing (${fromClass} without width_m use their class default)`,
      },
    };
  },
};

const DISTRICT_BARRIER: Rule = {
  id: 'FIRE-07',
  title: { zh: '辖区不跨越高速公路、铁路干线和大型河流', en: 'District does not cross an expressway, trunk railway or large river' },
  group: 'fire',
  clause: {
    source: 'GB 51080-2015 城市消防规划规范',
    article: '§4.1.3',
    secondary: true,
    text: { zh: '消防站辖区不宜跨越高速公路、城市快速路、铁路干线和大江大河', en: 'A station district should not cross expressways, urban expressways, trunk railways or large rivers' },
  },
  params: ['statuses'],
  check(input) {
    const f = input.fire;
    if (!f || f.stations.length === 0) return notApplicable({ zh: '未计算消防辖区（缺道路或所选状态的消防站）', en: 'No districts computed (no roads or no station of the chosen statuses)' });
    if (f.barrierLines === 0) return notApplicable({ zh: '没有分隔障碍图层（barriers.geojson）', en: 'No barriers layer (barriers.geojson)' });
    const objects: RuleObject[] = [];
    for (const s of f.stations) {
      if (s.barriers.length === 0) continue;
      objects.push({
        id: s.id,
        name: s.name,
        why: {
          zh: `${DISTRICT_KIND[s.district].zh}内有 ${s.barriers.map((b) => `${BARRIER_ZH[b.kind] ?? b.kind}“${b.name}”约 ${b.insideMeters} m`).join('、')}`,
          en: `its ${DISTRICT_KIND[s.district].en} contains ${s.barriers.map((b) => `${b.kind} "${b.name}" for about ${b.insideMeters} m`).join(', ')}`,
        },
      });
    }
    return outcome(objects, {
      zh: `${f.stations.length} 个站对照 ${f.barrierLines} 条分隔障碍，${objects.length} 个辖区跨越（首达范围不考虑障碍）`,
      en: `${f.stations.length} station(s) against ${f.barrierLines} barrier line(s), ${objects.length} district(s) crossing one (first-due areas ignore barriers)`,
    });
  },
};

const DISTRICT_ENCLAVE: Rule = {
  id: 'FIRE-08',
  title: { zh: '辖区连片，无飞地（不由他站先到）', en: 'District in one piece: no enclaves (no part reached first by another station)' },
  group: 'fire',
  clause: {
    source: 'GB 51080-2015 城市消防规划规范',
    article: '§4.1.3',
    secondary: true,
    text: { zh: '以 5 min 到达辖区边缘为原则划定辖区：辖区内的地点应由本站最先到达，辖区应连片', en: 'Districts are drawn so the station reaches their edge first within 5 min: each place of a district is reached first by its own station, and a district is one piece' },
  },
  params: ['statuses'],
  check(input) {
    const f = input.fire;
    if (!f || f.stations.length === 0) return notApplicable({ zh: '未计算消防辖区（缺道路或所选状态的消防站）', en: 'No districts computed (no roads or no station of the chosen statuses)' });
    const objects: RuleObject[] = [];
    for (const s of f.stations) {
      if (s.enclaveCells === 0 && s.parts <= 1) continue;
      const zh: string[] = [], en: string[] = [];
      if (s.parts > 1) {
        zh.push(`官方辖区分为 ${s.parts} 块`);
        en.push(`the official district is in ${s.parts} parts`);
      }
      if (s.enclaveCells > 0) {
        zh.push(s.district === 'official' ? `${s.enclaveKm2} km²（${s.enclaveCells} 个栅格）由他站先到：${pts(s.enclavePoints, '；')}` : `${s.enclaveKm2} km²（${s.enclaveCells} 个栅格）被他站辖区隔开：${pts(s.enclavePoints, '；')}`);
        en.push(s.district === 'official' ? `${s.enclaveKm2} km² (${s.enclaveCells} cells) reached first by another station: ${pts(s.enclavePoints, '; ')}` : `${s.enclaveKm2} km² (${s.enclaveCells} cells) cut off by another station's district: ${pts(s.enclavePoints, '; ')}`);
      }
      objects.push({ id: s.id, name: s.name, why: { zh: zh.join('；'), en: en.join('; ') }, lon: s.enclavePoints[0]?.lon, lat: s.enclavePoints[0]?.lat });
    }
    return outcome(objects, {
      zh: `${f.stations.length} 个站，${objects.length} 个辖区有飞地或分块`,
      en: `${f.stations.length} station(s), ${objects.length} district(s) with enclaves or in parts`,
    });
  },
};

const FIRE_LANES: Rule = {
  id: 'FIRE-09',
  title: { zh: '消防车通道问题已整改（台账）', en: 'Fire-lane problems fixed (ledger)' },
  group: 'fire',
  clause: {
    source: 'seed 002 曲阳县消防事业发展“十四五”规划',
    article: '现状问题（农村道路狭窄、消防车通道堵塞）；尽头路回车场见 GB 50016-2014 §7.1.9（转引）',
    secondary: false,
    text: { zh: '规划指出农村道路狭窄、消防车通道堵塞；问题点应登记台账并整改（台账做法为本工具的落实方式）', en: 'The plan names narrow village roads and blocked fire lanes; problems are ledgered and fixed (the ledger is how this tool applies it)' },
  },
  params: ['lane-cut-distance', 'statuses'],
  check(input, params) {
    const f = input.fire;
    const ledger = input.fireLanes?.features ?? [];
    if (ledger.length === 0) return notApplicable({ zh: '没有消防车通道问题台账（fire_lanes.geojson）', en: 'No fire-lane ledger (fire_lanes.geojson)' });
    const losses = f?.laneLosses ?? null;
    const open = ledger.filter((x) => ['open', '未整改', '待整改', '整改中'].includes(text((x.properties ?? {}).status)));
    const objects: RuleObject[] = open.map((x, i) => {
      const p = (x.properties ?? {}) as Record<string, unknown>;
      const g = x.geometry as { type?: string; coordinates?: number[] } | null;
      const id = text(p.id) || `#${i + 1}`;
      const loss = losses?.find((l) => l.id === id);
      const problem = text(p.problem);
      const date = text(p.date);
      const lost = loss
        ? loss.roads === 0
          ? { zh: `${numParam(params, 'lane-cut-distance')} m 内无道路，未截断路网`, en: `no road within ${numParam(params, 'lane-cut-distance')} m; cuts nothing` }
          : { zh: `截断 ${loss.roads} 条道路；整改后 5 分钟覆盖增加建成区 ${loss.builtUpKm2} km²（${loss.builtUpPct} 个百分点）、县域 ${loss.areaKm2} km²${loss.households ? `、${loss.households} 户` : ''}`, en: `cuts ${loss.roads} road(s); fixing it adds ${loss.builtUpKm2} km² of built-up area (${loss.builtUpPct} points), ${loss.areaKm2} km² of the county${loss.households ? `, ${loss.households} households` : ''} within 5 min` }
        : { zh: '未计算覆盖损失', en: 'coverage lost not computed' };
      return {
        id,
        name: text(p.name),
        why: { zh: `${PROBLEM_ZH[problem] ?? problem}，未整改${date ? `（${date} 登记）` : ''}；${lost.zh}`, en: `${problem}, open${date ? ` (recorded ${date})` : ''}; ${lost.en}` },
        lon: g?.type === 'Point' ? g.coordinates?.[0] : undefined,
        lat: g?.type === 'Point' ? g.coordinates?.[1] : undefined,
      };
    });
    return outcome(objects, {
      zh: `台账 ${ledger.length} 处，${open.length} 处未整改（未整改处不计入消防车路网）`,
      en: `${ledger.length} ledger entries, ${open.length} open (open problems are left out of engine routing)`,
    });
  },
};

/** The fire brigade's rules. */
export const FIRE_RULES: readonly Rule[] = [FIRE_TARGET, DISTRICT_AREA, DISTRICT_EDGE, VEHICLES, STATION_EXITS, LANE_WIDTH, DISTRICT_BARRIER, DISTRICT_ENCLAVE, FIRE_LANES];
