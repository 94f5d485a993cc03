import { resolveParams, type ParamDef, type ParamLayer } from './params.ts';

/** Facility-siting defaults (CLI `--count 3 --candidate-spacing 500 …`, project.json `params`). */
export const SITING_PARAMS: readonly ParamDef[] = [
  {
    key: 'count',
    value: 3,
    label: { zh: '新选址数量', en: 'Number of new sites' },
    source: { zh: '规划人员输入，无标准', en: 'Planner input, no standard' },
    min: 1,
    max: 50,
    integer: true,
  },
  {
    key: 'model',
    value: 'mclp',
    label: { zh: '模型（mclp 给定数量求最大覆盖 / lscp 求全覆盖所需最少数量）', en: 'Model (mclp: most coverage for a count / lscp: fewest sites for full coverage)' },
    source: { zh: '最大覆盖选址（MCLP，Church & ReVelle 1974）；集合覆盖选址（LSCP，Toregas 等 1971）', en: 'Maximal covering (MCLP, Church & ReVelle 1974); location set covering (LSCP, Toregas et al. 1971)' },
    values: ['mclp', 'lscp'],
  },
  {
    key: 'candidate-spacing',
    value: 500,
    unit: 'm',
    label: { zh: '候选点网格间距', en: 'Candidate grid spacing' },
    source: {
      zh: '分析精度设置，无标准：500 m 网格在县域约4,000个候选点，小于消防辖区（≤7 km²）和幼儿园服务半径；请按需要调整',
      en: 'Analysis resolution, no standard: a 500 m grid gives about 4,000 candidates over a county, finer than a fire district (≤ 7 km²) or a kindergarten radius; adjust as needed',
    },
    min: 50,
    max: 20000,
  },
  {
    key: 'candidate-area',
    value: 'county',
    label: { zh: '候选点范围（county 全县 / built-up 建成区）', en: 'Where candidates may stand (county / built-up)' },
    source: { zh: '规划人员选择，无标准', en: 'Planner choice, no standard' },
    values: ['county', 'built-up'],
  },
  {
    key: 'objective',
    value: 'households',
    label: { zh: '消防选址目标（households 户数 / built-up 建成区面积）', en: 'Fire siting objective (households / built-up area)' },
    source: {
      zh: '户数：覆盖尽可能多的住户；建成区面积：对应“消防救援站5分钟可达覆盖率≥80%”（种子文件002）',
      en: 'households: reach as many homes as possible; built-up: the "5-minute reach coverage ≥ 80%" target (seed 002)',
    },
    values: ['households', 'built-up'],
  },
  {
    key: 'max-snap',
    value: 0,
    unit: 'm',
    label: { zh: '候选点离道路最大距离（0 = 网格间距×0.75）', en: 'Max distance from a grid point to its road (0 = spacing × 0.75)' },
    source: { zh: '分析设置，无标准：消防站和幼儿园都需临路', en: 'Analysis setting, no standard: fire stations and kindergartens need road access' },
    min: 0,
    max: 5000,
  },
];

/** Siting option field → parameter key, to check resolved options ({@link assertOptions}). */
export const SITING_OPTION_FIELDS: Readonly<Record<string, string>> = {
  count: 'count',
  model: 'model',
  candidateSpacingMeters: 'candidate-spacing',
  candidateArea: 'candidate-area',
  objective: 'objective',
  maxSnapMeters: 'max-snap',
};

/**
 * Siting options from defaults, project params and explicit options (later wins).
 * @throws ParamError when a value is outside its declared range
 */
export function resolveSitingOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(SITING_PARAMS, ...overrides);
  const maxSnap = p['max-snap'] as number;
  return {
    count: p.count as number,
    model: p.model as 'mclp' | 'lscp',
    candidateSpacingMeters: p['candidate-spacing'] as number,
    candidateArea: p['candidate-area'] as 'county' | 'built-up',
    objective: p.objective as 'households' | 'built-up',
    maxSnapMeters: maxSnap > 0 ? maxSnap : undefined,
  };
}
