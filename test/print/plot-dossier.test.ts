import { describe, expect, test } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { reviewPlots } from '../../analysis/plot-review';
import { resolvePlotOptions } from '../../analysis/plot-params';
import { dossierCamera, dossierMapMm, findingRule, plotDossier, ringsToFrame } from '../../src/print/plot-dossier';
import { zoomForScale } from '../../src/print/print-layout';

/** A square of `m` metres at the equator (on the ellipsoid 1° of longitude = 111,319.49 m there, 1° of latitude 110,574.27 m), south-west corner at lon. */
function square(id: string, lon: number, m: number, areaMu: number): Feature<Polygon> {
  const dx = m / 111_319.49;
  const dy = m / 110_574.27;
  return {
    type: 'Feature',
    properties: { id, name: `地块${id}`, township: '甲镇', area_mu: areaMu, use: 'residential' },
    geometry: { type: 'Polygon', coordinates: [[[lon, 0], [lon + dx, 0], [lon + dx, dy], [lon, dy], [lon, 0]]] },
  };
}

function review(params?: Record<string, unknown>) {
  // 100 m × 100 m = 10,000 m² = 15 亩: declared 15 (within 2 %) and 10 (50 % more drawn than declared)
  const plots = { type: 'FeatureCollection' as const, features: [square('曲储【2022】01号', 0, 100, 15), square('曲储【2022】02号', 0.01, 100, 10)] };
  return reviewPlots({ plots }, resolvePlotOptions(params));
}

describe('plotDossier', () => {
  test('one page per plot with the full id, the area check and each finding with its rule', () => {
    const pages = plotDossier(review(), undefined, 'zh');
    expect(pages.map((p) => p.id)).toEqual(['曲储【2022】01号', '曲储【2022】02号']);
    expect(pages[0].heading).toBe('第 1 / 2 宗　曲储【2022】01号 地块曲储【2022】01号');
    const facts = Object.fromEntries(pages[0].facts);
    expect(facts['地块编号']).toBe('曲储【2022】01号');
    expect(facts['规划用途']).toBe('住宅');
    expect(facts['申报面积（亩）']).toBe('15');
    expect(Number(facts['图上面积（m²）'].replace(/,/g, ''))).toBeGreaterThan(9_990);
    expect(Number(facts['图上面积（m²）'].replace(/,/g, ''))).toBeLessThan(10_010);
    expect(facts['允许偏差（%）']).toBe('2');
    expect(facts['核对结论']).toBe('符合');
    const second = Object.fromEntries(pages[1].facts);
    expect(second['核对结论']).toBe('超出允许偏差');
    const mismatch = pages[1].findings.find((f) => f.text.includes('相差'))!;
    expect(mismatch.level).toBe('警告');
    expect(mismatch.rule).toContain('图上面积与申报面积允许偏差 2 %');
    expect(mismatch.rule).toContain('审查设置');
    expect(pages[0].findings.some((f) => f.text.includes('相差'))).toBe(false);
  });

  test('the rule carries the value the project sets; the verdict follows it', () => {
    const pages = plotDossier(review({ 'area-tolerance': 60 }), { 'area-tolerance': 60 }, 'en');
    expect(Object.fromEntries(pages[1].facts)['Result']).toBe('within tolerance');
    expect(findingRule('area-mismatch', { 'area-tolerance': 60 }, 'en')).toMatch(/^Allowed difference between drawn and declared area 60 %: /);
    expect(findingRule('outside-fire-reach', undefined, 'zh')).toContain('GB 51080-2015');
    expect(findingRule('overlap', undefined, 'zh')).toContain('数据一致性检查');
  });

  test('the plot outline lands in its frame: centred, and the square fits inside', () => {
    const pages = plotDossier(review(), undefined, 'zh');
    const frame = dossierMapMm('A4', 'landscape');
    const cam = dossierCamera(pages[0].bounds, frame);
    const css: [number, number] = [Math.round((frame[0] / 25.4) * 96), Math.round((frame[1] / 25.4) * 96)];
    const [ring] = ringsToFrame(pages[0].rings, cam.center, zoomForScale(cam.scale, cam.center[1]), css);
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBeCloseTo(css[0] / 2, 3);
    expect((Math.min(...ys) + Math.max(...ys)) / 2).toBeCloseTo(css[1] / 2, 1);
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(css[1]);
    expect(Math.min(...ys)).toBeGreaterThan(0);
    // 100 m at 1:N is 100,000/N mm on paper = that × 96 / 25.4 CSS px
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(((100_000 / cam.scale) * 96) / 25.4, 0);
  });
});
