import type { ParamDef } from '../../analysis/params.ts';
import { KINDERGARTEN_PARAMS } from '../../analysis/radii-params.ts';
import type { I18nText } from '../../layers/types.ts';
import type { TabularDb } from './tabular-db.ts';

/** A fixed number from a source document, stored in the `policy` table for the indicator SQL. */
export interface PolicyConstant {
  key: string;
  value: number;
  unit: string;
  label: I18nText;
  source: I18nText;
}

const SEED000_COAL: I18nText = {
  zh: '曲阳县2024年洁净煤取暖方案（种子文件000）：每户补贴不超过2吨，省、市各100元/吨，居民每吨支付900元，余额县财政承担',
  en: 'Quyang 2024 clean-coal plan (seed 000): ≤ 2 t per household subsidised; province and city 100 yuan/t each; residents pay 900 yuan/t; the county pays the rest',
};
const SEED000_STOVE: I18nText = {
  zh: '种子文件000：新增配套炉具每户1台，省级500元、市级300元、县级最高不超过200元',
  en: 'Seed 000: one new stove per household; province 500, city 300, county at most 200 yuan',
};
const SEED000_AREA: I18nText = {
  zh: '种子文件000：1至3人户建筑面积控制在60平方米以内，且1人户不低于30平方米；3人以上户人均13–18平方米',
  en: 'Seed 000: 1–3 persons ≤ 60 m² (1 person ≥ 30 m²); more than 3 persons 13–18 m² per person',
};

/** Policy numbers from the seeds (shared/SEED-FACTS.md), each with its source. */
export const POLICY_CONSTANTS: readonly PolicyConstant[] = [
  { key: 'coal_cap_t_per_household', value: 2, unit: 't', label: { zh: '每户补贴煤量上限', en: 'Subsidised tonnes per household' }, source: SEED000_COAL },
  { key: 'coal_province_yuan_per_t', value: 100, unit: 'yuan/t', label: { zh: '省级补贴', en: 'Province subsidy' }, source: SEED000_COAL },
  { key: 'coal_city_yuan_per_t', value: 100, unit: 'yuan/t', label: { zh: '市级补贴', en: 'City subsidy' }, source: SEED000_COAL },
  { key: 'coal_resident_yuan_per_t', value: 900, unit: 'yuan/t', label: { zh: '居民每吨支付', en: 'Residents pay' }, source: SEED000_COAL },
  { key: 'stove_province_yuan', value: 500, unit: 'yuan', label: { zh: '炉具省级补贴', en: 'Stove, province' }, source: SEED000_STOVE },
  { key: 'stove_city_yuan', value: 300, unit: 'yuan', label: { zh: '炉具市级补贴', en: 'Stove, city' }, source: SEED000_STOVE },
  { key: 'stove_county_max_yuan', value: 200, unit: 'yuan', label: { zh: '炉具县级补贴上限', en: 'Stove, county cap' }, source: SEED000_STOVE },
  { key: 'area_small_household_max_persons', value: 3, unit: 'persons', label: { zh: '小户人数上限', en: 'Small household, persons' }, source: SEED000_AREA },
  { key: 'area_small_max_m2', value: 60, unit: 'm²', label: { zh: '1–3人户面积上限', en: '1–3 persons, max area' }, source: SEED000_AREA },
  { key: 'area_single_min_m2', value: 30, unit: 'm²', label: { zh: '1人户面积下限', en: '1 person, min area' }, source: SEED000_AREA },
  { key: 'area_per_person_min_m2', value: 13, unit: 'm²/person', label: { zh: '3人以上户人均下限', en: '> 3 persons, min per person' }, source: SEED000_AREA },
  { key: 'area_per_person_max_m2', value: 18, unit: 'm²/person', label: { zh: '3人以上户人均上限', en: '> 3 persons, max per person' }, source: SEED000_AREA },
];

/** One cell of the dilapidated-house subsidy table (seed 000). */
export interface DilapidatedSubsidy {
  /** `low_income` code of layers/households.ts. */
  category: string;
  categoryZh: string;
  grade: 'C' | 'D';
  yuan: number;
}

/** Seed 000 农村危房改造补助标准 (yuan per household), category × grade. */
export const DILAPIDATED_SUBSIDY: readonly DilapidatedSubsidy[] = [
  { category: 'destitute', categoryZh: '分散供养特困人员', grade: 'D', yuan: 32000 },
  { category: 'minimum_living', categoryZh: '低保户', grade: 'D', yuan: 30000 },
  { category: 'other_low_income', categoryZh: '其他低收入群体', grade: 'D', yuan: 28000 },
  { category: 'destitute', categoryZh: '分散供养特困人员', grade: 'C', yuan: 15000 },
  { category: 'minimum_living', categoryZh: '低保户', grade: 'C', yuan: 13000 },
  { category: 'other_low_income', categoryZh: '其他低收入群体', grade: 'C', yuan: 12000 },
];
export const DILAPIDATED_SUBSIDY_SOURCE: I18nText = {
  zh: '曲阳县2024年农村危房改造实施方案（种子文件000）补助标准表',
  en: 'Quyang 2024 rural dilapidated-house renovation plan (seed 000), subsidy table',
};

/** Parameters the user sets for the indicators (CLI options / project.json params). */
export const INDICATOR_PARAMS: readonly ParamDef<number>[] = [
  {
    key: 'coal-price',
    value: 1200,
    unit: 'yuan/t',
    label: { zh: '洁净煤价格', en: 'Clean-coal price' },
    source: {
      zh: '源文件未给出煤价：默认值仅为示例，请按本年招标价确认',
      en: 'No price in the source documents: the default is an example; enter this season\'s tender price',
    },
    confirm: true,
    min: 0,
    // clean coal sells for about 1,000–2,000 yuan/t; 10,000 catches a price typed in yuan/kg ×1000 or a stray digit
    max: 10_000,
  },
  {
    key: 'stove-county-yuan',
    value: 200,
    unit: 'yuan',
    label: { zh: '县级炉具补贴', en: 'County stove subsidy' },
    source: SEED000_STOVE,
    min: 0,
    max: 200,
  },
  // the kindergarten panel's own parameter (one definition, one project value): children aged 3–5
  // per person where a household lacks children_3_5, for the gross enrolment's estimate
  KINDERGARTEN_PARAMS.find((d) => d.key === 'child-share') as ParamDef<number>,
];

/** Resolved indicator parameters, by key. */
export type IndicatorParams = Record<'coal-price' | 'stove-county-yuan' | 'child-share', number>;

/**
 * Write the `policy` table (one row: every constant and parameter as a DOUBLE column named by its
 * key with `-` → `_`), `policy_sources` (key, value, unit, label, source) and `dilapidated_subsidy`.
 * Values go in as Arrow columns, never spliced into SQL text. Throws on values outside their range.
 */
export async function writePolicyTables(db: TabularDb, params: IndicatorParams): Promise<void> {
  const entries: { key: string; value: number; unit: string; label: I18nText; source: I18nText }[] = POLICY_CONSTANTS.map((c) => ({ ...c }));
  for (const def of INDICATOR_PARAMS) {
    const v = Number(params[def.key as keyof IndicatorParams] ?? def.value);
    if (!Number.isFinite(v)) throw new Error(`parameter ${def.key} must be a number`);
    if (def.min !== undefined && v < def.min) throw new Error(`parameter ${def.key} must be ≥ ${def.min} (got ${v})`);
    if (def.max !== undefined && v > def.max) throw new Error(`parameter ${def.key} must be ≤ ${def.max} (got ${v})`);
    entries.push({ key: def.key.replace(/-/g, '_'), value: v, unit: def.unit ?? '', label: def.label, source: def.source });
  }
  await db.insertTable('policy', Object.fromEntries(entries.map((e) => [e.key, { type: 'double' as const, values: [e.value] }])));
  await db.insertTable('policy_sources', {
    key: { type: 'varchar', values: entries.map((e) => e.key) },
    value: { type: 'double', values: entries.map((e) => e.value) },
    unit: { type: 'varchar', values: entries.map((e) => e.unit) },
    label_zh: { type: 'varchar', values: entries.map((e) => e.label.zh) },
    source_zh: { type: 'varchar', values: entries.map((e) => e.source.zh) },
    source_en: { type: 'varchar', values: entries.map((e) => e.source.en) },
  });
  await db.insertTable('dilapidated_subsidy', {
    category: { type: 'varchar', values: DILAPIDATED_SUBSIDY.map((r) => r.category) },
    category_zh: { type: 'varchar', values: DILAPIDATED_SUBSIDY.map((r) => r.categoryZh) },
    grade: { type: 'varchar', values: DILAPIDATED_SUBSIDY.map((r) => r.grade) },
    yuan: { type: 'double', values: DILAPIDATED_SUBSIDY.map((r) => r.yuan) },
  });
}
