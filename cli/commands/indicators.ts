import { existsSync, readFileSync, statSync } from 'node:fs';
import type { CliArgs } from '../args.ts';
import type { I18nText } from '../../layers/types.ts';
import { toCsv, type CsvValue } from '../../analysis/csv-export.ts';
import { roundToTotal } from '../../analysis/round-to-total.ts';
import { DEFAULT_NODE_DB_ENGINE, NODE_DB_ENGINES, openNodeDb, type NodeDbEngine } from '../../src/db/duckdb-node.ts';
import { RESULT_QUERIES, runIndicators, townshipsAboveNote, type IndicatorCardValue } from '../../src/db/indicators.ts';
import { INDICATOR_PARAMS } from '../../src/db/policy.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { Row, TabularDb } from '../../src/db/tabular-db.ts';
import { applyMapping, proposeMapping, type RowProblem } from '../../layers/load/ledger/mapping.ts';
import { recordsToColumns } from '../../src/db/ledger-columns.ts';
import { readLedger } from '../../layers/load/ledger/read-ledger.ts';
import { DUAL_LEDGER_TARGET, TASK_PROGRESS_TARGET, type LedgerTarget } from '../../layers/load/ledger/targets.ts';
import { issueText } from '../../src/panels/db-format.ts';
import { checkOptions, loadForAnalysis, paramsOut, resolveCliParams } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs, type OutputSpec } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { indicatorSheets } from '../../src/export/indicator-sheets.ts';
import { num } from '../../src/export/sheet-util.ts';
import { MESSAGES } from '../../src/i18n/messages.ts';

const queryFile = (id: string) => `indicator-${id.replace(/_/g, '-')}.csv`;

/** Files `indicators` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['indicators.xlsx', 'indicators.json', 'indicators.csv', 'indicators.md', ...RESULT_QUERIES.map((q) => queryFile(q.id))] };

const FILE_OPTIONS = ['tasks', 'ledger-old', 'ledger-new'];
/** `--engine native|wasm`: which DuckDB runs the SQL (same files, same results; native is faster). */
const ENGINE_OPTION = 'engine';

/**
 * The checks of `indicators`' options made before any file is read (options and ranges, the engine,
 * the ledger and task files named); also run by `batch` before any county starts.
 * @returns the DuckDB engine to use
 */
export function checkArgs(options: Record<string, string>): NodeDbEngine {
  checkOptions('indicators', options, INDICATOR_PARAMS, [...FILE_OPTIONS, ENGINE_OPTION]);
  const engine = parseEngine(options[ENGINE_OPTION]);
  // `--tasks ""` was ignored without a word; a bare `--tasks` or a missing file ended in Node's
  // English "ENOENT: no such file or directory, open 'true'"
  for (const k of FILE_OPTIONS) {
    const v = options[k];
    if (v === undefined) continue;
    if (v.trim() === '' || v === 'true') throw new Error(`indicators：--${k} 需要一个文件名（CSV 或 XLSX），收到“${v}”。\nindicators: --${k} needs a file name (CSV or XLSX), got "${v}".`);
    if (!existsSync(v) || !statSync(v).isFile()) throw new Error(`indicators：--${k} 的文件“${v}”不存在或不是文件。\nindicators: --${k}: the file "${v}" does not exist or is not a file.`);
  }
  return engine;
}

/**
 * `npm run analyze -- indicators --data <dir> --out <dir> [--coal-price 1200] [--stove-county-yuan 200]
 * [--tasks tasks.xlsx] [--ledger-old 2023.csv --ledger-new 2024.csv] [--engine native|wasm]`
 * — load the project into DuckDB (native by default, `--engine wasm` for the browser's engine; the
 * outputs are the same apart from timingMs) and compute the plan indicators (sql/indicators/*.sql).
 * `--tasks` imports a task sheet (seed 003 shape: 乡镇, 任务数, 完成数); `--ledger-old/--ledger-new`
 * two 双代 ledgers to compare (CSV or XLSX; first sheet; columns mapped automatically).
 * Writes indicators.json (cards with value, target, source; every query's rows), indicators.csv
 * (the cards), indicator-<query>.csv per query (CSV in UTF-8 with BOM) and indicators.md (the cards
 * and the by-township tables, for the README) and indicators.xlsx (cards, by township).
 */
export async function run(args: CliArgs): Promise<void> {
  const { tasks, 'ledger-old': ledgerOld, 'ledger-new': ledgerNew, [ENGINE_OPTION]: engineOption, ...params } = args.options;
  const engine = checkArgs(args.options);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'indicators', args.scenario);
  resolveCliParams(INDICATOR_PARAMS, project, params); // refuse a bad project.json value before any work
  const db = await openNodeDb({ engine });
  try {
    const t0 = performance.now();
    const tables = await loadProjectTables(db, project);
    const imports: Record<string, { file: string; rows: number; failures: RowProblem[]; skipped: RowProblem[]; notes: I18nText[] }> = {};
    if (tasks) imports.task_progress = await importSheet(db, tasks, TASK_PROGRESS_TARGET, 'task_progress');
    if (ledgerOld) imports.ledger_old = await importSheet(db, ledgerOld, DUAL_LEDGER_TARGET, 'ledger_old');
    if (ledgerNew) imports.ledger_new = await importSheet(db, ledgerNew, DUAL_LEDGER_TARGET, 'ledger_new');
    const res = await runIndicators(db, nodeSqlSource, { ...project.params, ...params });
    const ms = performance.now() - t0;
    const json = {
      project: project.name,
      tables,
      imports,
      params: paramsOut(INDICATOR_PARAMS, project.params, params),
      cards: res.cards.map((c) => ({ ...c, reasons: reasons(c) })),
      data: res.data,
      queries: res.queries,
      scenario,
      loadErrors,
      timingMs: Math.round(ms),
    };
    const files: Record<string, OutputSpec> = {
      'indicators.json': { json, indent: 2 },
      'indicators.csv': { text: cardsCsv(res.cards) },
      'indicators.md': { text: markdown(project.name, args, res.cards, res.queries, paramsOut(INDICATOR_PARAMS, project.params, params)) },
    };
    for (const q of RESULT_QUERIES) files[queryFile(q.id)] = { text: rowsCsv(res.queries[q.id] ?? []) };
    const written = await writeOutputs(args.out, files);
    writeXlsx(args.out, 'indicators.xlsx', indicatorSheets(res.cards, 'zh'), { project, scenario, options: args.options });
    for (const c of res.cards) console.log(`indicators: ${c.title.zh} ${formatValue(c)}${targetText(c)}`);
    console.log(`indicators: ${Math.round(ms)} ms on DuckDB ${engine}; wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
  } finally {
    await db.close();
  }
}

/** `--engine` value → engine; throws naming the allowed values. */
function parseEngine(value: string | undefined): NodeDbEngine {
  if (value === undefined) return DEFAULT_NODE_DB_ENGINE;
  if ((NODE_DB_ENGINES as readonly string[]).includes(value)) return value as NodeDbEngine;
  throw new Error(`indicators: --engine 只能是 ${NODE_DB_ENGINES.join(' 或 ')}（得到 "${value}"）。\n--engine must be ${NODE_DB_ENGINES.join(' or ')} (got "${value}").`);
}

async function importSheet(db: TabularDb, file: string, target: LedgerTarget, table: string) {
  const [sheet] = readLedger(file, new Uint8Array(readFileSync(file)));
  if (!sheet) throw new Error(`indicators：${file} 中没有表格。\nindicators: ${file} has no table`);
  const { mapping } = proposeMapping(sheet.columns, target);
  const res = applyMapping(sheet, target, mapping);
  await db.insertTable(table, recordsToColumns(res.records, target));
  const cols = Object.entries(mapping).map(([f, c]) => `${f} ← ${sheet.columns[c]}`).join(', ');
  console.log(`indicators: ${file}: ${res.records.length} rows into ${table} (${cols}); ${res.failures.length} failed, ${res.skipped.length} skipped`);
  for (const n of sheet.notes) console.log(`indicators: ${n.zh}\n  ${n.en}`);
  for (const f of res.failures) console.error(`indicators: ${file} row ${f.row}: ${f.reason.zh}`);
  return { file, rows: res.records.length, failures: res.failures, skipped: res.skipped, notes: sheet.notes };
}

const MD_TABLES: { query: string; title: string; columns: [string, string, 'share' | 'int' | 'num' | 'wan'][] }[] = [
  { query: 'kindergarten_enrolment', title: '学前教育 Kindergartens', columns: [['children_3_5', '3–5岁儿童', 'int'], ['enrolled', '在园', 'int'], ['gross_enrolment', '毛入园率', 'share'], ['inclusive_share', '普惠率', 'share'], ['public_share', '公办占比', 'share']] },
  { query: 'clean_coal', title: '洁净煤 Clean coal', columns: [['households', '户数', 'int'], ['tonnes', '吨', 'num'], ['province_subsidy_yuan', '省补（万元）', 'wan'], ['city_subsidy_yuan', '市补（万元）', 'wan'], ['residents_payment_yuan', '居民（万元）', 'wan'], ['county_coal_subsidy_yuan', '县补煤（万元）', 'wan'], ['new_stoves', '新炉具（新增用户）', 'int'], ['new_user_assumed', '视为新增（无 new_user、无上期台账）', 'int'], ['stove_county_yuan', '县补炉具（万元）', 'wan'], ['without_co_alarm', '新增户无报警器', 'int']] },
  { query: 'dilapidated_houses', title: '危房改造 Dilapidated houses', columns: [['d_rebuild', 'D级', 'int'], ['c_repair', 'C级', 'int'], ['subsidy_yuan', '补助（万元）', 'wan'], ['no_category', '无类别', 'int'], ['area_rule_breaches', '超面积标准', 'int']] },
  { query: 'dual_conversion', title: '“双代” Dual conversion', columns: [['gas', '气代煤', 'int'], ['electric', '电代煤', 'int'], ['dual_households', '合计', 'int'], ['maintenance_points', '维修网点', 'int'], ['towns_without_maintenance', '缺网点', 'int']] },
];

function markdown(name: string, args: CliArgs, cards: IndicatorCardValue[], queries: Record<string, Row[]>, params: ReturnType<typeof paramsOut>): string {
  const fmt = (v: unknown, kind: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
    if (kind === 'share') return `${(v * 100).toFixed(1)}%`;
    if (kind === 'wan') return (v / 10000).toFixed(2);
    if (kind === 'int') return Math.round(v).toLocaleString('en');
    return v.toLocaleString('en', { maximumFractionDigits: 1 });
  };
  const lines = [
    `# ${name}: plan indicators`,
    '',
    `Made by \`npm run analyze -- indicators --data ${args.data} --out ${args.out}${Object.entries(args.options).filter(([k]) => k !== ENGINE_OPTION).map(([k, v]) => ` --${k} ${v}`).join('')}\` (sql/indicators/*.sql on DuckDB; native and wasm give the same figures).`,
    `Parameters: ${params.map((p) => `${p.key} = ${String(p.value)}${p.unit ? ` ${p.unit}` : ''}${p.confirm ? ' (to confirm)' : ''}`).join('; ')}.`,
    '万元 columns: each township rounded up or down so that the townships add up to the 全县 row (largest remainder).',
    'Township of a household: its `township` column where filled, else the township polygon it lies in (households.township_in), else 未填乡镇; of a kindergarten or service point: its `township`, else the polygon it stands in — the same rule as the panels (fire, 幼儿园, 未覆盖农户) and the other commands.',
    '',
    '| indicator | value | target | met | source |',
    '|---|---|---|---|---|',
    ...cards.map((c) => `| ${c.title.zh} ${c.title.en} | ${formatValue(c)} | ${c.target ? `${c.target.op === '>=' ? '≥' : '≤'} ${c.unit === 'share' ? `${c.target.value * 100}%` : c.target.value}` : ''} | ${verdictText(c)} | ${c.source.zh} |`),
  ];
  const flagged = cards.filter((c) => c.issues.length > 0);
  if (flagged.length > 0) {
    lines.push('', 'No data / implausible / estimates:', '');
    for (const c of flagged) lines.push(`- ${c.title.zh} ${c.title.en}: ${reasons(c).zh.join('；')} (${reasons(c).en.join('; ')})`);
  }
  for (const t of MD_TABLES) {
    const rows = queries[t.query] ?? [];
    lines.push('', `## ${t.title}`, '', `| 乡镇 | ${t.columns.map((c) => c[1]).join(' | ')} |`, `|---|${t.columns.map(() => '---:').join('|')}|`);
    // 万元 to 2 decimals, the townships rounded so that they add up to the county row as shown
    const county = rows.find((r) => r.level === 'county');
    const towns = rows.filter((r) => r !== county);
    const shown = new Map<string, number[]>();
    for (const [k, , kind] of t.columns) {
      const total = county ? Number(county[k]) : NaN;
      if (kind === 'wan' && Number.isFinite(total)) shown.set(k, roundToTotal(towns.map((r) => (typeof r[k] === 'number' ? (r[k] as number) / 10000 : NaN)), total / 10000, 2));
    }
    for (const r of rows) {
      const ti = towns.indexOf(r);
      lines.push(`| ${r === county ? '**全县**' : String(r.township)} | ${t.columns.map(([k, , kind]) => (ti >= 0 && shown.has(k) && Number.isFinite(shown.get(k)![ti]) ? shown.get(k)![ti].toFixed(2) : fmt(r[k], kind))).join(' | ')} |`);
    }
    // a township figure that looks wrong but is not (毛入园率 over 100%): said under its table
    for (const c of cards.filter((c) => c.query === t.query)) {
      const above = townshipsAboveNote(c);
      if (above.length === 0) continue;
      const list = above.map((b) => `${b.township} ${fmt(b.value, 'share')}`).join('、');
      lines.push('', `> ${c.title.zh}：${list}。${c.aboveNote!.text.zh}`, '>', `> ${c.title.en}: ${above.map((b) => `${b.township} ${fmt(b.value, 'share')}`).join(', ')}. ${c.aboveNote!.text.en}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * The cards as CSV for Excel: values as the workbook shows them (shares in %, everything to 2
 * decimals), the unit in both languages; indicators.json keeps the raw values (shares 0–1).
 */
function cardsCsv(cards: IndicatorCardValue[]): string {
  const header = ['id', 'title_zh', 'title_en', 'value', 'unit_zh', 'unit_en', 'target_op', 'target', 'status', 'met', 'reasons_zh', 'reasons_en', 'source_zh', 'source_en'];
  const shown = (c: IndicatorCardValue, v: number | null | undefined) => (v === null || v === undefined ? null : num(c.unit === 'share' ? v * 100 : v, 2));
  return toCsv(
    header,
    cards.map((c) => {
      const r = reasons(c);
      const unit = { zh: MESSAGES.zh.exports.indicators.units[c.unit] ?? c.unit, en: MESSAGES.en.exports.indicators.units[c.unit] ?? c.unit };
      return [c.id, c.title.zh, c.title.en, shown(c, c.value), unit.zh, unit.en, c.target?.op, shown(c, c.target?.value), c.status, c.met, r.zh.join('；'), r.en.join('; '), c.source.zh, c.source.en] as CsvValue[];
    }),
  );
}

function rowsCsv(rows: Row[]): string {
  if (rows.length === 0) return toCsv(['(no rows)'], []);
  const header = Object.keys(rows[0]);
  return toCsv(header, rows.map((r) => header.map((h) => cell(r[h]))));
}

/** A query cell for CSV: sums of decimals lose their binary noise (73985.29999999993 → 73985.3). */
function cell(v: unknown): CsvValue {
  if (typeof v === 'number') return Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v;
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/** Why a card has no data or is implausible, in both languages. */
function reasons(c: IndicatorCardValue): { zh: string[]; en: string[] } {
  return { zh: c.issues.map((i) => issueText(i, c.unit, 'zh')), en: c.issues.map((i) => issueText(i, c.unit, 'en')) };
}

/** ✓ only for a trusted figure that meets its target. */
function verdictText(c: IndicatorCardValue): string {
  if (c.status === 'no-data') return '无数据 no data';
  if (c.status === 'implausible') return '⚠ 不可信 implausible';
  return c.met === null ? '' : `${c.met ? '✓' : '✗'}${isEstimate(c) ? ' 估算 estimate' : ''}`;
}

/** A figure computed with an estimated denominator (children aged 3–5 from persons × child-share). */
function isEstimate(c: IndicatorCardValue): boolean {
  return c.issues.some((i) => i.kind === 'estimated');
}

function formatValue(c: IndicatorCardValue): string {
  if (c.status === 'no-data') return '—';
  if (c.value === null) return '—';
  if (c.unit === 'share') return `${(c.value * 100).toFixed(1)}%${isEstimate(c) ? '（估算 estimate）' : ''}`;
  if (c.unit === 'yuan') return `${(c.value / 10000).toFixed(2)} 万元`;
  if (c.unit === 'tonnes') return `${c.value.toFixed(1)} 吨`;
  if (c.unit === 'households') return `${c.value} 户`;
  return String(c.value);
}

function targetText(c: IndicatorCardValue): string {
  const why = c.issues.length > 0 ? ` [${verdictText(c)}: ${reasons(c).zh.join('；')}]` : '';
  if (!c.target) return why;
  const t = c.unit === 'share' ? `${c.target.value * 100}%` : String(c.target.value);
  const verdict = c.status === 'ok' || c.status === 'fail' ? ` ${verdictText(c)}` : '';
  return ` (目标 ${c.target.op === '>=' ? '≥' : '≤'} ${t}${verdict})${why}`;
}
