import type { I18nText } from '../../types.ts';

/**
 * The shared shape of every foreign-format reader (Shapefile, KML/KMZ, DXF, boundary-point tables,
 * point tables in CSV/XLSX). A reader turns one picked file (or a group of sibling files, e.g.
 * .shp/.shx/.dbf/.prj/.cpg) into one or more GeoJSON-like layers with coordinates **as written in
 * the source** (no reprojection here) and a statement of the source CRS when the file says one.
 * The import step then picks the target contract layer, maps fields, reprojects to WGS 84 and feeds
 * the result to the ordinary GeoJSON loader, so every check of the data contract applies.
 */

/** One feature as read: GeoJSON geometry in source coordinates, raw attribute values. */
export interface ForeignFeature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, string | number | boolean | null>;
}

/** What the file says about its coordinates (a stated CRS always wins over a guess). */
export type StatedCrs =
  | { kind: 'lonlat'; datum: 'WGS84' | 'CGCS2000' | 'Beijing1954' | 'Xian1980' | 'GCJ02' | 'BD09' | 'unknown' }
  | {
      kind: 'gauss-kruger';
      datum: 'CGCS2000' | 'Beijing1954' | 'Xian1980' | 'WGS84' | 'unknown';
      centralMeridian: number;
      falseEasting: number;
      zoneWidth?: 3 | 6;
      zone?: number;
      /** Scale on the central meridian (1 for Gauss-Krüger, 0.9996 for UTM); 1 when absent. */
      scaleFactor?: number;
      /** Metres added to northings; 0 when absent. */
      falseNorthing?: number;
    }
  | { kind: 'web-mercator' }
  | { kind: 'unknown'; text: string };

/** A problem found while reading, located as precisely as the format allows. */
export interface ForeignIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  /** File name as the user picked it (inside a zip: `archive.zip/inner.shp`). */
  file: string;
  /** 0-based feature / record index, or 1-based row for tables. */
  featureIndex?: number;
  row?: number;
  field?: string;
  message: I18nText;
}

/** One layer read from a file (a Shapefile, a KML folder, a DXF layer, a plot table…). */
export interface ForeignLayer {
  /** Where it came from, e.g. `消防栓.shp` or `奥维标注.kmz/文件夹1`. */
  source: string;
  /** A name for the user (file stem, KML folder name, DXF layer name). */
  name: string;
  geometry: 'Point' | 'LineString' | 'Polygon' | 'Mixed' | 'None';
  features: ForeignFeature[];
  /** Attribute names in file order. */
  fields: string[];
  crs: StatedCrs | null;
  /** Text encoding used for attributes, when the format has one (e.g. 'gbk' from a .cpg). */
  encoding?: string;
}

/** The result of reading one file or file group. */
export interface ForeignReadResult {
  layers: ForeignLayer[];
  issues: ForeignIssue[];
}

/** Input to a reader: every picked file (readers take the ones they understand). */
export interface ForeignFile {
  name: string;
  bytes: Uint8Array;
}
