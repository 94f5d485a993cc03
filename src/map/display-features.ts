import type { FeatureCollection, Geometry, GeoJsonProperties } from 'geojson';

/**
 * What the map is given of a GeoJSON layer: every feature with a geometry, its index in the
 * layer as feature id (a click finds the full properties there, `__orig` included), and only
 * the properties its style reads (`fields`, from {@link styleFields}). MapLibre copies the data
 * to its worker and tiles it: the roads' 41,217 segments each carried `width_m` and an `__orig`
 * object the map never reads.
 * @example
 * displayFeatures({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { class: 'primary', width_m: 30 }, geometry: g }] }, ['class', 'name'])
 * // features: [{ type: 'Feature', id: 0, geometry: g, properties: { class: 'primary' } }]
 */
export function displayFeatures(data: FeatureCollection<Geometry | null, GeoJsonProperties>, fields: readonly string[]): FeatureCollection<Geometry> {
  const features: FeatureCollection<Geometry>['features'] = [];
  const src = data.features;
  for (let i = 0; i < src.length; i++) {
    const f = src[i];
    if (!f.geometry) continue;
    const all = f.properties ?? {};
    const properties: Record<string, unknown> = {};
    for (const k of fields) if (all[k] !== undefined) properties[k] = all[k];
    features.push({ type: 'Feature', id: i, geometry: f.geometry, properties });
  }
  return { type: 'FeatureCollection', features };
}
