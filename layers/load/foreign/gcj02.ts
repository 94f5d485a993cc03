/**
 * GCJ-02 (the offset coordinates of 高德/腾讯 maps) and BD-09 (百度) to and from WGS 84. The forward
 * GCJ-02 offset is the published obfuscation polynomial on the Krasovsky ellipsoid; there is no
 * closed inverse, so WGS 84 is recovered by fixed-point iteration (each step subtracts the offset
 * at the current estimate), which converges to well under a millimetre in a few steps.
 */

const A = 6_378_245;
const EE = 0.006_693_421_622_965_943;
const RAD = Math.PI / 180;
const X_PI = (Math.PI * 3000) / 180;

/** True where GCJ-02 applies (a rough box around mainland China; outside it GCJ-02 = WGS 84). */
export function inGcjArea(lon: number, lat: number): boolean {
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** The GCJ-02 offset (degrees) at a WGS 84 position. */
function offset(lon: number, lat: number): [number, number] {
  const dLat0 = offsetLat(lon - 105, lat - 35);
  const dLon0 = offsetLon(lon - 105, lat - 35);
  const rad = lat * RAD;
  const s = Math.sin(rad);
  const magic = 1 - EE * s * s;
  const sq = Math.sqrt(magic);
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sq)) * Math.PI);
  const dLon = (dLon0 * 180) / ((A / sq) * Math.cos(rad) * Math.PI);
  return [dLon, dLat];
}

/**
 * WGS 84 → GCJ-02.
 * @example wgs84ToGcj02(116.397, 39.908) // ≈ [116.4032, 39.9094]
 */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (!inGcjArea(lon, lat)) return [lon, lat];
  const [dx, dy] = offset(lon, lat);
  return [lon + dx, lat + dy];
}

/** GCJ-02 → WGS 84 by iteration (round trip within a millimetre). */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (!inGcjArea(lon, lat)) return [lon, lat];
  let x = lon;
  let y = lat;
  for (let i = 0; i < 30; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const ex = gx - lon;
    const ey = gy - lat;
    x -= ex;
    y -= ey;
    if (Math.abs(ex) < 1e-11 && Math.abs(ey) < 1e-11) break;
  }
  return [x, y];
}

/** GCJ-02 → BD-09 (百度's further offset). */
export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const t = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(t) + 0.0065, z * Math.sin(t) + 0.006];
}

/** BD-09 → GCJ-02, refined by iteration against {@link gcj02ToBd09}. */
export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  let x = lon - 0.0065;
  let y = lat - 0.006;
  for (let i = 0; i < 30; i++) {
    const [bx, by] = gcj02ToBd09(x, y);
    const ex = bx - lon;
    const ey = by - lat;
    x -= ex;
    y -= ey;
    if (Math.abs(ex) < 1e-11 && Math.abs(ey) < 1e-11) break;
  }
  return [x, y];
}

/** BD-09 → WGS 84. */
export function bd09ToWgs84(lon: number, lat: number): [number, number] {
  const [x, y] = bd09ToGcj02(lon, lat);
  return gcj02ToWgs84(x, y);
}

/** WGS 84 → BD-09. */
export function wgs84ToBd09(lon: number, lat: number): [number, number] {
  const [x, y] = wgs84ToGcj02(lon, lat);
  return gcj02ToBd09(x, y);
}
