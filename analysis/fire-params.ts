import { assertOptions, checkParam, ParamError, type ParamDef, type ParamOrigin } from './params.ts';

/**
 * Road classes the speed table knows, as normalised codes. OSM `highway` values are used as they
 * are; the Chinese classes of the data contract map onto them (see {@link normaliseRoadClass}).
 */
export const ROAD_CLASSES = [
  'motorway',
  'trunk',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'unclassified',
  'service',
  'living_street',
  'track',
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * OSM `highway` classes fire trucks cannot drive: they have no speed (0) and give no edge in the
 * fire network (analysis/road-graph.ts leaves them out, so no household or station is snapped to
 * a footpath either). Footways, paths, steps, cycleways, pedestrian zones, bridleways, indoor
 * corridors, roads under construction or only proposed, platforms, lifts, guided busways and race
 * tracks. They stay on the map (layers/roads.ts draws them thin and grey).
 */
export const NON_MOTOR_ROAD_CLASSES: readonly string[] = [
  'footway',
  'path',
  'steps',
  'cycleway',
  'pedestrian',
  'bridleway',
  'corridor',
  'construction',
  'proposed',
  'platform',
  'elevator',
  'bus_guideway',
  'raceway',
];

// The same mapping as the roads layer (layers/roads.ts), for GeoJSON that did not go through the loader.
const CN_CLASS: Record<string, RoadClass> = {
  高速公路: 'motorway',
  高速: 'motorway',
  快速路: 'trunk',
  城市快速路: 'trunk',
  国道: 'trunk',
  主干路: 'primary',
  主干道: 'primary',
  省道: 'primary',
  次干路: 'secondary',
  次干道: 'secondary',
  县道: 'secondary',
  支路: 'tertiary',
  乡道: 'tertiary',
  村道: 'unclassified',
  村路: 'unclassified',
  街巷: 'residential',
  小区路: 'residential',
  巷道: 'residential',
  辅路: 'service',
  内部路: 'service',
  服务道路: 'service',
  机耕路: 'track',
  田间路: 'track',
  土路: 'track',
};

/**
 * Normalise a road `class` value to a speed-table key: OSM values (with `_link` stripped) and the
 * Chinese classes of the data contract; anything else is returned trimmed and lower-cased, and
 * gets the `speed-other` default.
 */
export function normaliseRoadClass(value: unknown): string {
  if (typeof value !== 'string') return 'unclassified';
  const v = value.trim();
  if (CN_CLASS[v]) return CN_CLASS[v];
  const lower = v.toLowerCase().replace(/_link$/, '');
  if (lower === 'road' || lower === '') return 'unclassified';
  return lower;
}

const SPEED_SOURCE = {
  zh: '无国家标准给出分道路等级的消防车速度；按 STANDARDS.md 校准：1+4 分钟、7 km² 圆形辖区 ≈ 22 km/h 直线平均速度，路网绕行系数约 1.3 → 路网平均约 30 km/h。注意：该校准是在计入离路步行段（旧口径）时做的；按消防车到达最近道路点（现默认）同样车速在测试路网上 5 分钟覆盖约 13 km²，约为 7 km² 的两倍，车速可能偏快。请按本地实测确认',
  en: 'No Chinese standard gives fire-truck speeds by road class. Calibrated per STANDARDS.md: 1 + 4 min over a circular 7 km² district ≈ 22 km/h straight-line; network detour ≈ 1.3 → ≈ 30 km/h on the network. Note: this calibration was made with the walk leg included (the old definition); with engine arrival at the nearest road point (the default now) the same speeds reach about 13 km² on the test grid, about twice 7 km², so they are probably too fast. Confirm with local drive tests',
};

function speed(cls: RoadClass | 'other', value: number, zh: string): ParamDef<number> {
  return {
    key: `speed-${cls}`,
    value,
    unit: 'km/h',
    label: { zh: `车速：${zh}`, en: `Speed: ${cls}` },
    source: SPEED_SOURCE,
    confirm: true,
    min: 1,
    max: 130,
  };
}

/**
 * Free-flow fire-truck speeds per road class (km/h). Calibration: a typical urban mix of
 * primary 40 / secondary 35 / tertiary 30 / residential 20 averages about 30 km/h on the network;
 * 4 min × 30 km/h = 2 km of road ≈ 1.54 km straight line (detour 1.3) → π·1.54² ≈ 7.4 km², the
 * 一级站 district of GB 51080-2015 / 建标152-2017.
 */
export const SPEED_PARAMS: readonly ParamDef<number>[] = [
  speed('motorway', 60, '高速公路'),
  speed('trunk', 50, '快速路/国道'),
  speed('primary', 40, '主干路/省道'),
  speed('secondary', 35, '次干路/县道'),
  speed('tertiary', 30, '支路/乡道'),
  speed('unclassified', 20, '村道'),
  speed('residential', 20, '街巷/小区路'),
  speed('service', 15, '辅路/内部路'),
  speed('living_street', 10, '生活街道'),
  speed('track', 10, '机耕路'),
  speed('other', 20, '其他'),
];

const CONFIRM_SOURCE = (zh: string, en: string) => ({ zh: `${zh}（未找到标准，请确认）`, en: `${en} (no standard found — please confirm)` });

/** Road classes whose default width (when a road has no `width_m`) is a parameter; other classes take `width-other`. */
export const WIDTH_CLASSES = ['track', 'living_street', 'unclassified', 'residential', 'service'] as const;

/**
 * The fire-lane width (GB 50016-2014 §7.1.8, secondary) and the class widths used where a road has no
 * `width_m`: roads narrower than `lane-min-width` are left out of engine routing and listed by rule FIRE-06.
 */
export const ROAD_WIDTH_PARAMS: readonly ParamDef<number>[] = [
  {
    key: 'lane-min-width',
    value: 4,
    unit: 'm',
    label: { zh: '消防车通行最小路宽（更窄的路不计入消防车路网；0 = 不排除）', en: 'Minimum road width for fire engines (narrower roads are left out of engine routing; 0 = keep all)' },
    source: { zh: 'GB 50016-2014（2018 年版）§7.1.8：消防车道净宽和净空高度均不应小于 4.0 m（转引，条文号待核）', en: 'GB 50016-2014 (2018 ed.) §7.1.8: clear width and clear height ≥ 4.0 m (secondary; clause number to verify)' },
    min: 0,
    max: 50,
  },
  {
    key: 'lane-min-height',
    value: 4,
    unit: 'm',
    label: { zh: '消防车通行最小净空高度（道路 clear_height_m 低于此值不计入消防车路网；无该字段的道路不受限；0 = 不排除）', en: 'Minimum clear height for fire engines (roads whose clear_height_m is lower are left out of engine routing; roads without it are not limited; 0 = keep all)' },
    source: { zh: 'GB 50016-2014（2018 年版）§7.1.8：消防车道净宽和净空高度均不应小于 4.0 m（转引，条文号待核）', en: 'GB 50016-2014 (2018 ed.) §7.1.8: clear width and clear height ≥ 4.0 m (secondary; clause number to verify)' },
    min: 0,
    max: 20,
  },
  {
    key: 'lane-cut-distance',
    value: 15,
    unit: 'm',
    label: { zh: '消防车通道问题点截断距离（未整改问题点此距离内的道路不计入消防车路网；0 = 不按台账截断）', en: 'Fire-lane problem cut distance (roads within it of an open ledger problem are left out of engine routing; 0 = ledger ignored)' },
    source: CONFIRM_SOURCE('台账点位代表受阻路段；15 m 约为一个路口范围，为占位值', 'A ledger point stands for the obstructed stretch; 15 m is about one junction, a placeholder'),
    confirm: true,
    min: 0,
    max: 500,
  },
  {
    key: 'width-track',
    value: 3,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：机耕路', en: 'Width without width_m: track' },
    source: CONFIRM_SOURCE('机耕路/田间路一般 3 m 左右', 'Field tracks are about 3 m'),
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'width-living_street',
    value: 3.5,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：生活街道', en: 'Width without width_m: living street' },
    source: CONFIRM_SOURCE('街巷估计值', 'An estimate for lanes'),
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'width-unclassified',
    value: 4,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：村道', en: 'Width without width_m: village road' },
    source: CONFIRM_SOURCE('村道多为 3.5–5 m（演示数据 width_m）', 'Village roads are mostly 3.5–5 m (demo width_m)'),
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'width-residential',
    value: 4,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：街巷/小区路', en: 'Width without width_m: residential' },
    source: CONFIRM_SOURCE('街巷/小区路估计值', 'An estimate for residential streets'),
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'width-service',
    value: 4,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：辅路/内部路', en: 'Width without width_m: service road' },
    source: CONFIRM_SOURCE('辅路/内部路估计值', 'An estimate for service roads'),
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'width-other',
    value: 7,
    unit: 'm',
    label: { zh: '无 width_m 时的路宽：其他等级', en: 'Width without width_m: other classes' },
    source: CONFIRM_SOURCE('支路及以上一般不窄于 7 m', 'Branch roads and above are rarely under 7 m'),
    confirm: true,
    min: 0,
    max: 100,
  },
];

/** Width of a road, m: its `width_m`, else the class default (`width-<class>` or `width-other` of {@link ROAD_WIDTH_PARAMS}). */
export function roadWidthMeters(p: Record<string, unknown> | null | undefined, widths: Readonly<Record<string, number>>): { width: number; own: boolean } {
  const raw = p?.width_m;
  const own = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (Number.isFinite(own) && own > 0) return { width: own, own: true };
  const cls = normaliseRoadClass(p?.class);
  const width = widths[cls] ?? widths.other;
  // a table without `other` is a caller's mistake (roadWidthTable always has it): a silent 0 would drop the road from engine routing
  if (width === undefined) throw new Error(`road width table has no "${cls}" and no "other" width (build it with roadWidthTable)`);
  return { width, own: false };
}

/**
 * A road's clear height (`clear_height_m`: under a bridge, a gate, an archway), m, or null when the
 * road does not state one (not limited).
 */
export function roadClearHeightMeters(p: Record<string, unknown> | null | undefined): number | null {
  const v = p?.clear_height_m;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Whether a fire engine can use the road: at least `minWidth` wide and, where stated, `minHeight` clear (0 turns a check off). */
export function roadTakesEngine(p: Record<string, unknown> | null | undefined, widths: Readonly<Record<string, number>>, minWidth: number, minHeight: number): boolean {
  if (minWidth > 0 && roadWidthMeters(p, widths).width < minWidth) return false;
  if (minHeight > 0) {
    const h = roadClearHeightMeters(p);
    if (h !== null && h < minHeight) return false;
  }
  return true;
}

/** Class → default width (m) from parameter values (`width-<class>` keys), defaults where unset. */
export function roadWidthTable(v: Readonly<Record<string, unknown>> = {}): Record<string, number> {
  const t: Record<string, number> = {};
  for (const d of ROAD_WIDTH_PARAMS) {
    if (!d.key.startsWith('width-')) continue;
    const raw = v[d.key];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
    t[d.key.slice('width-'.length)] = Number.isFinite(n) ? n : d.value;
  }
  return t;
}

/** Every default of the fire-coverage analysis, each with its source (shared/STANDARDS.md). */
export const FIRE_PARAMS: readonly ParamDef[] = [
  {
    key: 'threshold',
    value: 5,
    unit: 'min',
    label: { zh: '到达时限（自接警出动起）', en: 'Response threshold from dispatch order' },
    source: { zh: 'GB 51080-2015 城市消防规划规范 §4.1.3：接警出动后 5 分钟内到达辖区边缘', en: 'GB 51080-2015 §4.1.3: reach the district edge within 5 min of the dispatch order' },
    min: 1,
    max: 60,
  },
  {
    key: 'turnout',
    value: 1,
    unit: 'min',
    label: { zh: '出动时间（专职站）', en: 'Turnout time (professional crew)' },
    source: { zh: '通行做法：5 分钟 = 1 分钟出动 + 4 分钟行车（标准未写明，可逐站修改）', en: 'Common practice: 5 min = 1 min turnout + 4 min travel (not in the standard; editable per station)' },
    min: 0,
    max: 30,
    below: {
      key: 'threshold',
      why: { zh: '出动时间不短于到达时限，消防车没有行车时间，覆盖率将为 0', en: 'a turnout as long as the threshold leaves the engine no time to drive, and every coverage figure would be 0' },
    },
  },
  {
    key: 'turnout-township',
    value: 2,
    unit: 'min',
    label: { zh: '出动时间（乡镇专职队）', en: 'Turnout time (township crew)' },
    source: CONFIRM_SOURCE('乡镇专职消防队出动慢于专职站', 'Township crews turn out slower than professional stations'),
    confirm: true,
    min: 0,
    max: 30,
  },
  {
    key: 'turnout-volunteer',
    value: 3,
    unit: 'min',
    label: { zh: '出动时间（志愿消防队）', en: 'Turnout time (volunteer crew)' },
    source: CONFIRM_SOURCE('志愿队需先集合；对照 NFPA 1720 志愿队标准', 'Volunteers must assemble first; compare NFPA 1720'),
    confirm: true,
    min: 0,
    max: 30,
  },
  {
    key: 'statuses',
    value: 'existing',
    label: { zh: '参与计算的站点状态', en: 'Station statuses included' },
    source: { zh: '现状；可加规划、拟建站做方案比较', en: 'Existing; add planned / proposed to compare scenarios' },
    values: ['existing', 'planned', 'proposed'],
    list: true,
  },
  {
    key: 'traffic',
    value: 1,
    label: { zh: '交通系数（1 = 自由流，高峰约 0.7）', en: 'Traffic factor (1 = free flow, peak ≈ 0.7)' },
    source: CONFIRM_SOURCE('南京、长沙实测覆盖远低于自由流模型（STANDARDS.md）；高峰 0.7 为估计值', 'Nanjing/Changsha studies find far less coverage than free-flow models (STANDARDS.md); 0.7 for peak is an estimate'),
    confirm: true,
    min: 0.1,
    max: 1.5,
  },
  {
    key: 'target',
    value: 80,
    unit: '%',
    label: { zh: '建成区 5 分钟可达覆盖率目标', en: 'Target: built-up area reached within 5 min' },
    source: { zh: '曲阳县消防事业发展“十四五”规划：2025 年消防救援站 5 分钟可达覆盖率 ≥ 80%', en: 'Quyang fire plan 2021–25: 5-minute reach coverage ≥ 80% by 2025' },
    // a percentage: 0.8 (a fraction where 80 % is meant) ran as a 0.8 % target, met by any coverage at all
    min: 1,
    max: 100,
  },
  {
    key: 'cell',
    value: 100,
    unit: 'm',
    label: { zh: '栅格边长', en: 'Grid cell size' },
    source: CONFIRM_SOURCE('分析精度与速度的折中；100 m 栅格在 7 km² 辖区约 700 格', 'Trade-off of detail and speed; a 7 km² district holds about 700 cells of 100 m'),
    min: 10,
    max: 2000,
  },
  {
    key: 'breaks',
    value: '3,5,8,10',
    unit: 'min',
    label: { zh: '等时圈分级', en: 'Isochrone breaks' },
    source: { zh: '5 分钟为标准时限，3/8/10 分钟供比较（NFPA 1720 郊区 10 分钟）', en: '5 min is the standard; 3/8/10 for comparison (NFPA 1720 suburban 10 min)' },
    list: true,
    min: 0.5,
    max: 120,
  },
  {
    key: 'access-max',
    value: 300,
    unit: 'm',
    label: { zh: '离路最大接入距离', en: 'Maximum access distance from the road' },
    source: CONFIRM_SOURCE('超过此距离视为不可达；对照 ISO 规则水带铺设 1,000 ft', 'Farther away counts as not reached; compare ISO 1,000 ft hose lay'),
    confirm: true,
    // 10 m: a distance in km where m is due ("0.3") is refused; below a cell's half-width almost nothing is reached anyway
    min: 10,
    max: 5000,
  },
  {
    key: 'walk-leg',
    value: false,
    label: { zh: '计入离路步行段（旧口径，默认关闭）', en: 'Count an on-foot leg off the road (old definition, off by default)' },
    source: {
      zh: 'GB 51080-2015 §4.1.3 的 5 分钟指消防车到达辖区边缘；默认按消防车到达目标最近的道路点计时。开启后另加离路步行时间（按“离路段接入速度”），为水带铺设/步行到达的另行检查，不是标准口径',
      en: 'GB 51080-2015 §4.1.3: the 5 minutes are the fire engine reaching the district edge; by default the clock stops when the engine reaches the road point nearest the target. On: an on-foot leg off the road (at the access speed) is added — a separate hose-lay / on-foot check, not the standard definition',
    },
  },
  {
    key: 'access-speed',
    value: 5,
    unit: 'km/h',
    label: { zh: '离路步行速度（携带器材；仅在计入步行段时使用）', en: 'On-foot speed off the road (with equipment; used only with the walk leg)' },
    source: CONFIRM_SOURCE('消防员携带器材步行约 5 km/h', 'Crew on foot with equipment ≈ 5 km/h'),
    confirm: true,
    min: 0.5,
    max: 60,
  },
  {
    key: 'snap-tolerance',
    value: 2,
    unit: 'm',
    label: { zh: '路网节点合并容差', en: 'Road vertex snapping tolerance' },
    source: CONFIRM_SOURCE('数字化误差；端点距离小于此值即连接', 'Digitising error; ends closer than this are joined'),
    confirm: true,
    min: 0,
    max: 50,
  },
  {
    key: 'straight-speed',
    value: 22,
    unit: 'km/h',
    label: { zh: '直线模式平均速度（无路网时）', en: 'Straight-line mode average speed (no road data)' },
    source: { zh: 'STANDARDS.md 校准：1+4 分钟、7 km² 圆形辖区 ≈ 22 km/h 直线平均速度', en: 'STANDARDS.md calibration: 1 + 4 min over a circular 7 km² district ≈ 22 km/h straight-line' },
    min: 1,
    max: 130,
  },
  ...ROAD_WIDTH_PARAMS,
  ...SPEED_PARAMS,
];

/**
 * `mode` (CLI `--mode`, project.json `params.mode`): network, or straight-line distances at
 * `straight-speed`. Not set: network when there are roads, else straight-line.
 */
export const FIRE_MODE_PARAM: ParamDef<string> = {
  key: 'mode',
  value: 'network',
  label: { zh: '计算方式（network 路网 / straight-line 直线）', en: 'Method (network / straight-line)' },
  source: { zh: '有道路数据时按路网，否则按直线距离', en: 'Network when there are roads, else straight-line' },
  values: ['network', 'straight-line'],
};

/** District area limits per station level (km²), 建标152-2017 Art. 14 / GB 51080-2015 §4.1.3. */
export const DISTRICT_LIMIT_KM2: Record<string, number> = {
  level1: 7,
  level2: 4,
  small: 2,
  special: 7,
  edge: 15,
};

/**
 * The largest own district limit a station may give (`district_limit_km2`, km²): above it a value is
 * a typo (a limit in m² or mu), refused by the fire_stations loader and not used by the analysis.
 */
export const DISTRICT_LIMIT_MAX_KM2 = 1000;

/** Source of {@link DISTRICT_LIMIT_KM2}, for display. */
export const DISTRICT_LIMIT_SOURCE = {
  zh: '建标152-2017 第十四条：一级站 ≤ 7 km²，二级站 ≤ 4 km²，小型站 ≤ 2 km²，城市边缘 ≤ 15 km²（特勤站按一级站计，请确认）',
  en: 'JB 152-2017 Art. 14: level 1 ≤ 7 km², level 2 ≤ 4 km², small ≤ 2 km², urban edge ≤ 15 km² (special stations taken as level 1 — confirm)',
};

/** The speed table: normalised class → km/h, plus `other` for unknown classes. */
export type SpeedTableKmh = Record<string, number>;

/** Default speed table from {@link SPEED_PARAMS}. */
export function defaultSpeedTable(): SpeedTableKmh {
  const t: SpeedTableKmh = {};
  for (const p of SPEED_PARAMS) t[p.key.slice('speed-'.length)] = p.value;
  return t;
}

/** Resolved option values keyed like {@link FIRE_PARAMS} (CLI option names / project.json `params`). */
export type FireParamValues = Record<string, unknown>;

function num(v: unknown, key: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Error(`${key} must be a number (got ${String(v)})`);
  return n;
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return String(v ?? '')
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Turn parameter values (CLI options / project params / panel controls, keyed as in
 * {@link FIRE_PARAMS}, already merged over the defaults and checked by `resolveParams`) into the
 * options of `fireCoverage`. Also accepts `speeds` ("primary=45,unclassified=15") over the single
 * `speed-<class>` keys, and `mode` ("network" | "straight-line"); these two are checked here
 * against the speed range and {@link FIRE_MODE_PARAM}, and named as coming from `origin`.
 * @throws ParamError on a refused speed or mode
 */
export function fireOptionsFromParams(v: FireParamValues, origin: ParamOrigin = { kind: 'options' }) {
  const speedsKmh = defaultSpeedTable();
  for (const k of Object.keys(v)) if (k.startsWith('speed-') && k !== 'speed-') speedsKmh[normaliseSpeedKey(k.slice(6))] = num(v[k], k);
  if (v.speeds !== undefined && v.speeds !== 'true') {
    for (const pair of list(v.speeds)) {
      const [cls, val] = pair.split('=');
      if (!cls || val === undefined) throw new Error(`speeds: expected class=km/h pairs, got "${pair}"`);
      const key = normaliseSpeedKey(cls);
      const def = SPEED_PARAMS.find((d) => d.key === `speed-${key}`) ?? SPEED_PARAMS.find((d) => d.key === 'speed-other')!;
      const r = checkParam({ ...def, key: `speeds ${cls}` }, val, origin);
      if (!r.ok) throw new ParamError([r.problem]);
      speedsKmh[key] = r.value as number;
    }
  }
  let mode: 'network' | 'straight-line' | undefined;
  if (v.mode !== undefined) {
    const r = checkParam(FIRE_MODE_PARAM, v.mode, origin);
    if (!r.ok) throw new ParamError([r.problem]);
    mode = r.value as 'network' | 'straight-line';
  }
  const statuses = list(v.statuses);
  if (statuses.length === 0) throw new Error('statuses must name at least one status (existing, planned, proposed)');
  return {
    thresholdMinutes: num(v.threshold, 'threshold'),
    turnoutMinutes: num(v.turnout, 'turnout'),
    turnoutTownshipMinutes: num(v['turnout-township'], 'turnout-township'),
    turnoutVolunteerMinutes: num(v['turnout-volunteer'], 'turnout-volunteer'),
    statuses,
    trafficFactor: num(v.traffic, 'traffic'),
    targetPct: num(v.target, 'target'),
    cellSizeMeters: num(v.cell, 'cell'),
    breaksMinutes: list(v.breaks).map((b) => num(b, 'breaks')),
    maxAccessMeters: num(v['access-max'], 'access-max'),
    accessSpeedKmh: num(v['access-speed'], 'access-speed'),
    walkLeg: v['walk-leg'] === true || v['walk-leg'] === 'true',
    minEngineWidthMeters: num(v['lane-min-width'], 'lane-min-width'),
    minEngineClearHeightMeters: num(v['lane-min-height'], 'lane-min-height'),
    laneCutMeters: num(v['lane-cut-distance'], 'lane-cut-distance'),
    roadWidthsM: roadWidthTable(v),
    snapToleranceMeters: num(v['snap-tolerance'], 'snap-tolerance'),
    straightLineSpeedKmh: num(v['straight-speed'], 'straight-speed'),
    speedsKmh,
    mode,
  };
}

function normaliseSpeedKey(k: string): string {
  return k === 'other' ? 'other' : normaliseRoadClass(k);
}

/** Fire option field → parameter key, to check resolved options ({@link assertFireOptions}). */
export const FIRE_OPTION_FIELDS: Readonly<Record<string, string>> = {
  thresholdMinutes: 'threshold',
  turnoutMinutes: 'turnout',
  turnoutTownshipMinutes: 'turnout-township',
  turnoutVolunteerMinutes: 'turnout-volunteer',
  statuses: 'statuses',
  trafficFactor: 'traffic',
  targetPct: 'target',
  cellSizeMeters: 'cell',
  breaksMinutes: 'breaks',
  maxAccessMeters: 'access-max',
  accessSpeedKmh: 'access-speed',
  walkLeg: 'walk-leg',
  minEngineWidthMeters: 'lane-min-width',
  minEngineClearHeightMeters: 'lane-min-height',
  laneCutMeters: 'lane-cut-distance',
  snapToleranceMeters: 'snap-tolerance',
  straightLineSpeedKmh: 'straight-speed',
  mode: 'mode',
};

/**
 * Check resolved fire options (as {@link fireOptionsFromParams} returns them) against the declared
 * ranges: the analysis worker's second line of defence.
 * @throws ParamError naming the task and each refused value
 */
export function assertFireOptions(task: string, options: Readonly<Record<string, unknown>>): void {
  assertOptions(task, [...FIRE_PARAMS, FIRE_MODE_PARAM], FIRE_OPTION_FIELDS, options);
  const speeds = options.speedsKmh as Record<string, unknown> | undefined;
  if (!speeds) return;
  const table: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [cls, v] of Object.entries(speeds)) {
    const key = SPEED_PARAMS.some((d) => d.key === `speed-${cls}`) ? `speed-${cls}` : 'speed-other';
    table[cls] = v;
    fields[cls] = key;
  }
  assertOptions(task, SPEED_PARAMS, fields, table);
}
