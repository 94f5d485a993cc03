import type { I18nText } from '../types.ts';

/** China's bounding box in lon/lat degrees (with a small margin). */
export const CHINA_BBOX = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 } as const;

/** What a file's coordinates look like. */
export type CrsGuess =
  | { kind: 'lonlat' }
  | { kind: 'swapped' }
  | { kind: 'gauss-kruger'; zone?: number; northingFirst?: boolean }
  | { kind: 'projected' };

/** True when (lon, lat) lies in China's bounding box. */
export function inChina(lon: number, lat: number): boolean {
  return lon >= CHINA_BBOX.minLon && lon <= CHINA_BBOX.maxLon && lat >= CHINA_BBOX.minLat && lat <= CHINA_BBOX.maxLat;
}

/** True for a valid lon/lat pair. */
export function inLonLatRange(lon: number, lat: number): boolean {
  return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

const GK_NORTHING_MIN = 300_000;
const GK_NORTHING_MAX = 6_500_000;

/** Gauss-Krüger zone from an easting with the zone number in front (38 500 000 → 38), else undefined. */
function gkZone(x: number, y: number): number | undefined {
  if (y < GK_NORTHING_MIN || y > GK_NORTHING_MAX) return undefined;
  const zone = Math.floor(x / 1_000_000);
  const rest = x - zone * 1_000_000;
  if (rest < 100_000 || rest > 900_000) return undefined;
  return (zone >= 13 && zone <= 23) || (zone >= 25 && zone <= 45) ? zone : undefined;
}

function isGkPlain(x: number, y: number): boolean {
  return x >= 100_000 && x <= 900_000 && y >= GK_NORTHING_MIN && y <= GK_NORTHING_MAX;
}

/**
 * Guess a file's coordinate system from sample positions: lon/lat, lon/lat swapped (they fit
 * China only as lat/lon), Gauss-Krüger metres (x≈500 000, or with the zone prefix 38 500 000), or
 * some other projected system. Decided by the majority of the finite samples.
 * @param xs - first coordinate of each sample
 * @param ys - second coordinate of each sample
 */
export function guessCrs(xs: ArrayLike<number>, ys: ArrayLike<number>): CrsGuess {
  let n = 0;
  let swapped = 0;
  let outOfRange = 0;
  let plain = 0;
  let plainNorthingFirst = 0;
  const zones = new Map<number, number>();
  const zonesNorthingFirst = new Map<number, number>();
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++;
    if (inChina(y, x) && !inChina(x, y)) swapped++;
    if (inLonLatRange(x, y)) continue;
    outOfRange++;
    if (isGkPlain(x, y)) plain++;
    if (isGkPlain(y, x)) plainNorthingFirst++;
    const z = gkZone(x, y);
    if (z !== undefined) zones.set(z, (zones.get(z) ?? 0) + 1);
    const zn = gkZone(y, x);
    if (zn !== undefined) zonesNorthingFirst.set(zn, (zonesNorthingFirst.get(zn) ?? 0) + 1);
  }
  if (n === 0) return { kind: 'lonlat' };
  if (swapped * 2 > n) return { kind: 'swapped' };
  if (outOfRange * 2 <= n) return { kind: 'lonlat' };
  const [zone, zoneCount] = mostCommon(zones);
  if (zoneCount * 2 > outOfRange) return { kind: 'gauss-kruger', zone };
  const [zoneN, zoneCountN] = mostCommon(zonesNorthingFirst);
  if (zoneCountN * 2 > outOfRange) return { kind: 'gauss-kruger', zone: zoneN, northingFirst: true };
  if (plain * 2 > outOfRange) return { kind: 'gauss-kruger' };
  if (plainNorthingFirst * 2 > outOfRange) return { kind: 'gauss-kruger', northingFirst: true };
  return { kind: 'projected' };
}

function mostCommon(counts: Map<number, number>): [number | undefined, number] {
  let best: number | undefined;
  let bestCount = 0;
  for (const [z, c] of counts) if (c > bestCount) [best, bestCount] = [z, c];
  return [best, bestCount];
}

/** The message shown for a file whose coordinates are not lon/lat. */
export function crsMessage(guess: CrsGuess, count: number): I18nText {
  const order =
    guess.kind === 'gauss-kruger' && guess.northingFirst
      ? { zh: '，且坐标按“北坐标 X 在前、东坐标 Y 在后”书写', en: ', written northing (X) first and easting (Y) second' }
      : { zh: '', en: '' };
  if (guess.kind === 'swapped') {
    return {
      zh: `坐标的经纬度顺序似乎颠倒了（先纬度后经度），${count} 个要素按此顺序才落在中国境内；请确认后交换经纬度再导入。这些要素暂未加载。`,
      en: `Latitude and longitude seem swapped (latitude first): ${count} features fall in China only when swapped. Please confirm and swap them, then import again. These features were not loaded.`,
    };
  }
  if (guess.kind === 'gauss-kruger' && guess.zone !== undefined) {
    const threeDegree = guess.zone >= 25;
    const cm = threeDegree ? guess.zone * 3 : guess.zone * 6 - 3;
    const epsg = threeDegree ? `EPSG:${4513 + guess.zone - 25}` : `EPSG:${4491 + guess.zone - 13}`;
    const kind = threeDegree ? '3' : '6';
    return {
      zh: `坐标是投影坐标（米），不是经纬度：看起来是 CGCS2000 高斯-克吕格 ${kind} 度带第 ${guess.zone} 带（带号在横坐标前，中央经线 ${cm}°E，可能是 ${epsg}）${order.zh}。请确认坐标系：确认后导入时会自动转换为经纬度。${count} 个要素暂未加载，以免画到地图错误位置。`,
      en: `Coordinates are projected metres, not longitude/latitude: they look like CGCS2000 Gauss-Krüger ${kind}-degree zone ${guess.zone} (zone number in the easting, central meridian ${cm}°E, probably ${epsg})${order.en}. Please confirm the coordinate system; once confirmed, import converts them to lon/lat. ${count} features were not loaded for now, so they are not drawn in the wrong place.`,
    };
  }
  if (guess.kind === 'gauss-kruger') {
    return {
      zh: `坐标是投影坐标（米），不是经纬度：横坐标约 500000、纵坐标数百万米，看起来是 CGCS2000 高斯-克吕格坐标（不带带号，如 3 度带中央经线 114°E 为 EPSG:4547）${order.zh}。请告知坐标系（中央经线），导入时会自动转换为经纬度。${count} 个要素暂未加载，以免画到地图错误位置。`,
      en: `Coordinates are projected metres, not longitude/latitude: eastings near 500 000 and northings of millions of metres look like CGCS2000 Gauss-Krüger coordinates without a zone prefix (e.g. EPSG:4547 for the 3-degree zone with central meridian 114°E)${order.en}. Please state the coordinate system (central meridian); import then converts them to lon/lat. ${count} features were not loaded for now, so they are not drawn in the wrong place.`,
    };
  }
  return {
    zh: `坐标超出经纬度范围（经度 ±180°、纬度 ±90°），可能是未知的投影坐标系。请确认坐标系并转换为经纬度后再导入。${count} 个要素未加载。`,
    en: `Coordinates are outside the longitude/latitude range (±180°, ±90°); they may be in an unknown projected system. Please confirm the coordinate system and convert to lon/lat before importing. ${count} features were not loaded.`,
  };
}
