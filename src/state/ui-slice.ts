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

/** Language, the open side-bar panel, and the map click mode. */
export interface UiState {
  lang: Lang;
  activePanel: string;
  mapClickMode: MapClickMode | null;
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
