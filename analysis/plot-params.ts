import { resolveParams, type ParamDef, type ParamLayer } from './params.ts';

/** Reserve-plot review defaults (CLI `--stated-total 319.56 --area-tolerance 2`, project.json `params`). */
export const PLOT_PARAMS: readonly ParamDef[] = [
  {
    key: 'area-tolerance',
    value: 2,
    unit: '%',
    label: { zh: '图上面积与申报面积允许偏差', en: 'Allowed difference between drawn and declared area' },
    source: {
      zh: '审查设置，未找到标准：2% 约为1:500–1:2000地形图勾绘地块的面积误差；请按本地要求确认',
      en: 'Review setting, no standard found: 2% is about the area error of plots drawn on 1:500–1:2000 maps; confirm with local rules',
    },
    confirm: true,
    min: 0,
    max: 100,
  },
  {
    key: 'stated-total',
    value: 0,
    unit: '亩',
    label: { zh: '文件所列地块总面积（0 = 不核对）', en: 'Total area stated in the document (0 = no check)' },
    source: { zh: '来自被审查文件，例如曲阳县2022年土地储备计划：5宗 319.56 亩（种子文件002）', en: 'From the document under review, e.g. Quyang 2022 land-reserve plan: 5 plots, 319.56 mu (seed 002)' },
    min: 0,
    // 1,000,000 亩 ≈ 667 km², more than half a county: no reserve plan comes near it
    max: 1_000_000,
  },
  {
    key: 'station-school-min',
    value: 50,
    unit: 'm',
    label: { zh: '消防站距学校、幼儿园最小距离', en: 'Min distance fire station – school / kindergarten' },
    source: { zh: '建标152-2017 第15条（二手资料）：距医院、学校、幼儿园等主要疏散口 ≥ 50 m', en: '建标152-2017 Art. 15 (secondary): ≥ 50 m from main exits of hospitals, schools, kindergartens' },
    min: 0,
    max: 10000,
  },
  {
    key: 'station-hazard-min',
    value: 300,
    unit: 'm',
    label: { zh: '消防站距危险化学品场所最小距离', en: 'Min distance fire station – hazardous-chemical sites' },
    source: { zh: '建标152-2017 第15条（二手资料）：≥ 300 m', en: '建标152-2017 Art. 15 (secondary): ≥ 300 m' },
    min: 0,
    max: 10000,
  },
];

/** Plot-review option field → parameter key, to check resolved options ({@link assertOptions}). */
export const PLOT_OPTION_FIELDS: Readonly<Record<string, string>> = {
  areaTolerancePct: 'area-tolerance',
  statedTotalMu: 'stated-total',
  stationSchoolMinMeters: 'station-school-min',
  stationHazardMinMeters: 'station-hazard-min',
};

/**
 * Plot-review options from defaults, project params and explicit options (later wins).
 * @throws ParamError when a value is outside its declared range
 */
export function resolvePlotOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(PLOT_PARAMS, ...overrides);
  const stated = Number(p['stated-total']);
  return {
    areaTolerancePct: Number(p['area-tolerance']),
    statedTotalMu: stated > 0 ? stated : undefined,
    stationSchoolMinMeters: Number(p['station-school-min']),
    stationHazardMinMeters: Number(p['station-hazard-min']),
  };
}
