import type { FeatureCollection, Geometry } from 'geojson';
import type { StyleLayer } from '../../../layers/types';
import { aggregatePoints, COUNT_PROPERTY } from '../../map/aggregate-points';
import { AGGREGATE_BELOW_ZOOM, AGGREGATE_CELL_DEG } from '../../map/map-controller';

type Fc = FeatureCollection<Geometry | null>;

export { COUNT_PROPERTY };

/**
 * A large point result layer's data for drawing the way the households layer is drawn: the points
 * plus one point per grid cell (the households layer's cell size, at the mean position of its
 * points) carrying the number of points in `__count`. Use with {@link aggregatedCircleStyle}.
 * Linear in points; the input is not modified.
 */
export function withAggregate(points: Fc): Fc {
  const n = points.features.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = points.features[i].geometry;
    [lon[i], lat[i]] = g?.type === 'Point' ? g.coordinates : [NaN, NaN];
  }
  const cells = aggregatePoints({ kind: 'columns', id: 'households', count: n, lon, lat, ids: [], columns: {} }, [], AGGREGATE_CELL_DEG);
  return { type: 'FeatureCollection', features: [...cells.features, ...points.features] };
}

/**
 * Two circle styles for {@link withAggregate} data: below the households layer's point zoom, the
 * cells sized by their count; from it, the points with `pointPaint`.
 */
export function aggregatedCircleStyle(color: string, pointPaint: Record<string, unknown>): StyleLayer[] {
  return [
    {
      type: 'circle',
      maxzoom: AGGREGATE_BELOW_ZOOM,
      filter: ['has', COUNT_PROPERTY],
      paint: { 'circle-color': color, 'circle-radius': ['interpolate', ['linear'], ['get', COUNT_PROPERTY], 1, 1.5, 10, 2.5, 100, 5, 1000, 9], 'circle-opacity': 0.6 },
    },
    { type: 'circle', minzoom: AGGREGATE_BELOW_ZOOM, filter: ['!', ['has', COUNT_PROPERTY]], paint: { 'circle-color': color, ...pointPaint } as never },
  ];
}
