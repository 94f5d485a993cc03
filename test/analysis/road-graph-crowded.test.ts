// Crowded road files (a county's own CAD/Shapefile roads): many segments on one spot, many lines
// through one junction, short segments with one far away. The crossing grid picks its bucket width
// by the work it costs (analysis/road-graph.ts bucketWidth); these cases check the graph is still
// the hand-counted one. Their scaling is in test/bench/road-graph.bench.ts.
import { describe, expect, test } from 'vitest';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { fc, road } from './fire-coverage-fixtures.ts';

describe('buildRoadGraph on crowded roads', () => {
  test('400 copies of one segment crossed in the middle by one road: 5 nodes, 2 edges per copy and 2 for the crossing road', () => {
    const lines = Array.from({ length: 400 }, () => road([[0, 0], [1000, 0]]));
    lines.push(road([[500, -500], [500, 500]]));
    const g = buildRoadGraph(fc(lines));
    // the copies' two ends, the crossing, the crossing road's two ends
    expect(g.nodeCount).toBe(5);
    // each copy cut at x = 500 (800); the crossing road cut once there, its 399 repeats of the cut add nothing (2)
    expect(g.edgeCount).toBe(802);
    for (let e = 0; e < g.edgeCount; e++) expect(g.edgeLengthMeters[e]).toBeCloseTo(500, 0);
    expect(g.componentCount).toBe(1);
    expect(g.skippedRoads).toEqual([]);
  });

  test('200 straight roads through one junction (not drawn there) are split there: 401 nodes, 400 edges of 1,000 m', () => {
    const lines = Array.from({ length: 200 }, (_, i) => {
      const a = (Math.PI * (i + 0.5)) / 200;
      const dx = 1000 * Math.cos(a), dy = 1000 * Math.sin(a);
      return road([[-dx, -dy], [dx, dy]]);
    });
    const g = buildRoadGraph(fc(lines));
    expect(g.nodeCount).toBe(401);
    expect(g.edgeCount).toBe(400);
    for (let e = 0; e < g.edgeCount; e++) expect(g.edgeLengthMeters[e]).toBeCloseTo(1000, 0);
    expect(g.componentCount).toBe(1);
  });

  test('a 40 × 40 street grid with one road 50 km away: 1,600 crossings + 2 nodes, 3,121 edges, 2 parts', () => {
    // 40 rows and 40 columns 100 m apart, each one 2-vertex line from 0 to 3,900 m: cut at the 40
    // crossings on it into 39 edges → 80 × 39 = 3,120; the far road is one more edge.
    const lines = [];
    for (let k = 0; k < 40; k++) {
      lines.push(road([[0, k * 100], [3900, k * 100]]));
      lines.push(road([[k * 100, 0], [k * 100, 3900]]));
    }
    lines.push(road([[50_000, 50_000], [50_100, 50_000]], { name: '远处的路' }));
    const g = buildRoadGraph(fc(lines));
    expect(g.nodeCount).toBe(1602);
    expect(g.edgeCount).toBe(3121);
    for (let e = 0; e < g.edgeCount; e++) expect(g.edgeLengthMeters[e]).toBeCloseTo(100, 0);
    expect(g.componentCount).toBe(2);
    expect(g.pieces).toHaveLength(1);
    expect(g.pieces[0].lengthMeters).toBeCloseTo(100, 0);
  });
});
