import type { XlsxSheet } from '../../analysis/xlsx-export';
import type { ParamDef } from '../../analysis/params';
import { ANALYSIS_PARAMS } from '../../analysis/project-params';
import { activeScenario, scenarioLabel } from '../../analysis/scenarios';
import type { Lang, Project } from '../../layers/types';
import { MESSAGES } from '../i18n/messages';
import { hasEditedScenario } from '../panels/fire/fire-scenario';
import { paramLines, sheetsToReport, type ReportContent } from './report';
import type { CoverageCurve } from './coverage-curve';
import type { SitingCurvePoint } from '../../analysis/site-fire-stations';

/** The scenario a print shows: the active named scenario (现状, 方案A …), and whether an unadopted fire what-if is drawn on top. */
export function scenarioText(project: Project, lang: Lang): string {
  const tp = MESSAGES[lang].print;
  const name = scenarioLabel(activeScenario(project), lang);
  return hasEditedScenario(project) ? `${name} + ${tp.scenarioEdited}` : name;
}

/**
 * The plain map print: no tables; the parameters listed are those the project sets (none: "all
 * defaults").
 */
export function mapContent(project: Project, lang: Lang): ReportContent {
  return {
    kind: 'map',
    title: MESSAGES[lang].print.mapTitle(project.name),
    scenario: scenarioText(project, lang),
    params: paramLines(ANALYSIS_PARAMS, project.params, lang, true),
    figures: { header: [], rows: [] },
    tables: [],
  };
}

/**
 * A one-click report: the map sheet, then the headline figures and tables of the analysis' Excel
 * export (computed results, never typed in), then every parameter with its source.
 *
 * @param p.kind - 'fire', 'hydrants' …
 * @param p.title - the default title (editable in the print view)
 * @param p.sheets - the analysis' export sheets, summary first
 * @param p.defs - the analysis' parameter definitions
 * @param p.skip - sheet names not to print (long household lists stay in the Excel export)
 */
export function analysisContent(p: {
  kind: string;
  title: string;
  project: Project;
  lang: Lang;
  sheets: readonly XlsxSheet[];
  defs: readonly ParamDef[];
  skip?: readonly string[];
  /** The base scenario's sheets, for before/after figures. */
  before?: { sheets: readonly XlsxSheet[]; label: string; afterLabel: string };
  /** Said after the scenario (e.g. which stations are counted). */
  scenarioNote?: string;
}): ReportContent {
  const scenario = scenarioText(p.project, p.lang);
  return {
    kind: p.kind,
    title: p.title,
    scenario: p.scenarioNote ? `${scenario}${p.lang === 'zh' ? '；' : '; '}${p.scenarioNote}` : scenario,
    params: paramLines(p.defs, p.project.params, p.lang),
    ...sheetsToReport(p.sheets, p.lang, { skip: p.skip, before: p.before }),
  };
}

/** The siting result a curve is drawn from: the picks in order and, for fire, the per-P optimum ({@link SitingCurvePoint}). */
export type SitingCurveInput =
  | { facility: 'fire'; picks: readonly { rank: number; cumulativeBuiltUpPct: number }[]; curve?: readonly SitingCurvePoint[] }
  | { facility: 'kindergarten'; picks: readonly { rank: number; cumulativeChildrenCovered: number }[] };

/**
 * The siting panel's and the siting report's coverage-vs-P chart (one model for both). With the
 * fire siting's per-P curve (the optimum for each P solved separately): the optimum, its proven
 * bound and greedy, in % of the objective's measure, each mark titled with the three figures.
 * Without it (kindergartens, or the curve turned off): the coverage after the first P picks, in
 * pick order (fire: share of the built-up area, %; kindergartens: children within radius).
 *
 * @param input - the picks in order, with their cumulative coverage, and the per-P curve if solved
 * @param lang - 'zh' or 'en'
 */
export function sitingCurve(input: SitingCurveInput, lang: Lang): CoverageCurve {
  const ts = MESSAGES[lang].siting;
  const tp = MESSAGES[lang].print;
  if (input.facility === 'fire' && input.curve?.length) {
    const c = input.curve;
    return {
      title: ts.curveTitle,
      xLabel: ts.curveAxisP,
      yLabel: ts.curveAxisPct,
      percent: true,
      series: [
        { kind: 'bound', label: ts.curveBound, points: c.map((q) => ({ p: q.p, value: q.boundPct })) },
        { kind: 'greedy', label: ts.curveGreedy, points: c.map((q) => ({ p: q.p, value: q.greedyPct })) },
        { kind: 'optimum', label: ts.curveOptimum, points: c.map((q) => ({ p: q.p, value: q.coveredPct })) },
      ],
      marks: c.map((q) => ({ p: q.p, value: q.coveredPct, title: ts.curvePoint(q.p, q.coveredPct, q.boundPct, q.greedyPct) })),
      note: ts.curveNote,
    };
  }
  const points =
    input.facility === 'fire'
      ? input.picks.map((p) => ({ p: p.rank, value: p.cumulativeBuiltUpPct }))
      : input.picks.map((p) => ({ p: p.rank, value: p.cumulativeChildrenCovered }));
  return {
    title: tp.curveTitle,
    xLabel: tp.curveX,
    yLabel: input.facility === 'fire' ? tp.curveYFire : tp.curveYKindergarten,
    percent: input.facility === 'fire',
    series: [{ kind: 'picks', label: tp.curveTitle, points }],
    marks: points.map((q) => ({ ...q, title: `P = ${q.p}: ${q.value}` })),
  };
}
