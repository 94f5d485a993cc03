import { checkParams, fromProject } from '../../analysis/params';
import type { compareFigures, CompareRow } from '../../analysis/scenario-figures';
import { applyScenario, scenarioLabel, type Scenario } from '../../analysis/scenarios';
import type { XlsxSheet } from '../../analysis/xlsx-export';
import type { Lang, Project } from '../../layers/types';
import { MESSAGES } from '../i18n/messages';
import { SCENARIO_FIGURES_RESULT } from '../panels/radii/result-keys';

/** Decimals of each compare row, on screen and in the workbook. */
export const ROW_DIGITS: Record<CompareRow['key'], number> = { fireBuiltUp: 1, fireHouseholds: 0, hydrantCoverage: 1, kgCoverage: 1 };

/** A parameter value as a cell: yes/no in words, lists joined, numbers and text as they are. */
function paramCell(v: unknown, lang: Lang): string {
  const m = MESSAGES[lang].exports;
  if (typeof v === 'boolean') return v ? m.yes : m.no;
  if (Array.isArray(v)) return v.join(lang === 'zh' ? '、' : ', ');
  return String(v);
}

/**
 * The compare workbook: headline figures, the township table and the parameters of both
 * scenarios, every label in the UI language.
 *
 * @param lang - 'zh' or 'en'
 */
export function compareSheets(lang: Lang, a: Scenario, b: Scenario, project: Project, cmp: ReturnType<typeof compareFigures>): XlsxSheet[] {
  const t = MESSAGES[lang].scenarios;
  const round = (v: number | null, d: number) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);
  const pa = checkParams<Record<string, unknown>>(SCENARIO_FIGURES_RESULT.params, fromProject(applyScenario(project, a).params)).values;
  const pb = checkParams<Record<string, unknown>>(SCENARIO_FIGURES_RESULT.params, fromProject(applyScenario(project, b).params)).values;
  return [
    {
      name: t.compareTitle,
      header: [t.figure, scenarioLabel(a, lang), scenarioLabel(b, lang), t.difference],
      rows: cmp.rows.map((r) => [t[r.key], round(r.a, ROW_DIGITS[r.key]), round(r.b, ROW_DIGITS[r.key]), round(r.diff, ROW_DIGITS[r.key])]),
    },
    { name: t.byTownshipSheet, header: [t.township, scenarioLabel(a, lang), scenarioLabel(b, lang), t.difference, t.households], rows: cmp.townships.map((r) => [r.township, r.a, r.b, r.diff, r.total]) },
    {
      name: t.params,
      header: [t.param, scenarioLabel(a, lang), scenarioLabel(b, lang)],
      rows: SCENARIO_FIGURES_RESULT.params.map((d) => [`${d.label[lang]}${lang === 'zh' ? `（${d.key}）` : ` (${d.key})`}${d.unit ? (lang === 'zh' ? `（${d.unit}）` : ` (${d.unit})`) : ''}`, paramCell(pa[d.key], lang), paramCell(pb[d.key], lang)]),
    },
  ];
}
