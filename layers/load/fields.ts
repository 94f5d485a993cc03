import type { FieldDef, I18nText, IssueSeverity, LayerDefinition, NumberRange } from '../types.ts';
import type { IssueLocation, IssueSink } from './issues.ts';
import { EnumMatcher, normaliseText, parseBooleanValue, parseNumberText } from './values.ts';

/** Property keys that must never be copied onto a plain object. */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A field's label for messages: "状态（status）" / "Status (status)". */
export function fieldLabel(f: FieldDef): I18nText {
  return { zh: `${f.label.zh}（${f.name}）`, en: `${f.label.en} (${f.name})` };
}

function quote(v: unknown): string {
  // JSON.stringify writes an infinite or NaN number (1e400 in a file parses as Infinity) as "null".
  const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/**
 * Reads the values of one layer's fields from user data (GeoJSON properties or CSV cells) and
 * reports problems: finds a field by its name, any case, or its Chinese label; normalises enum
 * values to codes, numbers with units and booleans; keeps going on bad values.
 */
export class FieldReader {
  readonly def: LayerDefinition;
  private readonly byKey = new Map<string, FieldDef>();
  private readonly keyCache = new Map<string, FieldDef | null>();
  private readonly matchers = new Map<string, EnumMatcher>();
  private readonly enumCache = new Map<string, Map<unknown, string | null>>();

  constructor(
    def: LayerDefinition,
    readonly file: string,
    readonly sink: IssueSink,
  ) {
    this.def = def;
    for (const f of def.fields) {
      for (const k of [f.name, f.name.toLowerCase(), f.label.zh, f.label.en.toLowerCase()]) if (!this.byKey.has(k)) this.byKey.set(k, f);
      if (f.type === 'enum') {
        this.matchers.set(f.name, new EnumMatcher(f));
        this.enumCache.set(f.name, new Map());
      }
    }
  }

  /** The schema field a property key or CSV header names, if any. */
  fieldFor(key: string): FieldDef | undefined {
    let f = this.keyCache.get(key);
    if (f === undefined) {
      const k = normaliseText(key);
      f = this.byKey.get(k) ?? this.byKey.get(k.toLowerCase()) ?? null;
      if (this.keyCache.size < 10_000) this.keyCache.set(key, f);
    }
    return f ?? undefined;
  }

  /** True for null, undefined and blank text. */
  static isMissing(raw: unknown): boolean {
    return raw === null || raw === undefined || (typeof raw === 'string' && normaliseText(raw) === '');
  }

  /** Report one issue about a field's value. */
  report(severity: IssueSeverity, code: string, loc: IssueLocation, message: I18nText): void {
    this.sink.add(severity, code, this.file, loc, message);
  }

  /**
   * Report a missing required field, naming the feature by its id and name when it has them
   * (`who`) and, for a field with a list of values, what to fill in.
   */
  missingRequired(f: FieldDef, loc: IssueLocation, who?: { id?: unknown; name?: unknown }): void {
    const l = fieldLabel(f);
    const id = who?.id === undefined || who.id === null ? '' : String(who.id);
    const name = typeof who?.name === 'string' ? who.name.trim() : '';
    const named = [id, name].filter((x) => x !== '').join(' ');
    const values = f.values ?? [];
    this.report('error', 'missing-required', { ...loc, field: f.name }, {
      zh: `${named ? `要素 ${named} ` : ''}缺少必填字段“${l.zh}”，该要素未加载。${values.length ? `请在文件中填写 ${f.name}：${values.map((v) => `${v.code}（${v.label.zh}）`).join('、')}。` : ''}`,
      en: `${named ? `Feature ${named}: the` : 'The'} required field "${l.en}" is missing; the feature was not loaded.${values.length ? ` Fill in ${f.name} in the file: ${values.map((v) => `${v.code} (${v.label.zh})`).join(', ')}.` : ''}`,
    });
  }

  /**
   * An enum value as its code, or null (reported) when it is not one of the field's values.
   * Required fields report an error (the caller rejects the feature), optional ones a warning.
   */
  readEnum(f: FieldDef, raw: unknown, loc: IssueLocation): string | null {
    const cache = this.enumCache.get(f.name) as Map<unknown, string | null>;
    let code = cache.get(raw);
    if (code === undefined) {
      code = (this.matchers.get(f.name) as EnumMatcher).match(raw);
      if (cache.size < 10_000) cache.set(raw, code);
    }
    if (code !== null) return code;
    const allowed = (f.values ?? []).map((v) => `${v.code}（${v.label.zh}）`).join('、');
    const allowedEn = (f.values ?? []).map((v) => `${v.code} (${v.label.zh})`).join(', ');
    const l = fieldLabel(f);
    this.report(f.required ? 'error' : 'warning', 'bad-enum', { ...loc, field: f.name }, {
      zh: `“${l.zh}”的值“${quote(raw)}”不在允许的取值中：${allowed}。${f.required ? '该要素未加载。' : '已按未填写处理。'}`,
      en: `Value "${quote(raw)}" of "${l.en}" is not one of: ${allowedEn}. ${f.required ? 'The feature was not loaded.' : 'Treated as not given.'}`,
    });
    return null;
  }

  /** A number (units, thousands separators and full-width digits read), or null (reported). */
  readNumber(f: FieldDef, raw: unknown, loc: IssueLocation): number | null {
    if (typeof raw === 'number' && Number.isFinite(raw)) return this.checkRange(f, raw, raw, loc);
    const parsed = typeof raw === 'string' ? parseNumberText(raw, f) : null;
    const l = fieldLabel(f);
    if (!parsed) {
      const radix = typeof raw === 'string' && RADIX_PREFIX.test(normaliseText(raw));
      const why = radix
        ? { zh: '是十六进制、二进制或八进制写法，不按数字读取', en: 'is written in hexadecimal, binary or octal and is not read as a number' }
        : typeof raw === 'number' && !Number.isNaN(raw)
          ? { zh: '超出了数字能表示的范围（如 1e400）', en: 'is beyond the range a number can hold (such as 1e400)' }
          : { zh: '不是数字', en: 'is not a number' };
      this.report(f.required ? 'error' : 'warning', 'bad-number', { ...loc, field: f.name }, {
        zh: `“${l.zh}”的值“${quote(raw)}”${why.zh}。${f.required ? '该要素未加载。' : '已按未填写处理。'}`,
        en: `Value "${quote(raw)}" of "${l.en}" ${why.en}. ${f.required ? 'The feature was not loaded.' : 'Treated as not given.'}`,
      });
      return null;
    }
    if (this.checkRange(f, parsed.value, raw, loc) === null) return null;
    if (parsed.note === 'converted') {
      this.report('info', 'unit-converted', { ...loc, field: f.name }, {
        zh: `“${quote(raw)}”已换算为 ${round(parsed.value)} ${f.unit?.zh ?? ''}（1 亩 = 666.67 m²）。`,
        en: `"${quote(raw)}" was converted to ${round(parsed.value)} ${f.unit?.en ?? ''} (1 mu = 666.67 m²).`,
      });
    } else if (parsed.note === 'ambiguous') {
      this.report('warning', 'ambiguous-unit', { ...loc, field: f.name }, {
        zh: `“${quote(raw)}”中的“方”可能指平方米或立方米，已按数值 ${round(parsed.value)} 读取，请确认。`,
        en: `"方" in "${quote(raw)}" may mean square or cubic metres; read as ${round(parsed.value)}, please confirm.`,
      });
    }
    return parsed.value;
  }

  /**
   * The value when it lies in the field's plausible range ({@link FieldDef.range}), else null
   * (reported: an error that rejects the feature for a required field, a warning otherwise).
   * @param raw - the value as the user wrote it, for the message
   */
  checkRange(f: FieldDef, v: number, raw: unknown, loc: IssueLocation): number | null {
    if (inRange(f, v)) return v;
    const r = f.range as NumberRange;
    const l = fieldLabel(f);
    const unit = f.unit ? { zh: ` ${f.unit.zh}`, en: ` ${f.unit.en}` } : { zh: '', en: '' };
    const range = r.minExclusive
      ? { zh: `应大于 ${r.min}、不超过 ${r.max}${unit.zh}`, en: `it should be greater than ${r.min} and at most ${r.max}${unit.en}` }
      : { zh: `应在 ${r.min}–${r.max}${unit.zh} 之间`, en: `it should be between ${r.min} and ${r.max}${unit.en}` };
    const shown = typeof raw === 'string' ? quote(raw) : String(v);
    this.report(f.required ? 'error' : 'warning', 'implausible-value', { ...loc, field: f.name }, {
      zh: `“${l.zh}”的值“${shown}”不合理（${range.zh}）。${f.required ? '该要素未加载。' : '已按未填写处理，其余字段照常加载。'}`,
      en: `Value "${shown}" of "${l.en}" is not plausible (${range.en}). ${f.required ? 'The feature was not loaded.' : 'Treated as not given; the other fields were loaded.'}`,
    });
    return null;
  }

  /** A boolean (true/false/是/否/1/0 …), or null (reported). */
  readBoolean(f: FieldDef, raw: unknown, loc: IssueLocation): boolean | null {
    const b = parseBooleanValue(raw);
    if (b !== null) return b;
    const l = fieldLabel(f);
    this.report('warning', 'bad-boolean', { ...loc, field: f.name }, {
      zh: `“${l.zh}”的值“${quote(raw)}”不是“是/否”，已按未填写处理。`,
      en: `Value "${quote(raw)}" of "${l.en}" is not yes/no; treated as not given.`,
    });
    return null;
  }

  /** Text as the user wrote it, trimmed (numbers and booleans as text). */
  static readString(raw: unknown): string | null {
    if (raw === null || raw === undefined) return null;
    const s = typeof raw === 'string' ? raw.trim() : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    return s === '' ? null : s;
  }
}

/** True when `v` lies in the field's plausible range (or the field has none). */
export function inRange(f: FieldDef, v: number): boolean {
  const r = f.range;
  return !r || (v <= r.max && (r.minExclusive ? v > r.min : v >= r.min));
}

/** Text written as a hexadecimal, binary or octal literal (`0x72`, `0b1110010`, `0o162`). */
const RADIX_PREFIX = /^[+-]?0[xbo][0-9a-f]/i;

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Other words tables use for a field (地块编号 → id, 亩数 → area_mu, 户人数 → persons …), in order of
 * preference (a household number 户号 before a row number 序号).
 */
const FIELD_HINTS: Record<string, string[]> = {
  id: ['编号', '编码', '户号', '农户编号', '序号', '地块编号', '宗地号', '宗地编号', '站点编号', 'bh', 'code', 'no', 'fid_1'],
  name: ['名称', '名字', '站名', '园名', '道路名称', '路名称', '站点名称', '消防站名称', '幼儿园名称', '单位名称', '地块名称', 'mc', 'title'],
  code: ['区划代码', '行政区划代码', '乡镇代码', '乡镇编码', '代码', 'xzqdm'],
  road: ['道路', '所在道路', '路名', '位置'],
  class: ['等级', '道路等级', '级别', '类别', 'highway', 'dj'],
  kind: ['类型', '种类', '类别', 'lx'],
  status: ['状态', '现状', '完好情况', 'zt'],
  ownership: ['性质', '办学性质', '公办民办'],
  capacity: ['学位', '学位数', '容量', '核定学位'],
  enrolled: ['在园人数', '在园幼儿', '幼儿数'],
  area_mu: ['亩数', '面积亩', '面积（亩）', '面积(亩)', '用地面积', '面积'],
  use: ['用途', '土地用途', '规划用途', '用地性质', '地块用途', 'ydxz'],
  township: ['乡镇', '所属乡镇', '镇', 'xz'],
  village: ['村', '村名', '行政村', '所属村'],
  persons: ['人口', '人数', '户人数'],
  children_3_5: ['3-5岁儿童', '3-5岁幼儿', '3~5岁儿童', '3~5岁幼儿', '3至5岁儿童', '3至5岁幼儿', '适龄幼儿', '适龄儿童'],
  vehicles: ['车辆数', '车辆', '消防车数', '消防车辆', '车辆数量', '消防车（辆）', '消防车(辆)'],
  level: ['等级', '级别', '站级'],
  owner: ['权属', '权利人', '产权单位'],
  location: ['坐落', '位置', '地址'],
};

/**
 * The columns that name no field by its own name or label, matched to the fields no column names,
 * by the field's label and {@link FIELD_HINTS} (spaces and case ignored): field name → column index.
 * A field takes the first hint a free column matches; a column serves one field. What the import
 * step suggests as its mapping, and how a project's households.csv reads a ledger's columns.
 */
export function hintedColumns(reader: FieldReader, columns: readonly string[]): Map<string, number> {
  const key = (t: string) => normaliseText(t).toLowerCase().replace(/\s/g, '');
  const taken = new Set<number>();
  const found = new Set<string>();
  columns.forEach((c, k) => {
    const fd = reader.fieldFor(c);
    if (fd) {
      taken.add(k);
      found.add(fd.name);
    }
  });
  const keys = columns.map(key);
  const out = new Map<string, number>();
  for (const fd of reader.def.fields) {
    if (found.has(fd.name)) continue;
    for (const h of [fd.label.zh, ...(FIELD_HINTS[fd.name] ?? [])].map(key)) {
      const k = keys.findIndex((c, i) => !taken.has(i) && c === h);
      if (k < 0) continue;
      out.set(fd.name, k);
      taken.add(k);
      break;
    }
  }
  return out;
}
