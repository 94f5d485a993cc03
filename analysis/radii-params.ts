import { resolveParams, type ParamDef, type ParamLayer } from './params.ts';

const GB50974 = {
  zh: 'GB 50974-2014《消防给水及消火栓系统技术规范》§7.2（二手资料）',
  en: 'GB 50974-2014 Code for fire protection water supply and hydrant systems §7.2 (secondary)',
};

/** Hydrant gap analysis defaults (CLI `--hydrant-radius 150` …, project.json `params`). */
export const HYDRANT_PARAMS: readonly ParamDef[] = [
  {
    key: 'hydrant-radius',
    value: 150,
    unit: 'm',
    label: { zh: '消火栓保护半径', en: 'Hydrant protection radius' },
    source: GB50974,
    min: 1,
    max: 1000,
  },
  {
    key: 'hydrant-spacing',
    value: 120,
    unit: 'm',
    label: { zh: '消火栓间距上限', en: 'Maximum hydrant spacing' },
    source: GB50974,
    min: 1,
    max: 1000,
  },
  {
    key: 'wide-road-width',
    value: 60,
    unit: 'm',
    label: { zh: '需两侧布置消火栓的道路宽度', en: 'Road width needing hydrants on both sides' },
    source: GB50974,
    min: 1,
    max: 500,
  },
  {
    key: 'include-planned',
    value: false,
    label: { zh: '计入在建和规划消火栓（规划建成后）', en: 'Count hydrants under construction and planned (after the plan is built)' },
    source: { zh: '分析开关，无标准', en: 'Analysis switch, no standard' },
  },
  {
    key: 'cranes-as-hydrants',
    value: false,
    label: { zh: '消防水鹤按消火栓计（150 m 保护半径，旧口径）', en: 'Count water cranes as hydrants (150 m radius, the former way)' },
    source: {
      zh: '分析开关：水鹤是取水设施（≥ 30 L/s），服务距离和间距另设（规范检查 crane-reach、crane-spacing）；GB 50974-2014 §7.2 的 150 m/120 m 针对消火栓（转引）',
      en: 'Analysis switch: a water crane is a filling point (≥ 30 L/s) with its own reach and spacing (rules crane-reach, crane-spacing); the 150 m / 120 m of GB 50974-2014 §7.2 are for hydrants (secondary)',
    },
  },
  {
    key: 'hydrant-snap',
    value: 30,
    unit: 'm',
    label: { zh: '消火栓归属道路的最大距离（距路边；无 width_m 时距中心线）', en: 'Max distance for a hydrant to belong to a road (from its edge; from the centre line without width_m)' },
    source: {
      zh: '未找到标准：消火栓一般设在人行道或路侧，距道路中心线不超过半幅路宽加数米；请确认',
      en: 'No standard found: hydrants stand on the pavement or verge, within half the road width plus a few metres of the centre line; please confirm',
    },
    confirm: true,
    min: 1,
    max: 200,
  },
];

const GB50180 = {
  zh: 'GB 50180-93（2002年版）附录A表A.0.3：幼儿园服务半径不宜大于300 m（城市居住区）',
  en: 'GB 50180-93 (2002 ed.) table A.0.3: kindergarten service radius ≤ 300 m (urban residential areas)',
};

/**
 * The smallest service radius accepted, m. A radius given in km where m is due ("2" for 2 km) would
 * otherwise run as 2 m and report almost every household unserved; no kindergarten, clean-coal or
 * maintenance radius is under 50 m (GB 50180's smallest is 300 m).
 */
export const RADIUS_MIN_M = 50;

/** Kindergarten access defaults. */
export const KINDERGARTEN_PARAMS: readonly ParamDef[] = [
  {
    key: 'kg-radius-urban',
    value: 300,
    unit: 'm',
    label: { zh: '幼儿园服务半径（县城）', en: 'Kindergarten radius (county seat)' },
    source: GB50180,
    min: RADIUS_MIN_M,
    max: 20000,
  },
  {
    key: 'kg-radius-township',
    value: 1000,
    unit: 'm',
    label: { zh: '幼儿园服务半径（乡镇驻地）', en: 'Kindergarten radius (township seat)' },
    source: {
      zh: '未找到国家标准：农村服务半径远大于300 m（曲阳县学前教育规划，种子文件000）；乡镇驻地按步行约15分钟取1 km，请确认',
      en: 'No national standard found: rural radii are far larger than 300 m (Quyang pre-school plan, seed 000); township seat set to ≈ 15 min walk = 1 km; please confirm',
    },
    confirm: true,
    min: RADIUS_MIN_M,
    max: 20000,
  },
  {
    key: 'kg-radius-village',
    value: 2000,
    unit: 'm',
    label: { zh: '幼儿园服务半径（村）', en: 'Kindergarten radius (village)' },
    source: {
      zh: '未找到国家标准：村级园服务周边村庄（种子文件000），取2 km，请确认',
      en: 'No national standard found: village kindergartens serve neighbouring villages (seed 000); set to 2 km; please confirm',
    },
    confirm: true,
    min: RADIUS_MIN_M,
    max: 50000,
  },
  {
    key: 'child-share',
    value: 0.03,
    label: { zh: '3–5岁儿童占人口比例（缺少儿童字段时）', en: 'Share of persons aged 3–5 (when children_3_5 is missing)' },
    source: {
      zh: '估算：第七次人口普查0–4岁约占5.7%，三个年龄组约3%；请按本地户籍数据确认',
      en: 'Estimate: 2020 census ages 0–4 ≈ 5.7% of the population, three single years ≈ 3%; confirm with local registers',
    },
    confirm: true,
    // Three single years of age are a few per cent of any population (census: ≈ 1 % each). 0 made
    // every estimated household childless (the warning then blamed empty persons) and 0.5 or 1 is no
    // county: 0.1 %–20 % bounds every one with room to spare.
    min: 0.001,
    max: 0.2,
  },
];

/** Uncovered-households view: radii of services other than hydrants and kindergartens. */
export const UNCOVERED_PARAMS: readonly ParamDef[] = [
  {
    key: 'coal-radius',
    value: 2000,
    unit: 'm',
    label: { zh: '洁净煤配送服务半径', en: 'Clean-coal service radius' },
    source: {
      zh: '未找到标准：县—乡—村三级配送网络，每村一个配送点（种子文件000、004）；取2 km，请确认',
      en: 'No standard found: a county–township–village distribution network with a point per village (seeds 000, 004); set to 2 km; please confirm',
    },
    confirm: true,
    min: RADIUS_MIN_M,
    max: 50000,
  },
  {
    key: 'maintenance-radius',
    value: 10000,
    unit: 'm',
    label: { zh: '双代维修服务网点服务半径', en: 'Maintenance organisation reach' },
    source: {
      zh: '种子文件001：每个有双代户的乡镇至少1个维修服务网点，“小修不出村、大修不出县”；未给距离，取10 km（约一个乡镇），请确认',
      en: 'Seed 001: every town with dual-conversion households has ≥ 1 maintenance organisation ("small repairs do not leave the village"); no distance given, set to 10 km (about one township); please confirm',
    },
    confirm: true,
    min: RADIUS_MIN_M,
    max: 100000,
  },
];

function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Hydrant option field → parameter key, to check resolved options ({@link assertOptions}). */
export const HYDRANT_OPTION_FIELDS: Readonly<Record<string, string>> = {
  radiusMeters: 'hydrant-radius',
  spacingMeters: 'hydrant-spacing',
  wideRoadMeters: 'wide-road-width',
  includePlanned: 'include-planned',
  cranesAsHydrants: 'cranes-as-hydrants',
  snapMeters: 'hydrant-snap',
};

/** Kindergarten option field → parameter key. */
export const KINDERGARTEN_OPTION_FIELDS: Readonly<Record<string, string>> = {
  radiusUrbanMeters: 'kg-radius-urban',
  radiusTownshipMeters: 'kg-radius-township',
  radiusVillageMeters: 'kg-radius-village',
  childShare: 'child-share',
};

/** Uncovered-households option field → parameter key (the hydrant radius is checked with {@link HYDRANT_PARAMS}). */
export const UNCOVERED_OPTION_FIELDS: Readonly<Record<string, string>> = {
  coalRadiusMeters: 'coal-radius',
  maintenanceRadiusMeters: 'maintenance-radius',
};

/** Hydrant options from defaults, project params and explicit options (later wins). */
export function resolveHydrantOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(HYDRANT_PARAMS, ...overrides);
  return {
    radiusMeters: Number(p['hydrant-radius']),
    spacingMeters: Number(p['hydrant-spacing']),
    wideRoadMeters: Number(p['wide-road-width']),
    includePlanned: bool(p['include-planned']),
    cranesAsHydrants: bool(p['cranes-as-hydrants']),
    snapMeters: Number(p['hydrant-snap']),
  };
}

/** Kindergarten options from defaults, project params and explicit options (later wins). */
export function resolveKindergartenOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(KINDERGARTEN_PARAMS, ...overrides);
  return {
    radiusUrbanMeters: Number(p['kg-radius-urban']),
    radiusTownshipMeters: Number(p['kg-radius-township']),
    radiusVillageMeters: Number(p['kg-radius-village']),
    childShare: Number(p['child-share']),
  };
}

/** Clean-coal and maintenance radii from defaults, project params and explicit options. */
export function resolveUncoveredOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(UNCOVERED_PARAMS, ...overrides);
  return {
    coalRadiusMeters: Number(p['coal-radius']),
    maintenanceRadiusMeters: Number(p['maintenance-radius']),
  };
}
