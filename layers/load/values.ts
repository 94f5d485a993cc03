import { FALSE_TEXT, TRUE_TEXT } from '../fields.ts';
import type { FieldDef } from '../types.ts';

/** Square metres in one 亩. */
export const M2_PER_MU = 10000 / 15;

/** Full-width ASCII (１２３，Ａ) → ASCII, ideographic space → space, then trim. */
export function normaliseText(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === s.length) return s.trim();
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out.trim();
}

/** Longer text is never a number or a coordinate (a 10 MB cell is not read character by character). */
const MAX_NUMBER_TEXT = 200;

/** Result of reading a number from text. */
export interface ParsedNumber {
  value: number;
  /** 'converted' when a unit was converted (m² → 亩 …), 'ambiguous' for 方 (m² or m³?). */
  note?: 'converted' | 'ambiguous';
}

const COUNT_UNITS = new Set(['个', '人', '户', '辆', '座', '处', '名', '台', '间', '所', '家', '口', '吨', 't', 'km/h', '公里/小时', '千米/小时', 'kmh', '米', 'm', '元', '位']);
const M2_UNITS = new Set(['m2', 'm²', '㎡', '平方米', '平米', 'sqm']);
const MU_UNITS = new Set(['亩', 'mu']);
// Only the number at the start: the unit after it is cut off by hand. (The former single regex,
// `…\s*(万)?\s*(.*)$`, backtracked cubically on a long run of spaces: 2 000 spaces took 10 s.)
const NUMBER_PREFIX_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/i;

/**
 * Read a number written by a person: `1,234.5`, `１２３`, `129.01亩`, `5 万`, `8600平方米` (into 亩
 * when the field's unit is 亩). Returns null when the text is not a number.
 * @param text - the raw text
 * @param field - the field, whose unit decides conversions
 */
export function parseNumberText(text: string, field?: FieldDef): ParsedNumber | null {
  if (text.length > MAX_NUMBER_TEXT) return null;
  const t = normaliseText(text).replace(/(\d)[,，](?=\d{3}(?:\D|$))/g, '$1');
  if (t === '') return null;
  const m = NUMBER_PREFIX_RE.exec(t);
  if (!m) return null;
  let value = Number(m[0]);
  if (!Number.isFinite(value)) return null;
  let rest = t.slice(m[0].length).trim();
  if (rest.startsWith('万')) {
    value *= 10000;
    rest = rest.slice(1).trim();
  }
  if (rest.includes('\n')) return null;
  const unit = rest.toLowerCase();
  if (unit === '') return { value };
  const fieldUnit = field?.unit?.zh.toLowerCase();
  if (unit === fieldUnit || unit === field?.unit?.en.toLowerCase()) return { value };
  if (unit === '方' || unit === '万方') return { value: unit === '万方' ? value * 10000 : value, note: 'ambiguous' };
  if (fieldUnit === '亩' && M2_UNITS.has(unit)) return { value: value / M2_PER_MU, note: 'converted' };
  if (fieldUnit === 'm²' && MU_UNITS.has(unit)) return { value: value * M2_PER_MU, note: 'converted' };
  if ((fieldUnit === '亩' && MU_UNITS.has(unit)) || (fieldUnit === 'm²' && M2_UNITS.has(unit))) return { value };
  if (COUNT_UNITS.has(unit)) return { value };
  return null;
}

const TRUE_SET = new Set(TRUE_TEXT);
const FALSE_SET = new Set(FALSE_TEXT);

/** true/false/是/否/1/0/yes/no … → boolean; null when not a boolean. */
export function parseBooleanValue(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : null;
  if (typeof raw !== 'string') return null;
  const t = normaliseText(raw).toLowerCase();
  if (TRUE_SET.has(t)) return true;
  if (FALSE_SET.has(t)) return false;
  return null;
}

/** Looks up an enum field's code from its code, zh/en label or an alias (trimmed, case-insensitive). */
export class EnumMatcher {
  private readonly map = new Map<string, string>();
  /** The field's codes in definition order. */
  readonly codes: string[];

  constructor(field: FieldDef) {
    if (!field.values) throw new Error(`Field "${field.name}" has no values`);
    this.codes = field.values.map((v) => v.code);
    for (const v of field.values) {
      for (const s of [v.code, v.label.zh, v.label.en, ...(v.aliases ?? [])]) {
        const k = normaliseText(s).toLowerCase();
        if (!this.map.has(k)) this.map.set(k, v.code);
      }
    }
  }

  /** The code for a raw value, or null when it is not one of the field's values. */
  match(raw: unknown): string | null {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return null;
    const k = normaliseText(String(raw)).toLowerCase();
    return this.map.get(k) ?? this.map.get(k.replace(/\s+/g, '')) ?? null;
  }
}

const DECIMAL_COMMA_RE = /^[+-]?\d+,(?:\d{1,2}|\d{4,})$/;

const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A number written in decimal (`114.5`, `-3`, `1e3`, surrounding space allowed), else NaN. Unlike
 * `Number(text)` it never reads `0x72`, `0b1110010` or `0o162` as 114, nor `''` as 0, nor `Infinity`.
 */
export function decimalNumber(text: string): number {
  const t = text.trim();
  return DECIMAL_RE.test(t) ? Number(t) : NaN;
}

// Matched against text whose white space runs are collapsed to one space, so each ` ?` has two
// choices at most: linear. (With `\s*` on both sides of optional groups it was quadratic in spaces.)
const DMS_RE = /^([NSEW东西南北])? ?(\d+(?:\.\d+)?) ?(?:[°度] ?(?:(\d+(?:\.\d+)?) ?['′’分] ?)?(?:(\d+(?:\.\d+)?) ?(?:["″”]|秒|'') ?)?)?([NSEW东西南北])?$/i;

/**
 * Read one coordinate written as text: `114.5`, `１１４．５`, `114,5` (a decimal comma), `E114.5`, `114°30'15"E`, `东经114度30分`.
 * Returns NaN when it cannot be read, also for minutes or seconds of 60 or more and for minutes
 * after a fractional degree (`114°75′`, `38.5°30′`).
 */
export function parseCoordinateText(text: string): number {
  if (text.length > MAX_NUMBER_TEXT) return NaN;
  const t = normaliseText(text).replace(/^(东经|北纬|西经|南纬)/, (s) => ({ 东经: 'E', 北纬: 'N', 西经: 'W', 南纬: 'S' })[s] ?? s);
  if (t === '') return NaN;
  const plain = decimalNumber(t);
  if (Number.isFinite(plain)) return plain;
  // one decimal comma (a European-locale export: `114,75`); a comma before exactly three digits
  // could be a thousands separator (`114,750`) and is left unread
  if (DECIMAL_COMMA_RE.test(t)) return Number(t.replace(',', '.'));
  const m = DMS_RE.exec(t.replace(/\s+/g, ' '));
  if (!m) return NaN;
  // 60 minutes or seconds, or minutes after a fractional degree, is a typo (114°75′ is not 115.25°)
  if ((m[3] && Number(m[3]) >= 60) || (m[4] && Number(m[4]) >= 60) || ((m[3] || m[4]) && m[2].includes('.'))) return NaN;
  let v = Number(m[2]) + (m[3] ? Number(m[3]) / 60 : 0) + (m[4] ? Number(m[4]) / 3600 : 0);
  const hemi = (m[1] ?? m[5] ?? '').toUpperCase();
  if (hemi === 'S' || hemi === 'W' || hemi === '西' || hemi === '南') v = -v;
  return v;
}
