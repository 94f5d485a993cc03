import { describe, expect, test } from 'vitest';
import { FIRE_STATION_LAND_M2, kindergartenLandM2, plotCandidates } from '../../analysis/siting-plots.ts';
import { plotUseCode } from '../../layers/reserve-plots.ts';
import { candidateGrid } from '../../analysis/siting-candidates.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { buildEdgeIndex } from '../../analysis/travel-times.ts';
import { buildRoadGraph } from '../../analysis/road-graph.ts';

const LON0 = 114.7;
const LAT0 = 38.6;
function pt(x: number, y: number): [number, number] {
  const { mx, my } = metresPerDegree(LAT0);
  return [LON0 + x / mx, LAT0 + y / my];
}
function rect(x: number, y: number, w: number, h: number) {
  return [[pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h), pt(x, y)]];
}
const plot = (id: string, use: string, x: number, w: number, h: number) => ({
  type: 'Feature' as const,
  properties: { id, name: id, township: '甲镇', area_mu: (w * h) / (10_000 / 15), use },
  geometry: { type: 'Polygon' as const, coordinates: rect(x, 20, w, h) },
});
/** 储A public 600 m² (0.9 亩), 储B residential 2,500 m², 储C 公共设施 2,400 m² (3.6 亩). */
const PLOTS = {
  type: 'FeatureCollection' as const,
  features: [plot('储A', 'public', 500, 20, 30), plot('储B', 'residential', 3000, 50, 50), plot('储C', '公共设施', 1980, 40, 60)],
};

describe('reserve plots as siting candidates', () => {
  test('fire, level 1 (≥ 1,000 m² = 1.5 亩, public use): one too small, one wrong use, one fits', () => {
    const r = plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'fire' });
    expect(r.neededM2).toBe(1000);
    expect(r.neededMu).toBe(1.5);
    expect(r.fit.map((f) => f.id)).toEqual(['储C']);
    expect(r.fit[0].use).toBe('public');
    expect(r.fit[0].areaMu).toBeCloseTo(3.6, 2);
    // The point lies on the plot: x ∈ [1980, 2020], y ∈ [20, 80].
    const { mx, my } = metresPerDegree(LAT0);
    const x = (r.fit[0].lon - LON0) * mx, y = (r.fit[0].lat - LAT0) * my;
    expect(x).toBeGreaterThan(1980);
    expect(x).toBeLessThan(2020);
    expect(y).toBeGreaterThan(20);
    expect(y).toBeLessThan(80);
    expect(r.unfit.map((u) => [u.id, u.reason, u.message])).toEqual([
      ['储A', 'too-small', 'too small: 0.9 亩 < 1.5 亩 needed'],
      ['储B', 'use', 'use not compatible: residential (fire needs public)'],
    ]);
  });

  test('the land needed follows the level and the class count', () => {
    expect(FIRE_STATION_LAND_M2['level-2']).toBe(700);
    // A volunteer station needs 350 m² = 0.525 亩: 储A (0.9 亩) now fits.
    expect(plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'fire', stationLevel: 'volunteer' }).fit.map((f) => f.id)).toEqual(['储A', '储C']);
    expect(kindergartenLandM2(6)).toBe(2000);
    expect(kindergartenLandM2(8)).toBe(2400);
    // Kindergarten, 6 classes (2,000 m² = 3 亩; education or public): 储C (3.6 亩) fits.
    expect(plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'kindergarten', kindergartenClasses: 6 }).fit.map((f) => f.id)).toEqual(['储C']);
    // 9 classes: 2,600 m² = 3.9 亩 > 3.6 亩.
    const nine = plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'kindergarten', kindergartenClasses: 9 });
    expect(nine.fit).toEqual([]);
    expect(nine.unfit.find((u) => u.id === '储C')!.message).toBe('too small: 3.6 亩 < 3.9 亩 needed');
    // An explicit figure overrides the standard.
    expect(plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'fire', minLandM2: 3000 }).fit).toEqual([]);
    expect(() => plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'hospital' as 'fire' })).toThrow(/facility/);
  });

  test('candidateGrid: plot sites are snapped like user sites, with origin plot; grid: false leaves the grid out', () => {
    const edgeIndex = buildEdgeIndex(buildRoadGraph({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [pt(0, 0), pt(4000, 0)] } }] }));
    const area = { type: 'FeatureCollection' as const, features: [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: rect(-100, -1000, 4200, 2000) } }] };
    const fit = plotCandidates(PLOTS, { useCodeOf: plotUseCode, facility: 'fire' }).fit;
    const only = candidateGrid(area, { spacingMeters: 500, edgeIndex, plotSites: fit, grid: false });
    expect(only.count).toBe(1);
    expect(only.ids).toEqual(['储C']);
    expect(only.origin).toEqual(['plot']);
    // The site keeps its place on the plot (y = 50) and walks 50 m to the road.
    expect(only.accessMeters![0]).toBeCloseTo(50, 0);
    const both = candidateGrid(area, { spacingMeters: 500, edgeIndex, plotSites: fit });
    const grid = candidateGrid(area, { spacingMeters: 500, edgeIndex });
    expect(both.count).toBe(grid.count + 1);
    expect(both.origin[both.count - 1]).toBe('plot');
  });
});
