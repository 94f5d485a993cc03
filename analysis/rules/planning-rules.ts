import type { Feature, Geometry } from 'geojson';
import { geometryAreaM2, pointToPolygonMeters } from '../geo.ts';
import { SQUARE_METRES_PER_MU } from '../plot-review.ts';
import { featureTownships, householdTownshipsOf, townshipName, TOWNSHIP_POLYGON } from '../household-townships.ts';
import { columnReader } from './column.ts';
import { MAX_RULE_OBJECTS, notApplicable, numberOf, numParam, outcome, text, boolOf, type Rule, type RuleObject } from './rule.ts';

const HEATING_CLEAN_COAL = new Set(['clean_coal', '洁净煤']);
const HEATING_DUAL = new Set(['gas', 'electric', '气代煤', '电代煤']);

function pointOf(f: Feature<Geometry | null>): [number, number] | undefined {
  const g = f.geometry;
  return g?.type === 'Point' ? [g.coordinates[0], g.coordinates[1]] : undefined;
}

const KG_CENTRAL: Rule = {
  id: 'KG-01',
  title: { zh: '每个乡镇有一所公办中心幼儿园', en: 'Every township has a public central kindergarten' },
  group: 'planners',
  clause: {
    source: 'seed 000 曲阳县创建全国学前教育普及普惠县实施方案',
    article: '三、工作任务 1. 优化普惠性幼儿园布局结构',
    secondary: false,
    text: { zh: '大力发展以公办园为主的农村学前教育，办好乡镇公办中心园', en: 'Rural pre-school mainly public: run a good public central kindergarten in each township' },
  },
  params: [],
  check(input) {
    const towns = (input.townships?.features ?? []).map((f) => text(f.properties?.name)).filter(Boolean);
    if (towns.length === 0) return notApplicable({ zh: '没有乡镇图层', en: 'No townships layer' });
    const has = new Set<string>();
    // a kindergarten's township: its `township` where filled, else the township polygon it stands in (as the 幼儿园 panel)
    const kgs = input.kindergartens?.features ?? [];
    const kgTown = featureTownships(kgs, input.townships);
    kgs.forEach((f, j) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const pub = ['public', '公办'].includes(text(p.ownership));
      const central = boolOf(p.central) ?? text(p.name).includes('中心');
      if (pub && central) has.add(kgTown[j]);
    });
    const objects: RuleObject[] = towns
      .filter((t) => !has.has(t))
      .map((t) => ({ id: t, name: t, why: { zh: '没有公办中心幼儿园（公办且名称含“中心”或 central = true）', en: 'No public central kindergarten (public, and “中心” in the name or central = true)' } }));
    return outcome(objects, { zh: `${towns.length} 个乡镇，${objects.length} 个缺公办中心园`, en: `${towns.length} townships, ${objects.length} without a public central kindergarten` });
  },
};

const KG_PLACES: Rule = {
  id: 'KG-02',
  title: { zh: '幼儿园学位满足千人指标（按乡镇）', en: 'Kindergarten places meet the places-per-1,000 figure (by township)' },
  group: 'planners',
  clause: {
    source: '地方千人指标（福建 30、汕头 40；河北未见）',
    article: '千人指标',
    secondary: true,
    text: { zh: '每千人幼儿园学位数；河北无数值，参数待确认', en: 'Kindergarten places per 1,000 residents; no Hebei figure, the parameter is to be confirmed' },
  },
  params: ['kg-places-per-1000'],
  check(input, params) {
    const hh = input.households;
    const persons = columnReader(hh, 'persons');
    // residents by township as every by-township figure finds it: the column where filled, else the township polygon
    const town = hh ? householdTownshipsOf(hh, input.townships) : null;
    if (!hh || hh.count === 0 || !persons.present || !town) return notApplicable({ zh: '住户缺 persons 字段，或既无 township 字段也无乡镇图层', en: 'Households lack persons, or both the township column and the townships layer' });
    const per = numParam(params, 'kg-places-per-1000');
    const people = new Map<string, number>();
    let byPolygon = 0;
    for (let i = 0; i < hh.count; i++) {
      const n = persons.num(i);
      if (!Number.isFinite(n)) continue;
      const t = townshipName(town, i);
      if (town.source[i] === TOWNSHIP_POLYGON) byPolygon++;
      people.set(t, (people.get(t) ?? 0) + n);
    }
    const how = byPolygon > 0 ? { zh: `；${byPolygon} 户 township 为空或缺，按所在乡镇界计入乡镇`, en: `; ${byPolygon} households placed in their township by its polygon (township column blank or absent)` } : { zh: '', en: '' };
    // places in the kindergarten's township: its `township` where filled, else the polygon it stands in (as the residents)
    const places = new Map<string, number>();
    const kgs = input.kindergartens?.features ?? [];
    const kgTown = featureTownships(kgs, input.townships);
    kgs.forEach((f, j) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      places.set(kgTown[j], (places.get(kgTown[j]) ?? 0) + (numberOf(p.capacity) ?? 0));
    });
    const objects: RuleObject[] = [];
    const rows: (string | number)[][] = [];
    for (const [t, n] of [...people].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const need = Math.ceil((n * per) / 1000);
      const have = places.get(t) ?? 0;
      rows.push([t || '（未填乡镇）', n, need, have, have - need]);
      if (have < need) objects.push({ id: t || '（未填乡镇）', name: t || '（未填乡镇）', why: { zh: `${n} 人需 ${need} 个学位，现有 ${have} 个，缺 ${need - have}`, en: `${n} residents need ${need} places, ${have} offered, ${need - have} short` } });
    }
    return {
      ...outcome(objects, { zh: `按每千人 ${per} 个学位（待确认），${people.size} 个乡镇中 ${objects.length} 个不足${how.zh}`, en: `At ${per} places per 1,000 (to confirm), ${objects.length} of ${people.size} townships short${how.en}` }),
      table: {
        title: { zh: `学位需求与供给（按乡镇，每千人 ${per} 个，待确认）`, en: `Places needed and offered by township (${per} per 1,000, to confirm)` },
        header: [
          { zh: '乡镇', en: 'township' },
          { zh: '常住人口（住户 persons 合计）', en: 'residents (Σ household persons)' },
          { zh: '需要学位', en: 'places needed' },
          { zh: '现有学位（capacity）', en: 'places offered (capacity)' },
          { zh: '余缺', en: 'surplus (−: short)' },
        ],
        rows,
      },
    };
  },
};

const KG_CLASS: Rule = {
  id: 'KG-03',
  title: { zh: '幼儿园班额不超过标准', en: 'Kindergarten class size within the standard' },
  group: 'planners',
  clause: { source: 'JGJ 39-2016 托儿所、幼儿园建筑设计规范', article: '班额（小班 20–25、中班 26–30、大班 31–35）', secondary: true, text: { zh: '每班最多 35 人', en: 'At most 35 children per class' } },
  params: ['kg-class-max'],
  check(input, params) {
    const max = numParam(params, 'kg-class-max');
    const objects: RuleObject[] = [];
    let checked = 0;
    for (const f of input.kindergartens?.features ?? []) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const classes = numberOf(p.classes), enrolled = numberOf(p.enrolled);
      if (classes === null || classes <= 0 || enrolled === null) continue;
      checked++;
      const size = enrolled / classes;
      const pt = pointOf(f);
      if (size > max) objects.push({ id: text(p.id), name: text(p.name), why: { zh: `${enrolled} 名幼儿 ${classes} 个班，平均 ${size.toFixed(1)} 人/班 > ${max}`, en: `${enrolled} children in ${classes} classes, ${size.toFixed(1)} per class > ${max}` }, lon: pt?.[0], lat: pt?.[1] });
    }
    if (checked === 0) return notApplicable({ zh: '幼儿园没有班数（classes）和在园人数（enrolled）', en: 'No kindergarten has classes and enrolled' });
    return outcome(objects, { zh: `${checked} 所有班数，${objects.length} 所超班额`, en: `${checked} with a class count, ${objects.length} over the class size` });
  },
};

/** The coal point of a village: its `village` property, else a name starting with the village name. */
function coalPointVillages(input: Parameters<Rule['check']>[0]): { villages: Set<string>; names: string[] } {
  const villages = new Set<string>();
  const names: string[] = [];
  for (const f of input.servicePoints?.features ?? []) {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    if (!['coal_point', '村配送点'].includes(text(p.kind))) continue;
    if (text(p.village)) villages.add(text(p.village));
    names.push(text(p.name));
  }
  return { villages, names };
}

const HEAT_POINT: Rule = {
  id: 'HEAT-01',
  title: { zh: '有洁净煤户的村都有配送点', en: 'Every village with clean-coal households has a delivery point' },
  group: 'planners',
  clause: {
    source: 'seed 000 曲阳县 2024 年采暖季洁净煤取暖工作实施方案；seed 004 承德市 2021 年采暖季洁净煤取暖工作实施方案',
    article: '二（四）完善配送网络体系；004：完善型煤配送网络',
    secondary: false,
    text: { zh: '做到县有生产配送中心、乡有配送站、村设配送点', en: 'A production/distribution centre in the county, a station in each township, a delivery point in each village' },
  },
  params: [],
  check(input) {
    const hh = input.households;
    const heating = columnReader(hh, 'heating');
    const village = columnReader(hh, 'village');
    // the township named beside a village: the household's column, else the township polygon it lies in
    const town = hh ? householdTownshipsOf(hh, input.townships) : null;
    if (!hh || !heating.present || !village.present) return notApplicable({ zh: '住户缺 heating 或 village 字段', en: 'Households lack heating or village' });
    const count = new Map<string, { n: number; town: string; lon: number; lat: number }>();
    for (let i = 0; i < hh.count; i++) {
      if (!HEATING_CLEAN_COAL.has(heating.text(i))) continue;
      const v = village.text(i);
      const c = count.get(v);
      if (c) c.n++;
      else count.set(v, { n: 1, town: townshipName(town, i), lon: hh.lon[i], lat: hh.lat[i] });
    }
    if (count.size === 0) return notApplicable({ zh: '没有洁净煤住户', en: 'No clean-coal households' });
    const { villages, names } = coalPointVillages(input);
    const objects: RuleObject[] = [];
    for (const [v, c] of [...count].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))) {
      if (v && (villages.has(v) || names.some((n) => n.startsWith(v)))) continue;
      objects.push({ id: v || '（未填村）', name: `${c.town} ${v}`.trim(), why: { zh: `${c.n} 户洁净煤，无村配送点`, en: `${c.n} clean-coal households, no village delivery point` }, lon: c.lon, lat: c.lat });
    }
    return outcome(objects, { zh: `${count.size} 个村有洁净煤户，${objects.length} 个没有配送点`, en: `${count.size} villages with clean-coal households, ${objects.length} without a delivery point` });
  },
};

const HEAT_CO_ALARM: Rule = {
  id: 'HEAT-02',
  title: { zh: '新增洁净煤户全部配装一氧化碳报警器', en: 'Every new clean-coal household has a CO alarm' },
  group: 'planners',
  clause: { source: 'seed 000 曲阳县 2024 年采暖季洁净煤取暖工作实施方案', article: '一、主要目标；二（十三）守牢安全取暖底线', secondary: false, text: { zh: '所有新增洁净煤用户全部配装一氧化碳报警器', en: 'All new clean-coal users are fitted with a CO alarm' } },
  params: [],
  check(input) {
    const hh = input.households;
    const heating = columnReader(hh, 'heating'), alarm = columnReader(hh, 'co_alarm'), isNew = columnReader(hh, 'new_user'), village = columnReader(hh, 'village');
    if (!hh || !heating.present || !alarm.present) return notApplicable({ zh: '住户缺 heating 或 co_alarm 字段', en: 'Households lack heating or co_alarm' });
    const objects: RuleObject[] = [];
    let checked = 0, missing = 0, assumed = 0;
    for (let i = 0; i < hh.count; i++) {
      if (!HEATING_CLEAN_COAL.has(heating.text(i))) continue;
      if (isNew.present && isNew.bool(i) === false) continue;
      checked++;
      if (!isNew.present || isNew.bool(i) === null) assumed++;
      if (alarm.bool(i) === true) continue;
      missing++;
      if (objects.length < MAX_RULE_OBJECTS) objects.push({ id: hh.ids[i], name: village.text(i), why: { zh: alarm.bool(i) === false ? '未配一氧化碳报警器' : '报警器情况未填', en: alarm.bool(i) === false ? 'no CO alarm' : 'CO alarm not recorded' }, lon: hh.lon[i], lat: hh.lat[i] });
    }
    // no new clean-coal household at all: nothing to pass (an empty ledger is not a ✓)
    if (checked === 0) return notApplicable({ zh: '没有新增洁净煤户', en: 'No new clean-coal households' });
    const scope =
      assumed === 0
        ? { zh: '新增洁净煤户', en: 'new clean-coal households' }
        : { zh: `新增洁净煤户（其中 ${assumed} 户未填 new_user，视为新增）`, en: `new clean-coal households (${assumed} without new_user, taken as new)` };
    return { ...outcome(objects, { zh: `${checked} 户${scope.zh}，${missing} 户无报警器`, en: `${checked} ${scope.en}, ${missing} without a CO alarm` }), status: missing > 0 ? 'fail' : 'pass', objectCount: missing };
  },
};

const HEAT_STOVE: Rule = {
  id: 'HEAT-03',
  title: { zh: '炉具补贴只给新用户', en: 'Stove subsidy only for new users' },
  group: 'planners',
  clause: { source: 'seed 000 曲阳县 2024 年采暖季洁净煤取暖工作实施方案', article: '二（八）推广型煤配套炉具；二（九）落实财政补助政策', secondary: false, text: { zh: '新增配套炉具每户 1 台，省 500、市 300 元/台，其余县级保障（对新增洁净煤用户）', en: 'One new matching stove per household (new clean-coal users): province 500, city 300 yuan, the county the rest' } },
  params: [],
  check(input) {
    const hh = input.households;
    const isNew = columnReader(hh, 'new_user'), stove = columnReader(hh, 'stove_subsidy'), heating = columnReader(hh, 'heating');
    if (!hh || !isNew.present || !stove.present) return notApplicable({ zh: '住户缺 new_user 或 stove_subsidy 字段（指标只给新增用户计炉具补贴：new_user，缺则按上期台账，皆无则视为新增）', en: 'Households lack new_user or stove_subsidy (the indicators count stoves for new users only: new_user, else the previous ledger, else taken as new)' });
    const objects: RuleObject[] = [];
    let n = 0, looked = 0;
    for (let i = 0; i < hh.count; i++) {
      if (heating.present && !HEATING_CLEAN_COAL.has(heating.text(i))) continue;
      looked++;
      const s = stove.num(i);
      const claimed = Number.isFinite(s) ? s > 0 : stove.bool(i) === true;
      if (!claimed || isNew.bool(i) !== false) continue;
      n++;
      if (objects.length < MAX_RULE_OBJECTS) objects.push({ id: hh.ids[i], name: '', why: { zh: '非新用户领取了炉具补贴', en: 'stove subsidy paid to a user who is not new' }, lon: hh.lon[i], lat: hh.lat[i] });
    }
    if (looked === 0) return notApplicable({ zh: '没有洁净煤户', en: 'No clean-coal households' });
    return { ...outcome(objects, { zh: `${n} 户非新用户领取炉具补贴`, en: `${n} households that are not new users got a stove subsidy` }), objectCount: n };
  },
};

const HEAT_MAINTENANCE: Rule = {
  id: 'HEAT-04',
  title: { zh: '有双代户的乡镇至少一个维修服务网点', en: 'Every township with 双代 households has a maintenance organisation' },
  group: 'planners',
  clause: { source: 'seed 001 长安区 2023 年气代煤电代煤工作方案', article: '（五）完善维修服务体系', secondary: false, text: { zh: '涉及双代的每个街镇要有 1 家以上维修服务组织；小修不出村、大修和更换不出县', en: '≥ 1 maintenance organisation per town with 双代 households; small repairs in the village, major repairs in the county' } },
  params: [],
  check(input) {
    const hh = input.households;
    // households and points by township as every by-township figure: the township field, else the polygon it lies in
    const heating = columnReader(hh, 'heating');
    const town = hh ? householdTownshipsOf(hh, input.townships) : null;
    if (!hh || !heating.present || !town) return notApplicable({ zh: '住户缺 heating 字段，或既无 township 字段也无乡镇图层', en: 'Households lack heating, or both the township column and the townships layer' });
    const dual = new Map<string, number>();
    for (let i = 0; i < hh.count; i++) if (HEATING_DUAL.has(heating.text(i))) dual.set(townshipName(town, i), (dual.get(townshipName(town, i)) ?? 0) + 1);
    if (dual.size === 0) return notApplicable({ zh: '没有双代户', en: 'No 双代 households' });
    const maintenance = (input.servicePoints?.features ?? []).filter((f) => ['maintenance', '维修服务网点'].includes(text(f.properties?.kind)));
    const has = new Set(featureTownships(maintenance, input.townships));
    const objects: RuleObject[] = [...dual]
      .filter(([t]) => !has.has(t))
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => ({ id: t || '（未填乡镇）', name: t, why: { zh: `${n} 户双代，无维修服务网点`, en: `${n} 双代 households, no maintenance organisation` } }));
    return outcome(objects, { zh: `${dual.size} 个乡镇有双代户，${objects.length} 个无维修网点`, en: `${dual.size} townships with 双代 households, ${objects.length} without a maintenance organisation` });
  },
};

/** The dates of a ledger text field ("2024-03-05；2024-10-12", "2024/3/5、2024.10.12"), as YYYY-MM-DD, invalid parts dropped. */
export function ledgerDates(v: string): string[] {
  const out: string[] = [];
  for (const part of v.split(/[;；,，、\s]+/)) {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(part.trim());
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d) out.push(t.toISOString().slice(0, 10));
  }
  return out;
}

const HEAT_INSPECTION: Rule = {
  id: 'HEAT-05',
  title: { zh: '农村燃气（气代煤）用户每年入户安检不少于两次', en: 'Rural gas-for-coal households inspected at least twice a year' },
  group: 'planners',
  clause: { source: 'seed 001 长安区 2023 年气代煤电代煤工作方案', article: '三（一）加强燃气安全监管', secondary: false, text: { zh: '对农村居民燃气用户每年安检不得少于两次，在首次通气和通气后一周内要进行入户安检', en: 'Rural residential gas users are inspected at least twice a year, and at first gas and within a week of it' } },
  params: ['gas-inspections-per-year'],
  check(input, params) {
    const hh = input.households;
    const heating = columnReader(hh, 'heating'), dates = columnReader(hh, 'inspection_dates'), village = columnReader(hh, 'village');
    if (!hh || !heating.present || !dates.present) return notApplicable({ zh: '住户缺 heating 或 inspection_dates（台账安检日期）字段', en: 'Households lack heating or inspection_dates (the ledger’s inspection dates)' });
    const per = numParam(params, 'gas-inspections-per-year');
    const gas = [];
    let latest = '';
    for (let i = 0; i < hh.count; i++) {
      if (!['gas', '气代煤'].includes(heating.text(i))) continue;
      const ds = [...new Set(ledgerDates(dates.text(i)))];
      for (const d of ds) if (d > latest) latest = d;
      gas.push({ i, ds });
    }
    if (gas.length === 0 || latest === '') return notApplicable({ zh: gas.length === 0 ? '没有气代煤住户' : '气代煤住户没有可读的安检日期', en: gas.length === 0 ? 'No gas (气代煤) households' : 'No readable inspection date for the gas households' });
    // The year checked: the 12 months up to the ledger's latest inspection date.
    const end = new Date(`${latest}T00:00:00Z`);
    const from = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate() + 1)).toISOString().slice(0, 10);
    const objects: RuleObject[] = [];
    let n = 0;
    for (const { i, ds } of gas) {
      const k = ds.filter((d) => d >= from && d <= latest).length;
      if (k >= per) continue;
      n++;
      if (objects.length < MAX_RULE_OBJECTS) objects.push({ id: hh.ids[i], name: village.text(i), why: { zh: `${from} 至 ${latest} 安检 ${k} 次（< ${per}）`, en: `${k} inspections from ${from} to ${latest} (< ${per})` }, lon: hh.lon[i], lat: hh.lat[i] });
    }
    return { ...outcome(objects, { zh: `${gas.length} 户气代煤，${from} 至 ${latest}（台账最近日期前 12 个月）${n} 户安检少于 ${per} 次`, en: `${gas.length} gas households; ${n} inspected fewer than ${per} times from ${from} to ${latest} (the 12 months up to the ledger’s latest date)` }), objectCount: n };
  },
};

const HYD_WORKING: Rule = {
  id: 'HYD-01',
  title: { zh: '市政消火栓和消防水鹤完好率 100%', en: 'Municipal hydrants and water cranes 100 % in working order' },
  group: 'fire',
  clause: { source: 'seed 002 曲阳县消防事业发展“十四五”规划', article: '二（三）主要目标；三 4. 全面强化消防水源建设', secondary: false, text: { zh: '至 2025 年，消火栓和消防水鹤的覆盖率和完好率均达到 100%', en: 'Municipal hydrants and water cranes: coverage 100 %, in working order 100 %' } },
  params: [],
  check(input) {
    const feats = input.hydrants?.features ?? [];
    if (feats.length === 0) return notApplicable({ zh: '没有消火栓图层', en: 'No hydrants layer' });
    const objects: RuleObject[] = [];
    let built = 0;
    for (const f of feats) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const st = text(p.status);
      if (st !== 'working' && st !== 'broken' && st !== '完好' && st !== '损坏') continue;
      built++;
      if (st === 'broken' || st === '损坏') {
        const pt = pointOf(f);
        const crane = ['water_crane', '消防水鹤'].includes(text(p.kind));
        objects.push({ id: text(p.id), name: text(p.road), why: crane ? { zh: '消防水鹤损坏', en: 'water crane broken' } : { zh: '消火栓损坏', en: 'hydrant broken' }, lon: pt?.[0], lat: pt?.[1] });
      }
    }
    if (built === 0) return notApplicable({ zh: '没有已建成的消火栓或水鹤', en: 'No built hydrant or crane' });
    return outcome(objects, { zh: `已建 ${built} 个，完好 ${built - objects.length} 个`, en: `${built} built, ${built - objects.length} in working order` });
  },
};

/** Metres from a point to a polygon (0 inside): the product's one point–polygon distance ({@link pointToPolygonMeters}, analysis/geo.ts). */
export function pointPolygonMeters(p: [number, number], g: Geometry): number {
  return pointToPolygonMeters(p[0], p[1], g);
}

const CRANE_REACH: Rule = {
  id: 'HYD-02',
  title: { zh: '每个建成区在服务距离内有完好的消防水鹤', en: 'Every built-up area has a working water crane within reach' },
  group: 'fire',
  clause: {
    source: 'seed 002 曲阳县消防事业发展“十四五”规划；GB 50974-2014',
    article: '三 4. 全面强化消防水源建设（主干道和主要路口设置消火栓、消防水鹤）；§7.2',
    secondary: true,
    text: { zh: '城市主干道和主要路口设置市政消火栓、消防水鹤等取水设施；水鹤服务距离为地方规则，参数待确认', en: 'Hydrants and water cranes on main roads and at main junctions; the crane reach is a local rule, a parameter to confirm' },
  },
  params: ['crane-reach'],
  check(input, params) {
    const areas = input.builtUp?.features ?? [];
    if (areas.length === 0) return notApplicable({ zh: '没有建成区图层', en: 'No built-up layer' });
    const reach = numParam(params, 'crane-reach');
    const cranes = (input.hydrants?.features ?? [])
      .filter((f) => ['water_crane', '消防水鹤'].includes(text(f.properties?.kind)) && ['working', '完好'].includes(text(f.properties?.status)))
      .map(pointOf)
      .filter((p): p is [number, number] => !!p);
    const objects: RuleObject[] = [];
    areas.forEach((f, i) => {
      if (!f.geometry) return;
      const d = Math.min(Infinity, ...cranes.map((c) => pointPolygonMeters(c, f.geometry!)));
      if (d <= reach) return;
      const name = text(f.properties?.name) || `#${i + 1}`;
      objects.push({ id: name, name, why: Number.isFinite(d) ? { zh: `最近的完好水鹤 ${Math.round(d)} m（> ${reach} m）`, en: `nearest working crane ${Math.round(d)} m (> ${reach} m)` } : { zh: '没有完好的消防水鹤', en: 'no working water crane' } });
    });
    return outcome(objects, { zh: `${cranes.length} 个完好水鹤，${areas.length} 个建成区中 ${objects.length} 个在 ${reach} m（待确认）内无水鹤`, en: `${cranes.length} working cranes; ${objects.length} of ${areas.length} built-up areas without one within ${reach} m (to confirm)` });
  },
};

const PLOT_AREA: Rule = {
  id: 'RES-01',
  title: { zh: '储备地块图面面积与申报亩数相符', en: 'Reserve plots: drawn area matches the declared mu' },
  group: 'resources',
  clause: { source: 'seed 002 2022 年度曲阳县土地储备计划', article: '储备地块表', secondary: false, text: { zh: '各地块面积（亩）与图面面积一致', en: 'Each plot’s declared area (mu) agrees with its drawn area' } },
  params: ['area-tolerance'],
  check(input, params) {
    const plots = input.reservePlots?.features ?? [];
    if (plots.length === 0) return notApplicable({ zh: '没有储备地块图层', en: 'No reserve plots layer' });
    const tol = numParam(params, 'area-tolerance');
    const objects: RuleObject[] = [];
    for (const f of plots) {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      const declared = numberOf(p.area_mu);
      if (declared === null || !f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
      // the plot review's own area (ellipsoidal), so the rule and the 储备地块 panel show the same 亩
      const drawn = geometryAreaM2(f.geometry) / SQUARE_METRES_PER_MU;
      const diffPct = declared > 0 ? ((drawn - declared) / declared) * 100 : Infinity;
      if (Math.abs(diffPct) > tol) objects.push({ id: text(p.id), name: text(p.name), why: { zh: `图面 ${drawn.toFixed(2)} 亩，申报 ${declared} 亩，相差 ${diffPct.toFixed(1)}%（容差 ${tol}%）`, en: `drawn ${drawn.toFixed(2)} mu, declared ${declared} mu, ${diffPct.toFixed(1)} % apart (tolerance ${tol} %)` } });
    }
    return outcome(objects, { zh: `${plots.length} 块，${objects.length} 块超出容差`, en: `${plots.length} plots, ${objects.length} beyond the tolerance` });
  },
};

/** The planners' rules (kindergartens, clean heating) and the hydrant and resource-bureau rules. */
export const PLANNING_RULES: readonly Rule[] = [HYD_WORKING, CRANE_REACH, KG_CENTRAL, KG_PLACES, KG_CLASS, HEAT_POINT, HEAT_CO_ALARM, HEAT_STOVE, HEAT_MAINTENANCE, HEAT_INSPECTION, PLOT_AREA];
