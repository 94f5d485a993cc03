import { describe, expect, test } from 'vitest';
import { buildRoadGraph, edgeTravelTimes, type RoadGraph } from '../../analysis/road-graph.ts';
import { buildEdgeIndex, multiSourceTravelTimes, pointTravelTimes, snapToNetwork, type TravelSource } from '../../analysis/travel-times.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

/** Node id at a position in metres (nearest node). */
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

/** A source at a position in metres, snapped onto the graph. */
function sourceAt(g: RoadGraph, x: number, y: number, startSec: number): TravelSource {
  const [lon, lat] = pt(x, y);
  const s = snapToNetwork(buildEdgeIndex(g), [lon], [lat], 50);
  return { edge: s.edge[0], fraction: s.fraction[0], startSec };
}

function timesAt(g: RoadGraph, sources: TravelSource[], cutoff: number, xy: [number, number][]) {
  const t = edgeTravelTimes(g, SPEEDS_10MPS);
  const nodes = multiSourceTravelTimes(g, t, sources, cutoff);
  const lon = xy.map(([x, y]) => pt(x, y)[0]), lat = xy.map(([x, y]) => pt(x, y)[1]);
  const p = pointTravelTimes(g, t, nodes, snapToNetwork(buildEdgeIndex(g), lon, lat, 500), 3.6);
  return { nodes, points: p };
}

describe('multiSourceTravelTimes', () => {
  test('a line: 100 s per 1,000 m after a 60 s start', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0], [2000, 0]])]));
    const r = multiSourceTravelTimes(g, edgeTravelTimes(g, SPEEDS_10MPS), [sourceAt(g, 0, 0, 60)], Infinity);
    // A = 60, B = 60 + 100 = 160, C = 60 + 200 = 260
    expect(r.timeSec[nodeAt(g, 0, 0)]).toBeCloseTo(60, 3);
    expect(r.timeSec[nodeAt(g, 1000, 0)]).toBeCloseTo(160, 3);
    expect(r.timeSec[nodeAt(g, 2000, 0)]).toBeCloseTo(260, 3);
  });

  test('a 3×3 grid: the far corner is 4 blocks = 400 s from the near one', () => {
    const lines = [];
    for (const v of [0, 1000, 2000]) lines.push(road([[0, v], [2000, v]]), road([[v, 0], [v, 2000]]));
    const g = buildRoadGraph(fc(lines));
    const r = multiSourceTravelTimes(g, edgeTravelTimes(g, SPEEDS_10MPS), [sourceAt(g, 0, 0, 0)], Infinity);
    expect(r.timeSec[nodeAt(g, 2000, 2000)]).toBeCloseTo(400, 0);
    expect(r.timeSec[nodeAt(g, 1000, 1000)]).toBeCloseTo(200, 0);
    expect(r.timeSec[nodeAt(g, 2000, 0)]).toBeCloseTo(200, 0);
  });

  test('a one-way loop is driven only one way round', () => {
    // A(0,0) → B(0,1000) → C(1000,1000) → D(1000,0) → A, one-way. From A: B 100, C 200, D 300 (not 100 backwards).
    const g = buildRoadGraph(fc([road([[0, 0], [0, 1000], [1000, 1000], [1000, 0], [0, 0]], { oneway: 'yes' })]));
    const r = multiSourceTravelTimes(g, edgeTravelTimes(g, SPEEDS_10MPS), [sourceAt(g, 0, 0, 0)], Infinity);
    expect(r.timeSec[nodeAt(g, 0, 1000)]).toBeCloseTo(100, 0);
    expect(r.timeSec[nodeAt(g, 1000, 1000)]).toBeCloseTo(200, 0);
    expect(r.timeSec[nodeAt(g, 1000, 0)]).toBeCloseTo(300, 0);
  });

  test('two disconnected parts: the part without a source stays unreached', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]]), road([[0, 3000], [1000, 3000]])]));
    const r = multiSourceTravelTimes(g, edgeTravelTimes(g, SPEEDS_10MPS), [sourceAt(g, 0, 0, 0)], Infinity);
    expect(r.timeSec[nodeAt(g, 1000, 0)]).toBeCloseTo(100, 0);
    expect(r.timeSec[nodeAt(g, 0, 3000)]).toBe(Infinity);
    expect(r.source[nodeAt(g, 0, 3000)]).toBe(-1);
  });

  test('turnout times decide which station arrives first', () => {
    // Stations at x = 0 (turnout 60 s) and x = 2000 (turnout 180 s) on a 2 km road.
    // Node x=1000: 60 + 100 = 160 (station 0) vs 180 + 100 = 280.
    // Point x=1500: 60 + 150 = 210 vs 180 + 50 = 230 → station 0. Point x=1800: 240 vs 200 → station 1.
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0], [2000, 0]])]));
    const src = [sourceAt(g, 0, 0, 60), sourceAt(g, 2000, 0, 180)];
    const { nodes, points } = timesAt(g, src, Infinity, [[1500, 0], [1800, 0]]);
    expect(nodes.timeSec[nodeAt(g, 1000, 0)]).toBeCloseTo(160, 2);
    expect(nodes.source[nodeAt(g, 1000, 0)]).toBe(0);
    expect(points.timeSec[0]).toBeCloseTo(210, 2);
    expect(points.source[0]).toBe(0);
    expect(points.timeSec[1]).toBeCloseTo(200, 2);
    expect(points.source[1]).toBe(1);
  });

  test('the cutoff leaves later nodes and points unreached', () => {
    // 5 km line, start 0, cutoff 250 s: nodes at 0, 1000, 2000 m (0, 100, 200 s) reached; 3000 m (300 s) not.
    // Point at 2400 m: 240 s → reached; at 2600 m: 260 s → not.
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0], [5000, 0]])]));
    const { nodes, points } = timesAt(g, [sourceAt(g, 0, 0, 0)], 250, [[2400, 0], [2600, 0]]);
    expect(nodes.timeSec[nodeAt(g, 2000, 0)]).toBeCloseTo(200, 2);
    expect(nodes.timeSec[nodeAt(g, 3000, 0)]).toBe(Infinity);
    expect(points.timeSec[0]).toBeCloseTo(240, 2);
    expect(points.timeSec[1]).toBe(Infinity);
  });

  test('a point on the source’s own edge is reached along it, respecting one-way', () => {
    // One-way edge 0 → 1000, source at 300 m (start 0): point at 800 m → 50 s; point at 100 m is behind
    // the source on a one-way edge with no way round → unreached.
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]], { oneway: 'yes' })]));
    const { points } = timesAt(g, [sourceAt(g, 300, 0, 0)], Infinity, [[800, 0], [100, 0]]);
    expect(points.timeSec[0]).toBeCloseTo(50, 2);
    expect(points.timeSec[1]).toBe(Infinity);
  });

  test('points off the road add the access walk; beyond the maximum access distance they are unreached', () => {
    // Point 100 m north of x=500: road 50 s + 100 m at 3.6 km/h (1 m/s) = 150 s. Point 600 m away > 500 m max.
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]])]));
    const { points } = timesAt(g, [sourceAt(g, 0, 0, 0)], Infinity, [[500, 100], [500, 600]]);
    expect(points.timeSec[0]).toBeCloseTo(150, 1);
    expect(points.timeSec[1]).toBe(Infinity);
  });

  test('rejects a bad source', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]])]));
    const t = edgeTravelTimes(g, SPEEDS_10MPS);
    expect(() => multiSourceTravelTimes(g, t, [{ edge: 7, fraction: 0, startSec: 0 }], 10)).toThrow(/edge 7/);
    expect(() => multiSourceTravelTimes(g, t, [{ edge: 0, fraction: 2, startSec: 0 }], 10)).toThrow(/fraction/);
  });
});

describe('snapToNetwork', () => {
  test('finds the nearest edge point, its position and distance', () => {
    // Point (500, 100) → edge 0 at fraction 0.5, 100 m away; (1700, -30) → edge 1 at 0.7, 30 m
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0], [2000, 0]])]));
    const a = pt(500, 100), b = pt(1700, -30);
    const s = snapToNetwork(buildEdgeIndex(g), [a[0], b[0]], [a[1], b[1]], 500);
    expect(s.edge[0]).toBe(0);
    expect(s.fraction[0]).toBeCloseTo(0.5, 3);
    expect(s.accessMeters[0]).toBeCloseTo(100, 0);
    expect(s.edge[1]).toBe(1);
    expect(s.fraction[1]).toBeCloseTo(0.7, 3);
    expect(s.accessMeters[1]).toBeCloseTo(30, 0);
  });

  test('agrees with a brute-force nearest segment on a random network', () => {
    // 60 random roads of 2–4 vertices in a 3 km square, 5,000 random points; the bucket search must
    // find the same distance as checking every edge.
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const roads = [];
    for (let k = 0; k < 60; k++) {
      const n = 2 + Math.floor(rand() * 3);
      const xy: [number, number][] = [];
      for (let v = 0; v < n; v++) xy.push([rand() * 3000, rand() * 3000]);
      roads.push(road(xy));
    }
    const g = buildRoadGraph(fc(roads));
    const pts = Array.from({ length: 5000 }, () => pt(rand() * 3400 - 200, rand() * 3400 - 200)); // > 4096: the bucket-ordered path
    const s = snapToNetwork(buildEdgeIndex(g), pts.map((p) => p[0]), pts.map((p) => p[1]), 250);
    pts.forEach(([lon, lat], i) => {
      const px = g.projection.x(lon), py = g.projection.y(lat);
      let best = Infinity;
      for (let e = 0; e < g.edgeCount; e++) {
        const ax = g.nodeX[g.edgeFrom[e]], ay = g.nodeY[g.edgeFrom[e]];
        const vx = g.nodeX[g.edgeTo[e]] - ax, vy = g.nodeY[g.edgeTo[e]] - ay;
        const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
        best = Math.min(best, Math.hypot(ax + t * vx - px, ay + t * vy - py));
      }
      if (best <= 250) expect(s.accessMeters[i]).toBeCloseTo(best, 6);
      else expect(s.edge[i]).toBe(-1);
    });
  });

  test('does not mutate its inputs', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]])]));
    const lon = new Float64Array([pt(10, 10)[0]]), lat = new Float64Array([pt(10, 10)[1]]);
    snapToNetwork(buildEdgeIndex(g), lon, lat, 100);
    expect(lon[0]).toBe(pt(10, 10)[0]);
    expect(lat[0]).toBe(pt(10, 10)[1]);
  });
});
