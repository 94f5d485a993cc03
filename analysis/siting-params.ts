import { assertOptions, originText, resolveParams, type ParamDef, type ParamLayer, type ParamOrigin } from './params.ts';
import type { AnalysisWarning } from './analysis-warning.ts';

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
    label: { zh: '模型（mclp 给定数量求最大覆盖 / lscp 求全覆盖所需最少数量 / backup 双重覆盖 / mexclp 计忙期望覆盖）', en: 'Model (mclp: most coverage for a count / lscp: fewest sites for full coverage / backup: second-station coverage / mexclp: expected coverage with busy stations)' },
    source: { zh: '最大覆盖选址（MCLP，Church & ReVelle 1974）；集合覆盖选址（LSCP，Toregas 等 1971）；双重覆盖（Hogan & ReVelle 1986）；期望覆盖（MEXCLP，Daskin 1983）', en: 'Maximal covering (MCLP, Church & ReVelle 1974); location set covering (LSCP, Toregas et al. 1971); backup coverage (Hogan & ReVelle 1986); expected coverage (MEXCLP, Daskin 1983)' },
    values: ['mclp', 'lscp', 'backup', 'mexclp'],
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
    key: 'candidate-source',
    value: 'grid',
    label: { zh: '候选点来源（grid 网格 / plots 土地储备地块 / both 两者）', en: 'Candidate source (grid / plots: reserve plots / both)' },
    source: {
      zh: '规划人员选择，无标准：plots 只用面积和用途符合要求的储备地块（每块一个候选点）',
      en: 'Planner choice, no standard: plots uses only the reserve plots whose area and use fit the facility (one candidate per plot)',
    },
    values: ['grid', 'plots', 'both'],
  },
  {
    key: 'station-level',
    value: 'level-1',
    label: { zh: '消防站等级（决定用地面积：level-1 一级 / level-2 二级 / volunteer 志愿）', en: 'Fire station level (sets the land needed: level-1 / level-2 / volunteer)' },
    source: {
      zh: '乡镇消防队用地：一级 1,000–1,200 m²，二级 700–850 m²，志愿 350–500 m²，取下限（乡镇消防队标准，可能为 GB/T 35547-2017，二手资料，编号未核实）',
      en: 'Township fire-team land: level 1 1,000–1,200 m², level 2 700–850 m², volunteer 350–500 m²; the lower figure is used (township fire-team standard, probably GB/T 35547-2017, secondary, number unverified)',
    },
    confirm: true,
    values: ['level-1', 'level-2', 'volunteer'],
  },
  {
    key: 'kindergarten-classes',
    value: 6,
    label: { zh: '新幼儿园班数（决定用地面积）', en: 'Classes of a new kindergarten (sets the land needed)' },
    source: {
      zh: '6班 ≥ 2,000 m²，8班 ≥ 2,400 m²（GB 50180-93，二手资料）；其他班数按每班200 m²线性推算，标准中无此数，请确认',
      en: '6 classes ≥ 2,000 m², 8 classes ≥ 2,400 m² (GB 50180-93, secondary); other class counts are interpolated at 200 m² a class, a figure not in the standard: confirm',
    },
    confirm: true,
    min: 1,
    max: 20,
    integer: true,
  },
  {
    key: 'plot-min-land',
    value: 0,
    unit: 'm²',
    label: { zh: '地块最小用地面积（0 = 按标准：消防站按等级，幼儿园按班数）', en: 'Least land a plot must have (0 = by the standard: fire station by level, kindergarten by classes)' },
    source: {
      zh: '规划人员输入；城市消防站（建标152-2017）用地面积未收入本项目标准表，需要时在此填写并确认',
      en: 'Planner input; urban fire-station land (建标152-2017) is not in the project standards table: enter it here when needed and confirm',
    },
    confirm: true,
    min: 0,
    max: 100000,
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
  {
    key: 'time-limit',
    value: 10,
    unit: 's',
    label: { zh: '精确求解时限', en: 'Exact solver time limit' },
    source: {
      zh: '计算设置，无标准：到时限仍未证明最优时，给出当时的最好方案和最优性差距（上界）',
      en: 'Computation setting, no standard: when the limit is hit the best plan so far is given with its optimality gap (proven bound)',
    },
    min: 1,
    max: 600,
  },
  {
    key: 'share',
    value: 100,
    unit: '%',
    label: { zh: '集合覆盖目标覆盖率（lscp：达到该比例所需最少站点）', en: 'Set-covering target (lscp: fewest sites to reach this share)' },
    source: {
      zh: '100% 为全覆盖；80% 对应“消防救援站5分钟可达覆盖率≥80%”（种子文件002）',
      en: '100% = full cover; 80% is the "5-minute reach coverage ≥ 80%" target (seed 002)',
    },
    min: 1,
    max: 100,
  },
  {
    key: 'backup-weight',
    value: 1,
    label: { zh: '双重覆盖权重（backup：第二个站可达时再计的份额）', en: 'Backup weight (backup: extra value when a second station reaches)' },
    source: { zh: '规划人员选择，无标准（Hogan & ReVelle 1986 的备用覆盖模型）', en: 'Planner choice, no standard (backup coverage, Hogan & ReVelle 1986)' },
    confirm: true,
    min: 0,
    max: 10,
  },
  {
    key: 'capacity-places',
    value: 0,
    label: { zh: '每所新幼儿园学位数（0 = 不限，按服务半径覆盖计）', en: 'Places per new kindergarten (0 = no limit: coverage by radius only)' },
    source: {
      zh: '班额25–30人（GB 50180-93；JGJ 39-2016），6个班约180个学位；按规划班数确认',
      en: 'Classes of 25–30 children (GB 50180-93; JGJ 39-2016): 6 classes ≈ 180 places; confirm with the planned number of classes',
    },
    confirm: true,
    min: 0,
    max: 2000,
  },
  {
    key: 'calls-per-year',
    value: 300,
    label: { zh: '年出警次数（mexclp 忙碌率）', en: 'Calls per year (mexclp busy fraction)' },
    source: { zh: '县消防规划：2016—2020年共出警1,492起，约每年300起（种子文件002）', en: 'County fire plan: 1,492 calls in 2016–2020, about 300 a year (seed 002)' },
    min: 0,
    max: 100000,
  },
  {
    key: 'busy-minutes',
    value: 60,
    unit: 'min',
    label: { zh: '每次出警平均占用时间（mexclp 忙碌率）', en: 'Average busy time per call (mexclp busy fraction)' },
    source: { zh: '未找到标准或本地统计，请按出警记录确认', en: 'No standard or local figure found; confirm from the call records' },
    confirm: true,
    min: 1,
    max: 1440,
  },
];

/** Siting option field → parameter key, to check resolved options ({@link assertOptions}). */
export const SITING_OPTION_FIELDS: Readonly<Record<string, string>> = {
  count: 'count',
  model: 'model',
  candidateSpacingMeters: 'candidate-spacing',
  candidateArea: 'candidate-area',
  candidateSource: 'candidate-source',
  objective: 'objective',
  maxSnapMeters: 'max-snap',
  timeLimitSec: 'time-limit',
  backupWeight: 'backup-weight',
  callsPerYear: 'calls-per-year',
  busyMinutesPerCall: 'busy-minutes',
  capacityPlaces: 'capacity-places',
  share: 'share',
};

/**
 * The worker's check of resolved siting options ({@link assertOptions}): `share` travels as a
 * fraction (0.8) and is checked as the percentage its parameter declares (80: 1–100 %);
 * `capacityPlaces` (0 = no limit travels as undefined) against 0–2000. Both went unchecked: a share
 * of 5 (500 %) or a capacity of -3 reached the solver. Wrong kind or range → ParamError (zh + en).
 */
export function assertSitingOptions(task: string, options: Readonly<Record<string, unknown>>): void {
  const share = options.share;
  assertOptions(task, SITING_PARAMS, SITING_OPTION_FIELDS, { ...options, share: typeof share === 'number' ? +(share * 100).toPrecision(12) : share });
}

/** Siting parameters that only one facility's siting reads (the CLI refuses them as options of the other). */
export const SITING_FACILITY_ONLY: Readonly<Record<string, 'fire' | 'kindergarten'>> = {
  objective: 'fire',
  'backup-weight': 'fire',
  'calls-per-year': 'fire',
  'busy-minutes': 'fire',
  'station-level': 'fire',
  'kindergarten-classes': 'kindergarten',
  'capacity-places': 'kindergarten',
};

/** Siting parameters that only some models read (`capacity-places`: kindergartens, mclp only). */
export const SITING_MODEL_ONLY: Readonly<Record<string, readonly string[]>> = {
  count: ['mclp', 'backup', 'mexclp'],
  share: ['lscp'],
  'backup-weight': ['backup'],
  'calls-per-year': ['mexclp'],
  'busy-minutes': ['mexclp'],
  'capacity-places': ['mclp'],
};

/** Parameters read only when reserve plots are candidates (`candidate-source` plots or both). */
const PLOT_ONLY = ['station-level', 'kindergarten-classes', 'plot-min-land'];

/** What a siting run used, against which the project's values are checked ({@link ignoredSitingParams}). */
export interface SitingUse {
  facility: 'fire' | 'kindergarten';
  /** The model solved (kindergartens: mclp or lscp). */
  model: string;
  /** The candidates used: the siting panel sites on the grid only. */
  candidateSource: 'grid' | 'plots' | 'both';
  /** The siting panel: `candidate-source` set to plots is not read there (the CLI reads it). */
  panel?: boolean;
}

function sameAsDefault(d: ParamDef, v: unknown): boolean {
  return typeof d.value === 'number' ? (typeof v === 'number' || typeof v === 'string') && String(v).trim() !== '' && Number(v) === d.value : typeof v === 'string' ? v.trim() === d.value : v === d.value;
}

const FACILITY_TEXT = { fire: { zh: '消防站选址', en: 'fire-station siting' }, kindergarten: { zh: '幼儿园选址', en: 'kindergarten siting' } };

/**
 * The values of project.json `params` (or of the scenario's `params`) that the siting run did not
 * read: a value of the other facility's siting (`capacity-places` in fire siting), of another model
 * (`share` with mclp, `count` with lscp, `backup-weight` without backup …), a plot setting while the
 * candidates are the grid, or — for kindergartens — a fire-only model (kindergartens are sited with
 * mclp then). A project holds values for several models at once, so each is a warning
 * (`param-not-used`, zh + en, naming where the value is, the key, the value and why), not a refusal;
 * the same keys given as CLI options are refused (cli/commands/site.ts). Keys in `skip` (given on
 * the command line, which overrides the file) and values equal to the default (the run is the same
 * whether read or not) are not looked at.
 * @param params - the params the run saw (project.json's with the scenario's on top)
 * @param scenario - the scenario applied, to name a value that is its own
 * @example ignoredSitingParams({ facility: 'fire', model: 'mclp', candidateSource: 'grid' }, { share: 80 })[0].message.en
 * // 'project.json params.share (Set-covering target …) is 80 %: it applies to the lscp model only; the model is mclp, so it was not used'
 */
export function ignoredSitingParams(
  use: SitingUse,
  params: Readonly<Record<string, unknown>> | undefined,
  scenario?: { name: string; params: Readonly<Record<string, unknown>> } | null,
  skip: readonly string[] = [],
): AnalysisWarning[] {
  return unreadReasons(use, params, scenario, skip).map(({ def, origin, shown, why }) => {
    const where = originText(def, origin);
    return {
      code: 'param-not-used',
      message: { zh: `${where.zh}为 ${shown}：${why.zh}，未使用该值。`, en: `${where.en} is ${shown}: ${why.en}, so it was not used` },
      counts: {},
    };
  });
}

/**
 * The keys of {@link ignoredSitingParams}' warnings: the values of `params` the run did not read
 * (site-summary.json marks them in its `params`).
 */
export function unreadSitingKeys(
  use: SitingUse,
  params: Readonly<Record<string, unknown>> | undefined,
  scenario?: { name: string; params: Readonly<Record<string, unknown>> } | null,
  skip: readonly string[] = [],
): string[] {
  return unreadReasons(use, params, scenario, skip).map((u) => u.def.key);
}

/** One value a siting run does not read, and why ({@link ignoredSitingParams}, {@link sitingParamsNoRunReads}). */
interface UnreadValue {
  def: ParamDef;
  origin: ParamOrigin;
  /** The value as said: `80 %`, `backup`. */
  shown: string;
  why: { zh: string; en: string };
}

/** The one table of which siting key which run reads: facility, model, candidates, panel. */
function unreadReasons(
  use: SitingUse,
  params: Readonly<Record<string, unknown>> | undefined,
  scenario?: { name: string; params: Readonly<Record<string, unknown>> } | null,
  skip: readonly string[] = [],
): UnreadValue[] {
  const out: UnreadValue[] = [];
  if (!params) return out;
  const other = use.facility === 'fire' ? 'kindergarten' : 'fire';
  for (const d of SITING_PARAMS) {
    const v = params[d.key];
    // a value equal to the default changes nothing whether read or not (the panel hides such fields)
    if (v === undefined || !Object.prototype.hasOwnProperty.call(params, d.key) || skip.includes(d.key) || sameAsDefault(d, v)) continue;
    const origin: ParamOrigin = scenario && Object.prototype.hasOwnProperty.call(scenario.params, d.key) ? { kind: 'scenario', scenario: scenario.name } : { kind: 'project' };
    let why: { zh: string; en: string } | null = null;
    if (SITING_FACILITY_ONLY[d.key] === other) {
      why = { zh: `只用于${FACILITY_TEXT[other].zh}，本次为${FACILITY_TEXT[use.facility].zh}`, en: `it applies to ${FACILITY_TEXT[other].en} only; this is ${FACILITY_TEXT[use.facility].en}` };
    } else if (d.key === 'model' && use.facility === 'kindergarten' && v !== use.model) {
      why = { zh: `幼儿园选址只有 mclp 和 lscp 模型，本次按 ${use.model} 计算`, en: `kindergarten siting has the mclp and lscp models only; it was sited with ${use.model}` };
    } else if (SITING_MODEL_ONLY[d.key] && !SITING_MODEL_ONLY[d.key].includes(use.model)) {
      const models = SITING_MODEL_ONLY[d.key].join(' / ');
      why = { zh: `只用于 ${models} 模型，本次模型为 ${use.model}`, en: `it applies to the ${models} model only; the model is ${use.model}` };
    } else if (PLOT_ONLY.includes(d.key) && use.candidateSource === 'grid') {
      why = use.panel
        ? { zh: '只用于以储备地块为候选点（candidate-source plots / both），选址面板只用网格候选点', en: 'it applies only when reserve plots are candidates (candidate-source plots / both); the siting panel uses grid candidates' }
        : { zh: '只用于以储备地块为候选点（candidate-source plots / both），本次候选点为网格（grid）', en: 'it applies only when reserve plots are candidates (candidate-source plots / both); the candidates are the grid' };
    } else if (d.key === 'candidate-source' && use.panel && v !== use.candidateSource) {
      why = { zh: '选址面板只用网格候选点；以储备地块为候选点请用命令行 site --candidate-source', en: 'the siting panel uses grid candidates only; for reserve plots as candidates use the command line, site --candidate-source' };
    }
    if (!why) continue;
    out.push({ def: d, origin, shown: `${typeof v === 'string' ? v : JSON.stringify(v)}${d.unit ? ` ${d.unit}` : ''}`, why });
  }
  return out;
}

/** The models each facility's siting can solve (kindergartens: mclp and lscp). */
const FACILITY_MODELS = { fire: ['mclp', 'lscp', 'backup', 'mexclp'], kindergarten: ['mclp', 'lscp'] } as const;
const CANDIDATE_SOURCES = ['grid', 'plots', 'both'] as const;

/** A siting value of project.json that no siting run of the project reads ({@link sitingParamsNoRunReads}). */
export interface SitingValueNoRunReads {
  key: string;
  /** Where the value is: project.json `params` or a scenario's. */
  origin: ParamOrigin;
  /** Without the place (`validate` names file and field itself): label, value and why, zh + en. */
  message: { zh: string; en: string };
}

/**
 * For `analyze validate`, which does not know which siting will be run: the siting values in
 * project.json `params` (or a scenario's, with the project's below it) that NO siting run of this
 * project would read — neither fire-station nor kindergarten siting, with any model the project
 * allows (params `model` when it names one: fire solves it, kindergartens solve lscp if it is lscp
 * and else mclp, as `site` does; otherwise every model of the facility) and any candidate source
 * (params `candidate-source` when it names one, otherwise grid, plots and both). Decided by the
 * same table as {@link ignoredSitingParams} (the warnings of `site` and the siting panel), run
 * for every such run: a key is reported when every run would leave it unread, with each
 * facility's reason. A command-line option can still override the file, so these are warnings.
 * @example sitingParamsNoRunReads({ share: 80 })            // [] — an lscp run reads it
 * @example sitingParamsNoRunReads({ model: 'mclp', share: 80 })[0].key // 'share'
 */
export function sitingParamsNoRunReads(
  params: Readonly<Record<string, unknown>> | undefined,
  scenario?: { name: string; params: Readonly<Record<string, unknown>> } | null,
): SitingValueNoRunReads[] {
  if (!params) return [];
  const named = <T extends string>(key: string, values: readonly T[]): T[] => {
    const v = params[key];
    const t = typeof v === 'string' ? (v.trim() as T) : undefined;
    return t !== undefined && values.includes(t) ? [t] : [...values];
  };
  const sources = named('candidate-source', CANDIDATE_SOURCES);
  const fireModels = named('model', FACILITY_MODELS.fire);
  // a named fire model is solved as mclp for kindergartens (site and the siting panel)
  const kgModels = fireModels.length === 1 ? [fireModels[0] === 'lscp' ? 'lscp' : 'mclp'] : [...FACILITY_MODELS.kindergarten];
  const byFacility: Record<'fire' | 'kindergarten', Map<string, UnreadValue>[]> = { fire: [], kindergarten: [] };
  for (const facility of ['fire', 'kindergarten'] as const) {
    for (const model of facility === 'fire' ? fireModels : kgModels) {
      for (const candidateSource of sources) byFacility[facility].push(new Map(unreadReasons({ facility, model, candidateSource }, params, scenario).map((u) => [u.def.key, u])));
    }
  }
  const out: SitingValueNoRunReads[] = [];
  for (const [key, fire] of byFacility.fire[0]) {
    if (!Object.values(byFacility).every((runs) => runs.every((m) => m.has(key)))) continue;
    const kg = byFacility.kindergarten[0].get(key)!;
    const label = fire.def.label;
    out.push({
      key,
      origin: fire.origin,
      message: {
        zh: `${label.zh}为 ${fire.shown}：按本项目的设置，选址都不会使用该值（消防站选址：${fire.why.zh}；幼儿园选址：${kg.why.zh}）。运行 site 时会再次提示（param-not-used）。`,
        en: `${label.en} is ${fire.shown}: no siting run with this project's settings would use it (fire-station siting: ${fire.why.en}; kindergarten siting: ${kg.why.en}). site says so again when run (param-not-used).`,
      },
    });
  }
  return out;
}

/**
 * Siting options from defaults, project params and explicit options (later wins).
 * @throws ParamError when a value is outside its declared range
 */
export function resolveSitingOptions(...overrides: (Record<string, unknown> | ParamLayer | undefined)[]) {
  const p = resolveParams<Record<string, unknown>>(SITING_PARAMS, ...overrides);
  const maxSnap = p['max-snap'] as number;
  const capacityPlaces = p['capacity-places'] as number;
  return {
    count: p.count as number,
    model: p.model as 'mclp' | 'lscp' | 'backup' | 'mexclp',
    timeLimitSec: p['time-limit'] as number,
    share: (p.share as number) / 100,
    backupWeight: p['backup-weight'] as number,
    callsPerYear: p['calls-per-year'] as number,
    busyMinutesPerCall: p['busy-minutes'] as number,
    capacityPlaces: capacityPlaces > 0 ? capacityPlaces : undefined,
    candidateSpacingMeters: p['candidate-spacing'] as number,
    candidateArea: p['candidate-area'] as 'county' | 'built-up',
    candidateSource: p['candidate-source'] as 'grid' | 'plots' | 'both',
    stationLevel: p['station-level'] as 'level-1' | 'level-2' | 'volunteer',
    kindergartenClasses: p['kindergarten-classes'] as number,
    plotMinLandM2: (p['plot-min-land'] as number) > 0 ? (p['plot-min-land'] as number) : undefined,
    objective: p.objective as 'households' | 'built-up',
    maxSnapMeters: maxSnap > 0 ? maxSnap : undefined,
  };
}
