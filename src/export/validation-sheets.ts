import type { XlsxSheet, XlsxValue } from '../../analysis/xlsx-export.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import type { I18nText, Lang, ValidationReport } from '../../layers/types.ts';
import { MESSAGES } from '../i18n/messages.ts';

/**
 * A project check as workbook sheets: per layer how many features were read, loaded, rejected and
 * kept without a location, and every issue (file, feature or line, field, message) plus the
 * project.json parameters outside their range.
 *
 * @param report - the load report
 * @param paramProblems - project.json parameter problems (message zh/en)
 * @param lang - 'zh' or 'en'
 */
export function validationSheets(report: ValidationReport, paramProblems: readonly { message: I18nText }[], lang: Lang): XlsxSheet[] {
  const v = MESSAGES[lang].exports.validation;
  const layers: XlsxValue[][] = [];
  for (const def of LAYER_LIST) {
    const c = report.counts[def.id];
    if (c) layers.push([def.title[lang], c.read, c.loaded, c.rejected, c.unlocated]);
  }
  const issues: XlsxValue[][] = report.issues.map((i) => [v.severity[i.severity], i.file, i.featureIndex ?? null, i.row ?? null, i.field ?? null, i.message[lang]]);
  for (const p of paramProblems) issues.push([v.severity.error, 'project.json', null, null, v.params, p.message[lang]]);
  return [
    { name: v.layersSheet, header: v.layers, rows: layers },
    { name: v.issuesSheet, header: v.issues, rows: issues },
  ];
}
