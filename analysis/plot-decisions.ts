import pointOnFeature from '@turf/point-on-feature';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { FacilityEdit, Scenario, ScenarioLayerId } from './scenarios.ts';

/** What the county decides for a reserve plot: keep it as reserve land, or build a fire station or a kindergarten on it. */
export type PlotDecision = 'keep' | 'fireStation' | 'kindergarten';
export const PLOT_DECISIONS: readonly PlotDecision[] = ['keep', 'fireStation', 'kindergarten'];

const LAYER: Record<Exclude<PlotDecision, 'keep'>, ScenarioLayerId> = { fireStation: 'fireStations', kindergarten: 'kindergartens' };

/** The id of the facility a decision adds for a plot (one per plot, in either layer). */
export function plotFacilityId(plotId: string): string {
  return `PLOT-${plotId}`;
}

/**
 * The decision a scenario holds for a plot: the layer its facility (id {@link plotFacilityId}) is
 * added to, or 'keep' when the scenario adds none.
 * @example plotDecisionOf(scenario, 'R-03') // 'fireStation'
 */
export function plotDecisionOf(scenario: Pick<Scenario, 'edits'>, plotId: string): PlotDecision {
  const id = plotFacilityId(plotId);
  for (const [decision, layer] of Object.entries(LAYER) as [Exclude<PlotDecision, 'keep'>, ScenarioLayerId][]) {
    if (scenario.edits.some((e) => e.op === 'add' && e.layer === layer && e.id === id)) return decision;
  }
  return 'keep';
}

/** A plot as the decision needs it: its id, name, township and geometry. */
export interface DecisionPlot {
  id: string;
  name: string;
  township: string;
  geometry: Geometry | null;
}

/** Names of the facilities a decision adds (in the UI language). */
export interface DecisionNames {
  fireStation: (plot: DecisionPlot) => string;
  kindergarten: (plot: DecisionPlot) => string;
}

/**
 * The scenario edits that turn a plot's current decision into `next`: the facility of the old
 * decision removed, the new one added at a point on the plot's surface (`@turf/point-on-feature`):
 * a proposed level-1 fire station, or a public kindergarten in the plot's township. Empty when
 * nothing changes. Throws when the plot has no polygon geometry.
 * @param plot - the plot
 * @param current - the decision the scenario holds now ({@link plotDecisionOf})
 * @param next - the decision taken
 * @param names - the names given to the facility
 * @example plotDecisionEdits(plot, 'keep', 'fireStation', names) // [{ op: 'add', layer: 'fireStations', id: 'PLOT-R-03', … }]
 */
export function plotDecisionEdits(plot: DecisionPlot, current: PlotDecision, next: PlotDecision, names: DecisionNames): FacilityEdit[] {
  if (current === next) return [];
  const id = plotFacilityId(plot.id);
  const edits: FacilityEdit[] = [];
  if (current !== 'keep') edits.push({ op: 'remove', layer: LAYER[current], id });
  if (next === 'keep') return edits;
  const g = plot.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) throw new Error(`plot ${plot.id}: no polygon to place a facility on`);
  const [lon, lat] = pointOnFeature({ type: 'Feature', properties: {}, geometry: g } as Feature<Polygon | MultiPolygon>).geometry.coordinates;
  const properties: Record<string, unknown> =
    next === 'fireStation'
      ? { name: names.fireStation(plot), status: 'proposed', level: 'level1', plot: plot.id }
      : { name: names.kindergarten(plot), ownership: 'public', township: plot.township, plot: plot.id };
  edits.push({ op: 'add', layer: LAYER[next], id, lon, lat, properties });
  return edits;
}
