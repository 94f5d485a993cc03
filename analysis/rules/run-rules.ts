import type { FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, prepareFireCoverage, type FireCoverageResult, type FireRunOptions, type FirePrepareOptions, type PreparedFireCoverage } from '../fire-coverage.ts';
import { FIRE_PARAMS } from '../fire-params.ts';
import { PLOT_PARAMS } from '../plot-params.ts';
import { HYDRANT_PARAMS } from '../radii-params.ts';
import { HYDRANT_RULES } from './hydrant-rules.ts';
import type { ParamDef } from '../params.ts';
import { fireLaneLosses } from '../fire-lane-losses.ts';
import { stationDistricts } from './fire-districts.ts';
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
 * The per-station facts the fire rules read, from a fire-coverage result: each station's district
 * (official from `fire_districts` when one names it, else its first-due cells), its area and limit,
 * the district cells reached later than the threshold (farthest first), enclaves and barriers
 * crossing it; and the coverage each open fire-lane problem costs.
 *
 * @param prep - the prepared county the result was computed on
 * @param result - a {@link computeFireCoverage} result
 * @param input - the layers (stations, official districts, barriers, fire-lane ledger)
 * @param options - the options of the run
 */
export function fireFacts(prep: PreparedFireCoverage, result: FireCoverageResult, input: RulesInput, options: FirePrepareOptions & FireRunOptions): FireFacts {
  const stations = (input.fireStations ?? { type: 'FeatureCollection', features: [] }) as FeatureCollection<Geometry | null>;
  const districts = stationDistricts(prep, result, stations, input.fireDistricts, input.barriers, options);
  const used = new Set(result.stations.map((s) => s.id));
  const unmatched = (input.fireDistricts?.features ?? []).map((f) => String(f.properties?.station ?? '')).filter((id) => !used.has(id));
  const ledger = input.fireLanes && input.fireLanes.features.length > 0;
  return {
    thresholdMinutes: result.thresholdMinutes,
    targetPct: result.targetPct,
    statuses: result.statuses,
    coveredBuiltUpPct: result.coveredBuiltUpPct,
    byBuiltUp: result.byBuiltUp.map((b) => ({ name: b.name, areaKm2: b.areaKm2, coveredPct: b.coveredPct })),
    stations: result.stations.map((s, k) => {
      const d = districts[k];
      return {
        id: s.id,
        name: s.name,
        level: d.level,
        districtAreaKm2: d.areaKm2,
        districtLimitKm2: d.limitKm2,
        offNetwork: s.offNetwork,
        farCells: d.farCells,
        farPoints: d.farPoints.slice(0, FAR_POINTS_LISTED),
        district: d.district,
        location: d.location,
        parts: d.parts,
        enclaveCells: d.enclaveCells,
        enclaveKm2: d.enclaveKm2,
        enclavePoints: d.enclavePoints,
        barriers: d.barriers,
      };
    }),
    unmatchedDistricts: unmatched,
    officialDistricts: input.fireDistricts?.features.length ?? 0,
    barrierLines: input.barriers?.features.length ?? 0,
    laneLosses: ledger && prep.mode === 'network' ? fireLaneLosses({ roads: input.roads, builtUp: input.builtUp, townships: input.townships, fireLanes: input.fireLanes }, stations, options, { prep, result }).losses : null,
  };
}

/**
 * Fire coverage for the rules: the cells of the county (no households — the rules read districts
 * and the built-up share), engine arrival at the nearest road point unless `walkLeg`, open
 * fire-lane problems cutting the roads.
 * @returns null when there are no roads or no fire stations (the fire rules are then "not applicable")
 */
export function computeFireFacts(input: RulesInput, options: FirePrepareOptions & FireRunOptions): FireFacts | null {
  const roads = input.roads;
  const stations = input.fireStations;
  if (!roads || roads.features.length === 0 || !stations || stations.features.length === 0) return null;
  const opts = { ...options, mode: 'network' as const };
  const prep = prepareFireCoverage({ roads, builtUp: input.builtUp, townships: input.townships, fireLanes: input.fireLanes }, opts);
  return fireFacts(prep, computeFireCoverage(prep, stations as FeatureCollection<Geometry | null>, opts), input, opts);
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
