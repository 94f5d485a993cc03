import type { EnumValue, FieldDef, I18nText } from './types.ts';

/** Text accepted for `true` in boolean fields (after trimming and lower-casing). */
export const TRUE_TEXT = ['true', 't', 'yes', 'y', '1', '是', '有', '√', '✓', '对'];
/** Text accepted for `false` in boolean fields (after trimming and lower-casing). */
export const FALSE_TEXT = ['false', 'f', 'no', 'n', '0', '否', '无', '×', '✗', '错'];

/** Township name, shared by several point layers. */
export function townshipField(required = false): FieldDef {
  return { name: 'township', type: 'string', label: { zh: '乡镇', en: 'Township' }, required, popup: true, categorical: true };
}

/** Village name. */
export function villageField(required = false): FieldDef {
  return { name: 'village', type: 'string', label: { zh: '村', en: 'Village' }, required, popup: true, categorical: true };
}

/** Name of the feature. */
export function nameField(required = false, label: I18nText = { zh: '名称', en: 'Name' }): FieldDef {
  return { name: 'name', type: 'string', label, required, popup: true };
}

/** The unique id field, required by the contract in most layers. */
export function idField(label: I18nText = { zh: '编号', en: 'ID' }): FieldDef {
  return { name: 'id', type: 'string', label, required: true, popup: true };
}

/** Shorthand for one enum value. */
export function value(code: string, zh: string, en: string, aliases: string[] = [], color?: string): EnumValue {
  return color ? { code, label: { zh, en }, aliases, color } : { code, label: { zh, en }, aliases };
}
