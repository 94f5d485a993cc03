import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData, Project } from '../layers/types.ts';
import { computeFireCoverage, firePrepareKey, prepareFireCoverage, type FireCoverageInput, type PreparedFireCoverage } from './fire-coverage.ts';
import { FIRE_PARAMS, fireOptionsFromParams } from './fire-params.ts';
import { hydrantGaps } from './hydrant-gaps.ts';
import { kindergartenAccess } from './kindergarten-access.ts';
import { fromProject, resolveParams } from './params.ts';
import { resolveHydrantOptions, resolveKindergartenOptions } from './radii-params.ts';

type FC = FeatureCollection<Geometry | null>;

/** The headline figures of one scenario (the compare view, `npm run analyze` outputs agree with them). */
export interface ScenarioFigures {
  fire: {
    statuses: string[];
    coveredBuiltUpPct: number | null;
    householdsReached: number;
    households: number;
    byTownship: { township: string; reached: number; total: number }[];
  };
  hydrants: { coveredRoadPct: number | null; gapCount: number };
  kindergartens: { householdsCovered: number; households: number; coveredPct: number | null };
}

/** The layers the headline figures read (an effective project's, see analysis/scenarios.ts applyScenario). */
export type ScenarioFiguresInput = Pick<Project, 'params'> & { layers: Partial<Record<keyof Project['layers'], LayerData>> };

const fc = (l: LayerData | undefined): FC => (l && l.kind === 'geojson' ? l.data : { type: 'FeatureCollection', features: [] });

const EMPTY_HOUSEHOLDS: ColumnLayerData = { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };

/**
 * The headline figures of a project under one scenario: fire built-up coverage and households
 * reached (by township), built-up road hydrant coverage, households within a kindergarten radius.
 * Parameters are read from the project's params only (defaults from the ParamDef tables).
 * @param project - the effective project (analysis/scenarios.ts applyScenario)
 * @param prepared - a prepared fire grid to reuse when it was made with the same options (see {@link fireprepKey})
 * @example scenarioFigures(applyScenario(project, findScenario(project, '方案A')!)).fire.householdsReached
 */
export function scenarioFigures(project: ScenarioFiguresInput, prepared?: PreparedFireCoverage): ScenarioFigures {
  if (!project || !project.layers) throw new Error('scenarioFigures: project is required');
  const households = project.layers.households?.kind === 'columns' ? project.layers.households : EMPTY_HOUSEHOLDS;
  const fireOpts = fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(project.params)));
  const roads = fc(project.layers.roads);
  const prep =
    prepared ?? prepareFireCoverage(scenarioFireInput(project.layers, households), fireOpts);
  const fire = computeFireCoverage(prep, fc(project.layers.fireStations), fireOpts);
  const hyd = hydrantGaps({ roads, hydrants: fc(project.layers.hydrants), builtUp: fc(project.layers.builtUp) }, resolveHydrantOptions(fromProject(project.params)));
  const kg = kindergartenAccess(
    { households, kindergartens: fc(project.layers.kindergartens), builtUp: fc(project.layers.builtUp), townships: fc(project.layers.townships) },
    resolveKindergartenOptions(fromProject(project.params)),
  );
  const located = kg.households.total - kg.households.unlocated;
  return {
    fire: {
      statuses: fire.statuses,
      coveredBuiltUpPct: fire.coveredBuiltUpPct,
      householdsReached: fire.households.covered,
      households: fire.households.total,
      byTownship: fire.byTownship.map((g) => ({ township: g.key, reached: g.covered, total: g.total })),
    },
    hydrants: { coveredRoadPct: hyd.coveredRoadPct, gapCount: hyd.gapCount },
    kindergartens: { householdsCovered: kg.households.covered, households: kg.households.total, coveredPct: located > 0 ? (kg.households.covered / located) * 100 : null },
  };
}

/**
 * What a scenario's fire grid is prepared from: roads (none: straight-line), built-up areas, townships,
 * households and the fire-lane ledger, whose open problems cut the roads as in the fire panel.
 */
export function scenarioFireInput(layers: ScenarioFiguresInput['layers'], households: ColumnLayerData | undefined): FireCoverageInput {
  const roads = fc(layers.roads);
  return { roads: roads.features.length > 0 ? roads : undefined, builtUp: fc(layers.builtUp), townships: fc(layers.townships), households, fireLanes: fc(layers.fireLanes) };
}

/** The options a prepared fire grid depends on: two scenarios with the same key share one preparation. */
export function fireprepKey(project: Pick<Project, 'params'>): string {
  return firePrepareKey(fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(project.params))));
}

/** One row of the comparison: a figure in scenario A and B and B − A. */
export interface CompareRow {
  key: 'fireBuiltUp' | 'fireHouseholds' | 'hydrantCoverage' | 'kgCoverage';
  a: number | null;
  b: number | null;
  diff: number | null;
}

/**
 * The headline rows of a comparison, B − A (null when either is null), and the township rows of
 * fire households reached (every township of either scenario, by name).
 */
export function compareFigures(a: ScenarioFigures, b: ScenarioFigures): { rows: CompareRow[]; townships: { township: string; a: number; b: number; diff: number; total: number }[] } {
  const row = (key: CompareRow['key'], x: number | null, y: number | null): CompareRow => ({ key, a: x, b: y, diff: x === null || y === null ? null : y - x });
  const rows = [
    row('fireBuiltUp', a.fire.coveredBuiltUpPct, b.fire.coveredBuiltUpPct),
    row('fireHouseholds', a.fire.householdsReached, b.fire.householdsReached),
    row('hydrantCoverage', a.hydrants.coveredRoadPct, b.hydrants.coveredRoadPct),
    row('kgCoverage', a.kindergartens.coveredPct, b.kindergartens.coveredPct),
  ];
  const names = [...new Set([...a.fire.byTownship.map((t) => t.township), ...b.fire.byTownship.map((t) => t.township)])];
  const townships = names.map((township) => {
    const x = a.fire.byTownship.find((t) => t.township === township);
    const y = b.fire.byTownship.find((t) => t.township === township);
    return { township, a: x?.reached ?? 0, b: y?.reached ?? 0, diff: (y?.reached ?? 0) - (x?.reached ?? 0), total: Math.max(x?.total ?? 0, y?.total ?? 0) };
  });
  return { rows, townships };
}
