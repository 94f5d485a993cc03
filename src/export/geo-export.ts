import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { unzipSync, zipSync } from 'fflate';
import { toCsv } from '../../analysis/csv-export';
import { writeShapefile, type ShapefileCrs } from '../../layers/load/foreign/shapefile-write';
import type { Lang } from '../../layers/types';
import { MESSAGES } from '../i18n/messages';
import { resultFeatures, type ResultLayer } from '../state/results-slice';

/** The coordinate systems offered for a Shapefile export. */
export type ShpCrsChoice = 'gk' | 'cgcs2000' | 'wgs84';

/**
 * The Shapefile CRS of a choice: for Gauss-Krüger the 3° zone whose central meridian is nearest
 * the data's mean longitude (e.g. 114.7°E → 114°, zone 38), zone number in the easting.
 *
 * @param choice - 'gk', 'cgcs2000' or 'wgs84'
 * @param meanLon - the data's mean longitude (°E)
 */
export function shapefileCrs(choice: ShpCrsChoice, meanLon: number): ShapefileCrs {
  if (choice === 'wgs84') return { kind: 'wgs84' };
  if (choice === 'cgcs2000') return { kind: 'cgcs2000' };
  return { kind: 'gauss-kruger', centralMeridian: Math.round(meanLon / 3) * 3, zoneInEasting: true };
}

/** Mean longitude of the first coordinate of each feature (for the Gauss-Krüger zone); 114 without any. */
export function meanLongitude(layers: readonly ResultLayer[]): number {
  let sum = 0;
  let n = 0;
  const first = (c: unknown): number | null => (Array.isArray(c) ? (typeof c[0] === 'number' ? c[0] : first(c[0])) : null);
  for (const l of layers)
    for (const f of resultFeatures(l)) {
      const g = f.geometry as { coordinates?: unknown } | null;
      const lon = g ? first(g.coordinates) : null;
      if (lon !== null && Number.isFinite(lon)) {
        sum += lon;
        n++;
      }
    }
  return n ? sum / n : 114;
}

/** Property values as they go out: plain values stay, objects and arrays as JSON text. */
function plain(props: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    if (k.startsWith('__')) continue;
    out[k] = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
  }
  return out;
}

/**
 * Result layers as one GeoJSON FeatureCollection (WGS 84 lon/lat, RFC 7946): every feature with
 * its properties and the layer's title (图层) in the UI language.
 */
export function resultsGeojson(layers: readonly ResultLayer[], lang: Lang): FeatureCollection<Geometry | null> {
  const key = MESSAGES[lang].exports.geo.layerProp;
  const features: Feature<Geometry | null>[] = [];
  for (const l of layers) for (const f of resultFeatures(l)) features.push({ type: 'Feature', geometry: f.geometry, properties: { [key]: l.title[lang], ...plain(f.properties as Record<string, unknown> | null) } });
  return { type: 'FeatureCollection', features };
}

/** The features a Shapefile export of these result layers would hold (0: nothing to export). */
export function shapefileFeatureCount(layers: readonly ResultLayer[]): number {
  let n = 0;
  for (const l of layers) n += resultFeatures(l).length;
  return n;
}

/**
 * Result layers as one zipped Shapefile set: one .shp/.shx/.dbf/.prj/.cpg per layer (named by the
 * layer id), in the chosen CRS and attribute encoding, plus a field-name mapping (字段对照.csv,
 * UTF-8 with BOM: layer, property, DBF field of ≤ 10 bytes, how many values were cut to the 254 bytes
 * a DBF field holds).
 *
 * @param layers - result layers (those drawn on the map)
 * @param opts.crs - the CRS choice; Gauss-Krüger takes the zone of the layers' mean longitude
 * @param opts.encoding - 'gbk' or 'utf-8' (.dbf and .cpg)
 */
export function resultsShapefile(layers: readonly ResultLayer[], opts: { crs: ShpCrsChoice; encoding: 'gbk' | 'utf-8' }, lang: Lang): { zip: Uint8Array; fieldNames: Record<string, Record<string, string>> } {
  const g = MESSAGES[lang].exports.geo;
  // no feature in any layer: no zip (it held only the mapping's header); the button is disabled then
  if (shapefileFeatureCount(layers) === 0) throw new Error(g.noFeatures);
  const input = layers
    .map((l) => ({ name: l.id, features: resultFeatures(l).map((f) => ({ geometry: f.geometry as { type: string; coordinates: unknown } | null, properties: plain(f.properties as Record<string, unknown> | null) })) }))
    .filter((l) => l.features.length > 0);
  const w = writeShapefile(input, { crs: shapefileCrs(opts.crs, meanLongitude(layers)), encoding: opts.encoding });
  const rows: (string | number | null)[][] = [];
  for (const [layer, names] of Object.entries(w.fieldNames)) {
    const title = layers.find((l) => l.id === layer)?.title[lang] ?? layer;
    for (const [prop, field] of Object.entries(names)) rows.push([`${title} (${layer})`, prop, field, w.truncated[layer]?.[prop] ?? null]);
  }
  const files = unzipSync(w.zip);
  files[g.mappingFile] = new TextEncoder().encode(toCsv(g.mappingHeader, rows, { bom: true }));
  return { zip: zipSync(files), fieldNames: w.fieldNames };
}
