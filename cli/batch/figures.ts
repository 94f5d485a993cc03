import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A column of the province table: key (CSV header, Parquet name), Chinese and English label, unit. */
export interface TableColumn {
  key: string;
  zh: string;
  en: string;
  unit?: string;
}

type Json = Record<string, unknown>;
/** The figures of one township row, keyed by column key. */
export type TownshipFigures = Map<string, Record<string, unknown>>;

/** What the batch knows of one analysis command: its summary file and how to read its headline figures. */
export interface BatchAnalysis {
  /** The command (cli/commands/<name>.ts). */
  name: string;
  /** The JSON the command writes with its figures. */
  summary: string;
  /** County-level columns; `county` reads them from the summary. */
  columns: TableColumn[];
  county(j: Json): Record<string, unknown>;
  /** Township-level columns and rows (by township name), when the analysis has them. */
  townshipColumns: TableColumn[];
  townships(j: Json): TownshipFigures;
  /** Columns known only from the summary (the indicator cards); stored in the manifest. */
  dynamicColumns?(j: Json): TableColumn[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const r = (v: unknown, d = 2): number | null => {
  const n = num(v);
  return n === null ? null : Math.round(n * 10 ** d) / 10 ** d;
};
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const none = (): TownshipFigures => new Map();

const FIRE: BatchAnalysis = {
  name: 'fire',
  summary: 'fire-summary.json',
  columns: [
    { key: 'fire_mode', zh: '消防·计算方式', en: 'Fire: mode' },
    { key: 'fire_built_up_km2', zh: '消防·建成区面积', en: 'Fire: built-up area', unit: 'km²' },
    { key: 'fire_covered_built_up_km2', zh: '消防·5分钟可达建成区', en: 'Fire: built-up area reached', unit: 'km²' },
    { key: 'fire_covered_built_up_pct', zh: '消防·建成区覆盖率', en: 'Fire: built-up area reached', unit: '%' },
    { key: 'fire_target_pct', zh: '消防·目标', en: 'Fire: target', unit: '%' },
    { key: 'fire_meets_target', zh: '消防·达标', en: 'Fire: target met' },
    { key: 'fire_households', zh: '消防·农户数', en: 'Fire: households' },
    { key: 'fire_households_covered', zh: '消防·可达农户', en: 'Fire: households reached' },
    { key: 'fire_households_uncovered', zh: '消防·不可达农户', en: 'Fire: households not reached' },
    { key: 'fire_township_by_field', zh: '消防·乡镇取自住户表', en: 'Fire: households whose township is their township column' },
    { key: 'fire_township_by_polygon', zh: '消防·乡镇按乡镇界判定', en: 'Fire: households placed in a township by its polygon (township column blank or absent)' },
    { key: 'fire_township_none', zh: '消防·无乡镇', en: 'Fire: households with no township (blank column, outside every township polygon)' },
  ],
  county: (j) => {
    const h = obj(j.households);
    const src = obj(j.townshipSource);
    return {
      fire_mode: j.mode ?? null,
      fire_built_up_km2: r(j.builtUpAreaKm2, 3),
      fire_covered_built_up_km2: r(j.coveredBuiltUpAreaKm2, 3),
      fire_covered_built_up_pct: r(j.coveredBuiltUpPct, 1),
      fire_target_pct: num(j.targetPct),
      fire_meets_target: typeof j.meetsTarget === 'boolean' ? j.meetsTarget : null,
      fire_households: num(h.total),
      fire_households_covered: num(h.covered),
      fire_households_uncovered: num(h.uncovered),
      fire_township_by_field: num(src.field),
      fire_township_by_polygon: num(src.polygon),
      fire_township_none: num(src.none),
    };
  },
  townshipColumns: [
    { key: 'fire_households', zh: '消防·农户数', en: 'Fire: households' },
    { key: 'fire_households_covered', zh: '消防·可达农户', en: 'Fire: households reached' },
    { key: 'fire_households_uncovered', zh: '消防·不可达农户', en: 'Fire: households not reached' },
    { key: 'fire_households_covered_pct', zh: '消防·农户可达率', en: 'Fire: households reached', unit: '%' },
    { key: 'fire_households_by_polygon', zh: '消防·其中按乡镇界判定', en: 'Fire: of the households, placed here by the township polygon' },
  ],
  townships: (j) =>
    new Map(
      arr(j.byTownship).map((t) => {
        const total = num(t.total);
        const covered = num(t.covered);
        return [
          String(t.key ?? ''),
          { fire_households: total, fire_households_covered: covered, fire_households_uncovered: num(t.uncovered), fire_households_covered_pct: total && covered !== null ? r((100 * covered) / total, 1) : null, fire_households_by_polygon: num(t.fromPolygon ?? 0) },
        ];
      }),
    ),
};

const HYDRANTS: BatchAnalysis = {
  name: 'hydrants',
  summary: 'hydrants.json',
  columns: [
    { key: 'hyd_road_km', zh: '消火栓·道路长度', en: 'Hydrants: road length', unit: 'km' },
    { key: 'hyd_covered_road_pct', zh: '消火栓·道路覆盖率', en: 'Hydrants: road covered', unit: '%' },
    { key: 'hyd_gaps', zh: '消火栓·缺口数', en: 'Hydrants: gaps' },
    { key: 'hyd_gap_km', zh: '消火栓·缺口长度', en: 'Hydrants: gap length', unit: 'km' },
    { key: 'hyd_proposed', zh: '消火栓·建议新增', en: 'Hydrants: proposed' },
    { key: 'hyd_working_pct', zh: '消火栓·完好率', en: 'Hydrants: in working order', unit: '%' },
  ],
  county: (j) => ({
    hyd_road_km: r(j.roadLengthKm, 2),
    hyd_covered_road_pct: r(j.coveredRoadPct, 1),
    hyd_gaps: num(j.gapCount),
    hyd_gap_km: r(j.gapLengthKm, 2),
    hyd_proposed: num(j.proposedCount),
    hyd_working_pct: r(obj(j.hydrants).workingPct, 1),
  }),
  townshipColumns: [],
  townships: none,
};

const KINDERGARTENS: BatchAnalysis = {
  name: 'kindergartens',
  summary: 'kindergartens.json',
  columns: [
    { key: 'kg_households', zh: '幼儿园·农户数', en: 'Kindergartens: households' },
    { key: 'kg_households_covered', zh: '幼儿园·半径内农户', en: 'Kindergartens: households within a radius' },
    { key: 'kg_children', zh: '幼儿园·3–5岁儿童', en: 'Kindergartens: children 3–5' },
    { key: 'kg_children_uncovered', zh: '幼儿园·半径外儿童', en: 'Kindergartens: children outside every radius' },
    { key: 'kg_seats', zh: '幼儿园·学位', en: 'Kindergartens: places' },
    { key: 'kg_gross_enrolment_pct', zh: '幼儿园·毛入园率', en: 'Kindergartens: gross enrolment', unit: '%' },
    { key: 'kg_public_share_pct', zh: '幼儿园·公办占比', en: 'Kindergartens: public share', unit: '%' },
    { key: 'kg_inclusive_share_pct', zh: '幼儿园·普惠率', en: 'Kindergartens: inclusive share', unit: '%' },
    { key: 'kg_township_by_field', zh: '幼儿园·乡镇取自住户表', en: 'Kindergartens: households whose township is their township column' },
    { key: 'kg_township_by_polygon', zh: '幼儿园·乡镇按乡镇界判定', en: 'Kindergartens: households placed in a township by its polygon (township column blank or absent)' },
    { key: 'kg_township_none', zh: '幼儿园·无乡镇', en: 'Kindergartens: households with no township (blank column, outside every township polygon)' },
  ],
  county: (j) => {
    const h = obj(j.households);
    const c = obj(j.children);
    const src = obj(j.townshipSource);
    return {
      kg_households: num(h.total),
      kg_households_covered: num(h.covered),
      kg_children: r(c.total, 1),
      kg_children_uncovered: r(c.uncovered, 1),
      kg_seats: num(j.seats),
      kg_gross_enrolment_pct: r(j.grossEnrolmentPct, 1),
      kg_public_share_pct: r(j.publicSharePct, 1),
      kg_inclusive_share_pct: r(j.inclusiveSharePct, 1),
      kg_township_by_field: num(src.field),
      kg_township_by_polygon: num(src.polygon),
      kg_township_none: num(src.none),
    };
  },
  townshipColumns: [
    { key: 'kg_children', zh: '幼儿园·3–5岁儿童', en: 'Kindergartens: children 3–5' },
    { key: 'kg_children_uncovered', zh: '幼儿园·半径外儿童', en: 'Kindergartens: children outside every radius' },
    { key: 'kg_seats', zh: '幼儿园·学位', en: 'Kindergartens: places' },
    { key: 'kg_kindergartens', zh: '幼儿园·园数', en: 'Kindergartens: count' },
    { key: 'kg_households_by_polygon', zh: '幼儿园·其中按乡镇界判定农户', en: 'Kindergartens: households placed here by the township polygon' },
  ],
  townships: (j) =>
    new Map(
      arr(j.byTownship).map((t) => [
        String(t.township ?? ''),
        { kg_children: r(t.children, 1), kg_children_uncovered: r(t.uncoveredChildren, 1), kg_seats: num(t.seats), kg_kindergartens: num(t.kindergartens), kg_households_by_polygon: num(t.fromPolygon ?? 0) },
      ]),
    ),
};

const SERVICE_KEYS = ['fire', 'hydrant', 'kindergarten', 'cleanCoal', 'maintenance'] as const;
const SERVICE_LABEL: Record<(typeof SERVICE_KEYS)[number], [string, string]> = {
  fire: ['消防', 'fire'],
  hydrant: ['消火栓', 'hydrant'],
  kindergarten: ['幼儿园', 'kindergarten'],
  cleanCoal: ['洁净煤网点', 'clean-coal point'],
  maintenance: ['维修网点', 'maintenance point'],
};
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const UNCOVERED: BatchAnalysis = {
  name: 'uncovered',
  summary: 'uncovered.json',
  columns: [
    { key: 'unc_households', zh: '未覆盖·农户数', en: 'Uncovered: households' },
    { key: 'unc_any', zh: '未覆盖·至少一项未覆盖', en: 'Uncovered: missed by at least one service' },
    ...SERVICE_KEYS.map((s) => ({ key: `unc_${snake(s)}`, zh: `未覆盖·${SERVICE_LABEL[s][0]}`, en: `Uncovered: ${SERVICE_LABEL[s][1]}` })),
  ],
  county: (j) => {
    const out: Record<string, unknown> = { unc_households: num(j.total), unc_any: num(j.uncoveredAny) };
    for (const s of SERVICE_KEYS) {
      const c = obj(obj(j.services)[s]);
      out[`unc_${snake(s)}`] = c.computed === true ? num(c.uncovered) : null;
    }
    return out;
  },
  townshipColumns: [],
  townships: none,
};

const PLOTS: BatchAnalysis = {
  name: 'plots',
  summary: 'plot-review.json',
  columns: [
    { key: 'plots_count', zh: '储备地块·地块数', en: 'Reserve plots: plots' },
    { key: 'plots_errors', zh: '储备地块·错误', en: 'Reserve plots: errors' },
    { key: 'plots_warnings', zh: '储备地块·警告', en: 'Reserve plots: warnings' },
  ],
  county: (j) => ({ plots_count: num(obj(j.totals).plots), plots_errors: num(obj(j.counts).error), plots_warnings: num(obj(j.counts).warning) }),
  townshipColumns: [],
  townships: none,
};

/** Indicator cards: the rule results (value, target met) of sql/indicators, one pair of columns per card. */
const INDICATORS: BatchAnalysis = {
  name: 'indicators',
  summary: 'indicators.json',
  columns: [],
  county: (j) => {
    const out: Record<string, unknown> = {};
    for (const c of arr(j.cards)) {
      const id = String(c.id);
      out[`ind_${id}`] = num(c.value);
      out[`ind_${id}_met`] = typeof c.met === 'boolean' ? c.met : null;
      out[`ind_${id}_status`] = c.status ?? null;
    }
    return out;
  },
  dynamicColumns: (j) =>
    arr(j.cards).flatMap((c) => {
      const id = String(c.id);
      const t = obj(c.title);
      const zh = String(t.zh ?? id);
      const en = String(t.en ?? id);
      return [
        { key: `ind_${id}`, zh: `指标·${zh}`, en: `Indicator: ${en}`, unit: typeof c.unit === 'string' ? c.unit : undefined },
        { key: `ind_${id}_met`, zh: `指标·${zh}·达标`, en: `Indicator: ${en}: target met` },
        { key: `ind_${id}_status`, zh: `指标·${zh}·状态`, en: `Indicator: ${en}: status` },
      ];
    }),
  townshipColumns: [],
  townships: none,
};

/** Cross-border fire coverage (`batch --border-km K`, cli/batch/fire-border.ts), reported apart from fire's own figures. */
const FIRE_BORDER: BatchAnalysis = {
  name: 'fire-border',
  summary: 'fire-border.json',
  columns: [
    { key: 'border_km', zh: '跨界·邻县范围', en: 'Cross-border: neighbours within', unit: 'km' },
    { key: 'border_neighbours', zh: '跨界·邻县数', en: 'Cross-border: neighbouring counties' },
    { key: 'border_lent_stations', zh: '跨界·邻县消防站', en: 'Cross-border: neighbours\' stations' },
    { key: 'border_households_own', zh: '跨界·本县站可达农户', en: 'Cross-border: households reached by own stations' },
    { key: 'border_households_with', zh: '跨界·含邻县站可达农户', en: 'Cross-border: households reached with neighbours\' stations' },
    { key: 'border_households_gain', zh: '跨界·邻县站新增可达农户', en: 'Cross-border: households reached only by neighbours\' stations' },
    { key: 'border_built_up_pct_with', zh: '跨界·含邻县站建成区覆盖率', en: 'Cross-border: built-up area reached with neighbours', unit: '%' },
    { key: 'border_neighbour_load_errors', zh: '跨界·邻县道路/消防站读取错误数', en: 'Cross-border: read errors in the neighbours\' roads / stations' },
  ],
  county: (j) => {
    const own = obj(obj(j.own).households);
    const w = obj(obj(j.withNeighbours).households);
    return {
      border_km: num(j.borderKm),
      border_neighbours: arr(j.neighbours).length,
      border_lent_stations: num(j.lentStations),
      border_households_own: num(own.covered),
      border_households_with: num(w.covered),
      border_households_gain: num(obj(j.gain).households),
      border_built_up_pct_with: r(obj(j.withNeighbours).coveredBuiltUpPct, 1),
      border_neighbour_load_errors: arr(j.neighbourLoadErrors).length,
    };
  },
  townshipColumns: [{ key: 'border_households_gain', zh: '跨界·邻县站新增可达农户', en: 'Cross-border: households reached only by neighbours\' stations' }],
  townships: (j) => new Map(arr(obj(j.gain).byTownship).map((t) => [String(t.key ?? ''), { border_households_gain: num(t.households) }])),
};

/** The analyses a batch can run, in table order. */
export const BATCH_ANALYSES: readonly BatchAnalysis[] = [FIRE, HYDRANTS, KINDERGARTENS, UNCOVERED, PLOTS, INDICATORS, FIRE_BORDER];
/** Run when `--analyses` is not given. */
export const DEFAULT_ANALYSES = ['fire', 'hydrants', 'kindergartens', 'uncovered'];

export function batchAnalysis(name: string): BatchAnalysis | undefined {
  return BATCH_ANALYSES.find((a) => a.name === name);
}

/**
 * The headline figures of one analysis run: county-level columns plus township rows, read from the
 * summary JSON the command wrote into `dir`.
 */
export interface Figures {
  project: string | null;
  loadErrors: number | null;
  county: Record<string, unknown>;
  townships: Record<string, Record<string, unknown>>;
  columns?: TableColumn[];
}

export function readFigures(a: BatchAnalysis, dir: string): Figures {
  const j = JSON.parse(readFileSync(join(dir, a.summary), 'utf8')) as Json;
  return {
    project: typeof j.project === 'string' ? j.project : null,
    loadErrors: num(j.loadErrors),
    county: a.county(j),
    townships: Object.fromEntries(a.townships(j)),
    columns: a.dynamicColumns?.(j),
  };
}
