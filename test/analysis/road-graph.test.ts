import { describe, expect, test } from 'vitest';
import { buildRoadGraph, edgeTravelTimes } from '../../analysis/road-graph.ts';
import { fc, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

describe('buildRoadGraph', () => {
  test('a line of two segments gives 3 nodes, 2 edges of 1,000 m', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0], [2000, 0]])]));
    expect(g.nodeCount).toBe(3);
    expect(g.edgeCount).toBe(2);
    expect(g.edgeLengthMeters[0]).toBeCloseTo(1000, 1);
    expect(g.edgeLengthMeters[1]).toBeCloseTo(1000, 1);
    expect(g.componentCount).toBe(1);
    expect(g.pieces).toEqual([]);
  });

  test('a 3×3 grid drawn as 3 rows and 3 columns with no shared vertex is split at the 9 crossings', () => {
    // rows y = 0, 1000, 2000 from x 0 → 2000; columns likewise; each drawn as one 2-vertex line.
    // Crossings: 9 grid points → 9 nodes; each row/column cut into 2 pieces → 6 × 2 = 12 edges.
    const lines = [];
    for (const v of [0, 1000, 2000]) {
      lines.push(road([[0, v], [2000, v]]));
      lines.push(road([[v, 0], [v, 2000]]));
    }
    const g = buildRoadGraph(fc(lines));
    expect(g.nodeCount).toBe(9);
    expect(g.edgeCount).toBe(12);
    for (let e = 0; e < g.edgeCount; e++) expect(g.edgeLengthMeters[e]).toBeCloseTo(1000, 0);
  });

  test('a crossing on a bridge is not split', () => {
    const g = buildRoadGraph(fc([road([[0, 500], [1000, 500]]), road([[500, 0], [500, 1000]], { bridge: 'yes' })]));
    // 4 ends, no crossing node → 2 components
    expect(g.nodeCount).toBe(4);
    expect(g.componentCount).toBe(2);
  });

  test('near-coincident ends join within the tolerance and not beyond it', () => {
    // Two lines whose ends are 1 m apart.
    const roads = fc([road([[0, 0], [1000, 0]]), road([[1001, 0], [2000, 0]])]);
    expect(buildRoadGraph(roads, { snapToleranceMeters: 2 }).componentCount).toBe(1);
    expect(buildRoadGraph(roads, { snapToleranceMeters: 0.5 }).componentCount).toBe(2);
  });

  test('a road ending on the middle of another (T-junction, 1 m short) is joined there', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [2000, 0]]), road([[1000, 1000], [1000, 1]])]), { snapToleranceMeters: 2 });
    // the long road is split at x = 1000 → 2 edges + the side road → 3 edges, 4 nodes
    expect(g.edgeCount).toBe(3);
    expect(g.nodeCount).toBe(4);
    expect(g.componentCount).toBe(1);
  });

  test('two disconnected parts are reported, the smaller as a piece with its length and names', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [3000, 0]], { name: '主路' }), road([[0, 5000], [1000, 5000]], { name: '孤路' })]));
    expect(g.componentCount).toBe(2);
    expect(g.pieces).toHaveLength(1);
    expect(g.pieces[0].lengthMeters).toBeCloseTo(1000, 0);
    expect(g.pieces[0].roadNames).toEqual(['孤路']);
    // the main road's nodes are component 0 (the longest)
    expect(g.nodeComponent[0]).toBe(0);
  });

  test('one-way roads give arcs in their direction only; "-1" reverses', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]], { oneway: 'yes' }), road([[0, 1000], [1000, 1000]], { oneway: '-1' }), road([[0, 2000], [1000, 2000]])]));
    expect(Array.from(g.edgeDir)).toEqual([1, 2, 0]);
    // arcs: 1 + 1 + 2
    expect(g.arcTarget.length).toBe(4);
  });

  test('throws on a layer with no line', () => {
    expect(() => buildRoadGraph(fc([]))).toThrow(/no LineString/);
    expect(() => buildRoadGraph({} as never)).toThrow(/FeatureCollection/);
  });

  test('does not mutate its input', () => {
    const roads = fc([road([[0, 0], [1000, 0]], { oneway: 'yes' }), road([[500, -500], [500, 500]])]);
    const before = JSON.stringify(roads);
    buildRoadGraph(roads);
    expect(JSON.stringify(roads)).toBe(before);
  });
});

describe('edgeTravelTimes', () => {
  test('length ÷ class speed × traffic factor, with per-road speed_kmh override', () => {
    const g = buildRoadGraph(fc([road([[0, 0], [1000, 0]]), road([[0, 1000], [1000, 1000]], { speed_kmh: 72 }), road([[0, 2000], [1000, 2000]], { class: '村道' })]));
    // 1000 m at 36 km/h (10 m/s) = 100 s; at 72 km/h = 50 s; 村道 → village, not in table → other 18 km/h = 200 s
    const t = edgeTravelTimes(g, { primary: 36, other: 18 });
    expect(t[0]).toBeCloseTo(100, 1);
    expect(t[1]).toBeCloseTo(50, 1);
    expect(t[2]).toBeCloseTo(200, 1);
    // peak factor 0.5 doubles every time: 200 s
    expect(edgeTravelTimes(g, SPEEDS_10MPS, 0.5)[0]).toBeCloseTo(200, 1);
    expect(() => edgeTravelTimes(g, { primary: 36 } as never)).toThrow(/other/);
  });
});
