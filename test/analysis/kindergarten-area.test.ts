import { describe, expect, test } from 'vitest';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ColumnLayerData } from '../../layers/types.ts';
import { kindergartenAreaClassifier } from '../../analysis/kindergarten-area.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { reviewPlots } from '../../analysis/plot-review.ts';
import { pt } from './fire-coverage-fixtures.ts';

// One area rule for coverage, siting and plot review. In metres: the county seat 城区 is the square
// 0…2,000 (the largest built-up area), the township seat 东镇 the square 5,000…5,500 × 0…500, and
// the township 西街道 (kind street) covers x −6,000…−4,000. Radii 300 / 1,000 / 2,000 m.
type FC = FeatureCollection<Geometry | null>;
const box = (x0: number, y0: number, x1: number, y1: number, props: Record<string, unknown>): Feature<Polygon> => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [[pt(x0, y0), pt(x1, y0), pt(x1, y1), pt(x0, y1), pt(x0, y0)]] } });
const point = (x: number, y: number, props: Record<string, unknown>): Feature<Point> => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: pt(x, y) } });
const fcOf = (features: Feature[]): FC => ({ type: 'FeatureCollection', features }) as FC;
const radii = { urban: 300, township: 1000, village: 2000 };

function createCounty() {
  return {
    builtUp: fcOf([box(5000, 0, 5500, 500, { name: '东镇' }), box(0, 0, 2000, 2000, { name: '城区' })]),
    townships: fcOf([box(-6000, -3000, -4000, 3000, { name: '西街道', kind: 'street' }), box(-4000, -3000, 8000, 3000, { name: '恒州镇', kind: 'town' })]),
  };
}

describe('kindergartenAreaClassifier', () => {
  test('inside or within 300 m of the county seat: urban; inside a township seat: township; 街道: urban; else village', () => {
    const c = kindergartenAreaClassifier(createCounty(), { radii });
    expect(c.urbanBuiltUp).toBe('城区');
    const at = (x: number, y: number) => c.classify(...pt(x, y));
    expect([at(1000, 1000), at(2250, 1000), at(2400, 1000), at(5250, 250), at(5700, 250), at(-5000, 0), at(3500, 1000)]).toEqual(['urban', 'urban', 'village', 'township', 'village', 'urban', 'village']);
  });

  test('without a built-up layer every place is urban; a county seat named that does not exist is refused', () => {
    expect(kindergartenAreaClassifier({}, { radii }).classify(...pt(9000, 9000))).toBe('urban');
    expect(() => kindergartenAreaClassifier(createCounty(), { radii, urbanBuiltUpName: '新城' })).toThrow('没有名为“新城”的建成区（按县城半径计的建成区）；建成区：');
  });
});

describe('the same rule in coverage, siting and plot review', () => {
  test('a site 250 m outside the county seat takes 300 m in all three; one 400 m outside takes 2,000 m', () => {
    const { builtUp, townships } = createCounty();
    const households: ColumnLayerData = { kind: 'columns', id: 'households', count: 1, lon: Float64Array.of(pt(2250, 1500)[0]), lat: Float64Array.of(pt(2250, 1500)[1]), ids: ['H1'], columns: { children_3_5: { type: 'number', values: Float64Array.of(1) } } };
    const kgs = fcOf([point(2250, 1000, { id: 'K1', capacity: 30 }), point(2400, 1000, { id: 'K2', capacity: 30 })]);
    const access = kindergartenAccess({ households, kindergartens: kgs, builtUp, townships });
    expect(access.kindergartens.map((k) => [k.id, k.area, k.radiusM])).toEqual([
      ['K1', 'urban', 300],
      ['K2', 'village', 2000],
    ]);
    const u = (id: string, x: number, y: number) => ({ id, lon: pt(x, y)[0], lat: pt(x, y)[1] });
    const site = siteKindergartens({ households, kindergartens: fcOf([]), builtUp, townships }, { count: 2, candidateSpacingMeters: 50_000, userSites: [u('U1', 2250, 1300), u('U2', 2400, 3000)] });
    expect(Object.fromEntries(site.picks.map((p) => [p.id, [p.area, p.radiusM]]))).toMatchObject({ U1: ['urban', 300] });
    const plots = fcOf([box(2200, 1700, 2300, 1800, { id: 'P1', name: '一号地', area_mu: 15, use: 'residential' })]);
    const review = reviewPlots({ plots, builtUp, townships, kindergartens: fcOf([point(2250, 1000, { id: 'K1' })]) });
    expect(review.rows[0].nearestKindergarten).toMatchObject({ id: 'K1', radiusM: 300, within: false });
  });
});
