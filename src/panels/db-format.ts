import type { Lang } from '../../layers/types';
import type { IndicatorIssue } from '../db/indicator-status';
import { QueryCancelledError, RefusedStatementError } from '../db/tabular-db';
import { zh } from '../i18n/zh/index';
import { en } from '../i18n/en/index';

// The string tables directly (not ../i18n, which holds the app store): the CLI formats with this file too.
const MESSAGES = { zh, en };

/** Format an indicator value by unit (share, yuan, tonnes, households), in the UI language. */
export function formatIndicator(value: number | null, unit: string, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const m = MESSAGES[lang].db;
  const loc = lang === 'zh' ? 'zh-CN' : 'en';
  switch (unit) {
    case 'share':
      return m.percent((value * 100).toFixed(1));
    case 'yuan':
      return m.yuan10k((value / 10000).toLocaleString(loc, { maximumFractionDigits: 2 }));
    case 'tonnes':
      return m.tonnes(value.toLocaleString(loc, { maximumFractionDigits: 1 }));
    case 'households':
      return m.households(value.toLocaleString(loc));
    default:
      return value.toLocaleString(loc, { maximumFractionDigits: 2 });
  }
}

/** A short number for chart labels: shares as %, yuan in 10⁴ (万), everything else plain. */
export function formatCompact(value: number | null, unit: string, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const m = MESSAGES[lang].db;
  if (unit === 'share') return m.percent((value * 100).toFixed(1));
  if (unit === 'yuan') return m.compactYuan10k((value / 10000).toLocaleString('en', { maximumFractionDigits: 1 }));
  return value.toLocaleString('en', { maximumFractionDigits: 1 });
}

/**
 * One reason why an indicator has no data or is implausible, in the UI language; a value out of
 * range is formatted in the card's unit.
 * @example issueText({ kind: 'table-missing', table: 'households' }, 'share', 'zh') // '表 households 不存在'
 */
export function issueText(issue: IndicatorIssue, unit: string, lang: Lang): string {
  const m = MESSAGES[lang].db.issues;
  switch (issue.kind) {
    case 'table-missing':
      return m.tableMissing(issue.table);
    case 'table-empty':
      return m.tableEmpty(issue.table);
    case 'column-missing':
      return m.columnMissing(issue.table, issue.column);
    case 'column-empty':
      return m.columnEmpty(issue.table, issue.column);
    case 'townships-missing':
      return m.townshipsMissing(issue.table, issue.missing, issue.total, issue.examples.join(m.listSeparator));
    case 'column-partial':
      return m.columnPartial(issue.table, issue.column, issue.given, issue.rows);
    case 'zero-denominator':
      return m.zeroDenominator(issue.what[lang]);
    case 'no-value':
      return m.noValue;
    case 'estimated':
      return m.estimated(issue.table, issue.column, issue.from, issue.estimated, issue.rows, issue.rate, issue.source[lang]);
    case 'no-estimate':
      return m.noEstimate(issue.table, issue.column, issue.from);
    case 'out-of-range': {
      const f = (v: number) => formatIndicator(v, unit, lang);
      const range = issue.max === undefined ? `≥ ${f(issue.min ?? 0)}` : issue.min === undefined ? `≤ ${f(issue.max)}` : `${f(issue.min)} – ${f(issue.max)}`;
      return m.outOfRange(f(issue.value), range, issue.why[lang]);
    }
  }
}

/**
 * The SQL console's message for a failed statement: cancelled, an extension refused, a file or URL
 * refused (DuckDB's Permission Error, explained), or DuckDB's own message.
 */
export function sqlErrorText(err: unknown, lang: Lang): string {
  const m = MESSAGES[lang].db;
  if (err instanceof QueryCancelledError) return m.cancelled;
  if (err instanceof RefusedStatementError) return m.extensionRefused(err.statement);
  const message = err instanceof Error ? err.message : String(err);
  if (/Permission Error/.test(message)) return m.externalAccessRefused(message.split('\n')[0]);
  // DuckDB's message stays (it points at the line); a sentence in the UI's language comes first
  const table = /^Catalog Error: Table with name (.+?) does not exist/.exec(message);
  if (table) return `${m.sqlTableMissing(table[1])}\n${message}`;
  const column = /^Binder Error: Referenced column "?(.+?)"? not found/.exec(message);
  if (column) return `${m.sqlColumnMissing(column[1])}\n${message}`;
  if (/^Parser Error/.test(message)) return `${m.sqlSyntax}\n${message}`;
  if (/^[A-Z][A-Za-z]* Error: /.test(message)) return `${m.sqlFailed}${message}`;
  return message;
}
