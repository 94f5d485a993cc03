import { userError } from '../../../analysis/user-error.ts';
import { TOTAL_LABELS } from '../table-header.ts';
import { EnumMatcher, normaliseText, parseBooleanValue, parseNumberText } from '../values.ts';
import type { I18nText } from '../../types.ts';
import type { LedgerTable } from './header.ts';
import type { LedgerField, LedgerTarget } from './targets.ts';

/** Target field name → column index in the ledger (absent: not mapped). */
export type ColumnMapping = Record<string, number>;

/** A proposed mapping with how sure each match is (100 exact … 50 contains). */
export interface MappingProposal {
  mapping: ColumnMapping;
  scores: Record<string, number>;
}


function norm(s: string): string {
  return normaliseText(s).toLowerCase().replace(/[（(][^）)]*[）)]/g, '').replace(/[\s:：*＊]/g, '');
}

function score(column: string, field: LedgerField): number {
  if (/^序号/.test(column)) return 0;
  const whole = norm(column);
  const segments = column.split('/').map(norm);
  let best = 0;
  for (const syn of field.synonyms.map(norm)) {
    if (!syn) continue;
    if (whole === syn) best = Math.max(best, 100);
    else if (segments.includes(syn)) best = Math.max(best, 90);
    else if (syn.length >= 2 && whole.startsWith(syn)) best = Math.max(best, 70);
    else if (syn.length === 1 && segments.some((s) => s.startsWith(syn))) best = Math.max(best, 60);
    else if (syn.length >= 2 && whole.includes(syn)) best = Math.max(best, 50);
  }
  if (best > 0 && field.type === 'number' && /总计|合计/.test(column)) best += 5;
  return best;
}

/**
 * Propose which column feeds which field: every (field, column) pair is scored against the field's
 * synonyms, then the best pairs are taken greedily, each column and field once. `序号` (row
 * number) columns are never mapped.
 * @example proposeMapping(['序号','镇（街道、开发区）','任务数/总计','完成数'], TASK_PROGRESS_TARGET).mapping
 * // { township: 1, target: 2, completed: 3 }
 */
export function proposeMapping(columns: readonly string[], target: LedgerTarget): MappingProposal {
  const pairs: { field: string; col: number; s: number }[] = [];
  for (const f of target.fields) {
    columns.forEach((c, i) => {
      const s = score(c, f);
      if (s > 0) pairs.push({ field: f.name, col: i, s });
    });
  }
  pairs.sort((a, b) => b.s - a.s || a.col - b.col);
  const mapping: ColumnMapping = {};
  const scores: Record<string, number> = {};
  const used = new Set<number>();
  for (const p of pairs) {
    if (p.field in mapping || used.has(p.col)) continue;
    mapping[p.field] = p.col;
    scores[p.field] = p.s;
    used.add(p.col);
  }
  return { mapping: { ...mapping }, scores: { ...scores } };
}

/** A typed record of the target's fields (null = empty cell). */
export type LedgerRecord = Record<string, string | number | boolean | null>;

/** A row that was not imported, and why (1-based sheet row). */
export interface RowProblem {
  row: number;
  field?: string;
  reason: I18nText;
}

export interface MappedLedger {
  records: LedgerRecord[];
  /** The sheet row of each record. */
  recordRows: number[];
  /** Rows that failed (missing required value, not a number, unknown type, duplicate id). */
  failures: RowProblem[];
  /** Rows left out on purpose: total rows (合计, 恒州镇小计), the header repeated, notes under the table (注：…). */
  skipped: RowProblem[];
}

/**
 * Turn a ledger's data rows into typed records of the target's fields using a column mapping.
 * Numbers accept `1,234`, full-width digits and units (`2540户`); enums accept the layer's codes,
 * Chinese labels and aliases; total and subtotal rows (合计, 恒州镇小计 …), the header repeated
 * (a sheet printed with repeated title rows) and notes under the table (注：…) are skipped with the
 * reason; a row with any bad value fails
 * as a whole, with the reason. Throws when a required field has no column.
 */
export function applyMapping(table: LedgerTable, target: LedgerTarget, mapping: ColumnMapping): MappedLedger {
  for (const f of target.fields) {
    if (f.required && mapping[f.name] === undefined) throw userError({ zh: `必填字段“${f.label.zh}”（${f.name}）还没有对应的列，请在上面选择`, en: `the required field ${f.label.en} (${f.name}) has no column; pick one above` });
  }
  for (const [name, col] of Object.entries(mapping)) {
    if (!target.fields.some((f) => f.name === name)) throw new Error(`unknown field ${name} for ${target.id}`);
    if (!Number.isInteger(col) || col < 0 || col >= table.columns.length) throw new Error(`field ${name}: column ${col} does not exist`);
  }
  const matchers = new Map<string, EnumMatcher>();
  for (const f of target.fields) if (f.type === 'enum' && f.enumField) matchers.set(f.name, new EnumMatcher(f.enumField));
  const out: MappedLedger = { records: [], recordRows: [], failures: [], skipped: [] };
  const seenIds = new Map<string, number>();
  const headerNames = table.columns.map((c) => norm(c.split('/').pop() ?? c));
  const mapped = Object.values(mapping);
  for (const { row, cells } of table.rows) {
    const firstText = cells.map((c) => norm(c)).find((c) => c !== '' && !/^\d+$/.test(c)) ?? '';
    // 合计, and a township's or a type's subtotal: 恒州镇小计, 小计：恒州镇, 气代煤合计
    if (TOTAL_LABELS.has(firstText) || /^.{1,20}(小计|合计|总计)$/.test(firstText) || /^(小计|合计|总计)./.test(firstText)) {
      out.skipped.push({ row, reason: { zh: `合计行（${firstText}）不导入`, en: `total row (${firstText}) not imported` } });
      continue;
    }
    // the header again (a sheet printed with its title rows repeated on every page)
    if (mapped.length > 0 && mapped.every((c) => norm(cells[c] ?? '') === headerNames[c])) {
      out.skipped.push({ row, reason: { zh: '表头重复行不导入', en: 'repeated header row not imported' } });
      continue;
    }
    // a note under the table (注：…, 填表人：…) with nothing in the id column
    const idCol = mapping.id;
    if (/^(注|备注|说明|填表|制表|审核|审批|联系人|联系电话|单位负责人)/.test(firstText) && (idCol === undefined || (cells[idCol] ?? '').trim() === '' || norm(cells[idCol] ?? '') === firstText)) {
      out.skipped.push({ row, reason: { zh: `表下说明行（${firstText.slice(0, 20)}）不导入`, en: `note row under the table (${firstText.slice(0, 20)}) not imported` } });
      continue;
    }
    const rec: LedgerRecord = Object.create(null);
    let problem: RowProblem | null = null;
    for (const f of target.fields) {
      const col = mapping[f.name];
      const raw = col === undefined ? '' : (cells[col] ?? '').trim();
      if (raw === '' || raw === '-' || raw === '—' || raw === '/') {
        if (f.required) {
          problem = { row, field: f.name, reason: { zh: `缺少必填项“${f.label.zh}”`, en: `${f.label.en} is missing` } };
          break;
        }
        rec[f.name] = null;
        continue;
      }
      // an id Excel kept as a number in scientific notation (an 18-digit 身份证号 → 1.30634199001011E+17):
      // the digits after the 15th are gone, and two households would share one id
      if (f.name === 'id' && /^\d(\.\d+)?E\+\d+$/i.test(raw)) {
        problem = { row, field: f.name, reason: { zh: `“${f.label.zh}”的值“${raw}”是 Excel 的科学计数法：长编号（如身份证号）存成数字后第 15 位以后的数字已丢失；请在 Excel 中把这一列设为“文本”并重新填写编号`, en: `${f.label.en} "${raw}" is in Excel's scientific notation: a long id (such as an ID-card number) stored as a number has lost its digits after the 15th; set the column to Text in Excel and enter the ids again` } };
        break;
      }
      const v = convert(raw, f, matchers.get(f.name));
      if (v === undefined) {
        problem = { row, field: f.name, reason: badValue(raw, f) };
        break;
      }
      rec[f.name] = v;
    }
    if (!problem && target.fields.some((f) => f.name === 'id') && typeof rec.id === 'string') {
      const first = seenIds.get(rec.id);
      if (first !== undefined) problem = { row, field: 'id', reason: { zh: `编号 ${rec.id} 与第 ${first} 行重复`, en: `id ${rec.id} repeats row ${first}` } };
      else seenIds.set(rec.id, row);
    }
    if (problem) {
      out.failures.push(problem);
      continue;
    }
    out.records.push({ ...rec });
    out.recordRows.push(row);
  }
  return out;
}

function convert(raw: string, f: LedgerField, matcher?: EnumMatcher): string | number | boolean | undefined {
  switch (f.type) {
    case 'number': {
      const p = parseNumberText(raw, { name: f.name, type: 'number', label: f.label, unit: f.unit });
      return p ? p.value : undefined;
    }
    case 'boolean': {
      const b = parseBooleanValue(raw);
      return b === null ? undefined : b;
    }
    case 'enum':
      return matcher?.match(raw) ?? undefined;
    default:
      return normaliseText(raw);
  }
}

function badValue(raw: string, f: LedgerField): I18nText {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  if (f.type === 'number') return { zh: `“${f.label.zh}”的值“${shown}”不是数字`, en: `${f.label.en} "${shown}" is not a number` };
  if (f.type === 'boolean') return { zh: `“${f.label.zh}”的值“${shown}”不是 是/否`, en: `${f.label.en} "${shown}" is not yes/no` };
  const allowed = f.enumField?.values?.map((v) => v.label.zh).join('、') ?? '';
  return { zh: `“${f.label.zh}”的值“${shown}”不在可选值（${allowed}）中`, en: `${f.label.en} "${shown}" is not one of its values` };
}
