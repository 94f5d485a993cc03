import type { FeatureCollection } from 'geojson';
import type { ResultLayer } from '../state/results-slice';
import { COUNT_PROPERTY } from './aggregate-points';

/**
 * A result layer with aggregate cells (features carrying {@link COUNT_PROPERTY}, drawn below
 * zoom 13 (AGGREGATE_BELOW_ZOOM in map-controller.ts)) and at least this many points is fed to the map like the
 * households: the cells always, the points only around the view. MapLibre's worker would otherwise
 * tile every point — about 1 GB of its heap for the 187,000 households the demo county's fire
 * stations do not reach in 5 minutes.
 */
export const LAZY_RESULT_POINTS = 5000;

/** Indexes of the points of a result layer to feed per view, or null when the layer is small or has no aggregate cells. */
export function lazyPointIndexes(data: ResultLayer['data']): number[] | null {
  const points: number[] = [];
  let cells = 0;
  data.features.forEach((f, i) => {
    if (f.properties && COUNT_PROPERTY in f.properties) cells++;
    else if (f.geometry?.type === 'Point') points.push(i);
  });
  return cells > 0 && points.length >= LAZY_RESULT_POINTS ? points : null;
}

/**
 * What the map source of a lazy result layer holds: every feature but the `points`, and those of
 * the points inside `area` ([west, south, east, north]; none when null). Each feature's id is its
 * index in the result, as `generateId` gives the other sources, so a click finds its properties.
 */
export function lazyResultData(data: ResultLayer['data'], points: readonly number[], area: readonly [number, number, number, number] | null): FeatureCollection {
  const isPoint = new Uint8Array(data.features.length);
  for (const i of points) isPoint[i] = 1;
  const features: FeatureCollection['features'] = [];
  data.features.forEach((f, i) => {
    if (!f.geometry || isPoint[i]) return;
    features.push({ type: 'Feature', id: i, geometry: f.geometry, properties: f.properties });
  });
  if (area) {
    const [w, s, e, n] = area;
    for (const i of points) {
      const f = data.features[i];
      const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
      if (x >= w && x <= e && y >= s && y <= n) features.push({ type: 'Feature', id: i, geometry: f.geometry!, properties: f.properties });
    }
  }
  return { type: 'FeatureCollection', features };
}
