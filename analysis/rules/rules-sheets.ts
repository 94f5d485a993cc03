import type { XlsxSheet, XlsxValue } from '../xlsx-export.ts';
import type { RuleGroup, RuleResult } from './rule.ts';

/** The user groups in both languages. */
export const RULE_GROUP_LABEL: Record<RuleGroup, { zh: string; en: string }> = {
  fire: { zh: '消防救援', en: 'Fire brigade' },
  planners: { zh: '规划部门', en: 'Planners' },
  resources: { zh: '自然资源局', en: 'Resource bureau' },
};

/** ✓ / ✗ / — with the word. */
export const RULE_STATUS_LABEL = {
  pass: { zh: '✓ 符合', en: '✓ pass' },
  fail: { zh: '✗ 不符合', en: '✗ fail' },
  na: { zh: '— 不适用', en: '— n/a' },
} as const;

const RULE_HEADER = {
  zh: ['规则', '使用部门', '规则名称', '依据', '条款', '转引（非原文）', '结果', '不符合对象数', '说明'],
  en: ['rule', 'group', 'title', 'source', 'article', 'secondary source', 'status', 'failing objects', 'summary'],
};
const OBJECT_HEADER = {
  zh: ['规则', '依据', '条款', '对象编号', '名称', '原因', '经度', '纬度'],
  en: ['rule', 'source', 'article', 'object id', 'name', 'why', 'lon', 'lat'],
};

/**
 * A clause's source as a reader sees it. The rules name the county plans by the project's seed
 * numbers (`seed 002 曲阳县消防事业发展“十四五”规划`); in Chinese that English word becomes
 * `曲阳县消防事业发展“十四五”规划（种子文件002）`, as the indicator cards write it.
 * @example clauseSourceText('seed 002 曲阳县消防规划；GB 50974-2014', 'zh') // '曲阳县消防规划（种子文件002）；GB 50974-2014'
 */
export function clauseSourceText(source: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? source.replace(/seed (\d{3}) ([^；;]+)/g, (_, n: string, doc: string) => `${doc.trimEnd()}（种子文件${n}）`) : source;
}

/** One row per rule, in `lang` (the CSV and the first sheet). */
export function ruleRows(results: readonly RuleResult[], lang: 'zh' | 'en'): { header: string[]; rows: XlsxValue[][] } {
  return {
    header: RULE_HEADER[lang],
    rows: results.map((r) => [r.id, RULE_GROUP_LABEL[r.group][lang], r.title[lang], clauseSourceText(r.clause.source, lang), r.clause.article, r.clause.secondary ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no', RULE_STATUS_LABEL[r.status][lang], r.objectCount, r.summary[lang]]),
  };
}

/** One row per listed failing object, each naming its rule and clause. */
export function ruleObjectRows(results: readonly RuleResult[], lang: 'zh' | 'en'): { header: string[]; rows: XlsxValue[][] } {
  const rows: XlsxValue[][] = [];
  for (const r of results) for (const o of r.objects) rows.push([r.id, clauseSourceText(r.clause.source, lang), r.clause.article, o.id, o.name, o.why[lang], o.lon, o.lat]);
  return { header: OBJECT_HEADER[lang], rows };
}

/** The workbook of the rule check: 规范检查 (one row per rule), 不符合对象 (failing objects), and one sheet per rule table (named by its rule id). */
export function rulesSheets(results: readonly RuleResult[], lang: 'zh' | 'en'): XlsxSheet[] {
  const a = ruleRows(results, lang), b = ruleObjectRows(results, lang);
  return [
    { name: lang === 'zh' ? '规范检查' : 'Rules', header: a.header, rows: a.rows },
    { name: lang === 'zh' ? '不符合对象' : 'Failing objects', header: b.header, rows: b.rows },
    ...results.filter((r) => r.table).map((r) => ({ name: r.id, header: r.table!.header.map((h) => h[lang]), rows: r.table!.rows })),
  ];
}
