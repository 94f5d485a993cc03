/** A GeoJSON-like feature to write; properties are plain values. */
export interface KmlFeature {
  geometry: { type: string; coordinates?: unknown; geometries?: unknown[] } | null;
  properties: Record<string, unknown> | null;
  /** The placemark's name, when it is not one of the properties (then `nameField` is not used). */
  name?: string;
}

/** A group of features written as one KML `<Folder>` (or, without a name, straight into the document). */
export interface KmlFolder {
  name?: string;
  features: readonly KmlFeature[];
  /** This folder's colour, `#rrggbb`, instead of the document's. */
  color?: string;
}

/** Line width in pixels when none is given: a display style, not an analysis parameter. */
export const KML_LINE_WIDTH_PX = 2;

/** Options of {@link writeKml}. */
export interface KmlWriteOptions {
  /** The document's name, shown by 奥维 and Google Earth as the list title. */
  documentName?: string;
  /** The property written as each placemark's `<name>`; default `name`. */
  nameField?: string;
  /** The property written as `<description>` (as text, escaped); default `description`. */
  descriptionField?: string;
  /** One colour for points, lines and polygon outlines, `#rrggbb`; polygons are filled at 40 % opacity. */
  color?: string;
  /** Line width in pixels; default {@link KML_LINE_WIDTH_PX}. */
  lineWidth?: number;
}

// XML 1.0 forbids C0 controls other than tab, LF, CR, and lone surrogates.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an XML element or a quoted attribute. */
function esc(s: string): string {
  return s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

type FieldType = 'int' | 'double' | 'bool' | 'string';

function fieldTypes(folders: readonly KmlFolder[], skip: Set<string>): Map<string, FieldType> {
  // null while a field has only held empty values so far
  const seen = new Map<string, FieldType | null>();
  for (const folder of folders) {
    for (const f of folder.features) {
      for (const [k, v] of Object.entries(f.properties ?? {})) {
        if (skip.has(k)) continue;
        const t: FieldType | null = v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'double') : 'string';
        const was = seen.get(k) ?? null;
        if (t === null || was === t) {
          if (!seen.has(k)) seen.set(k, t);
        } else if (was === null) seen.set(k, t);
        else if ((was === 'int' && t === 'double') || (was === 'double' && t === 'int')) seen.set(k, 'double');
        else seen.set(k, 'string');
      }
    }
  }
  const types = new Map<string, FieldType>();
  for (const [k, t] of seen) types.set(k, t ?? 'string');
  return types;
}

function coordText(c: unknown): string {
  if (!Array.isArray(c) || c.length < 2) throw new Error(`bad coordinate ${JSON.stringify(c)}`);
  return `${Number(c[0])},${Number(c[1])}`;
}

function ringText(r: unknown): string {
  if (!Array.isArray(r)) throw new Error('bad ring');
  return r.map(coordText).join(' ');
}

function geometryXml(g: { type: string; coordinates?: unknown; geometries?: unknown[] }): string {
  const c = g.coordinates as unknown[];
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${coordText(c)}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><tessellate>1</tessellate><coordinates>${ringText(c)}</coordinates></LineString>`;
    case 'Polygon': {
      const [outer, ...inner] = c;
      return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ringText(outer)}</coordinates></LinearRing></outerBoundaryIs>${inner
        .map((r) => `<innerBoundaryIs><LinearRing><coordinates>${ringText(r)}</coordinates></LinearRing></innerBoundaryIs>`)
        .join('')}</Polygon>`;
    }
    case 'MultiPoint':
    case 'MultiLineString':
    case 'MultiPolygon': {
      const type = g.type.slice(5);
      return `<MultiGeometry>${c.map((part) => geometryXml({ type, coordinates: part })).join('')}</MultiGeometry>`;
    }
    case 'GeometryCollection':
      return `<MultiGeometry>${(g.geometries ?? []).map((part) => geometryXml(part as { type: string })).join('')}</MultiGeometry>`;
    default:
      throw new Error(`geometry type ${g.type} cannot be written to KML`);
  }
}

/** `#rrggbb` and an opacity as KML's `aabbggrr`. */
function kmlColor(hex: string, alpha: number): string {
  const m = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/.exec(hex);
  if (!m) throw new Error(`colour ${hex} is not #rrggbb`);
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${a}${m[3]}${m[2]}${m[1]}`.toLowerCase();
}

/**
 * Write features as a KML 2.2 document (UTF-8 text) for 奥维互动地图 and Google Earth: each feature a
 * placemark with its name and description as escaped text, and every other property in
 * `ExtendedData/SchemaData` under one typed `Schema` (int, double, bool or string), so that reading
 * it back gives the same values and types; null values are left out. Coordinates are written as
 * given (lon,lat, full precision); KML expects WGS 84. Reading the result with `readKml` gives the
 * same geometries and properties (plus a `folder` attribute for named folders).
 *
 * @param folders - the feature groups; a group with a name becomes a `<Folder>`
 * @param options - document name, name and description fields, colour (a folder's own colour wins)
 * @returns the KML text
 * @example
 * writeKml([{ features: [{ geometry: { type: 'Point', coordinates: [114, 30] }, properties: { name: '1号' } }] }]);
 */
export function writeKml(folders: readonly KmlFolder[], options: KmlWriteOptions = {}): string {
  const nameField = options.nameField ?? 'name';
  const descField = options.descriptionField ?? 'description';
  const types = fieldTypes(folders, new Set([nameField, descField]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n'];
  if (options.documentName !== undefined) out.push(`<name>${esc(options.documentName)}</name>\n`);
  if (types.size > 0) {
    out.push('<Schema name="fields" id="fields">\n');
    for (const [k, t] of types) out.push(`<SimpleField name="${esc(k)}" type="${t}"/>\n`);
    out.push('</Schema>\n');
  }
  const colors = folders.map((f) => f.color ?? options.color);
  colors.forEach((c, i) => {
    if (c === undefined) return;
    const line = kmlColor(c, 1);
    out.push(
      `<Style id="s${i}"><IconStyle><color>${line}</color></IconStyle><LineStyle><color>${line}</color><width>${options.lineWidth ?? KML_LINE_WIDTH_PX}</width></LineStyle><PolyStyle><color>${kmlColor(c, 0.4)}</color></PolyStyle></Style>\n`,
    );
  });
  folders.forEach((folder, fi) => {
    const styled = colors[fi] !== undefined;
    if (folder.name !== undefined) out.push(`<Folder><name>${esc(folder.name)}</name>\n`);
    for (const f of folder.features) {
      const p = f.properties ?? {};
      out.push('<Placemark>');
      const name = f.name ?? p[nameField];
      if (name !== null && name !== undefined) out.push(`<name>${esc(String(name))}</name>`);
      const desc = p[descField];
      if (desc !== null && desc !== undefined) out.push(`<description>${esc(String(desc))}</description>`);
      if (styled) out.push(`<styleUrl>#s${fi}</styleUrl>`);
      const data: string[] = [];
      for (const [k, v] of Object.entries(p)) {
        if (!types.has(k) || v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
        // a bool as 1 / 0 (both xsd:boolean): GDAL's LIBKML driver, and so QGIS, reads "true" as 0
        data.push(`<SimpleData name="${esc(k)}">${typeof v === 'boolean' ? (v ? '1' : '0') : esc(String(v))}</SimpleData>`);
      }
      if (data.length > 0) out.push(`<ExtendedData><SchemaData schemaUrl="#fields">${data.join('')}</SchemaData></ExtendedData>`);
      if (f.geometry) out.push(geometryXml(f.geometry));
      out.push('</Placemark>\n');
    }
    if (folder.name !== undefined) out.push('</Folder>\n');
  });
  out.push('</Document>\n</kml>\n');
  return out.join('');
}
