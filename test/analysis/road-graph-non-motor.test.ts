import { describe, expect, test } from 'vitest';
import { NON_MOTOR_ROAD_CLASSES } from '../../analysis/fire-params.ts';
import { buildRoadGraph, edgeTravelTimes, type RoadGraph } from '../../analysis/road-graph.ts';
import { buildEdgeIndex, multiSourceTravelTimes, snapToNetwork } from '../../analysis/travel-times.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

function nodeAt(g: RoadGraph, x: number, y: number): number {
  const [lon, lat] = pt(x, y);
  const px = g.projection.x(lon), py = g.projection.y(lat);
  let best = -1, bd = Infinity;
  for (let n = 0; n < g.nodeCount; n++) {
    const d = (g.nodeX[n] - px) ** 2 + (g.nodeY[n] - py) ** 2;
    if (d < bd) { bd = d; best = n; }
  }
  return best;
}

/** Time from (0,0) to (0,1000) at 10 m/s, with the station snapped at (0,0). */
function timeAcross(g: RoadGraph): number {
  const [lon, lat] = pt(0, 0);
  const s = snapToNetwork(buildEdgeIndex(g), [lon], [lat], 50);
  const r = multiSourceTravelTimes(g, edgeTravelTimes(g, SPEEDS_10MPS), [{ edge: s.edge[0], fraction: s.fraction[0], startSec: 0 }], Infinity);
  return r.timeSec[nodeAt(g, 0, 1000)];
}

/*
 * Two primary roads 1,000 m apart, joined at x = 1000 by a primary road and at x = 0 by a footway
 * (or steps, path …):
 *   (0,1000) ───── (1000,1000)
 *      ┊ footway       │ primary
 *   (0,0) ──────── (1000,0)
 * Fire trucks go round: 1,000 + 1,000 + 1,000 m = 3,000 m at 10 m/s = 300 s. With the footway
 * allowed (excludedClasses: []) it is 1,000 m = 100 s.
 */
const network = (cls: string) => fc([
  road([[0, 0], [1000, 0]]),
  road([[0, 1000], [1000, 1000]]),
  road([[1000, 0], [1000, 1000]]),
  road([[0, 0], [0, 1000]], { class: cls }),
]);

describe('non-motor road classes are not part of the fire network', () => {
  for (const cls of ['footway', 'path', 'steps', 'cycleway', 'pedestrian', 'bridleway', 'corridor', 'construction', 'proposed']) {
    test(`${cls}: no edge, trucks go round (300 s, not 100 s)`, () => {
      expect(NON_MOTOR_ROAD_CLASSES).toContain(cls);
      const g = buildRoadGraph(network(cls));
      expect(g.edgeCount).toBe(3);
      expect(g.excludedRoads).toEqual([3]);
      expect(g.skippedRoads).toEqual([3]);
      expect(timeAcross(g)).toBeCloseTo(300, 0);
    });
  }

  test('the class is matched after trimming and lower-casing', () => {
    expect(buildRoadGraph(network(' Footway ')).excludedRoads).toEqual([3]);
  });

  test('excludedClasses: [] keeps every road (the footway then takes the `other` speed)', () => {
    const g = buildRoadGraph(network('footway'), { excludedClasses: [] });
    expect(g.edgeCount).toBe(4);
    expect(g.excludedRoads).toEqual([]);
    expect(timeAcross(g)).toBeCloseTo(100, 0);
  });

  test('drivable OSM classes such as service, track and living_street stay', () => {
    for (const cls of ['service', 'track', 'living_street', 'residential', 'primary_link']) {
      expect(buildRoadGraph(network(cls)).edgeCount).toBe(4);
    }
  });

  test('a layer of footways only is refused with a clear message', () => {
    expect(() => buildRoadGraph(fc([road([[0, 0], [1000, 0]], { class: 'footway' })]))).toThrow(/no drivable LineString.*excluded classes/);
  });
});
