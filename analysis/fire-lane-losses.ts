import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, fireEngineRoads, prepareFireCoverage, type FireCoverageInput, type FirePrepareOptions, type FireRunOptions, type PreparedFireCoverage, type FireCoverageResult } from './fire-coverage.ts';
import { openLaneProblems, type LaneProblem } from './fire-lanes.ts';
import { rebuildRoadGraph } from './road-graph.ts';
import { buildEdgeIndex, createWorkspace, snapAfterRebuild } from './travel-times.ts';

/** What one open fire-lane problem costs: the coverage that fixing it alone would add. */
export interface LaneProblemLoss extends LaneProblem {
  /** Road lines it cuts (0: no road within the cut distance — it cuts nothing). */
  roads: number;
  /** Households reached within the threshold once it is fixed, minus now. */
  households: number;
  /** Built-up area reached within the threshold once it is fixed, minus now, km². */
  builtUpKm2: number;
  /** Share of the built-up area, percentage points. */
  builtUpPct: number;
  /** County area reached within the threshold once it is fixed, minus now, km². */
  areaKm2: number;
}

function ledgerOf(problems: readonly LaneProblem[]): FeatureCollection<Geometry | null> {
  return {
    type: 'FeatureCollection',
    features: problems.map((p): Feature<Geometry> => ({ type: 'Feature', properties: { id: p.id, name: p.name, problem: p.problem, status: 'open' }, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })),
  };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * The preparation with the open problems `others` only (one problem fixed), from the one with
 * every problem open: the same as {@link prepareFireCoverage} with that ledger, value for value,
 * without preparing the county again. Only the road network differs: the graph is rebuilt from the
 * base's split points ({@link rebuildRoadGraph}) and only the cells and households near the
 * changed roads are snapped again ({@link snapAfterRebuild}); the grid, masks and household
 * columns do not depend on the roads' cuts. Falls back to the full preparation when the base was
 * not prepared for it (no kept graph build) or the rebuilt network has another projection (a cut
 * at the end of the roads' extent).
 *
 * @param input - the layers `base` was prepared from
 * @param options - the options `base` was prepared with
 * @param base - the preparation with every open problem cutting the roads
 * @param others - the open problems that stay open
 * @returns the preparation as {@link prepareFireCoverage} gives it for a ledger of `others`
 * @example laneFixedPreparation(input, {}, prep, openLaneProblems(input.fireLanes).slice(1)).householdSnap
 */
export function laneFixedPreparation(
  input: FireCoverageInput,
  options: FirePrepareOptions,
  base: PreparedFireCoverage,
  others: readonly LaneProblem[],
): PreparedFireCoverage {
  const full = () => prepareFireCoverage({ ...input, fireLanes: ledgerOf(others) }, options);
  if (base.mode !== 'network' || !base.graph || !input.roads) return full();
  const engine = fireEngineRoads(input.roads, others, options);
  if (engine.roads.features.length === 0) return full();
  const rebuilt = rebuildRoadGraph(base.graph, engine.roads);
  if (!rebuilt) return full();
  const { graph, baseEdge } = rebuilt;
  if (graph.projection.lon0 !== base.projection.lon0 || graph.projection.lat0 !== base.projection.lat0) return full();
  const edgeIndex = buildEdgeIndex(graph);
  const snap = (prev: PreparedFireCoverage['cellSnap'], lon: ArrayLike<number>, lat: ArrayLike<number>) =>
    prev ? snapAfterRebuild(prev, base.graph!, edgeIndex, baseEdge, lon, lat, base.maxAccessMeters) : null;
  return {
    ...base,
    graph,
    edgeIndex,
    laneCuts: others.map((p, k) => ({ ...p, roads: engine.cuts[k].roads })),
    cellSnap: snap(base.cellSnap, base.cellLon, base.cellLat),
    householdSnap: base.households ? snap(base.householdSnap, base.households.lon, base.households.lat) : null,
    workspace: createWorkspace(graph),
    edgeTimeKey: '',
    edgeTimeSec: null,
  };
}

/**
 * The coverage lost to each open fire-lane problem: the county is prepared once with every open
 * problem cutting the roads (the figures as they are), then computed once per problem with that one
 * fixed (the others still open; its preparation derived from the first, {@link laneFixedPreparation});
 * the difference is what fixing it would add. Problems that cut no road cost nothing and are not
 * recomputed.
 *
 * @param input - the layers, with `fireLanes` (the ledger)
 * @param stations - fire stations (filtered by `options.statuses`)
 * @param options - prepare and run options as for fire coverage
 * @param prepared - the preparation with every problem open and its result, when already computed
 *   (prepared from the same input and options)
 * @param fullPreparation - prepare the county again for each problem (the slow reference way; the
 *   default derives each problem's preparation from the one with every problem open, same figures)
 * @returns one row per open problem, ledger order, and the figures with every problem open
 * @example fireLaneLosses({ roads, builtUp, households, fireLanes }, stations, {}).losses[0].households
 */
export function fireLaneLosses(
  input: FireCoverageInput,
  stations: FeatureCollection<Geometry | null>,
  options: FirePrepareOptions & FireRunOptions,
  prepared?: { prep: PreparedFireCoverage; result: FireCoverageResult },
  fullPreparation = false,
): { losses: LaneProblemLoss[]; now: FireCoverageResult } {
  const steps = fireLaneLossSteps(input, stations, options, prepared, fullPreparation);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * {@link fireLaneLosses} one problem at a time: the generator pauses before each problem's
 * preparation and run, so a caller can stop between problems (a worker answering newer
 * requests first); its return value is that of `fireLaneLosses`.
 * @param fullPreparation - as for `fireLaneLosses` (the slow reference way)
 * @example
 * const steps = fireLaneLossSteps(input, stations, options);
 * let r = steps.next();
 * while (!r.done) r = steps.next(); // or give up between steps
 * r.value.losses;
 */
export function* fireLaneLossSteps(
  input: FireCoverageInput,
  stations: FeatureCollection<Geometry | null>,
  options: FirePrepareOptions & FireRunOptions,
  prepared?: { prep: PreparedFireCoverage; result: FireCoverageResult },
  fullPreparation = false,
): Generator<void, { losses: LaneProblemLoss[]; now: FireCoverageResult }> {
  const problems = openLaneProblems(input.fireLanes);
  const base = prepared ?? (() => {
    const prep = prepareFireCoverage(input, options);
    return { prep, result: computeFireCoverage(prep, stations, options) };
  })();
  const now = base.result;
  const losses: LaneProblemLoss[] = [];
  for (const [k, p] of problems.entries()) {
    const roads = base.prep.laneCuts.find((c) => c.id === p.id && c.lon === p.lon && c.lat === p.lat)?.roads ?? 0;
    if (roads === 0) {
      losses.push({ ...p, roads, households: 0, builtUpKm2: 0, builtUpPct: 0, areaKm2: 0 });
      continue;
    }
    yield;
    const others = problems.filter((_, j) => j !== k);
    const prep = fullPreparation ? prepareFireCoverage({ ...input, fireLanes: ledgerOf(others) }, options) : laneFixedPreparation(input, options, base.prep, others);
    const fixed = computeFireCoverage(prep, stations, options);
    losses.push({
      ...p,
      roads,
      households: fixed.households.covered - now.households.covered,
      builtUpKm2: round(fixed.coveredBuiltUpAreaKm2 - now.coveredBuiltUpAreaKm2, 3),
      builtUpPct: round((fixed.coveredBuiltUpPct ?? 0) - (now.coveredBuiltUpPct ?? 0), 1),
      areaKm2: round(fixed.coveredAreaKm2 - now.coveredAreaKm2, 3),
    });
  }
  return { losses, now };
}
