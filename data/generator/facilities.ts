import { Rng } from './prng.ts';
import { circleRing, pointInRing, rectRing, type XY } from './geometry.ts';
import { apportion, SEAT_RECT, SettlementGrid, type Layout, type Settlement } from './layout.ts';
import { HEATING, type Households } from './households.ts';
import { BINHE_SOUTH, HENGSHAN_WEST_END, NEW_SOUTH_RING, QUXIN, SEAT_X, SEAT_Y } from './roads.ts';

/** Geometry in local metres; rings open (the writer closes them). */
export type Geom =
  | { type: 'Point'; xy: XY }
  | { type: 'Polygon'; rings: XY[][] }
  | { type: 'MultiPolygon'; polygons: XY[][][] };

export interface Feat {
  geometry: Geom;
  properties: Record<string, string | number | boolean | null>;
}

/** 1 亩 in m² (seed 002 / SEED-FACTS). */
export const MU_M2 = 666.67;

/** Fire stations (seed 002): the existing 一级站 at 南环路19号 and the planned one at 北环路 × 正阳街. */
export function fireStations(): Feat[] {
  return [
    {
      geometry: { type: 'Point', xy: [-620, SEAT_Y.南环路 + 45] },
      properties: {
        id: 'FS-01',
        name: '曲阳县消防救援大队恒州路消防救援站',
        level: 'level1',
        status: 'existing',
        vehicles: 13,
        address: '南环路19号',
        site_mu: 7.12,
        note: '含指挥中心；13辆车（专栏1）',
      },
    },
    {
      geometry: { type: 'Point', xy: [SEAT_X.正阳街 + 70, SEAT_Y.北环路 - 60] },
      properties: {
        id: 'FS-02',
        name: '曲阳县第二消防救援站（规划）',
        level: 'level1',
        status: 'planned',
        address: '北环路与正阳街交叉口东南角（中心医院东侧）',
        site_m2: 12525.2,
        cost_yuan: 15000000,
        period: '2021–2023',
      },
    },
  ];
}

/** The built hydrants of the fire plan's table (seed 002): road, segment (from, to) and count. */
export const BUILT_HYDRANTS: { road: string; segment: string; from: XY; to: XY; count: number }[] = [
  { road: '南环路', segment: '太行路→东环路', from: [SEAT_X.太行路, SEAT_Y.南环路], to: [SEAT_X.东环路, SEAT_Y.南环路], count: 15 },
  { road: '太行路', segment: '南环路→北环路', from: [SEAT_X.太行路, SEAT_Y.南环路], to: [SEAT_X.太行路, SEAT_Y.北环路], count: 3 },
  { road: '正阳街', segment: '南环路→北环路', from: [SEAT_X.正阳街, SEAT_Y.南环路], to: [SEAT_X.正阳街, SEAT_Y.北环路], count: 4 },
  { road: '恒山路', segment: '西街→东环路', from: [SEAT_X.西街, 0], to: [SEAT_X.东环路, 0], count: 21 },
  { road: '复兴街', segment: '南环路→北环路', from: [SEAT_X.复兴街, SEAT_Y.南环路], to: [SEAT_X.复兴街, SEAT_Y.北环路], count: 3 },
  { road: '恒阳街', segment: '南环路→北环路', from: [SEAT_X.恒阳街, SEAT_Y.南环路], to: [SEAT_X.恒阳街, SEAT_Y.北环路], count: 2 },
  { road: '朝阳街', segment: '南环路→北环路', from: [SEAT_X.朝阳街, SEAT_Y.南环路], to: [SEAT_X.朝阳街, SEAT_Y.北环路], count: 5 },
  { road: '滨河南路', segment: '恒山中路→太行路', from: BINHE_SOUTH[0], to: BINHE_SOUTH[1], count: 3 },
  { road: '曲新路', segment: '恒山中路→太行路', from: QUXIN[0], to: QUXIN[1], count: 2 },
];
/** Hydrants under construction along the new 南环路 (seed 002: 107 in all, 49 of them in construction). */
export const UNDER_CONSTRUCTION_HYDRANTS = 49;

/** Half carriageway widths (m) of the hydrant roads, from their width_m in roads.ts. */
const ROAD_HALF_WIDTH: Record<string, number> = { 南环路: 15, 太行路: 9, 正阳街: 9, 恒山路: 12, 复兴街: 9, 恒阳街: 9, 朝阳街: 9, 滨河南路: 8, 曲新路: 8 };

/** Evenly spaced points along a→b (jittered), offset `side` metres to the left of the direction. */
function alongRoad(rng: Rng, a: XY, b: XY, count: number, side: number): XY[] {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const ux = (b[0] - a[0]) / len;
  const uy = (b[1] - a[1]) / len;
  const out: XY[] = [];
  for (let i = 0; i < count; i++) {
    const t = ((i + 0.5) / count + rng.range(-0.15, 0.15) / count) * len;
    out.push([a[0] + ux * t - uy * side, a[1] + uy * t + ux * side]);
  }
  return out;
}

/** Municipal hydrants (58 built, a few broken; 49 under construction) and the 4 water cranes. */
export function hydrants(rng: Rng): Feat[] {
  const out: Feat[] = [];
  let n = 0;
  const id = () => `XHS-${String(++n).padStart(3, '0')}`;
  const built: Feat[] = [];
  for (const seg of BUILT_HYDRANTS) {
    // One side (单侧), just off the carriageway: half the road width + 2 m to the left of travel.
    for (const xy of alongRoad(rng, seg.from, seg.to, seg.count, ROAD_HALF_WIDTH[seg.road] + 2)) {
      built.push({ geometry: { type: 'Point', xy }, properties: { id: id(), kind: 'hydrant', status: 'working', road: seg.road, segment: seg.segment } });
    }
  }
  // A few built hydrants are broken (seed 002 names "some broken"): 5 of the 58.
  const broken = new Set<number>();
  while (broken.size < 5) broken.add(rng.int(0, built.length - 1));
  [...broken].forEach((i) => (built[i].properties.status = 'broken'));
  out.push(...built);
  const [w, e] = NEW_SOUTH_RING;
  const lenW = w[1] - w[0];
  const lenE = e[1] - e[0];
  const nW = Math.round((UNDER_CONSTRUCTION_HYDRANTS * lenW) / (lenW + lenE));
  const y = SEAT_Y.南环路;
  for (const [a, b, cnt] of [
    [w[0], w[1], nW],
    [e[0], e[1], UNDER_CONSTRUCTION_HYDRANTS - nW],
  ] as const) {
    // 位于新建南环路两侧: alternate sides.
    const pts = alongRoad(rng, [a, y], [b, y], cnt, 17).map(([x, py], i): XY => (i % 2 === 0 ? [x, py] : [x, 2 * y - py]));
    for (const xy of pts) {
      out.push({ geometry: { type: 'Point', xy }, properties: { id: id(), kind: 'hydrant', status: 'under_construction', road: '南环路', segment: '新建南环路' } });
    }
  }
  const cranes: [XY, string, string, string][] = [
    [[SEAT_X.太行路 + 100, y - 17], 'working', '南环路', '南环路太行路东100米'],
    [[SEAT_X.登岳街 + 15, y - 17], 'working', '南环路', '南环路与登岳街交叉口'],
    [[SEAT_X.恒阳街 + 15, y - 17], 'planned', '南环路', '南环路与恒阳街交叉口'],
    [[SEAT_X.东环路 + 17, 620], 'planned', '东环路', '东环路三馆三中心'],
  ];
  cranes.forEach(([xy, status, road, location], i) => {
    out.push({
      geometry: { type: 'Point', xy },
      properties: { id: `XFSH-${i + 1}`, kind: 'water_crane', status, road, location, dn: 'DN200', pressure_mpa: 0.3, flow_lps: 104 },
    });
  });
  return out;
}

/** The 5 reserve plots of the 2022 land-reserve plan (seed 002), with areas matching their 亩. */
export function reservePlots(layout: Layout): Feat[] {
  const byName = (n: string) => layout.settlements.find((s) => s.name === n);
  const dyp = byName('东羊平村');
  const lingshan = layout.townships.find((t) => t.name === '灵山镇')!;
  const ls = byName('灵山镇驻地');
  if (!dyp || !ls) throw new Error('reserve plots need 东羊平村 and 灵山镇驻地');
  const rect = (cx: number, y0: number, mu: number, aspect: number) => {
    const a = mu * MU_M2;
    const w = Math.sqrt(a * aspect);
    const h = a / w;
    return rectRing(cx - w / 2, y0, w, h);
  };
  const north = dyp.cy + dyp.r + 120;
  const p01 = [rect(dyp.cx - 170, north, 84.5, 1.2), rect(dyp.cx + 60, north, 10.19, 1.2), rect(dyp.cx + 220, north, 34.32, 1.1)];
  const lsEast = ls.cx + ls.r + 250;
  return [
    {
      geometry: { type: 'MultiPolygon', polygons: p01.map((r) => [r]) },
      properties: {
        id: '曲储【2022】01号',
        name: '东羊平村北地块',
        township: '羊平镇',
        location: '羊平镇东羊平村村北',
        owner: '曲阳县人民政府',
        area_mu: 129.01,
        parcels: '地块1 84.50亩（冀政转征函〔2018〕1979号）；地块2 10.19亩（曲府〔2022〕90号）；地块3 34.32亩（曲府〔2022〕90号）',
        use: 'residential',
        approval: '冀政转征函〔2018〕1979号；曲府〔2022〕90号',
      },
    },
    {
      geometry: { type: 'Polygon', rings: [rect((HENGSHAN_WEST_END + SEAT_X.西街) / 2, -15 - (10.2 * MU_M2) / Math.sqrt(10.2 * MU_M2 * 1.5), 10.2, 1.5)] },
      properties: {
        id: '曲储【2022】02号',
        name: '原县一招地块',
        township: '恒州镇',
        location: '恒山西路南侧（原县一招）',
        owner: '曲阳县人民政府',
        area_mu: 10.2,
        use: 'commercial',
        approval: '曲府〔2022〕109号',
      },
    },
    {
      geometry: { type: 'Polygon', rings: [rect(lsEast + 100, ls.cy + 200, 30.3, 1.3)] },
      properties: { id: '曲储【2022】03号', name: '灵山煤电公司老电厂地块', township: lingshan.name, location: '灵山镇', owner: '河北省保定市灵山煤电公司老电厂', area_mu: 30.3, use: 'residential', approval: '曲国用(2006)第079号' },
    },
    {
      geometry: { type: 'Polygon', rings: [rect(lsEast + 250, ls.cy - 420, 133.35, 1.4)] },
      properties: { id: '曲储【2022】04号', name: '灵山煤电公司发电厂地块', township: lingshan.name, location: '灵山镇', owner: '保定地区灵山煤电公司发电厂', area_mu: 133.35, use: 'residential', approval: '国用( )字第02-043号' },
    },
    {
      geometry: { type: 'Polygon', rings: [rect(lsEast + 520, ls.cy + 200, 16.7, 1)] },
      properties: { id: '曲储【2022】05号', name: '灵山发电厂地块', township: lingshan.name, location: '灵山镇', owner: '保定地区灵山发电厂', area_mu: 16.7, use: 'education', approval: '冀(曲)证字90.01号' },
    },
  ];
}

/** Built-up areas: the county seat and each township seat. */
export function builtUp(layout: Layout): Feat[] {
  return layout.settlements
    .filter((s) => s.kind !== 'village')
    .map((s) => ({
      geometry: {
        type: 'Polygon' as const,
        rings: [s.kind === 'seat' ? rectRing(SEAT_RECT.x0 - 100, SEAT_RECT.y0 - 100, SEAT_RECT.x1 - SEAT_RECT.x0 + 200, SEAT_RECT.y1 - SEAT_RECT.y0 + 200) : circleRing(s.cx, s.cy, s.r + 60, 32, true)],
      },
      properties: { name: s.kind === 'seat' ? '曲阳县城（恒州镇）' : `${layout.townships[s.township].name}驻地` },
    }));
}

/**
 * Dual-conversion (双代) areas: one polygon per plain village, its `households` the number of gas
 * and electric household points inside it (counted, not assumed).
 */
export function dualConversionAreas(layout: Layout, h: Households): Feat[] {
  const byS: number[][] = layout.settlements.map(() => []);
  for (let i = 0; i < h.count; i++) byS[h.settlement[i]].push(i);
  const grid = new SettlementGrid(2000, layout.settlements);
  layout.settlements.forEach((s) => grid.add(s));
  const maxR = layout.settlements.reduce((m, s) => Math.max(m, s.r), 0);
  const out: Feat[] = [];
  let n = 0;
  for (const s of layout.settlements) {
    if (s.kind !== 'village' || s.mountain) continue;
    const ring = circleRing(s.cx, s.cy, s.r + 15, 24, true);
    const reach = (s.r + 15) / Math.cos(Math.PI / 24);
    let count = 0;
    for (const o of grid.near(s.cx, s.cy, reach + maxR)) {
      const other = layout.settlements[o];
      if (Math.hypot(other.cx - s.cx, other.cy - s.cy) > reach + other.r) continue;
      for (const i of byS[o]) {
        if (Math.abs(h.x[i] - s.cx) > reach || Math.abs(h.y[i] - s.cy) > reach) continue;
        const heat = HEATING[h.heating[i]];
        // Counted on metre coordinates: rounding to 6 decimals later moves a point < 0.1 m, far
        // inside the polygon's 15 m margin (the tests recount on the written file).
        if ((heat === 'gas' || heat === 'electric') && pointInRing(h.x[i], h.y[i], ring)) count++;
      }
    }
    out.push({
      geometry: { type: 'Polygon', rings: [ring] },
      properties: { id: `SD-${String(++n).padStart(3, '0')}`, village: s.name, township: layout.townships[s.township].name, type: s.heating, households: count },
    });
  }
  return out;
}

/** Kindergarten targets the demo is tuned to land near (seed 000: 85% / 80% / 50%). */
export const KINDERGARTEN_TUNING = { grossEnrolment: 0.88, inclusiveCoverage: 0.78, publicShare: 0.53 };

/**
 * Kindergartens: a public central kindergarten in every township, extra public, inclusive-private
 * and private ones in the county seat, village ones. Enrolment is apportioned so that county
 * gross enrolment ≈ 88% (target ≥ 85%), inclusive coverage ≈ 78% (target ≥ 80%: missed), public
 * share ≈ 53% (target ≥ 50%).
 */
export function kindergartens(rng: Rng, layout: Layout, h: Households): Feat[] {
  const kids = new Float64Array(layout.settlements.length);
  let total = 0;
  for (let i = 0; i < h.count; i++) {
    kids[h.settlement[i]] += h.children[i];
    total += h.children[i];
  }
  type Cat = 'public' | 'inclusive' | 'private';
  const list: { s: Settlement; name: string; cat: Cat; w: number; xy: XY }[] = [];
  const inDisk = (s: Settlement, f: number): XY => {
    if (s.kind === 'seat') return [rng.range(SEAT_RECT.x0 + 150, SEAT_RECT.x1 - 150), rng.range(SEAT_RECT.y0 + 150, SEAT_RECT.y1 - 150)];
    const rr = s.r * f * Math.sqrt(rng.next());
    const a = rng.range(0, 2 * Math.PI);
    return [s.cx + rr * Math.cos(a), s.cy + rr * Math.sin(a)];
  };
  const seat = layout.settlements[0];
  for (const s of layout.settlements) {
    if (s.kind === 'village') continue;
    list.push({ s, name: `${layout.townships[s.township].name}中心幼儿园`, cat: 'public', w: 3 + kids[s.index] / 60, xy: inDisk(s, 0.4) });
  }
  const seatExtra: [string, Cat][] = [
    ['曲阳县第一幼儿园', 'public'],
    ['曲阳县第二幼儿园', 'public'],
    ['阳光普惠幼儿园', 'inclusive'],
    ['启明星幼儿园', 'inclusive'],
    ['童心普惠幼儿园', 'inclusive'],
    ['贝贝双语幼儿园', 'private'],
    ['金色摇篮幼儿园', 'private'],
    ['小天使艺术幼儿园', 'private'],
  ];
  for (const [name, cat] of seatExtra) list.push({ s: seat, name, cat, w: 3 + kids[0] / 400, xy: inDisk(seat, 1) });
  for (const s of layout.settlements) {
    if (s.kind !== 'village') continue;
    const p = s.mountain ? (s.households >= 250 ? 0.25 : 0) : s.households >= 300 ? 0.45 : 0.08;
    if (!rng.chance(p)) continue;
    const cat: Cat = (['public', 'inclusive', 'private'] as const)[rng.pick([0.45, 0.35, 0.2])];
    const suffix = cat === 'public' ? '幼儿园' : cat === 'inclusive' ? '普惠幼儿园' : '民办幼儿园';
    list.push({ s, name: `${s.name.replace(/村$/, '')}${suffix}`, cat, w: 0.5 + kids[s.index] / 40, xy: inDisk(s, 0.6) });
  }
  const enrolled = Math.round(KINDERGARTEN_TUNING.grossEnrolment * total);
  const pub = Math.round(KINDERGARTEN_TUNING.publicShare * enrolled);
  const inc = Math.round(KINDERGARTEN_TUNING.inclusiveCoverage * enrolled) - pub;
  const priv = enrolled - pub - inc;
  const alloc = new Map<number, number>();
  for (const [cat, amount] of [
    ['public', pub],
    ['inclusive', inc],
    ['private', priv],
  ] as const) {
    const idx = list.map((k, i) => (k.cat === cat ? i : -1)).filter((i) => i >= 0);
    apportion(amount, idx.map((i) => list[i].w)).forEach((v, j) => alloc.set(idx[j], v));
  }
  let overfull = 0;
  return list.map((k, i) => {
    const e = alloc.get(i)!;
    // Most have spare places; two village kindergartens are over capacity.
    const over = k.s.kind === 'village' && overfull < 2 && e > 20 && rng.chance(0.3);
    if (over) overfull++;
    const capacity = over ? Math.max(1, Math.floor((e * 0.9) / 5) * 5) : Math.max(30, Math.ceil((e * rng.range(1.05, 1.35)) / 10) * 10);
    return {
      geometry: { type: 'Point' as const, xy: k.xy },
      properties: {
        id: `YEY-${String(i + 1).padStart(3, '0')}`,
        name: k.name,
        ownership: k.cat === 'public' ? 'public' : 'private',
        inclusive: k.cat !== 'private',
        capacity,
        enrolled: e,
        township: layout.townships[k.s.township].name,
        village: k.s.name,
      },
    };
  });
}

/**
 * Clean-coal distribution network (seeds 000, 004) and 双代 maintenance organisations (seed 001):
 * the county centre, a station per township with clean-coal households, a point per clean-coal
 * village, and a maintenance organisation in every 双代 township except 晓林乡 (a deliberate gap).
 */
export function servicePoints(rng: Rng, layout: Layout, h: Households): Feat[] {
  const coalPerTownship = new Int32Array(layout.townships.length);
  const dualPerTownship = new Int32Array(layout.townships.length);
  for (let i = 0; i < h.count; i++) {
    const t = layout.settlements[h.settlement[i]].township;
    const heat = HEATING[h.heating[i]];
    if (heat === 'clean_coal') coalPerTownship[t]++;
    if (heat === 'gas' || heat === 'electric') dualPerTownship[t]++;
  }
  const out: Feat[] = [];
  let n = 0;
  const id = () => `FW-${String(++n).padStart(3, '0')}`;
  const ls = layout.settlements.find((s) => s.name === '灵山镇驻地')!;
  out.push({ geometry: { type: 'Point', xy: [ls.cx - ls.r - 400, ls.cy - 300] }, properties: { id: id(), name: '曲阳县洁净煤生产配送中心', kind: 'coal_centre', township: '灵山镇' } });
  const seatOf = (t: number) => layout.settlements.find((s) => s.kind !== 'village' && s.township === t)!;
  layout.townships.forEach((t, ti) => {
    if (coalPerTownship[ti] === 0) return;
    const s = seatOf(ti);
    const off = s.kind === 'seat' ? [SEAT_RECT.x0 + 300, SEAT_RECT.y0 + 300] : [s.cx + rng.range(-0.5, 0.5) * s.r, s.cy + rng.range(-0.5, 0.5) * s.r];
    out.push({ geometry: { type: 'Point', xy: [off[0], off[1]] }, properties: { id: id(), name: `${t.name}洁净煤配送站`, kind: 'coal_station', township: t.name } });
  });
  for (const s of layout.settlements) {
    if (s.kind !== 'village' || s.heating !== 'clean_coal') continue;
    out.push({
      geometry: { type: 'Point', xy: [s.cx + rng.range(-0.3, 0.3) * s.r, s.cy + rng.range(-0.3, 0.3) * s.r] },
      properties: { id: id(), name: `${s.name}洁净煤配送点`, kind: 'coal_point', township: layout.townships[s.township].name },
    });
  }
  layout.townships.forEach((t, ti) => {
    if (dualPerTownship[ti] === 0 || t.name === '晓林乡') return;
    const s = seatOf(ti);
    const count = t.name === '恒州镇' ? 2 : 1;
    for (let c = 0; c < count; c++) {
      const xy: XY = s.kind === 'seat' ? [SEAT_RECT.x1 - 400 - 1600 * c, SEAT_RECT.y1 - 500] : [s.cx + rng.range(-0.5, 0.5) * s.r, s.cy + rng.range(-0.5, 0.5) * s.r];
      out.push({ geometry: { type: 'Point', xy }, properties: { id: id(), name: `${t.name}双代运维服务站${count > 1 ? c + 1 : ''}`, kind: 'maintenance', township: t.name } });
    }
  });
  return out;
}
