// WGS 84 / CGCS2000 ellipsoid.
const A = 6_378_137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);

/**
 * Exact ellipsoidal area of the cell between two meridians and two parallels (authalic latitude):
 * S = (a²(1 − e²)/2)·Δλ·[q(φ₂) − q(φ₁)], q(φ) = sinφ/(1 − e²sin²φ) + (1/2e)·ln((1 + e sinφ)/(1 − e sinφ)).
 * What PostGIS `ST_Area(geography)` (spheroid) gives for such a cell: an independent reference for
 * the analyses' areas, in m².
 */
export function exactCellAreaM2(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const q = (deg: number) => {
    const s = Math.sin((deg * Math.PI) / 180);
    return s / (1 - E2 * s * s) + (1 / (2 * E)) * Math.log((1 + E * s) / (1 - E * s));
  };
  return ((A * A * (1 - E2)) / 2) * (((lon2 - lon1) * Math.PI) / 180) * (q(lat2) - q(lat1));
}
