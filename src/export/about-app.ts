import { checkParams, fromProject } from '../../analysis/params';
import type { XlsxSheet } from '../../analysis/xlsx-export';
import { scenarioText } from '../print/reports';
import { effectiveProject, useAppStore } from '../state/store';
import { ABOUT_PARAMS, aboutSheet, localTimeText } from './about-sheet';

/**
 * The 说明 (About) sheet of a workbook the app saves now: the open project, its active scenario
 * (with an unadopted what-if said), the time, and the parameters not at their defaults. None
 * without a project.
 *
 * @param title - the file's title (its name without .xlsx)
 * @param ran - values the result was computed with where they are not the project's (a kindergarten
 *   siting solves mclp when project.json names a fire model): listed instead of the project's
 */
export function appAboutSheets(title: string, ran?: Readonly<Record<string, unknown>>): XlsxSheet[] {
  const s = useAppStore.getState();
  const p = s.project.project;
  const eff = effectiveProject(p);
  if (!p || !eff) return [];
  const lang = s.ui.lang;
  const params = checkParams<Record<string, unknown>>(ABOUT_PARAMS, fromProject({ ...eff.params, ...ran })).values;
  return [aboutSheet({ title, project: p.name, scenario: scenarioText(p, lang), params, defs: ABOUT_PARAMS, generated: localTimeText(new Date()) }, lang)];
}
