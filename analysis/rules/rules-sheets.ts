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
 * In English the titles of the standards and plans are given in English ({@link SOURCE_TITLES_EN});
 * the codes (GB 50974-2014, seed 002) stay.
 * @example clauseSourceText('seed 002 曲阳县消防规划；GB 50974-2014', 'zh') // '曲阳县消防规划（种子文件002）；GB 50974-2014'
 * @example clauseSourceText('GB 51080-2015 城市消防规划规范', 'en') // 'GB 51080-2015 Code for urban fire protection planning'
 */
export function clauseSourceText(source: string, lang: 'zh' | 'en'): string {
  if (lang === 'zh') return source.replace(/seed (\d{3}) ([^；;]+)/g, (_, n: string, doc: string) => `${doc.trimEnd()}（种子文件${n}）`);
  let en = source;
  for (const [zh, e] of SOURCE_TITLES_EN) en = en.split(zh).join(e);
  return en.replace(/；/g, '; ');
}

/**
 * The titles of the rules' standards and county plans in English, longest first (replaced in
 * this order within a source). The official English titles where a standard has one.
 */
export const SOURCE_TITLES_EN: readonly (readonly [string, string])[] = [
  ['地方千人指标（福建 30、汕头 40；河北未见）', 'Local norms of places per 1,000 residents (Fujian 30, Shantou 40; none found for Hebei)'],
  ['曲阳县创建全国学前教育普及普惠县实施方案', 'Quyang County plan for a universal and inclusive pre-school county'],
  ['曲阳县 2024 年采暖季洁净煤取暖工作实施方案', 'Quyang County clean-coal heating plan, 2024 heating season'],
  ['承德市 2021 年采暖季洁净煤取暖工作实施方案', 'Chengde clean-coal heating plan, 2021 heating season'],
  ['长安区 2023 年气代煤电代煤工作方案', 'Chang’an District 2023 gas-for-coal and electricity-for-coal plan'],
  ['曲阳县消防事业发展“十四五”规划', 'Quyang County fire services plan, 14th Five-Year period'],
  ['2022 年度曲阳县土地储备计划', 'Quyang County land reserve plan 2022'],
  ['消防给水及消火栓系统技术规范', 'Technical code for fire protection water supply and hydrant systems'],
  ['托儿所、幼儿园建筑设计规范', 'Code for design of nursery and kindergarten buildings'],
  ['城市消防规划规范', 'Code for urban fire protection planning'],
  ['（引建标152-2017）', ' (citing Jianbiao 152-2017)'],
  ['建标152-2017', 'Jianbiao 152-2017'],
  ['（2018 年版）', ' (2018 edition)'],
];

/** The rules' articles and sections in English (the plans' headings translated; § numbers as they are). */
const ARTICLES_EN: Readonly<Record<string, string>> = {
  '§7.2（宜在道路一侧设置，并宜靠近十字路口）；三 4.（主干道和主要路口设置消火栓、消防水鹤）': '§7.2 (on one side of the road, near crossings); III 4. (hydrants and water cranes on main roads and at main crossings)',
  '§7.2（市政消火栓）': '§7.2 (municipal hydrants)',
  '一、主要目标；二（十三）守牢安全取暖底线': 'I. Main targets; II (13) Keep heating safe',
  '三 4. 全面强化消防水源建设（主干道和主要路口设置消火栓、消防水鹤）；§7.2': 'III 4. Strengthen fire water sources (hydrants and water cranes on main roads and at main crossings); §7.2',
  '三 4. 全面强化消防水源建设；§7.2（严寒地区增设消防水鹤）': 'III 4. Strengthen fire water sources; §7.2 (more water cranes in severely cold regions)',
  '三、工作任务 1. 优化普惠性幼儿园布局结构': 'III. Tasks 1. Improve the layout of inclusive kindergartens',
  '三（一）加强燃气安全监管': 'III (1) Stronger supervision of gas safety',
  '专栏 4 车辆配备数量': 'table 专栏4: vehicles per station',
  '专栏1（已建市政消火栓，按路段起止，单侧）': 'table 专栏1 (built municipal hydrants, by road segment between its crossings, one side)',
  '二（三）主要目标': 'II (3) Main targets',
  '二（三）主要目标；三 4. 全面强化消防水源建设': 'II (3) Main targets; III 4. Strengthen fire water sources',
  '二（八）推广型煤配套炉具；二（九）落实财政补助政策': 'II (8) Briquettes with matching stoves; II (9) Subsidies',
  '二（四）完善配送网络体系；004：完善型煤配送网络': 'II (4) Complete the distribution network; 004: complete the briquette distribution network',
  '储备地块表': 'table of reserve plots',
  '千人指标': 'places per 1,000 residents',
  '现状问题（农村道路狭窄、消防车通道堵塞）；尽头路回车场见 GB 50016-2014 §7.1.9（转引）': 'Current problems (narrow rural roads, blocked fire lanes); turning areas at dead ends: GB 50016-2014 §7.1.9 (secondary)',
  '班额（小班 20–25、中班 26–30、大班 31–35）': 'Class sizes (junior 20–25, middle 26–30, senior 31–35)',
  '第十五条': 'Article 15',
  '第十四条 / §4.1.3': 'Article 14 / §4.1.3',
  '（五）完善维修服务体系': '(5) Complete the maintenance service network',
};

/** The rules' stand-ins for a name the data leaves empty, in English. */
const PLACEHOLDERS_EN: Readonly<Record<string, string>> = { '（未填乡镇）': '(no township)', '（未填村）': '(no village)', '（无名道路）': '(unnamed road)' };

/**
 * A failing object's id or name as a reader sees it: the data's own words as they are; the rules'
 * stand-ins for an empty name (（未填乡镇）, （未填村）, （无名道路）) in English in the English UI.
 * @example objectText('（无名道路）#3', 'en') // '(unnamed road)#3'
 */
export function objectText(text: string, lang: 'zh' | 'en'): string {
  if (lang === 'zh' || !text.includes('（')) return text;
  let out = text;
  for (const [zh, en] of Object.entries(PLACEHOLDERS_EN)) out = out.split(zh).join(en);
  return out;
}

/**
 * A clause's article or section as a reader sees it: in Chinese as the document writes it, in
 * English translated ({@link ARTICLES_EN}; an article not listed, such as §4.1.3, as it is).
 * @example clauseArticleText('第十五条', 'en') // 'Article 15'
 */
export function clauseArticleText(article: string, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? article : (ARTICLES_EN[article] ?? article);
}

/** One row per rule, in `lang` (the CSV and the first sheet). */
export function ruleRows(results: readonly RuleResult[], lang: 'zh' | 'en'): { header: string[]; rows: XlsxValue[][] } {
  return {
    header: RULE_HEADER[lang],
    rows: results.map((r) => [r.id, RULE_GROUP_LABEL[r.group][lang], r.title[lang], clauseSourceText(r.clause.source, lang), clauseArticleText(r.clause.article, lang), r.clause.secondary ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no', RULE_STATUS_LABEL[r.status][lang], r.objectCount, r.summary[lang]]),
  };
}

/** One row per listed failing object, each naming its rule and clause. */
export function ruleObjectRows(results: readonly RuleResult[], lang: 'zh' | 'en'): { header: string[]; rows: XlsxValue[][] } {
  const rows: XlsxValue[][] = [];
  for (const r of results) for (const o of r.objects) rows.push([r.id, clauseSourceText(r.clause.source, lang), clauseArticleText(r.clause.article, lang), objectText(o.id, lang), objectText(o.name, lang), o.why[lang], o.lon, o.lat]);
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
