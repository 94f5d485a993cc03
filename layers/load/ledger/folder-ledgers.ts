import { messageInLanguage } from '../../../analysis/user-error.ts';
import { decodeText } from '../decode.ts';
import { parseCsv } from '../foreign/csv.ts';
import { UNSAFE_KEYS } from '../fields.ts';
import type { IssueSink } from '../issues.ts';
import type { ImportedTable } from '../../types.ts';
import { detectHeader } from './header.ts';
import { applyMapping, proposeMapping, type ColumnMapping } from './mapping.ts';
import { LEDGER_TARGETS, type LedgerTarget } from './targets.ts';

/** Prefix of an imported ledger's file in a project folder (`台账_<table>.csv`, written by 导出项目). */
export const LEDGER_FILE_PREFIX = '台账_';

/**
 * One entry of project.json `tables`: an imported ledger kept in the folder as a CSV file, with
 * the import target it was imported as (so it is imported the same way again) and the sheet it
 * first came from.
 */
export interface FolderTable {
  /** The import target's id (`task_progress`, `dual_ledger`, `households`: targets.ts). */
  target: LedgerTarget['id'];
  /** The CSV file in the folder, e.g. `台账_ledger_new.csv`. */
  file: string;
  /** The file (and sheet) the user imported it from, as shown in the app. */
  source?: string;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The ledger file of table `name` in an exported folder. @example ledgerFileName('ledger_new') // '台账_ledger_new.csv' */
export function ledgerFileName(name: string): string {
  return `${LEDGER_FILE_PREFIX}${name}.csv`;
}

/**
 * Read project.json's `tables` member: well-formed entries only (a table name fit for SQL, a known
 * target, a file name without folders); each other entry is a warning naming it.
 */
export function readTablesMember(value: unknown, file: string, sink: IssueSink): Record<string, FolderTable> {
  const out: Record<string, FolderTable> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    sink.add('warning', 'bad-tables', file, { field: 'tables' }, { zh: 'tables 应是一个对象（表名 → {target, file}），已忽略。', en: 'tables should be an object (table name → {target, file}); ignored.' });
    return out;
  }
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const e = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    const ok = !UNSAFE_KEYS.has(name) && TABLE_NAME.test(name) && e && typeof e.target === 'string' && Object.hasOwn(LEDGER_TARGETS, e.target) && typeof e.file === 'string' && e.file !== '' && !/[\\/]/.test(e.file);
    if (!ok) {
      sink.add('warning', 'bad-tables', file, { field: `tables.${name}` }, {
        zh: `tables 中的“${name}”不完整或无法识别（应为 {"target": "task_progress" | "dual_ledger" | "households", "file": "台账_….csv"}），该台账未导入。`,
        en: `"${name}" in tables is incomplete or not recognised (it should be {"target": "task_progress" | "dual_ledger" | "households", "file": "台账_….csv"}); that ledger was not imported.`,
      });
      continue;
    }
    out[name] = { target: e.target as LedgerTarget['id'], file: e.file as string, ...(typeof e.source === 'string' && e.source ? { source: e.source } : {}) };
  }
  return out;
}

/** A cell 导出项目 wrote with `'` before a leading `=`, `+`, `-`, `@` (csvCell: against formula injection), as it was. */
function unescapeCell(c: string): string {
  return /^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c;
}

/**
 * Import a ledger kept in a project folder (`台账_<table>.csv`) again, through the ledger import's
 * own checks (detectHeader, applyMapping: numbers, enum values, duplicate ids …). Columns are
 * matched to the target's fields by name (what 导出项目 writes), else as the import step would
 * propose. All or nothing: a file that cannot be read, a required field with no column or any row
 * that fails is an error naming the file, row and field, and the table is not imported; rows left
 * out on purpose (合计, notes) are said as info.
 * @returns the table, or null when it was not imported
 */
export function readFolderLedger(name: string, spec: FolderTable, bytes: Uint8Array, sink: IssueSink): ImportedTable | null {
  const target = LEDGER_TARGETS[spec.target];
  const notImported = { zh: `台账“${name}”未导入。`, en: `Ledger "${name}" was not imported.` };
  const fail = (row: number | undefined, field: string | undefined, zh: string, en: string): null => {
    sink.add('error', 'bad-ledger', spec.file, { row, field }, { zh: `${zh}；${notImported.zh}`, en: `${en}; ${notImported.en}` });
    return null;
  };
  if (bytes.length === 0) return fail(undefined, undefined, '文件是空的', 'the file is empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return fail(undefined, undefined, '这是 Excel 工作簿，项目文件夹中的台账应为 CSV', 'this is an Excel workbook; a ledger in a project folder is a CSV file');
  let table;
  try {
    table = detectHeader(parseCsv(decodeText(bytes).text).map((r) => r.map(unescapeCell)));
  } catch (err) {
    const m = err instanceof Error ? err.message : String(err);
    return fail(undefined, undefined, `无法读取（${messageInLanguage(m, 'zh')}）`, `cannot be read (${messageInLanguage(m, 'en')})`);
  }
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const f of target.fields) {
    const i = table.columns.indexOf(f.name);
    if (i >= 0) {
      mapping[f.name] = i;
      used.add(i);
    }
  }
  for (const [field, col] of Object.entries(proposeMapping(table.columns, target).mapping)) {
    if (mapping[field] === undefined && !used.has(col)) {
      mapping[field] = col;
      used.add(col);
    }
  }
  const missing = target.fields.find((f) => f.required && mapping[f.name] === undefined);
  if (missing) return fail(undefined, missing.name, `缺少必填列“${missing.label.zh}”（${missing.name}）`, `the required column ${missing.label.en} (${missing.name}) is missing`);
  const res = applyMapping(table, target, mapping);
  for (const f of res.failures) sink.add('error', 'bad-ledger', spec.file, { row: f.row, field: f.field }, { zh: `${f.reason.zh}；${notImported.zh}`, en: `${f.reason.en}; ${notImported.en}` });
  if (res.failures.length > 0) return null;
  for (const s of res.skipped) sink.add('info', 'ledger-row-skipped', spec.file, { row: s.row }, s.reason);
  return { target: target.id, file: spec.source ?? spec.file, rows: res.records };
}
