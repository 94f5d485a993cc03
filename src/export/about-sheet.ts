import type { ParamDef } from '../../analysis/params';
import { ANALYSIS_PARAMS } from '../../analysis/project-params';
import { RULE_PARAMS } from '../../analysis/rules/rules-params';
import type { XlsxSheet } from '../../analysis/xlsx-export';
import type { Lang } from '../../layers/types';
import { INDICATOR_PARAMS } from '../db/policy';
import { MESSAGES } from '../i18n/messages';

/** Every parameter a workbook's 说明 sheet may list (analyses, planning rules, indicators), each key once. */
export const ABOUT_PARAMS: readonly ParamDef[] = [...ANALYSIS_PARAMS, ...RULE_PARAMS, ...INDICATOR_PARAMS].filter((d, i, all) => all.findIndex((x) => x.key === d.key) === i);

/** What a workbook was made from: shown on its last sheet (说明 / About). */
export interface AboutInfo {
  /** The file's title, e.g. 消防5分钟覆盖. */
  title: string;
  /** The project's name. */
  project: string;
  /** The scenario the figures were computed under (现状, 方案A …); null: a project without scenarios. */
  scenario: string | null;
  /** Parameter values used, by key (defaults included); only those other than the default are listed. */
  params: Readonly<Record<string, unknown>>;
  /** The definitions `params` are read with. */
  defs: readonly ParamDef[];
  /** When the file was made (local time text); the CLI leaves it out so its files stay reproducible. */
  generated?: string;
}

function valueText(v: unknown, unit: string | undefined, lang: Lang): string {
  const m = MESSAGES[lang].exports;
  const text = typeof v === 'boolean' ? (v ? m.yes : m.no) : String(v);
  return unit ? `${text} ${unit}` : text;
}

/**
 * The 说明 (About) sheet every workbook ends with: which file, project and scenario, when it was
 * made, and every parameter that is not at its default (the rest are the defaults, said so). A
 * figure taken into a meeting then carries what it was computed under.
 *
 * @param info - {@link AboutInfo}
 * @param lang - 'zh' or 'en'
 */
export function aboutSheet(info: AboutInfo, lang: Lang): XlsxSheet {
  const a = MESSAGES[lang].exports.about;
  const rows: [string, string][] = [
    [a.file, info.title],
    [a.project, info.project],
    [a.scenario, info.scenario ?? a.noScenario],
  ];
  if (info.generated) rows.push([a.generated, info.generated]);
  const changed = info.defs.filter((d) => info.params[d.key] !== undefined && info.params[d.key] !== d.value);
  if (changed.length === 0) rows.push([a.params, a.allDefaults]);
  for (const d of changed) rows.push([a.param(d.label[lang], d.key), valueText(info.params[d.key], d.unit, lang)]);
  return { name: a.sheet, header: a.header, rows };
}

/** A local time as `2026-12-07 09:15`. */
export function localTimeText(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
