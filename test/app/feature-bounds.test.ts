import { describe, expect, test } from 'vitest';
import type { ColumnLayerData, LayerData, Project } from '../../layers/types';
import { LAYERS } from '../../layers/index';
import { featureBounds } from '../../src/map/feature-bounds';

function createProject(): Project {
  const roads: LayerData = {
    kind: 'geojson',
    id: 'roads',
    data: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'A' }, geometry: { type: 'LineString', coordinates: [[114, 38], [114.01, 38.01]] } },
        { type: 'Feature', properties: { name: 'B' }, geometry: null },
        { type: 'Feature', properties: { name: 'C' }, geometry: { type: 'LineString', coordinates: [[114.05, 37.99], [114.06, 38]] } },
      ],
    },
  };
  const stations: LayerData = {
    kind: 'geojson',
    id: 'fireStations',
    data: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'F1' }, geometry: { type: 'Point', coordinates: [114.5, 38.5] } }] },
  };
  const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 2, lon: new Float64Array([114.1, NaN]), lat: new Float64Array([38.1, 38.2]), ids: ['H1', 'H2'], columns: {} };
  return { name: 't', params: {}, layers: { roads, fireStations: stations, households } as Project['layers'] };
}

describe('bounds of table rows for bringing them into view', () => {
  test('features by index for a layer without an id field, by id otherwise', () => {
    expect(featureBounds(createProject(), LAYERS.roads, ['0', '2'])).toEqual([114, 37.99, 114.06, 38.01]);
    expect(featureBounds(createProject(), LAYERS.fireStations, ['F1'])).toEqual([114.5, 38.5, 114.5, 38.5]);
  });

  test('null when none of the features has a position, or the id is unknown', () => {
    expect(featureBounds(createProject(), LAYERS.roads, ['1'])).toBeNull();
    expect(featureBounds(createProject(), LAYERS.fireStations, ['F9'])).toBeNull();
    expect(featureBounds(createProject(), LAYERS.households, ['H2'])).toBeNull();
    expect(featureBounds(createProject(), LAYERS.households, ['H1', 'H2'])).toEqual([114.1, 38.1, 114.1, 38.1]);
  });
});
