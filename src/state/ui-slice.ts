import type { I18nText, Lang } from '../../layers/types';

/**
 * A panel's claim on map clicks (e.g. "click to place a station"). While set, a click on the map
 * calls `onClick` instead of opening a popup; Esc or `clearMapClickMode` ends it.
 */
export interface MapClickMode {
  id: string;
  /** CSS cursor over the map, e.g. 'crosshair'. */
  cursor?: string;
  /** Shown above the map while the mode is on. */
  hint?: I18nText;
  onClick(lngLat: { lng: number; lat: number }): void;
}

/**
 * The background map. 'none' (default): only the project's own layers, fully offline. 'tianditu':
 * 天地图 vector tiles and labels over the internet with the user's own key.
 */
export type Basemap = { kind: 'none' } | { kind: 'tianditu'; key: string };

/** Language, the open side-bar panel, the map click mode and the background map. */
export interface UiState {
  lang: Lang;
  activePanel: string;
  mapClickMode: MapClickMode | null;
  basemap: Basemap;
}

/** A valid basemap setting, or the offline default for anything malformed (a 天地图 key is 16–64 letters/digits). */
export function sanitizeBasemap(v: unknown): Basemap {
  const o = v as { kind?: unknown; key?: unknown } | null;
  if (o && o.kind === 'tianditu' && typeof o.key === 'string' && /^[A-Za-z0-9]{16,64}$/.test(o.key.trim())) {
    return { kind: 'tianditu', key: o.key.trim() };
  }
  return { kind: 'none' };
}

/** Sets the background map; an invalid setting falls back to the offline map. */
export function setBasemap(state: UiState, b: Basemap): UiState {
  return { ...state, basemap: sanitizeBasemap(b) };
}

/** Accepts 'zh' or 'en'; anything else falls back to zh. */
export function sanitizeLang(v: unknown): Lang {
  return v === 'en' ? 'en' : 'zh';
}

/** Switches the UI language. */
export function setLang(state: UiState, lang: Lang): UiState {
  return { ...state, lang: sanitizeLang(lang) };
}

/** Opens a side-bar panel by id. */
export function setActivePanel(state: UiState, id: string): UiState {
  return { ...state, activePanel: id };
}

/** Sets or clears (null) the map click mode. */
export function setMapClickMode(state: UiState, mode: MapClickMode | null): UiState {
  return { ...state, mapClickMode: mode };
}
