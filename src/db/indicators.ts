import { resolveParams } from '../../analysis/params.ts';
import type { I18nText } from '../../layers/types.ts';
import { dataIssues, figureStatus, profileData, readSchema, type DataProfile, type FigureRules, type IndicatorIssue, type IndicatorStatus } from './indicator-status.ts';
import { INDICATOR_PARAMS, writePolicyTables, type IndicatorParams } from './policy.ts';
import { quoteIdentifier } from './sql-utils.ts';
import type { Row, TabularDb } from './tabular-db.ts';

type SqlType = 'VARCHAR' | 'DOUBLE' | 'BOOLEAN';

/** One indicator query: a file in sql/indicators/, its result kept as the table `indicator_<id>`. */
export interface IndicatorQuery {
  id: string;
  /** File name in sql/indicators/. */
  file: string;
  title: I18nText;
  source: I18nText;
  /** Columns the SQL reads, by table; missing tables/columns are created empty (NULL) before it runs. */
  requires: Record<string, Record<string, SqlType>>;
  /**
   * A step later queries read (its table {@link indicatorView}), not a result of its own: its rows
   * are not read back, shown or written out (one row per household of a kind can be big).
   */
  internal?: true;
}

/** How a card's value is shown. */
/** The township the indicator SQL gives households without one — no township column value and no township polygon holding them (sql/indicators/*.sql: `coalesce(township, township_in, '未填乡镇')`); shown as `db.noTownship` in the UI language. */
export const NO_TOWNSHIP = '未填乡镇';

export type IndicatorUnit = 'share' | 'households' | 'yuan' | 'tonnes' | 'count';

/**
 * One indicator card: a column of a query's county row (`column`), with its target and source, and
 * the rules that decide whether the figure can be trusted ({@link FigureRules}: the tables and
 * columns it needs, its denominator, its plausible range).
 */
export interface IndicatorCard extends FigureRules {
  id: string;
  query: string;
  title: I18nText;
  unit: IndicatorUnit;
  source: I18nText;
  /** A query listing the households behind the value, with lon/lat, for "show on map". */
  mapQuery?: string;
  /**
   * Said under the by-township figures when a township's value is above `value` (and within the
   * plausible range): why such a figure is right, for the meeting where someone asks.
   */
  aboveNote?: { value: number; text: I18nText };
}

/**
 * The townships whose value is above the card's {@link IndicatorCard.aboveNote} limit (plausible
 * ones: an implausible value has its own message), highest first; none without a note.
 */
export function townshipsAboveNote(card: Pick<IndicatorCardValue, 'aboveNote' | 'byTownship'>): { township: string; value: number }[] {
  const note = card.aboveNote;
  if (!note) return [];
  return card.byTownship
    .filter((b): b is typeof b & { value: number } => b.status !== 'no-data' && b.status !== 'implausible' && b.value !== null && b.value > note.value)
    .map((b) => ({ township: b.township, value: b.value }))
    .sort((a, b) => b.value - a.value);
}

/** `township_in`: for a household whose township column is blank, the township polygon it lies in (src/db/project-tables.ts). */
const HOUSEHOLDS = {
  id: 'VARCHAR', township: 'VARCHAR', township_in: 'VARCHAR', village: 'VARCHAR', heating: 'VARCHAR', persons: 'DOUBLE',
  children_3_5: 'DOUBLE', low_income: 'VARCHAR', house_grade: 'VARCHAR', floor_area_m2: 'DOUBLE',
  coal_tonnes: 'DOUBLE', co_alarm: 'BOOLEAN', new_user: 'BOOLEAN', lon: 'DOUBLE', lat: 'DOUBLE',
} satisfies Record<string, SqlType>;
const LEDGER = { id: 'VARCHAR', township: 'VARCHAR', type: 'VARCHAR' } satisfies Record<string, SqlType>;

const SEED000_KG: I18nText = { zh: '曲阳县学前教育普及普惠发展规划（种子文件000）', en: 'Quyang kindergarten plan (seed 000)' };
const SEED000_COAL: I18nText = { zh: '曲阳县洁净煤取暖方案（种子文件000、002、004）', en: 'Quyang clean-coal heating plans (seeds 000, 002, 004)' };
const SEED000_HOUSE: I18nText = { zh: '曲阳县农村危房改造实施方案（种子文件000）', en: 'Quyang rural dilapidated-house renovation (seed 000)' };
const SEED001: I18nText = { zh: '长安区“双代”运行管理方案（种子文件001）', en: 'Chang\'an 双代 operations plan (seed 001)' };
const SEED003: I18nText = { zh: '淄川区2020年清洁取暖建设任务表（种子文件003）', en: 'Zichuan 2020 clean-heating task table (seed 003)' };

/** Every indicator query, in run order (a query may read the result table of an earlier one). */
export const INDICATOR_QUERIES: readonly IndicatorQuery[] = [
  {
    id: 'kindergarten_enrolment',
    file: 'kindergarten-enrolment.sql',
    title: { zh: '学前教育：毛入园率、普惠率、公办占比', en: 'Kindergartens: enrolment, inclusive, public share' },
    source: SEED000_KG,
    requires: {
      households: HOUSEHOLDS,
      kindergartens: { township: 'VARCHAR', township_in: 'VARCHAR', capacity: 'DOUBLE', enrolled: 'DOUBLE', inclusive: 'BOOLEAN', ownership: 'VARCHAR' },
    },
  },
  {
    id: 'clean_coal_users',
    file: 'clean-coal-users.sql',
    title: { zh: '洁净煤取暖户明细（是否新增）', en: 'Clean-coal households (new or not)' },
    source: SEED000_COAL,
    requires: { households: HOUSEHOLDS, ledger_old: LEDGER },
    internal: true,
  },
  {
    id: 'clean_coal',
    file: 'clean-coal.sql',
    title: { zh: '洁净煤取暖：户数、用煤量与补贴', en: 'Clean coal: households, tonnes and subsidies' },
    source: SEED000_COAL,
    requires: { households: HOUSEHOLDS, ledger_old: LEDGER },
  },
  {
    id: 'clean_coal_no_alarm',
    file: 'clean-coal-no-alarm.sql',
    title: { zh: '未装一氧化碳报警器的新增洁净煤户', en: 'New clean-coal users without a CO alarm' },
    source: { zh: '曲阳县2024年采暖季洁净煤取暖工作实施方案 一、二（十三）（种子文件000）', en: 'Quyang 2024 clean-coal heating plan, sections I and II (13) (seed 000)' },
    requires: { households: HOUSEHOLDS, ledger_old: LEDGER },
  },
  {
    id: 'dilapidated_area_rule',
    file: 'dilapidated-area-rule.sql',
    title: { zh: '危房改造：超出面积标准的农户', en: 'Renovation: households breaking the floor-area rule' },
    source: SEED000_HOUSE,
    requires: { households: HOUSEHOLDS },
  },
  {
    id: 'dilapidated_houses',
    file: 'dilapidated-houses.sql',
    title: { zh: '危房改造：户数与补助资金', en: 'Dilapidated houses: households and subsidy' },
    source: SEED000_HOUSE,
    requires: { households: HOUSEHOLDS },
  },
  {
    id: 'dual_conversion',
    file: 'dual-conversion.sql',
    title: { zh: '“双代”户数与维修服务网点', en: '双代 households and maintenance points' },
    source: SEED001,
    requires: { households: HOUSEHOLDS, service_points: { township: 'VARCHAR', township_in: 'VARCHAR', kind: 'VARCHAR' } },
  },
  {
    id: 'dual_conversion_compare',
    file: 'dual-conversion-compare.sql',
    title: { zh: '“双代”台账对比：增户、销户', en: '双代 ledgers compared: additions, removals' },
    source: SEED001,
    requires: { ledger_old: LEDGER, ledger_new: LEDGER },
  },
  {
    id: 'task_progress',
    file: 'task-progress.sql',
    title: { zh: '各镇任务完成进度', en: 'Task progress by town' },
    source: SEED003,
    requires: { households: HOUSEHOLDS, task_progress: { township: 'VARCHAR', target: 'DOUBLE', completed: 'DOUBLE' } },
  },
];

/** The queries whose rows are results (shown, written out): {@link INDICATOR_QUERIES} without the internal steps. */
export const RESULT_QUERIES: readonly IndicatorQuery[] = INDICATOR_QUERIES.filter((q) => !q.internal);

const CHILDREN: I18nText = { zh: '3–5岁儿童数', en: 'children aged 3–5' };
const ENROLLED: I18nText = { zh: '在园幼儿数', en: 'enrolled children' };
const SHARE_OF_ENROLLED: I18nText = {
  zh: '按定义是在园幼儿中的一部分，不能超过100%',
  en: 'a part of the enrolled children by definition: it cannot exceed 100%',
};
const SHARE_MAX = { min: 0, max: 1, why: SHARE_OF_ENROLLED };

/** The cards shown in the indicator panel and written by the CLI, each with value, target and source. */
export const INDICATOR_CARDS: readonly IndicatorCard[] = [
  {
    id: 'gross_enrolment', query: 'kindergarten_enrolment', column: 'gross_enrolment', unit: 'share', target: { op: '>=', value: 0.85 },
    // children_3_5, else persons × child-share (估算), as the 幼儿园 panel counts them (householdChildren)
    needs: { households: [], kindergartens: ['enrolled'] },
    // enrolled on some kindergartens only: the numerator misses their children (session 15)
    complete: { kindergartens: ['enrolled'] },
    estimate: { table: 'households', column: 'children_3_5', from: 'persons', rows: 'households', estimated: 'children_estimated_households', missing: 'children_missing_households', param: 'child-share' },
    denominator: { column: 'children_3_5', what: CHILDREN },
    plausible: {
      min: 0,
      max: 2,
      why: {
        zh: '毛入园率可因跨乡镇入园超过100%，但超过200%说明3–5岁儿童数或在园人数不全（如农户表只含部分农户）',
        en: 'gross enrolment exceeds 100% when children attend outside their township, but above 200% the children aged 3–5 or the enrolment are incomplete (e.g. a households file holding only some households)',
      },
    },
    aboveNote: {
      value: 1,
      text: {
        zh: '毛入园率超过 100% 不是错误：在园幼儿按幼儿园所在乡镇统计，3–5 岁儿童按所住乡镇统计，县城等乡镇的幼儿园也招收其他乡镇的儿童；毛入园率按定义可以超过 100%，这些儿童所住乡镇的毛入园率相应偏低。',
        en: 'Gross enrolment above 100% is not an error: children enrolled are counted where the kindergarten is, children aged 3–5 where they live, and kindergartens in the county seat and other towns also take children from other townships; a gross rate can exceed 100% by definition, and the townships those children live in show correspondingly less.',
      },
    },
    title: { zh: '学前三年毛入园率', en: 'Gross pre-school enrolment' }, source: SEED000_KG,
  },
  {
    id: 'inclusive_share', query: 'kindergarten_enrolment', column: 'inclusive_share', unit: 'share', target: { op: '>=', value: 0.8 },
    needs: { kindergartens: ['enrolled'] }, complete: { kindergartens: ['enrolled'] }, denominator: { column: 'enrolled', what: ENROLLED }, plausible: SHARE_MAX,
    title: { zh: '普惠性幼儿园覆盖率', en: 'Inclusive kindergarten coverage' }, source: SEED000_KG,
  },
  {
    id: 'public_share', query: 'kindergarten_enrolment', column: 'public_share', unit: 'share', target: { op: '>=', value: 0.5 },
    needs: { kindergartens: ['enrolled', 'ownership'] }, complete: { kindergartens: ['enrolled'] }, denominator: { column: 'enrolled', what: ENROLLED }, plausible: SHARE_MAX,
    title: { zh: '公办园在园幼儿占比', en: 'Share of children in public kindergartens' }, source: SEED000_KG,
  },
  {
    id: 'clean_coal_households', query: 'clean_coal', column: 'households', unit: 'households', needs: { households: ['heating'] },
    title: { zh: '洁净煤取暖户数', en: 'Clean-coal households' }, source: SEED000_COAL,
  },
  {
    id: 'clean_coal_tonnes', query: 'clean_coal', column: 'tonnes', unit: 'tonnes', needs: { households: ['heating', 'coal_tonnes'] },
    title: { zh: '洁净煤用量', en: 'Clean coal ordered' }, source: SEED000_COAL,
  },
  {
    id: 'clean_coal_county_total', query: 'clean_coal', column: 'county_total_yuan', unit: 'yuan', needs: { households: ['heating', 'coal_tonnes'] },
    title: { zh: '县级承担（煤+炉具）', en: 'County share (coal + stoves)' }, source: SEED000_COAL,
  },
  {
    id: 'clean_coal_without_alarm', query: 'clean_coal', column: 'without_co_alarm', unit: 'households', target: { op: '<=', value: 0 }, mapQuery: 'clean_coal_no_alarm',
    needs: { households: ['heating', 'co_alarm'] }, denominator: { column: 'new_stoves', what: { zh: '新增洁净煤户数（无 new_user 且无上期台账时为全部洁净煤户）', en: 'new clean-coal users (all clean-coal households without new_user or a previous ledger)' } },
    title: { zh: '未装一氧化碳报警器的新增洁净煤户数', en: 'New clean-coal users without CO alarm' },
    source: { zh: '曲阳县2024年采暖季洁净煤取暖工作实施方案（种子文件000）一、二（十三）：所有新增洁净煤用户全部配装一氧化碳报警器', en: 'Quyang 2024 clean-coal heating plan (seed 000), sections I and II (13): every new clean-coal user is fitted with a CO alarm' },
  },
  {
    id: 'dilapidated_subsidy', query: 'dilapidated_houses', column: 'subsidy_yuan', unit: 'yuan', needs: { households: ['house_grade', 'low_income'] },
    title: { zh: '危房改造补助资金', en: 'Renovation subsidy' }, source: SEED000_HOUSE,
  },
  {
    id: 'dilapidated_area_breaches', query: 'dilapidated_houses', column: 'area_rule_breaches', unit: 'households', target: { op: '<=', value: 0 }, mapQuery: 'dilapidated_area_rule',
    needs: { households: ['house_grade', 'persons', 'floor_area_m2'] }, denominator: { column: 'households', what: { zh: '危房改造户数（C、D级）', en: 'renovation households (grade C or D)' } },
    title: { zh: '超出面积标准户数', en: 'Households breaking the area rule' }, source: SEED000_HOUSE,
  },
  {
    id: 'dual_households', query: 'dual_conversion', column: 'dual_households', unit: 'households', needs: { households: ['heating'] },
    title: { zh: '“双代”户数', en: '双代 households' }, source: SEED001,
  },
  {
    id: 'towns_without_maintenance', query: 'dual_conversion', column: 'towns_without_maintenance', unit: 'count', target: { op: '<=', value: 0 },
    needs: { households: ['heating'], service_points: ['kind'] }, denominator: { column: 'dual_households', what: { zh: '“双代”户数', en: '双代 households' } },
    title: { zh: '无维修网点的“双代”乡镇', en: 'Towns with 双代 and no maintenance point' }, source: SEED001,
  },
  {
    id: 'task_completion', query: 'task_progress', column: 'completion_rate', unit: 'share', target: { op: '>=', value: 1 },
    needs: { task_progress: ['target', 'completed'] }, denominator: { column: 'target', what: { zh: '任务数', en: 'task target' } },
    plausible: { min: 0, why: { zh: '完成数不能为负', en: 'completed work cannot be negative' } },
    title: { zh: '清洁取暖任务完成率', en: 'Clean-heating task completion' }, source: SEED003,
  },
];

/**
 * A computed card: the county value, its status (only `ok` with a target is ✓) and the reasons
 * when it is `no-data` or `implausible`; `met` is true/false only for `ok`/`fail` with a target.
 */
export interface IndicatorCardValue extends IndicatorCard {
  value: number | null;
  met: boolean | null;
  status: IndicatorStatus;
  issues: IndicatorIssue[];
  /** Township rows for the chart: name, value and status by the same rules. */
  byTownship: { township: string; value: number | null; status: IndicatorStatus }[];
}

export interface IndicatorResults {
  params: IndicatorParams;
  /** Rows of every query by query id (township rows, then the county row where the query has one). */
  queries: Record<string, Row[]>;
  cards: IndicatorCardValue[];
  /** Rows and non-NULL values of the tables and columns the cards need, as found before the run. */
  data: DataProfile;
}

/** Read an indicator file's SQL text (Node: from disk; browser: bundled with `?raw`). */
export type SqlSource = (file: string) => string | Promise<string>;

/**
 * Make sure every table and column the indicator SQL reads is there with its type, without
 * touching the user's tables: a missing layer becomes an empty TEMP table, a table with a missing
 * column or a column of another type is shadowed by a TEMP view of the same name that adds the
 * column as NULL and converts the other (TRY_CAST, so text that is not a number becomes NULL).
 * Temporary objects come first in DuckDB's name lookup, so the SQL reads them unchanged.
 * @returns what was created, for {@link removeCreated} to take away after the run
 */
export async function ensureIndicatorColumns(db: TabularDb, queries: readonly IndicatorQuery[] = INDICATOR_QUERIES): Promise<CreatedForRun> {
  const created: CreatedForRun = { tables: [], views: [] };
  const wanted = new Map<string, Map<string, SqlType>>();
  for (const q of queries) {
    for (const [table, cols] of Object.entries(q.requires)) {
      const m = wanted.get(table) ?? new Map<string, SqlType>();
      for (const [c, t] of Object.entries(cols)) m.set(c, t);
      wanted.set(table, m);
    }
  }
  const [{ db: catalog }] = await db.query('SELECT current_database() AS db');
  const existing = await db.query(
    "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main'",
  );
  const have = new Map<string, Map<string, string>>();
  for (const r of existing) {
    const t = String(r.table_name);
    const m = have.get(t) ?? new Map<string, string>();
    m.set(String(r.column_name), String(r.data_type));
    have.set(t, m);
  }
  for (const [table, cols] of wanted) {
    const present = have.get(table);
    if (!present) {
      const defs = [...cols].map(([c, t]) => `${quoteIdentifier(c)} ${t}`).join(', ');
      await db.query(`CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(table)} (${defs})`);
      created.tables.push(table);
      continue;
    }
    const replace: string[] = [];
    const add: string[] = [];
    for (const [c, t] of cols) {
      const actual = present.get(c);
      if (actual === undefined) add.push(`NULL::${t} AS ${quoteIdentifier(c)}`);
      else if (actual !== t) replace.push(`TRY_CAST(${quoteIdentifier(c)} AS ${t}) AS ${quoteIdentifier(c)}`);
    }
    if (replace.length === 0 && add.length === 0) continue;
    const select = `*${replace.length ? ` REPLACE (${replace.join(', ')})` : ''}${add.map((a) => `, ${a}`).join('')}`;
    await db.query(
      `CREATE OR REPLACE TEMP VIEW ${quoteIdentifier(table)} AS SELECT ${select} FROM ${quoteIdentifier(String(catalog))}.main.${quoteIdentifier(table)}`,
    );
    created.views.push(table);
  }
  return created;
}

/** Temporary tables and views {@link ensureIndicatorColumns} created. */
export interface CreatedForRun {
  tables: string[];
  views: string[];
}

/**
 * Drop the temporary tables and views {@link ensureIndicatorColumns} created, once the queries
 * have run: a dropped table stays dropped (the next run still says "does not exist"), and a table
 * imported while the run was going on is not touched (only `temp` objects are dropped).
 */
export async function removeCreated(db: TabularDb, created: CreatedForRun): Promise<void> {
  for (const t of created.views) await db.query(`DROP VIEW IF EXISTS temp.main.${quoteIdentifier(t)}`);
  for (const t of created.tables) await db.query(`DROP TABLE IF EXISTS temp.main.${quoteIdentifier(t)}`);
}

/**
 * Compute every indicator: write the policy tables, make sure the needed columns exist, create
 * each query's result as the table {@link indicatorView}, and read the rows and the cards.
 * @param db - a database holding the project's tables ({@link loadProjectTables})
 * @param readSql - reads a file of sql/indicators/
 * @param options - indicator parameters (`coal-price`, `stove-county-yuan`); defaults in policy.ts
 * @example
 * const res = await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
 * res.cards.find((c) => c.id === 'gross_enrolment')?.value; // 0.87
 */
export async function runIndicators(
  db: TabularDb,
  readSql: SqlSource,
  options: Partial<Record<string, unknown>> = {},
): Promise<IndicatorResults> {
  const params = resolveParams<IndicatorParams>(INDICATOR_PARAMS, options);
  await writePolicyTables(db, params);
  const schema = await readSchema(db);
  const created = await ensureIndicatorColumns(db);
  const queries: Record<string, Row[]> = {};
  let data: DataProfile;
  try {
    data = await profileData(db, schema, cardNeeds(INDICATOR_CARDS));
    for (const q of INDICATOR_QUERIES) {
      const sql = stripTrailingSemicolon(await readSql(q.file));
      try {
        await db.query(`CREATE OR REPLACE TABLE ${quoteIdentifier(indicatorView(q.id))} AS ${sql}`);
        if (!q.internal) queries[q.id] = await db.query(`SELECT * FROM ${quoteIdentifier(indicatorView(q.id))}`);
      } catch (err) {
        throw new Error(`indicator ${q.file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } finally {
    await removeCreated(db, created);
  }
  const cards = INDICATOR_CARDS.map((card) => cardValue(withEstimateRate(card, params), queries[card.query] ?? [], data));
  return { params, queries, cards, data };
}

/** A card whose denominator may be estimated, with the parameter's value of this run and its source. */
function withEstimateRate(card: IndicatorCard, params: IndicatorParams): IndicatorCard {
  if (!card.estimate) return card;
  const def = INDICATOR_PARAMS.find((d) => d.key === card.estimate!.param);
  return { ...card, estimate: { ...card.estimate, rate: Number(params[card.estimate.param as keyof IndicatorParams]), source: def?.source } };
}

/** Every table the cards need, with the union of their columns. */
function cardNeeds(cards: readonly IndicatorCard[]): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const c of cards) for (const [t, cols] of Object.entries(c.needs)) for (const col of cols) (out[t] ??= new Set()).add(col);
  return out;
}

/**
 * The county value, status (with reasons) and township series of a card from its query's rows and
 * the profile of the data ({@link profileData}): a figure whose table is missing or empty, whose
 * denominator is 0 or that lies outside its plausible range never counts as meeting its target.
 */
export function cardValue(card: IndicatorCard, rows: readonly Row[], data: DataProfile): IndicatorCardValue {
  const issues = dataIssues(card, data);
  const county = figureStatus(card, rows.find((r) => r.level === 'county'), issues);
  const byTownship = rows
    .filter((r) => r.level === 'township')
    .map((r) => {
      const f = figureStatus(card, r, issues);
      return { township: String(r.township), value: f.value, status: f.status };
    });
  return { ...card, value: county.value, met: county.met, status: county.status, issues: county.issues, byTownship };
}

/**
 * The table an indicator query's result is kept in, so the SQL console and later queries can read
 * it: `indicator_<query id>` (e.g. indicator_clean_coal). Rewritten on every run.
 */
export function indicatorView(queryId: string): string {
  return `indicator_${queryId}`;
}

function stripTrailingSemicolon(sql: string): string {
  return sql.replace(/;\s*$/, '').trim();
}
