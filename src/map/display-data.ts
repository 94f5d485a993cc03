import type { Feature, FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';

/** A loaded GeoJSON layer's collection (features may lack a geometry). */
type Loaded = { features: readonly { geometry: Geometry | null; properties: GeoJsonProperties }[] };

/**
 * What MapLibre gets for a GeoJSON layer: its features with a geometry, each with its index in
 * the loaded layer as feature id (a click finds the full properties by it, incl. `__orig`).
 * Used by the map (src/map/map-controller.ts) and by the load worker, which sends big layers to
 * the map as this collection's JSON text (see {@link DISPLAY_TEXT_MIN_FEATURES}).
 * @example
 * displayFeatures({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: null }, pointFeature] })
 * // → one feature, id 1, properties {}
 */
export function displayFeatures(fc: Loaded): FeatureCollection<Geometry> {
  const features: Feature<Geometry>[] = [];
  const src = fc.features;
  for (let i = 0; i < src.length; i++) {
    const f = src[i];
    if (!f.geometry) continue;
    features.push({ type: 'Feature', id: i, geometry: f.geometry, properties: f.properties ?? {} });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * A GeoJSON layer of at least this many features, read by the load worker, also goes to the map
 * as JSON text (a Blob, drawn through a blob: URL that MapLibre's worker reads itself), so the
 * page does not copy its object graph to MapLibre a second time: the roads of the demo county
 * (41,217 segments). Smaller layers go as objects (no gain for a few hundred features).
 */
export const DISPLAY_TEXT_MIN_FEATURES = 5000;

/**
 * The JSON text MapLibre gets for a layer (the same features as {@link displayFeatures}), as a
 * Blob to hand over without copying; null for a layer below {@link DISPLAY_TEXT_MIN_FEATURES}.
 */
export function displayBlob(fc: Loaded): Blob | null {
  if (fc.features.length < DISPLAY_TEXT_MIN_FEATURES) return null;
  return new Blob([JSON.stringify(displayFeatures(fc))], { type: 'application/json' });
}
