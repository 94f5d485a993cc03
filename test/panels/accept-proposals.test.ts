import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Point } from 'geojson';
import type { Project } from '../../layers/types';
import { acceptProposals } from '../../src/panels/hydrants/accept-proposals';

function createProject(): Project {
  return {
    name: 't',
    params: {},
    layers: {
      hydrants: {
        kind: 'geojson',
        id: 'hydrants',
        data: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { id: '规划-P1', kind: 'hydrant', status: 'working' }, geometry: { type: 'Point', coordinates: [115, 38.5] } },
          ],
        },
      },
    } as unknown as Project['layers'],
  };
}

const proposed: FeatureCollection<Point, Record<string, unknown>> = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { id: 'P1', road: '恒山路', status: 'proposed' }, geometry: { type: 'Point', coordinates: [115.001, 38.5] } },
    { type: 'Feature', properties: { id: 'P2', road: '恒山路', status: 'proposed' }, geometry: { type: 'Point', coordinates: [115.002, 38.5] } },
  ],
};

describe('acceptProposals', () => {
  test('adds the proposals as planned hydrants with unique ids', () => {
    const { project, added } = acceptProposals(createProject(), proposed);
    expect(added).toBe(2);
    const layer = project.layers.hydrants;
    if (layer.kind !== 'geojson') throw new Error('expected a GeoJSON layer');
    expect(layer.data.features.map((f) => [f.properties.id, f.properties.status])).toEqual([
      ['规划-P1', 'working'],
      ['规划-P1-2', 'planned'],
      ['规划-P2', 'planned'],
    ]);
  });

  test('does not change the project it was given', () => {
    const before = createProject();
    const snapshot = JSON.stringify(before);
    acceptProposals(before, proposed);
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
