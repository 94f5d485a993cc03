import { heatingField, households } from '../../households.ts';
import type { FieldDef, I18nText } from '../../types.ts';

/** A field a ledger column can be mapped to. */
export interface LedgerField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'enum';
  required?: boolean;
  label: I18nText;
  /** Header texts that mean this field (matched after removing spaces and bracketed notes). */
  synonyms: string[];
  /** For enum fields: the layer field whose codes, labels and aliases are accepted. */
  enumField?: FieldDef;
  /** Unit of a number field (m², 亩 …): numbers written with another unit are converted. */
  unit?: I18nText;
}

/** What an imported sheet becomes: a table with these fields. */
export interface LedgerTarget {
  id: 'task_progress' | 'dual_ledger' | 'households';
  title: I18nText;
  /** Default table name in the database. */
  table: string;
  fields: LedgerField[];
}

const TOWNSHIP_SYNONYMS = ['乡镇', '镇', '乡', '街道', '镇街', '镇（街道）', '乡镇（街道）', '乡镇名称', '所属乡镇', '单位', 'township', 'town'];

/** Seed 003's task table: town, target, completed. */
export const TASK_PROGRESS_TARGET: LedgerTarget = {
  id: 'task_progress',
  title: { zh: '各镇任务进度表', en: 'Task progress by town' },
  table: 'task_progress',
  fields: [
    { name: 'township', type: 'string', required: true, label: { zh: '乡镇', en: 'Township' }, synonyms: TOWNSHIP_SYNONYMS },
    { name: 'target', type: 'number', required: true, label: { zh: '任务数', en: 'Target' }, synonyms: ['任务数', '任务', '目标', '目标任务', '计划', '计划数', '任务户数', '总计', '合计', 'target'] },
    { name: 'completed', type: 'number', label: { zh: '完成数', en: 'Completed' }, synonyms: ['完成数', '已完成', '完成', '完成户数', '实际完成', '完成情况', 'completed', 'done'] },
  ],
};

/** A 双代 household ledger (seed 001): household id, town, village, type. */
export const DUAL_LEDGER_TARGET: LedgerTarget = {
  id: 'dual_ledger',
  title: { zh: '“双代”台账', en: '双代 ledger' },
  table: 'ledger_new',
  fields: [
    { name: 'id', type: 'string', required: true, label: { zh: '户编号', en: 'Household ID' }, synonyms: ['户编号', '编号', '户号', '用户编号', '用户号', '身份证号', '户主身份证号', 'id'] },
    { name: 'township', type: 'string', label: { zh: '乡镇', en: 'Township' }, synonyms: TOWNSHIP_SYNONYMS },
    { name: 'village', type: 'string', label: { zh: '村', en: 'Village' }, synonyms: ['村', '村庄', '行政村', '村名', '村（社区）', 'village'] },
    { name: 'name', type: 'string', label: { zh: '户主', en: 'Head of household' }, synonyms: ['户主', '户主姓名', '姓名', '用户名'] },
    { name: 'type', type: 'enum', label: { zh: '改造类型', en: 'Type' }, synonyms: ['改造类型', '类型', '取暖方式', '改造方式', '双代类型', 'type'], enumField: heatingField },
  ],
};

const EXTRA_SYNONYMS: Record<string, string[]> = {
  id: ['户编号', '编号', '户号', 'id'],
  persons: ['人口', '人数', '家庭人口', '户籍人口'],
  village: ['村', '村庄', '行政村'],
  township: TOWNSHIP_SYNONYMS,
  heating: ['取暖方式', '改造类型', '类型'],
  children_3_5: ['3-5岁儿童', '3至5岁儿童', '适龄儿童'],
  low_income: ['困难类别', '类别', '对象类别', '低收入类别'],
  house_grade: ['危房等级', '等级', '鉴定等级'],
  floor_area_m2: ['改造面积', '建筑面积', '面积'],
  coal_tonnes: ['订煤量', '用煤量', '煤量', '吨数'],
  co_alarm: ['一氧化碳报警器', '报警器'],
  new_user: ['新增用户', '新用户', '是否新增', '新增'],
  inspection_dates: ['安检日期', '入户安检日期', '安检记录'],
  lon: ['经度', 'lon', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
};

/** The households layer's fields (layers/households.ts) plus lon/lat, for a household ledger. */
export const HOUSEHOLDS_TARGET: LedgerTarget = {
  id: 'households',
  title: households.title,
  table: 'households_import',
  fields: [
    ...households.fields.map((f): LedgerField => ({
      name: f.name,
      type: f.type,
      required: f.required,
      label: f.label,
      synonyms: [f.label.zh, f.name, ...(EXTRA_SYNONYMS[f.name] ?? [])],
      enumField: f.type === 'enum' ? f : undefined,
      unit: f.unit,
    })),
    { name: 'lon', type: 'number', label: { zh: '经度', en: 'Longitude' }, synonyms: EXTRA_SYNONYMS.lon },
    { name: 'lat', type: 'number', label: { zh: '纬度', en: 'Latitude' }, synonyms: EXTRA_SYNONYMS.lat },
  ],
};

/** Every import target, by id. */
export const LEDGER_TARGETS: Record<LedgerTarget['id'], LedgerTarget> = {
  task_progress: TASK_PROGRESS_TARGET,
  dual_ledger: DUAL_LEDGER_TARGET,
  households: HOUSEHOLDS_TARGET,
};
