import type { I18nText } from '../../types.ts';
import { ELLIPSOIDS, gaussKrugerCrs, gaussKrugerToLonLat } from '../gauss-kruger.ts';
import type { StatedCrs } from './types.ts';

type Datum = 'CGCS2000' | 'Beijing1954' | 'Xian1980' | 'WGS84' | 'unknown';

/**
 * The offset datum a lon/lat CRS's name gives: GCJ-02 (高德/腾讯, 火星坐标) or BD-09 (百度). Tools
 * that export those maps' data (水经注, BIGEMAP, 奥维 …) name it so in a .prj over the WGS 84
 * ellipsoid, so the name is asked before the ellipsoid.
 */
function offsetDatumOf(text: string): 'GCJ02' | 'BD09' | null {
  const s = text.toLowerCase().replace(/[\s_'’-]+/g, '');
  if (/bd09|baidu|百度/.test(s)) return 'BD09';
  if (/gcj02|gcj2|火星|gaode|amap|高德|腾讯/.test(s)) return 'GCJ02';
  return null;
}

function datumOf(wkt: string): Datum {
  const s = wkt.toLowerCase().replace(/[\s_'’-]+/g, '');
  if (/china2000|cgcs2000|chinageodeticcoordinatesystem2000/.test(s)) return 'CGCS2000';
  if (/beijing1954|beijing54|krasovsky|krassowsky/.test(s)) return 'Beijing1954';
  if (/xian1980|xian80|iag1975|iag75/.test(s)) return 'Xian1980';
  if (/wgs1984|wgs84|worldgeodeticsystem1984/.test(s)) return 'WGS84';
  return 'unknown';
}

/** Every PARAMETER["name", value] of a WKT (1 or 2), keyed by a normalised name. */
function parameters(wkt: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /PARAMETER\s*\[\s*"([^"]+)"\s*,\s*(-?[\d.]+(?:[eE][-+]?\d+)?)/gi;
  for (let m = re.exec(wkt); m; m = re.exec(wkt)) {
    const key = m[1].toLowerCase().replace(/[\s-]+/g, '_');
    if (!out.has(key)) out.set(key, Number(m[2]));
  }
  return out;
}

function param(p: Map<string, number>, ...names: string[]): number | undefined {
  for (const n of names) if (p.has(n)) return p.get(n);
  return undefined;
}

/**
 * What a `.prj` (ESRI or OGC WKT 1, or WKT 2) says about the coordinates: CGCS2000 / WGS 84 /
 * Beijing 1954 / Xi'an 1980 geographic, a Gauss-Krüger or UTM zone (transverse Mercator, with or
 * without the zone number in the false easting), or Web Mercator. Anything else is returned as
 * `unknown` with its text, never guessed.
 * @param wkt - the .prj text
 * @example parsePrj('PROJCS["CGCS2000_3_Degree_GK_CM_114E",…]') // { kind: 'gauss-kruger', centralMeridian: 114, falseEasting: 500000, … }
 */
export function parsePrj(wkt: string): StatedCrs {
  const text = wkt.trim();
  const head = /^\s*(\w+)\s*\[/.exec(text)?.[1]?.toUpperCase() ?? '';
  const projected = head === 'PROJCS' || head === 'PROJCRS' || head === 'PROJECTEDCRS';
  const geographic = head === 'GEOGCS' || head === 'GEOGCRS' || head === 'GEODCRS' || head === 'GEOGRAPHICCRS';
  if (geographic) {
    const offset = offsetDatumOf(text);
    if (offset) return { kind: 'lonlat', datum: offset };
    const d = datumOf(text);
    return { kind: 'lonlat', datum: d === 'unknown' ? 'unknown' : d };
  }
  if (!projected) return { kind: 'unknown', text: text.slice(0, 200) };
  const lower = text.toLowerCase();
  if (/mercator_auxiliary_sphere|pseudo[ _-]?mercator|web_mercator|popular visualisation/.test(lower)) return { kind: 'web-mercator' };
  if (!/transverse[ _]mercator|gauss[ _-]?kruger|gauss[ _-]?krüger/.test(lower)) return { kind: 'unknown', text: text.slice(0, 200) };
  const p = parameters(text);
  const cm = param(p, 'central_meridian', 'longitude_of_natural_origin', 'longitude_of_origin', 'longitude_of_center');
  const fe = param(p, 'false_easting') ?? 0;
  const fn = param(p, 'false_northing') ?? 0;
  const k = param(p, 'scale_factor', 'scale_factor_at_natural_origin') ?? 1;
  const lat0 = param(p, 'latitude_of_origin', 'latitude_of_natural_origin') ?? 0;
  if (cm === undefined || lat0 !== 0) return { kind: 'unknown', text: text.slice(0, 200) };
  const zoneFromFe = fe >= 1_000_000 ? Math.floor(fe / 1_000_000) : undefined;
  const width = /3_degree|3 degree|3-degree|3度/.test(lower) ? 3 : /6_degree|6 degree|6-degree|6度/.test(lower) ? 6 : undefined;
  const out: StatedCrs = { kind: 'gauss-kruger', datum: datumOf(text), centralMeridian: cm, falseEasting: fe };
  const zoneWidth: 3 | 6 | undefined = width ?? (zoneFromFe !== undefined ? (zoneFromFe >= 25 ? 3 : 6) : undefined);
  if (zoneWidth) out.zoneWidth = zoneWidth;
  if (zoneFromFe !== undefined) out.zone = zoneFromFe;
  if (k !== 1) out.scaleFactor = k;
  if (fn !== 0) out.falseNorthing = fn;
  return out;
}

/**
 * The Gauss-Krüger zones of the older Chinese datums by EPSG code (checked against epsg.io:
 * 2341 = Xi'an 1980 6° CM 93E, 2364 = Xi'an 1980 3° zone 40, 2379 = Xi'an 1980 3° CM 102E,
 * 2435 = Beijing 1954 3° CM 114E, 21419 = Beijing 1954 6° zone 19, 21454 = Beijing 1954 6° CM 81E): the first code, the datum, the zone width, and whether the false
 * easting carries the zone number. The first zone is 13 (6°) or 25 (3°), the first CM 75°E.
 */
const OLD_DATUM_GK: readonly { from: number; count: number; datum: 'Xian1980' | 'Beijing1954'; width: 3 | 6; zoned: boolean }[] = [
  { from: 2327, count: 11, datum: 'Xian1980', width: 6, zoned: true },
  { from: 2338, count: 11, datum: 'Xian1980', width: 6, zoned: false },
  { from: 2349, count: 21, datum: 'Xian1980', width: 3, zoned: true },
  { from: 2370, count: 21, datum: 'Xian1980', width: 3, zoned: false },
  { from: 2401, count: 21, datum: 'Beijing1954', width: 3, zoned: true },
  { from: 2422, count: 21, datum: 'Beijing1954', width: 3, zoned: false },
  { from: 21413, count: 11, datum: 'Beijing1954', width: 6, zoned: true },
  { from: 21453, count: 11, datum: 'Beijing1954', width: 6, zoned: false },
];

/** An older-datum Gauss-Krüger EPSG code as a StatedCrs (converted without a datum shift, and said), or null. */
function oldDatumGk(code: number): StatedCrs | null {
  const r = OLD_DATUM_GK.find((x) => code >= x.from && code < x.from + x.count);
  if (!r) return null;
  const i = code - r.from;
  const zone = (r.width === 6 ? 13 : 25) + i;
  const centralMeridian = 75 + i * r.width;
  return { kind: 'gauss-kruger', datum: r.datum, centralMeridian, falseEasting: r.zoned ? zone * 1_000_000 + 500_000 : 500_000, zoneWidth: r.width, ...(r.zoned ? { zone } : {}) };
}

/**
 * The CRS an EPSG code names (from a GeoJSON `crs` member, e.g. `urn:ogc:def:crs:EPSG::4547`):
 * 4326/4490/CRS84 lon/lat, 3857 Web Mercator, 4491–4554 CGCS2000 Gauss-Krüger, the Xi'an 1980 and
 * Beijing 1954 Gauss-Krüger codes ({@link OLD_DATUM_GK}), a name saying GCJ-02 or BD-09; null
 * otherwise.
 */
export function crsFromName(name: string): StatedCrs | null {
  const s = name.trim().toLowerCase();
  const offset = offsetDatumOf(s);
  if (offset) return { kind: 'lonlat', datum: offset };
  if (/crs84$|crs:84$/.test(s)) return { kind: 'lonlat', datum: 'WGS84' };
  const m = /(?:epsg)(?::+|\/0\/|::)(\d{4,5})$/.exec(s) ?? /^(\d{4,5})$/.exec(s);
  if (!m) return null;
  const code = Number(m[1]);
  if (code === 4326) return { kind: 'lonlat', datum: 'WGS84' };
  if (code === 4490) return { kind: 'lonlat', datum: 'CGCS2000' };
  if (code === 3857 || code === 900913) return { kind: 'web-mercator' };
  const gk = gaussKrugerCrs(String(code));
  if (!gk) return oldDatumGk(code);
  return {
    kind: 'gauss-kruger',
    datum: 'CGCS2000',
    centralMeridian: gk.centralMeridian,
    falseEasting: (gk.zone ?? 0) * 1_000_000 + 500_000,
    zoneWidth: (code >= 4491 && code <= 4512 ? 6 : 3) as 3 | 6,
    ...(gk.zone !== null ? { zone: gk.zone } : {}),
  };
}

/** The user's pick of a CRS, e.g. 'EPSG:4526', as a StatedCrs; null for a code not supported. */
export function crsFromCode(code: string): StatedCrs | null {
  return crsFromName(code.trim().replace(/^epsg:\s*/i, 'epsg:'));
}

/** The EPSG code of a CGCS2000 Gauss-Krüger or lon/lat CRS, when it has one. */
export function epsgOf(crs: StatedCrs): number | null {
  if (crs.kind === 'web-mercator') return 3857;
  if (crs.kind === 'lonlat') return crs.datum === 'CGCS2000' ? 4490 : crs.datum === 'WGS84' ? 4326 : null;
  if (crs.kind !== 'gauss-kruger' || (crs.datum !== 'CGCS2000' && crs.datum !== 'unknown') || (crs.scaleFactor ?? 1) !== 1 || crs.falseNorthing) return null;
  const zoned = crs.falseEasting !== 500_000;
  const width = crs.zoneWidth ?? 3;
  if (width === 3) {
    if (zoned) return crs.zone !== undefined && crs.zone * 3 === crs.centralMeridian ? 4513 + crs.zone - 25 : null;
    const i = (crs.centralMeridian - 75) / 3;
    return Number.isInteger(i) && i >= 0 && i <= 20 ? 4534 + i : null;
  }
  if (zoned) return crs.zone !== undefined && crs.zone * 6 - 3 === crs.centralMeridian ? 4491 + crs.zone - 13 : null;
  const i = (crs.centralMeridian - 75) / 6;
  return Number.isInteger(i) && i >= 0 && i <= 10 ? 4502 + i : null;
}

const R_MERC = 6_378_137;

/** A conversion of source coordinates to lon/lat, with what the user is told about it. */
export interface CrsTransform {
  /** null when the coordinates are already lon/lat. */
  transform: ((x: number, y: number) => [number, number]) | null;
  /** A short description for reports: "CGCS2000 高斯-克吕格 3° 第 38 带（中央经线 114°E）". */
  label: I18nText;
  /** A datum that is not converted (Beijing 1954, Xi'an 1980): positions may be tens of metres off. */
  datumWarning?: I18nText;
}

const DATUM_ZH: Record<string, string> = { CGCS2000: 'CGCS2000', WGS84: 'WGS 84', Beijing1954: '北京 1954', Xian1980: '西安 1980', GCJ02: 'GCJ-02（高德/腾讯）', BD09: 'BD-09（百度）', unknown: '未注明基准' };
const DATUM_EN: Record<string, string> = { CGCS2000: 'CGCS2000', WGS84: 'WGS 84', Beijing1954: 'Beijing 1954', Xian1980: "Xi'an 1980", GCJ02: 'GCJ-02 (Amap/Tencent)', BD09: 'BD-09 (Baidu)', unknown: 'unstated datum' };

/**
 * How to turn coordinates in a stated CRS into lon/lat (WGS 84 / CGCS2000, treated alike as the
 * data contract does). Gauss-Krüger and UTM use the inverse transverse Mercator on the CGCS2000
 * ellipsoid after removing the false easting (with its zone number), false northing and scale.
 * Beijing 1954 and Xi'an 1980 are inverted on their own ellipsoid without a datum shift, and say so.
 * GCJ-02 and BD-09 are not converted here (only on the user's word). Null for an unknown CRS.
 */
export function crsTransform(crs: StatedCrs): CrsTransform | null {
  if (crs.kind === 'unknown') return null;
  if (crs.kind === 'lonlat') {
    const warn = crs.datum === 'Beijing1954' || crs.datum === 'Xian1980' ? datumWarning(crs.datum) : undefined;
    return { transform: null, label: { zh: `经纬度（${DATUM_ZH[crs.datum] ?? crs.datum}）`, en: `lon/lat (${DATUM_EN[crs.datum] ?? crs.datum})` }, datumWarning: warn };
  }
  if (crs.kind === 'web-mercator') {
    return {
      transform: (x, y) => [(x / R_MERC) * (180 / Math.PI), Math.atan(Math.sinh(y / R_MERC)) * (180 / Math.PI)],
      label: { zh: 'Web 墨卡托（EPSG:3857）', en: 'Web Mercator (EPSG:3857)' },
    };
  }
  const k = crs.scaleFactor ?? 1;
  const fn = crs.falseNorthing ?? 0;
  const fe = crs.falseEasting;
  const cm = crs.centralMeridian;
  // Beijing 1954 and Xi'an 1980 are inverted on their own ellipsoid (Krassovsky 1940, IAG 1975): the
  // latitude is then the datum's own, off from CGCS2000 only by the datum shift the warning names. On
  // the CGCS2000 ellipsoid a Beijing 1954 point moved up to 103 m more (PROJ cs2cs, docs/peers.md).
  const ell = crs.datum === 'Beijing1954' ? ELLIPSOIDS.Krassovsky1940 : crs.datum === 'Xian1980' ? ELLIPSOIDS.IAG1975 : ELLIPSOIDS.CGCS2000;
  const zone = crs.zone !== undefined ? `第 ${crs.zone} 带，` : '';
  const zoneEn = crs.zone !== undefined ? `zone ${crs.zone}, ` : '';
  const width = crs.zoneWidth ? `${crs.zoneWidth}° ` : '';
  const kind = k === 1 ? { zh: '高斯-克吕格', en: 'Gauss-Krüger' } : { zh: '横轴墨卡托（UTM）', en: 'transverse Mercator (UTM)' };
  return {
    transform: (x, y) => gaussKrugerToLonLat(500_000 + (x - fe) / k, (y - fn) / k, cm, ell),
    label: {
      zh: `${DATUM_ZH[crs.datum]} ${kind.zh} ${width}${zone}中央经线 ${cm}°E，东偏移 ${fe} 米`,
      en: `${DATUM_EN[crs.datum]} ${kind.en} ${width}${zoneEn}central meridian ${cm}°E, false easting ${fe} m`,
    },
    datumWarning: crs.datum === 'Beijing1954' || crs.datum === 'Xian1980' ? datumWarning(crs.datum) : undefined,
  };
}

function datumWarning(d: 'Beijing1954' | 'Xian1980'): I18nText {
  return {
    zh: `坐标系基准为${DATUM_ZH[d]}，本程序未做基准转换（需要当地的七参数）：已在该基准自身的椭球上换算为经纬度，再按 CGCS2000 经纬度使用，位置可能偏差数十至一百多米；如需精确位置，请先用当地参数转换为 CGCS2000 再导入。`,
    en: `The datum is ${DATUM_EN[d]}. No datum shift is performed (it needs local seven-parameter values): the coordinates were converted to lon/lat on the datum's own ellipsoid and used as CGCS2000 lon/lat, so they may be off by tens to over a hundred metres. For exact positions convert to CGCS2000 with local parameters first.`,
  };
}
