/** The map camera. */
export interface ViewState {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

/**
 * Accepts a camera only if it is finite and on the globe; otherwise returns null (a bad saved view
 * is dropped, and the map frames the county instead).
 */
export function sanitizeView(v: unknown): ViewState | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const c = o.center;
  if (!Array.isArray(c) || c.length !== 2) return null;
  const [lon, lat] = c as unknown[];
  const zoom = o.zoom;
  if (typeof lon !== 'number' || typeof lat !== 'number' || typeof zoom !== 'number') return null;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(zoom)) return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 24) return null;
  const bearing = typeof o.bearing === 'number' && Number.isFinite(o.bearing) ? o.bearing : 0;
  const pitch = typeof o.pitch === 'number' && Number.isFinite(o.pitch) ? o.pitch : 0;
  return { center: [lon, lat], zoom, bearing, pitch };
}

/** Sets the camera after the user moved the map; an invalid camera leaves the state unchanged. */
export function setView(state: ViewState | null, p: ViewState): ViewState | null {
  return sanitizeView(p) ?? state;
}
