import type { FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, prepareFireCoverage, type FireCoverageResult, type FireRunOptions, type FirePrepareOptions, type PreparedFireCoverage } from '../fire-coverage.ts';
import { FIRE_PARAMS } from '../fire-params.ts';
import { PLOT_PARAMS } from '../plot-params.ts';
import { HYDRANT_PARAMS } from '../radii-params.ts';
import { HYDRANT_RULES } from './hydrant-rules.ts';
import type { ParamDef } from '../params.ts';
import { FIRE_RULES } from './fire-rules.ts';
import { PLANNING_RULES } from './planning-rules.ts';
import { MAX_RULE_OBJECTS, type FireFacts, type Rule, type RuleResult, type RulesInput } from './rule.ts';
import { RULE_PARAMS } from './rules-params.ts';

/** The rulebook, fire brigade first. */
export const RULES: readonly Rule[] = [...FIRE_RULES, ...PLANNING_RULES.filter((r) => r.id.startsWith('HYD-')), ...HYDRANT_RULES, ...PLANNING_RULES.filter((r) => !r.id.startsWith('HYD-'))];

/** Every parameter a rule may use: the rulebook's own, fire coverage's, the hydrant analysis's, the plot review's tolerance. */
export const ALL_RULE_PARAMS: readonly ParamDef[] = [...RULE_PARAMS, ...FIRE_PARAMS, ...HYDRANT_PARAMS, ...PLOT_PARAMS.filter((d) => d.key === 'area-tolerance')];

/** Far points listed per station by FIRE-03. */
export const FAR_POINTS_LISTED = 5;

/**
 * The per-station facts the fire rules read, from a fire-coverage result: district area and limit,
 * and the cells of each district (inside the county) reached later than the threshold, farthest
 * first.
 *
 * @param prep - the prepared county the result was computed on
 * @param result - a {@link computeFireCoverage} result
 */
export function fireFacts(prep: PreparedFireCoverage, result: FireCoverageResult): FireFacts {
  const th = result.thresholdMinutes * 60;
  const far: number[][] = result.stations.map(() => []);
  const n = prep.grid.cols * prep.grid.rows;
  for (let i = 0; i < n; i++) {
    const s = result.cellStation[i];
    if (s < 0 || !prep.inCounty[i]) continue;
    if (result.cellTimeSec[i] > th) far[s].push(i);
  }
  return {
    thresholdMinutes: result.thresholdMinutes,
    targetPct: result.targetPct,
    statuses: result.statuses,
    coveredBuiltUpPct: result.coveredBuiltUpPct,
    byBuiltUp: result.byBuiltUp.map((b) => ({ name: b.name, areaKm2: b.areaKm2, coveredPct: b.coveredPct })),
    stations: result.stations.map((s, k) => {
      const cells = far[k].sort((a, b) => result.cellTimeSec[b] - result.cellTimeSec[a]).slice(0, FAR_POINTS_LISTED);
      return {
        id: s.id,
        name: s.name,
        level: s.level,
        districtAreaKm2: s.districtAreaKm2,
        districtLimitKm2: s.districtLimitKm2,
        offNetwork: s.offNetwork,
        farCells: far[k].length,
        farPoints: cells.map((i) => ({
          lon: Math.round(prep.cellLon[i] * 1e6) / 1e6,
          lat: Math.round(prep.cellLat[i] * 1e6) / 1e6,
          minutes: Number.isFinite(result.cellTimeSec[i]) ? Math.round((result.cellTimeSec[i] / 60) * 10) / 10 : null,
        })),
      };
    }),
  };
}

/**
 * Fire coverage for the rules: the cells of the county (no households — the rules read districts
 * and the built-up share), engine arrival at the nearest road point unless `walkLeg`.
 * @returns null when there are no roads or no fire stations (the fire rules are then "not applicable")
 */
export function computeFireFacts(input: RulesInput, options: FirePrepareOptions & FireRunOptions): FireFacts | null {
  const roads = input.roads;
  const stations = input.fireStations;
  if (!roads || roads.features.length === 0 || !stations || stations.features.length === 0) return null;
  const prep = prepareFireCoverage({ roads, builtUp: input.builtUp, townships: input.townships }, { ...options, mode: 'network' });
  return fireFacts(prep, computeFireCoverage(prep, stations as FeatureCollection<Geometry | null>, options));
}

/**
 * Run every rule of the rulebook (or those given) on a project's layers.
 *
 * @param input - the layers, and `fire` from {@link computeFireFacts} (absent: the fire-coverage rules are "not applicable")
 * @param values - resolved parameter values keyed as {@link ALL_RULE_PARAMS}
 * @returns one {@link RuleResult} per rule, in rulebook order: `{id, clause, status, objects, …}`
 * @example runRules({ fireStations, hydrants }, resolveParams(ALL_RULE_PARAMS)).filter((r) => r.status === 'fail')
 */
export function runRules(input: RulesInput, values: Readonly<Record<string, unknown>>, rules: readonly Rule[] = RULES): RuleResult[] {
  if (!input || typeof input !== 'object') throw new Error('input is required');
  return rules.map((rule) => {
    const o = rule.check(input, values);
    const objectCount = o.objectCount ?? o.objects.length;
    return {
      id: rule.id,
      title: rule.title,
      group: rule.group,
      clause: rule.clause,
      status: o.status,
      summary: o.summary,
      objects: o.objects.slice(0, MAX_RULE_OBJECTS),
      objectCount,
      truncated: objectCount > Math.min(o.objects.length, MAX_RULE_OBJECTS),
      ...(o.table ? { table: o.table } : {}),
      params: rule.params.map((key) => {
        const d = ALL_RULE_PARAMS.find((p) => p.key === key);
        return { key, value: values[key] ?? d?.value, unit: d?.unit, confirm: d?.confirm ?? false };
      }),
    };
  });
}
