import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData, Project, ValidationReport } from '../layers/types.ts';
import type { AnalysisWarning } from '../analysis/analysis-warning.ts';
import type { FireCoverageInput } from '../analysis/fire-coverage.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS, NON_MOTOR_ROAD_CLASSES, fireOptionsFromParams } from '../analysis/fire-params.ts';
import { LAYERS } from '../layers/index.ts';
import { checkParams, fromCli, fromProject, ParamError, resolveParams, unknownKeys, type ParamDef } from '../analysis/params.ts';
import { loadProjectDir } from './load-project-dir.ts';
import { activeScenario, applyScenario, findScenario, scenariosOf, type Scenario } from '../analysis/scenarios.ts';
import { scenarioParamProblems } from '../analysis/project-params.ts';
import { helpIfAsked } from './help.ts';

type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

/** A GeoJSON layer's FeatureCollection, or undefined when the layer is missing or columnar. */
export function fcOf(l: LayerData | undefined): FC | undefined {
  return l && l.kind === 'geojson' ? (l.data as FC) : undefined;
}

/**
 * The fire engine's input from a project's layers, as `analyze fire` reads it: roads (none when the
 * layer is empty), built-up areas, townships, the household columns and the fire-lane ledger (its
 * open problems cut the network, lane-cut-distance).
 */
export function fireInputOf(project: Project): FireCoverageInput {
  const hh = project.layers.households;
  const roads = fcOf(project.layers.roads);
  return {
    roads: roads && roads.features.length > 0 ? roads : undefined,
    builtUp: fcOf(project.layers.builtUp),
    townships: fcOf(project.layers.townships),
    households: hh && hh.kind === 'columns' ? (hh as ColumnLayerData) : undefined,
    fireLanes: fcOf(project.layers.fireLanes),
  };
}

/** The households layer, or an empty one. */
export function householdsOf(project: Project): ColumnLayerData {
  const h = project.layers.households;
  if (h && h.kind === 'columns') return h;
  return { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
}

/**
 * The project an analysis runs on: under the scenario named by `--scenario` (project.json
 * `scenarios`, by name or id), else under the active stored scenario when project.json has
 * scenarios, else as it is (a folder without scenarios gives the figures it always gave).
 * @throws Error (zh + en) naming the unknown scenario and the stored ones
 */
export function withCliScenario(project: Project, name: string | undefined, who: string): { project: Project; scenario: string | null } {
  // A scenario's own params are refused naming the scenario (once merged into the project's they
  // would read as "project.json params.turnout").
  const checked = (sc: Scenario): Scenario => {
    const problems = scenarioParamProblems({ active: sc.id, list: [sc] });
    if (problems.length > 0) throw new ParamError(problems);
    return sc;
  };
  if (name === undefined) return project.scenarios ? { project: applyScenario(project, checked(activeScenario(project))), scenario: activeScenario(project).name } : { project, scenario: null };
  const sc = findScenario(project, name);
  if (!sc) {
    const names = scenariosOf(project).list.map((s) => s.name);
    const where = project.scenarios ? { zh: 'project.json scenarios', en: 'project.json scenarios' } : { zh: 'project.json 无 scenarios，仅有默认方案', en: 'no scenarios in project.json, only the defaults' };
    throw new Error(`${who}：没有名为“${name}”的方案（${where.zh}）。可用方案：${names.join('、')}\n${who}: no scenario named "${name}" (${where.en}). Scenarios: ${names.join(', ')}`);
  }
  return { project: applyScenario(project, checked(sc)), scenario: sc.name };
}

/**
 * Say on stderr how many files or features of the project folder could not be loaded (the analysis
 * runs on the rest), so a damaged layer file never passes for an empty layer.
 * @returns the number of load errors
 */
export function reportLoadErrors(who: string, dir: string, report: ValidationReport): number {
  const loadErrors = report.issues.filter((i) => i.severity === 'error').length;
  if (loadErrors > 0) {
    const cmd = `npm run analyze -- validate --data ${dir}`;
    console.error(`${who}：${dir} 中有 ${loadErrors} 处读取错误，运行 \`${cmd}\` 查看清单。\n${who}: ${loadErrors} load error(s) in ${dir}; run \`${cmd}\` for the list`);
  }
  return loadErrors;
}

/**
 * Load a project folder and report load errors on stderr (the analysis still runs on the valid
 * part); the project is returned under the scenario asked for ({@link withCliScenario}).
 */
export async function loadForAnalysis(dir: string, who: string, scenarioName?: string): Promise<{ project: Project; report: ValidationReport; loadErrors: number; scenario: string | null }> {
  const loaded = await loadProjectDir(dir);
  const { project, scenario } = withCliScenario(loaded.project, scenarioName, who);
  const report = loaded.report;
  const loadErrors = reportLoadErrors(who, dir, report);
  if (scenario !== null) console.log(`${who}: 方案 / scenario ${scenario}`);
  return { project, report, loadErrors, scenario };
}

/**
 * Refuse, before any work, an option that no parameter list knows and an option value outside its
 * parameter's declared range (the message names the option and the range, zh + en).
 * @param extra - options that are not parameters (file names …); they are not range-checked here
 * @throws Error / ParamError
 */
export function checkOptions(who: string, options: Record<string, string>, defs: readonly ParamDef[], extra: string[] = []): void {
  helpIfAsked(options, who, defs, extra);
  const unknown = unknownKeys(Object.keys(options), defs, extra);
  if (unknown.length > 0) {
    const known = [...defs.map((d) => d.key), ...extra].map((k) => `--${k}`).join(', ');
    const list = unknown.map((k) => `--${k}`).join(', ');
    throw new Error(`${who}：未知的命令行选项 ${list}。可用选项：${known}\n${who}: unknown option ${list}. Options: ${known}`);
  }
  const { problems } = checkParams(defs, fromCli(options));
  if (problems.length > 0) throw new ParamError(problems);
}

/**
 * Resolve parameters from project.json `params` and the command line, naming each refused value's source.
 * @throws ParamError
 */
export function resolveCliParams(defs: readonly ParamDef[], project: Project, options: Record<string, string>): Record<string, unknown> {
  return resolveParams<Record<string, unknown>>(defs, fromProject(project.params), fromCli(options));
}

/** The parameters as written to the output: value used, default, unit, source. */
export function paramsOut(defs: readonly ParamDef[], ...overrides: (Record<string, unknown> | undefined)[]) {
  return defs.map((d) => {
    let value: unknown = d.value;
    for (const o of overrides) if (o && o[d.key] !== undefined) value = o[d.key];
    return { key: d.key, value, default: d.value, unit: d.unit, source: d.source, confirm: d.confirm ?? false };
  });
}

export const round = (v: number, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : v);

/**
 * `--speeds class=km/h,…`: each pair well formed and each class one the roads layer has (its code,
 * Chinese label or alias, or `other`). A misspelt class (`primay=45`) was taken, matched no road and
 * left the primary speed as it was without a word. A bare `--speeds`, `primary=45=3`, a class given twice
 * (in --speeds, or in --speeds and as --speed-<class>) are refused too: each changed a speed, or none, without a word.
 * @returns the pairs with each class as its code (公交专用道=30 → busway=30: the roads layer stores codes)
 * @throws Error (zh + en) naming the option, the pair or class, and the classes
 */
export function speedsByCode(text: string, single: Readonly<Record<string, string>> = {}): string {
  const field = LAYERS.roads.fields.find((f) => f.name === 'class');
  const values = (field?.values ?? []).filter((v) => !NON_MOTOR_ROAD_CLASSES.includes(v.code));
  const codeOf = (c: string): string | null => {
    const t = c.trim().toLowerCase().replace(/_link$/, '');
    if (t === 'other') return t;
    return values.find((v) => v.code === t || v.label.zh === c.trim() || v.label.zh.split(' / ').includes(c.trim()) || (v.aliases ?? []).some((a) => a.toLowerCase() === t))?.code ?? null;
  };
  const out: string[] = [];
  const pairs = text.split(/[,，\s]+/).filter(Boolean);
  const bad = (what: string) =>
    new Error(`命令行选项 --speeds 应为“等级=km/h”并以逗号分隔（如 primary=45,unclassified=15），收到“${what}”\ncommand-line option --speeds must be class=km/h pairs separated by commas (e.g. primary=45,unclassified=15), got "${what}"`);
  // a bare `--speeds` (read as "true") or `--speeds ""` changed no speed without a word
  if (pairs.length === 0) throw bad(text);
  const given = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    // `primary=45=3` read as 45 without a word
    if (pair.indexOf('=', eq + 1) >= 0) throw bad(pair);
    if (eq <= 0 || eq === pair.length - 1) throw bad(pair);
    const cls = pair.slice(0, eq);
    const code = codeOf(cls);
    if (code === null) {
      const list = [...values.map((v) => v.code), 'other'].join(', ');
      throw new Error(`命令行选项 --speeds 中的道路等级“${cls}”不是道路图层的等级；可用：${list}（或其中文名称）\ncommand-line option --speeds: "${cls}" is not a road class of the roads layer; classes: ${list} (or their Chinese names)`);
    }
    // the same class twice (`primary=45,主干路=30`): the last one won without a word
    const before = given.get(code);
    if (before !== undefined) {
      throw new Error(`命令行选项 --speeds 给出了两次道路等级 ${code}（“${before}”和“${pair}”），请只保留一个。\ncommand-line option --speeds gives road class ${code} twice ("${before}" and "${pair}"); keep one.`);
    }
    // `--speed-primary 30 --speeds primary=45`: --speeds won without a word
    if (single[`speed-${code}`] !== undefined) {
      throw new Error(`命令行选项 --speed-${code}（${single[`speed-${code}`]}）和 --speeds 中的“${pair}”给出了同一道路等级的车速，请只保留一个。\ncommand-line options --speed-${code} (${single[`speed-${code}`]}) and "${pair}" in --speeds give the speed of the same road class; keep one.`);
    }
    given.set(code, pair);
    out.push(`${code}=${pair.slice(eq + 1)}`);
  }
  return out.join(',');
}

/**
 * Fire options from project.json `params` and the command line (`--speeds`, `--mode` included),
 * every value checked against its declared range.
 * @throws ParamError naming the option or the project.json key
 */
export function fireOptionsFromCli(project: Project, options: Record<string, string>) {
  const speeds = options.speeds !== undefined ? speedsByCode(options.speeds, options) : undefined;
  const values = resolveCliParams(FIRE_PARAMS, project, options);
  const modeSet = options.mode !== undefined || project.params.mode !== undefined;
  const mode = modeSet ? resolveCliParams([FIRE_MODE_PARAM], project, options).mode : undefined;
  return fireOptionsFromParams({ ...values, speeds, mode }, { kind: 'cli' });
}

/**
 * Print the warnings of an analysis (figures computed from empty or degenerate input) on stderr,
 * zh then en, so that a 0 % is never read as a measured figure.
 */
export function printWarnings(who: string, warnings: readonly AnalysisWarning[]): void {
  for (const w of warnings) console.error(`${who}: 警告 ${w.code}：${w.message.zh}\n${who}: WARNING ${w.code}: ${w.message.en}`);
}
