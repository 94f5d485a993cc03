// Session 15 (docs/peers.md): PROJ's cs2cs put a Beijing 1954 Gauss-Krüger coordinate up to 103 m
// (Xi'an 1980: 2.7 m) from where we did, because we inverted it on the CGCS2000 ellipsoid. The
// datum's own ellipsoid is now used (Krassovsky 1940, IAG 1975); the datum shift itself is still not
// applied (no local parameters), as the warning says.
import { describe, expect, test } from 'vitest';
import { crsFromCode, crsTransform } from '../../layers/load/foreign/stated-crs.ts';
import { ELLIPSOIDS, meridianArc } from '../../layers/load/gauss-kruger.ts';

const RAD = Math.PI / 180;
/** Metres between two lon/lat points at 38.6° N (local plane). */
const metres = (a: [number, number], b: [number, number]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos(38.6 * RAD), (a[1] - b[1]) * 110_990);

describe('Beijing 1954 and Xi’an 1980 Gauss-Krüger on their own ellipsoid', () => {
  test('the meridian arc to 38.6° on each ellipsoid is the northing cs2cs gives on the central meridian', () => {
    // cs2cs EPSG:4214 → EPSG:2435, EPSG:4610 → EPSG:2383, EPSG:4490 → EPSG:4547 at 114° E 38.6° N
    expect(meridianArc(38.6 * RAD, ELLIPSOIDS.Krassovsky1940)).toBeCloseTo(4_274_174.9628, 2);
    expect(meridianArc(38.6 * RAD, ELLIPSOIDS.IAG1975)).toBeCloseTo(4_274_101.3106, 2);
    expect(meridianArc(38.6 * RAD)).toBeCloseTo(4_274_099.3172, 2);
  });

  test('EPSG:2435 (Beijing 1954 3°, CM 114°E) and EPSG:2383 (Xi’an 1980) back to 114.7° E 38.6° N within 1 cm', () => {
    // northing, easting from cs2cs EPSG:4214 → EPSG:2435 and EPSG:4610 → EPSG:2383 of (114.7, 38.6)
    const bj = crsTransform(crsFromCode('EPSG:2435')!)!;
    const xa = crsTransform(crsFromCode('EPSG:2383')!)!;
    expect(metres(bj.transform!(560_979.778999, 4_274_407.367109), [114.7, 38.6])).toBeLessThan(0.01);
    expect(metres(xa.transform!(560_978.7866, 4_274_333.71107), [114.7, 38.6])).toBeLessThan(0.01);
    // the datum shift is still not applied: the warning stays
    expect(bj.datumWarning?.en).toMatch(/No datum shift/);
  });

  test('the same Beijing 1954 northing read on the CGCS2000 ellipsoid would be about 70 m further north (the old error)', () => {
    const cg = crsTransform(crsFromCode('EPSG:4547')!)!;
    const d = metres(cg.transform!(560_979.778999, 4_274_407.367109), [114.7, 38.6]);
    expect(d).toBeGreaterThan(60);
    expect(d).toBeLessThan(90);
  });
});
