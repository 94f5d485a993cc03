import { FIRE_MODE_PARAM, FIRE_PARAMS } from './fire-params.ts';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS } from './radii-params.ts';
import { SITING_PARAMS } from './siting-params.ts';
import { PLOT_PARAMS } from './plot-params.ts';
import { RULE_PARAMS } from './rules/rules-params.ts';
import { checkParams, fromProject, fromScenario, type ParamDef, type ParamProblem } from './params.ts';
import type { ScenarioSet } from './scenarios.ts';

/** Every parameter of the analyses in analysis/ that project.json `params` may set (the indicators add theirs in src/db/policy.ts). */
export const ANALYSIS_PARAMS: readonly ParamDef[] = [...FIRE_PARAMS, FIRE_MODE_PARAM, ...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS, ...SITING_PARAMS, ...PLOT_PARAMS];

/** Every parameter project.json `params` is checked against: the analyses' and the planning rules' (the rules command refuses a bad one too). */
const CHECKED_PARAMS: readonly ParamDef[] = [...ANALYSIS_PARAMS, ...RULE_PARAMS];

/**
 * The refused values of project.json `params`, each naming the file, the key and the allowed range
 * (zh + en). Keys no parameter knows (the fire scenario, notes …) are left alone.
 * @example projectParamProblems({ turnout: -1 })[0].message.en // 'project.json params.turnout (…) is -1, outside the allowed range: 0–30 min'
 */
export function projectParamProblems(params: Readonly<Record<string, unknown>> | undefined, extra: readonly ParamDef[] = []): ParamProblem[] {
  return checkParams(withExtra(extra), fromProject(params)).problems;
}

/** The checked parameters and `extra`, each key once (the indicators share `child-share` with the kindergartens). */
function withExtra(extra: readonly ParamDef[]): ParamDef[] {
  return [...CHECKED_PARAMS, ...extra].filter((d, i, all) => all.findIndex((x) => x.key === d.key) === i);
}

/**
 * The refused values of the `params` of each scenario stored in project.json `scenarios`, each
 * naming the scenario, the key and the allowed range (zh + en): an analysis run under that
 * scenario refuses them, so `validate` lists them with the project's own.
 * @example scenarioParamProblems({ active: 's1', list: [{ id: 's1', name: '新建二站', edits: [], params: { turnout: -5 } }] })[0].message.en
 * // 'project.json params.turnout (…) of scenario "新建二站" is -5, outside the allowed range: 0–30 min'
 */
export function scenarioParamProblems(scenarios: ScenarioSet | undefined, extra: readonly ParamDef[] = []): ParamProblem[] {
  return (scenarios?.list ?? []).flatMap((s) => checkParams(withExtra(extra), fromScenario(s.name, s.params)).problems);
}

/** Keys the app itself keeps in project.json `params` that are no analysis parameter (the fire panel's saved station plan). */
export const APP_PARAM_KEYS: readonly string[] = ['fireScenario'];

/** Edit distance of two short strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The keys of project.json `params` that no analysis, rule or indicator reads (a typo such as
 * `turnout_time` or `hydrant_radius`): such a value is ignored and the default used, so `validate`
 * names each, with the nearest known key when one is close.
 * @example unknownProjectParams({ hydrant_radius: 150 }) // [{ key: 'hydrant_radius', suggest: 'hydrant-radius' }]
 */
export function unknownProjectParams(params: Readonly<Record<string, unknown>> | undefined, extra: readonly ParamDef[] = []): { key: string; suggest: string | null }[] {
  const known = [...CHECKED_PARAMS, ...extra].map((d) => d.key);
  const all = new Set([...known, ...APP_PARAM_KEYS]);
  return Object.keys(params ?? {})
    .filter((k) => !all.has(k))
    .map((key) => {
      const norm = key.toLowerCase().replace(/_/g, '-').trim();
      let best: string | null = null;
      let bestD = Infinity;
      for (const k of known) {
        const d = k === norm ? 0 : norm.startsWith(`${k}-`) || k.startsWith(`${norm}-`) ? 1 : distance(norm, k);
        if (d < bestD) [best, bestD] = [k, d];
      }
      return { key, suggest: best !== null && bestD <= Math.max(2, Math.floor(best.length / 4)) ? best : null };
    });
}
