import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData } from '../../../layers/types';
import { reviewPlots, type PlotReviewInput, type PlotReviewOptions, type PlotReviewResult } from '../../../analysis/plot-review';
import { computeFireCoverage, fireCoverageGeoJson, prepareFireCoverage, type FirePrepareOptions, type FireRunOptions } from '../../../analysis/fire-coverage';
import { assertOptions } from '../../../analysis/params';
import { assertFireOptions } from '../../../analysis/fire-params';
import { PLOT_OPTION_FIELDS, PLOT_PARAMS } from '../../../analysis/plot-params';
import type { TaskFn } from '../protocol';

export interface PlotReviewTaskInput {
  input: PlotReviewInput;
  options: PlotReviewOptions;
  /** When given (and roads exist), the fire reach of the stations is computed first and checked. */
  fire?: {
    roads: FeatureCollection<Geometry | null>;
    households: ColumnLayerData | null;
    /** The fire-lane ledger: its open problems cut the engine network, as in the fire panel. */
    fireLanes?: FeatureCollection<Geometry | null> | null;
    options: FirePrepareOptions & FireRunOptions;
  };
}

/** Worker task: reserve-plot review (analysis/plot-review.ts), with the fire reach computed on the way when asked. */
export const plotReviewTask: TaskFn<PlotReviewTaskInput, PlotReviewResult> = ({ input, options, fire }, progress) => {
  assertOptions('plotReview', PLOT_PARAMS, PLOT_OPTION_FIELDS, options as Record<string, unknown>);
  if (fire) assertFireOptions('plotReview', fire.options as Record<string, unknown>);
  let fireReach = input.fireReach ?? null;
  let fireReachMinutes = options.fireReachMinutes;
  if (fire && fire.roads.features.length > 0) {
    progress({ stage: 'fire-coverage' });
    const prep = prepareFireCoverage(
      { roads: fire.roads, builtUp: input.builtUp ?? undefined, townships: input.townships ?? undefined, households: fire.households ?? undefined, fireLanes: fire.fireLanes ?? undefined },
      { ...fire.options, mode: 'network' },
    );
    const r = computeFireCoverage(prep, input.fireStations ?? { type: 'FeatureCollection', features: [] }, fire.options);
    fireReach = fireCoverageGeoJson(prep, r, [r.thresholdMinutes], { districts: false, uncovered: false }).isochrones;
    fireReachMinutes = r.thresholdMinutes;
  }
  progress({ stage: 'plot-review' });
  return reviewPlots({ ...input, fireReach }, { ...options, fireReachMinutes });
};
