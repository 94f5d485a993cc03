import { messageInLanguage } from '../../analysis/user-error.ts';
import type { I18nText, IssueSeverity, Lang, ValidationIssue } from '../types.ts';

/** Where in a file an issue is: a 0-based GeoJSON feature index or a 1-based CSV line. */
export interface IssueLocation {
  featureIndex?: number;
  row?: number;
  field?: string;
}

/** Detailed issues kept per (file, code) before the rest are only counted. */
export const MAX_ISSUES_PER_CODE = 50;

/**
 * Collects issues, keeping the first {@link MAX_ISSUES_PER_CODE} of each code per file and a
 * count of the rest, so a 5-million-row file with one systematic problem stays readable.
 */
export class IssueSink {
  readonly issues: ValidationIssue[] = [];
  private readonly counts = new Map<string, { n: number; severity: IssueSeverity; file: string; code: string }>();

  /** Add one issue. */
  add(severity: IssueSeverity, code: string, file: string, loc: IssueLocation, message: I18nText): void {
    const key = `${file}\u0000${code}`;
    let c = this.counts.get(key);
    if (!c) {
      c = { n: 0, severity, file, code };
      this.counts.set(key, c);
    }
    c.n++;
    if (c.n > MAX_ISSUES_PER_CODE) return;
    const issue: ValidationIssue = { severity, code, file, message };
    if (loc.featureIndex !== undefined) issue.featureIndex = loc.featureIndex;
    if (loc.row !== undefined) issue.row = loc.row;
    if (loc.field !== undefined) issue.field = loc.field;
    this.issues.push(issue);
  }

  /** Add another sink's issues and counts to this one. */
  absorb(other: IssueSink): void {
    for (const i of other.issues) {
      this.add(i.severity, i.code, i.file, { featureIndex: i.featureIndex, row: i.row, field: i.field }, i.message);
    }
    for (const c of other.counts.values()) {
      if (c.n <= MAX_ISSUES_PER_CODE) continue;
      const mine = this.counts.get(`${c.file}\u0000${c.code}`);
      if (mine) mine.n += c.n - MAX_ISSUES_PER_CODE;
    }
  }

  /** The issues, with one summary per (file, code) whose detailed issues were capped. */
  finish(): ValidationIssue[] {
    for (const c of this.counts.values()) {
      if (c.n <= MAX_ISSUES_PER_CODE) continue;
      const more = c.n - MAX_ISSUES_PER_CODE;
      this.issues.push({
        severity: c.severity,
        code: c.code,
        file: c.file,
        message: {
          zh: `同类问题（${c.code}）共 ${c.n} 处，以上仅列出前 ${MAX_ISSUES_PER_CODE} 处，另有 ${more} 处未列出。`,
          en: `${c.n} issues of this kind (${c.code}); the first ${MAX_ISSUES_PER_CODE} are listed, ${more} more are not.`,
        },
      });
    }
    return this.issues;
  }
}

/**
 * Render an issue as one line of text in the UI language.
 * @param issue - the issue
 * @param lang - 'zh' (default) or 'en'
 * @returns e.g. "文件 hydrants.geojson，第 12 个要素，字段 status：…"
 * @example formatIssue({severity:'error', code:'bad-enum', file:'hydrants.geojson', featureIndex: 11, field:'status', message}, 'en')
 * // "File hydrants.geojson, feature 12, field status: …"
 */
export function formatIssue(issue: ValidationIssue, lang: Lang = 'zh'): string {
  if (lang === 'en') {
    const parts = [`File ${issue.file}`];
    if (issue.featureIndex !== undefined) parts.push(`feature ${issue.featureIndex + 1}`);
    if (issue.row !== undefined) parts.push(`row ${issue.row}`);
    if (issue.field !== undefined) parts.push(`field ${issue.field}`);
    return `${parts.join(', ')}: ${issue.message.en}`;
  }
  const parts = [`文件 ${issue.file}`];
  if (issue.featureIndex !== undefined) parts.push(`第 ${issue.featureIndex + 1} 个要素`);
  if (issue.row !== undefined) parts.push(`第 ${issue.row} 行`);
  if (issue.field !== undefined) parts.push(`字段 ${issue.field}`);
  return `${parts.join('，')}：${issue.message.zh}`;
}

/** The messages of V8 and the browsers when memory for an array, a buffer or a string runs out. */
const OUT_OF_MEMORY = /allocation failed|Invalid (typed )?array length|Invalid string length|out of memory|Array buffer allocation/i;

/**
 * What is said when reading a file threw instead of reporting: a userError's own words (a Chinese
 * line, then English); for anything else (a defect, e.g. a TypeError on input nobody foresaw) a
 * plain sentence — never a JavaScript message such as "Cannot read properties of undefined" —
 * and the error itself on the console for the developer.
 * @example unexpectedFailure(new TypeError("Cannot read properties of undefined (reading 'x')")).en // 'The program failed internally while reading this file; …'
 */
export function unexpectedFailure(err: unknown): I18nText {
  const e = err instanceof Error ? err : new Error(String(err));
  // an error re-thrown from a worker (src/workers/run-task.ts TaskError) keeps the original's name
  const name = typeof (e as { errorName?: unknown }).errorName === 'string' ? (e as unknown as { errorName: string }).errorName : e.name;
  if (name === 'UserError') return { zh: `无法读取该文件：${messageInLanguage(e.message, 'zh')}。`, en: `The file could not be read: ${messageInLanguage(e.message, 'en')}.` };
  // BAD-INPUTS #44: the browser (or Node) ran out of memory for the file or what it holds
  if (name === 'RangeError' && OUT_OF_MEMORY.test(e.message)) {
    return {
      zh: '文件太大，超出了本浏览器可用的内存，未读取。请关闭其他标签页后重试，或把数据分成几个较小的文件（农户用 CSV）。',
      en: 'The file is too large for the memory this browser can use; it was not read. Close other tabs and try again, or split the data into smaller files (households as CSV).',
    };
  }
  // the browser could not read the picked file (moved, changed or removed since it was picked, or too large to read)
  if (name === 'NotReadableError' || name === 'NotFoundError') {
    return {
      zh: '浏览器无法读取该文件（选择后被移动、修改或删除，或文件太大），未读取。请重新选择该文件。',
      en: 'The browser could not read this file (moved, changed or deleted after it was picked, or too large); it was not read. Please pick it again.',
    };
  }
  console.error(e);
  return {
    zh: '读取该文件时程序内部出错，该文件未读取。这是本程序的缺陷，不一定是文件的问题；请把文件发给维护人员。',
    en: 'The program failed internally while reading this file; the file was not read. This is a defect of the program, not necessarily of the file; please send the file to the maintainers.',
  };
}
