import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

type FC = FeatureCollection<Geometry | null>;

/** A fire station at (x, y) metres from the fixtures' origin. */
function createStation(id: string, x: number, y: number) {
  return { type: 'Feature' as const, properties: { id, name: `${id}站`, level: 'level1', status: 'existing' }, geometry: { type: 'Point' as const, coordinates: pt(x, y) } };
}

const ROADS = fc([road([[0, 0], [1000, 0], [2000, 0]])]) as FC;
const OPTS = { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100 };

describe('a fire station far from every road', () => {
  test('station B 50 km off the road reaches nothing → stations-off-network warning naming it; A on the road gives no warning', () => {
    const r = fireCoverage({ roads: ROADS }, fc([createStation('A', 500, 0), createStation('B', 500, 50_000)]) as FC, OPTS);
    expect(r.stations.map((s) => [s.id, s.offNetwork])).toEqual([
      ['A', false],
      ['B', true],
    ]);
    const w = r.warnings.filter((x) => x.code === 'stations-off-network');
    expect(w).toHaveLength(1);
    expect(w[0].counts).toEqual({ offNetwork: 1, stations: 2 });
    expect(w[0].message.en).toMatch(/^1 of the 2 fire stations counted are more than \d+ m from any road and reach nothing: B站; please check their coordinates$/);
    expect(w[0].message.zh).toMatch(/^1 个消防站（共 2 个参与计算）离最近的道路超过 \d+ 米，接不上路网，不覆盖任何区域：B站；请核对其坐标$/);
    const near = fireCoverage({ roads: ROADS }, fc([createStation('A', 500, 0)]) as FC, OPTS);
    expect(near.warnings.map((x) => x.code)).not.toContain('stations-off-network');
  });
});
