import { describe, expect, test } from 'vitest';
import { readDxf } from '../../layers/load/foreign/dxf.ts';

/** An ASCII DXF with one open LWPOLYLINE of two vertices 100 m apart, the first with the given bulge. */
function createDxf(bulge: string): Uint8Array {
  return new TextEncoder().encode(
    `0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n8\n0\n90\n2\n70\n0\n10\n500000\n20\n4270000\n42\n${bulge}\n10\n500100\n20\n4270000\n0\nENDSEC\n0\nEOF\n`,
  );
}

describe('DXF bulges', () => {
  test('bulge 1e300 → the segment is straight (not vertices 1e16 m away) and a dxf-bulge warning names the entity, vertex and group', () => {
    const r = readDxf({ name: '道路.dxf', bytes: createDxf('1e300') });
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([
      [500000, 4270000],
      [500100, 4270000],
    ]);
    const w = r.issues.filter((i) => i.code === 'dxf-bulge');
    expect(w.map((i) => [i.severity, i.row, i.field])).toEqual([['warning', 5, '42']]);
    expect(w[0].message.en).toContain('vertex 1 has a bulge (group 42) of 1e+300, which is no sensible arc');
  });

  test('bulge 1 (a half circle) is still an arc through the point 50 m off the chord, without a warning', () => {
    const r = readDxf({ name: '道路.dxf', bytes: createDxf('1') });
    const pts = r.layers[0].features[0].geometry?.coordinates as number[][];
    const far = Math.max(...pts.map((p) => Math.abs(p[1] - 4270000)));
    expect(far).toBeCloseTo(50, 6);
    expect(r.issues.filter((i) => i.code === 'dxf-bulge')).toEqual([]);
  });
});
