/** A CGCS2000 Gauss-Krüger projection: central meridian and whether eastings carry the zone number. */
export interface GaussKrugerCrs {
  epsg: number;
  /** Central meridian, degrees east. */
  centralMeridian: number;
  /** Zone number written in front of the easting (38 500 000 → 38), or null for the "CM" forms. */
  zone: number | null;
}

/**
 * The CGCS2000 Gauss-Krüger systems by EPSG code: 4491–4501 (6° zones 13–23, zone in the easting),
 * 4502–4512 (6°, CM 75°E–135°E), 4513–4533 (3° zones 25–45, zone in the easting), 4534–4554
 * (3°, CM 75°E–135°E). Returns null for any other code.
 * @param code - 'EPSG:4526', '4526' …
 */
export function gaussKrugerCrs(code: string): GaussKrugerCrs | null {
  const m = /^(?:epsg:)?\s*(\d{4})$/i.exec(code.trim());
  if (!m) return null;
  const epsg = Number(m[1]);
  if (epsg >= 4491 && epsg <= 4501) return { epsg, zone: epsg - 4491 + 13, centralMeridian: (epsg - 4491 + 13) * 6 - 3 };
  if (epsg >= 4502 && epsg <= 4512) return { epsg, zone: null, centralMeridian: 75 + (epsg - 4502) * 6 };
  if (epsg >= 4513 && epsg <= 4533) return { epsg, zone: epsg - 4513 + 25, centralMeridian: (epsg - 4513 + 25) * 3 };
  if (epsg >= 4534 && epsg <= 4554) return { epsg, zone: null, centralMeridian: 75 + (epsg - 4534) * 3 };
  return null;
}

/** An ellipsoid: semi-major axis (m) and flattening. */
export interface Ellipsoid {
  a: number;
  f: number;
}

/**
 * The ellipsoids of China's geodetic datums: CGCS2000; Krassovsky 1940 (Beijing 1954, EPSG:7024);
 * IAG 1975 (Xi'an 1980, EPSG:7049). A Beijing 1954 coordinate inverted on the CGCS2000 ellipsoid
 * lands up to 103 m from its own latitude (PROJ cs2cs, session 15; docs/peers.md).
 */
export const ELLIPSOIDS = {
  CGCS2000: { a: 6_378_137, f: 1 / 298.257222101 },
  Krassovsky1940: { a: 6_378_245, f: 1 / 298.3 },
  IAG1975: { a: 6_378_140, f: 1 / 298.257 },
} as const satisfies Record<string, Ellipsoid>;

const A = ELLIPSOIDS.CGCS2000.a;
const F = ELLIPSOIDS.CGCS2000.f;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;
const FALSE_EASTING = 500_000;

/** Meridian arc length from the equator to latitude `phi` (radians), metres (Snyder 3-21). */
export function meridianArc(phi: number, ellipsoid: Ellipsoid = ELLIPSOIDS.CGCS2000): number {
  const A = ellipsoid.a;
  const E2 = ellipsoid.f * (2 - ellipsoid.f);
  const e4 = E2 * E2;
  const e6 = e4 * E2;
  return (
    A *
    ((1 - E2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi -
      ((3 * E2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi) +
      ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi) -
      ((35 * e6) / 3072) * Math.sin(6 * phi))
  );
}

/**
 * Inverse transverse Mercator (Gauss-Krüger, scale 1 on the central meridian, false easting
 * 500 km) on the CGCS2000 ellipsoid (or the datum's own, {@link ELLIPSOIDS}), by Snyder's series
 * (USGS PP 1395, 8-18 … 8-25): millimetre level within a 3° or 6° zone.
 * @param x - easting in metres (zone number already removed)
 * @param y - northing in metres
 * @param centralMeridian - degrees east
 * @param ellipsoid - the datum's ellipsoid; default CGCS2000
 * @returns [longitude, latitude] in degrees (on that datum)
 */
export function gaussKrugerToLonLat(x: number, y: number, centralMeridian: number, ellipsoid: Ellipsoid = ELLIPSOIDS.CGCS2000): [number, number] {
  const A = ellipsoid.a;
  const E2 = ellipsoid.f * (2 - ellipsoid.f);
  const EP2 = E2 / (1 - E2);
  const e1 = (1 - Math.sqrt(1 - E2)) / (1 + Math.sqrt(1 - E2));
  const mu = y / (A * (1 - E2 / 4 - (3 * E2 * E2) / 64 - (5 * E2 * E2 * E2) / 256));
  const phi1 =
    mu +
    ((3 * e1) / 2 - (27 * e1 ** 3) / 32) * Math.sin(2 * mu) +
    ((21 * e1 * e1) / 16 - (55 * e1 ** 4) / 32) * Math.sin(4 * mu) +
    ((151 * e1 ** 3) / 96) * Math.sin(6 * mu) +
    ((1097 * e1 ** 4) / 512) * Math.sin(8 * mu);
  const sin1 = Math.sin(phi1);
  const cos1 = Math.cos(phi1);
  const tan1 = Math.tan(phi1);
  const c1 = EP2 * cos1 * cos1;
  const t1 = tan1 * tan1;
  const w = 1 - E2 * sin1 * sin1;
  const n1 = A / Math.sqrt(w);
  const r1 = (A * (1 - E2)) / (w * Math.sqrt(w));
  const d = (x - FALSE_EASTING) / n1;
  const lat =
    phi1 -
    ((n1 * tan1) / r1) *
      ((d * d) / 2 - ((5 + 3 * t1 + 10 * c1 - 4 * c1 * c1 - 9 * EP2) * d ** 4) / 24 + ((61 + 90 * t1 + 298 * c1 + 45 * t1 * t1 - 252 * EP2 - 3 * c1 * c1) * d ** 6) / 720);
  const lon = centralMeridian * RAD + (d - ((1 + 2 * t1 + c1) * d ** 3) / 6 + ((5 - 2 * c1 + 28 * t1 - 3 * c1 * c1 + 8 * EP2 + 24 * t1 * t1) * d ** 5) / 120) / cos1;
  return [lon / RAD, lat / RAD];
}

/**
 * Forward transverse Mercator (Snyder 8-9 … 8-10), the twin of {@link gaussKrugerToLonLat}: used to
 * check the inverse.
 * @returns [easting, northing] in metres (false easting 500 km, no zone number)
 */
export function lonLatToGaussKruger(lon: number, lat: number, centralMeridian: number, ellipsoid: Ellipsoid = ELLIPSOIDS.CGCS2000): [number, number] {
  const A = ellipsoid.a;
  const E2 = ellipsoid.f * (2 - ellipsoid.f);
  const EP2 = E2 / (1 - E2);
  const phi = lat * RAD;
  const s = Math.sin(phi);
  const c = Math.cos(phi);
  const t = Math.tan(phi) ** 2;
  const cc = EP2 * c * c;
  const n = A / Math.sqrt(1 - E2 * s * s);
  const a = (lon - centralMeridian) * RAD * c;
  const x = n * (a + ((1 - t + cc) * a ** 3) / 6 + ((5 - 18 * t + t * t + 72 * cc - 58 * EP2) * a ** 5) / 120);
  const y =
    meridianArc(phi, ellipsoid) +
    n * Math.tan(phi) * ((a * a) / 2 + ((5 - t + 9 * cc + 4 * cc * cc) * a ** 4) / 24 + ((61 - 58 * t + t * t + 600 * cc - 330 * EP2) * a ** 6) / 720);
  return [x + FALSE_EASTING, y];
}

/**
 * A function turning a file's (x, y) into (lon, lat) for a confirmed Gauss-Krüger system: removes
 * the zone number from the easting when the system has one, and takes northing-first pairs when
 * `northingFirst` (the Chinese survey habit of X = north).
 */
export function gaussKrugerTransform(crs: GaussKrugerCrs, northingFirst = false): (x: number, y: number) => [number, number] {
  const prefix = crs.zone === null ? 0 : crs.zone * 1_000_000;
  return (x, y) => {
    const [e, nn] = northingFirst ? [y, x] : [x, y];
    return gaussKrugerToLonLat(e - prefix, nn, crs.centralMeridian);
  };
}
