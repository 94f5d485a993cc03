import type { I18nText } from '../types.ts';
import type { CrsGuess } from './crs.ts';
import { gaussKrugerCrs, gaussKrugerTransform } from './gauss-kruger.ts';
import type { IssueSink } from './issues.ts';

/** What the user confirmed about one file's coordinates after a CRS or axis-order question. */
export interface CoordinateOptions {
  /** The file's coordinate system, e.g. 'EPSG:4526' (CGCS2000 Gauss-Krüger 4491–4554) or 'EPSG:4490'. */
  crs?: string;
  /** Coordinates are latitude first: swap them. */
  swapAxes?: boolean;
}

/** A confirmed conversion of a file's positions to lon/lat. */
export interface CoordinateFix {
  transform: (x: number, y: number) => [number, number];
  /** Reported (info) once the file is converted, with the count appended by the caller. */
  done: (count: number) => I18nText;
}

const LONLAT_CODES = new Set(['4326', '4490', 'crs84', 'wgs84', 'cgcs2000']);

/**
 * The conversion the user confirmed for a file, or null for none. An unsupported CRS is reported
 * (error) and the file is read as it is, so its coordinates are then flagged as usual.
 * @param opts - the confirmed options
 * @param raw - the coordinate-system guess from the file's own positions (gives the axis order)
 */
export function coordinateFix(opts: CoordinateOptions | undefined, raw: CrsGuess, file: string, sink: IssueSink): CoordinateFix | null {
  if (!opts) return null;
  if (opts.crs) {
    const code = opts.crs.trim();
    const bare = code.toLowerCase().replace(/^epsg:|^ogc:|^urn:ogc:def:crs:ogc:1\.3:/, '').replace(/\s/g, '');
    if (LONLAT_CODES.has(bare)) return null;
    const gk = gaussKrugerCrs(code);
    if (!gk) {
      sink.add('error', 'unsupported-crs', file, {}, {
        zh: `暂不支持坐标系“${code}”；支持经纬度（EPSG:4490/4326）和 CGCS2000 高斯-克吕格（EPSG:4491–4554）。`,
        en: `The coordinate system "${code}" is not supported; supported are lon/lat (EPSG:4490/4326) and CGCS2000 Gauss-Krüger (EPSG:4491–4554).`,
      });
      return null;
    }
    const northingFirst = raw.kind === 'gauss-kruger' && raw.northingFirst === true;
    const order = northingFirst ? { zh: '（北坐标在前）', en: ' (northing first)' } : { zh: '', en: '' };
    return {
      transform: gaussKrugerTransform(gk, northingFirst),
      done: (n) => ({
        zh: `${n} 个位置已从 EPSG:${gk.epsg}（CGCS2000 高斯-克吕格，中央经线 ${gk.centralMeridian}°E）${order.zh}转换为经纬度。`,
        en: `${n} positions were converted from EPSG:${gk.epsg} (CGCS2000 Gauss-Krüger, central meridian ${gk.centralMeridian}°E)${order.en} to lon/lat.`,
      }),
    };
  }
  if (opts.swapAxes) {
    return {
      transform: (x, y) => [y, x],
      done: (n) => ({ zh: `已按确认交换了 ${n} 个位置的经纬度顺序。`, en: `Longitude and latitude were swapped for ${n} positions, as confirmed.` }),
    };
  }
  return null;
}

/** Apply a fix in place to every numeric position of a GeoJSON geometry; returns positions changed. */
export function fixGeometry(geometry: unknown, fix: CoordinateFix): number {
  const c = (geometry as { coordinates?: unknown } | null)?.coordinates;
  return Array.isArray(c) ? fixPositions(c, fix) : 0;
}

function fixPositions(c: unknown[], fix: CoordinateFix): number {
  if (typeof c[0] === 'number' && typeof c[1] === 'number') {
    const [lon, lat] = fix.transform(c[0], c[1]);
    c[0] = lon;
    c[1] = lat;
    return 1;
  }
  let n = 0;
  for (const d of c) if (Array.isArray(d)) n += fixPositions(d, fix);
  return n;
}
