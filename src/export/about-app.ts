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
 */
export function appAboutSheets(title: string): XlsxSheet[] {
  const s = useAppStore.getState();
  const p = s.project.project;
  const eff = effectiveProject(p);
  if (!p || !eff) return [];
  const lang = s.ui.lang;
  const params = checkParams<Record<string, unknown>>(ABOUT_PARAMS, fromProject(eff.params)).values;
  return [aboutSheet({ title, project: p.name, scenario: scenarioText(p, lang), params, defs: ABOUT_PARAMS, generated: localTimeText(new Date()) }, lang)];
}
