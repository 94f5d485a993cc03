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
 * The background map. 'none' (default): only the project's own layers, fully offline. 'file': a
 * local .pmtiles file the user picked, read in place (named as opened in src/map/local-tiles.ts;
 * not kept across a reload, the file must be picked again). 'template': an XYZ/WMTS tile URL
 * template on the user's intranet (天地图政务版 …) — the only requests the app then makes go
 * there. 'tianditu': 天地图 over the internet with the user's own key.
 */
export type Basemap = { kind: 'none' } | { kind: 'tianditu'; key: string } | { kind: 'template'; url: string } | { kind: 'file'; name: string };

/** Language, the open side-bar panel, the map click mode and the background map. */
export interface UiState {
  lang: Lang;
  activePanel: string;
  mapClickMode: MapClickMode | null;
  basemap: Basemap;
  /** Result groups the user pinned to the map (by panel id: shown whichever panel is open); the others follow the open panel. */
  resultGroupsShown: Readonly<Record<string, boolean>>;
}

/** Longest tile URL template accepted. */
const MAX_TEMPLATE_CHARS = 2000;

/**
 * Why a tile URL template cannot be used, or null when it can: it must be an http(s) URL with the
 * {z}, {x} and {y} placeholders (a WMTS KVP URL writes TILEMATRIX={z}&TILEROW={y}&TILECOL={x}).
 * @example basemapTemplateProblem('http://10.1.2.3/tiles/{z}/{x}/{y}.png') // null
 */
export function basemapTemplateProblem(url: string): 'empty' | 'not-http' | 'no-placeholders' | null {
  const u = url.trim();
  if (!u) return 'empty';
  if (u.length > MAX_TEMPLATE_CHARS) return 'not-http';
  let parsed: URL;
  try {
    parsed = new URL(u.replace(/\{(z|x|y)\}/g, '0'));
  } catch {
    return 'not-http';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not-http';
  if (!['{z}', '{x}', '{y}'].every((p) => u.includes(p))) return 'no-placeholders';
  return null;
}

/** A valid basemap setting, or the offline default for anything malformed (a 天地图 key is 16–64 letters/digits). */
export function sanitizeBasemap(v: unknown): Basemap {
  const o = v as { kind?: unknown; key?: unknown; url?: unknown; name?: unknown } | null;
  if (o && o.kind === 'tianditu' && typeof o.key === 'string' && /^[A-Za-z0-9]{16,64}$/.test(o.key.trim())) {
    return { kind: 'tianditu', key: o.key.trim() };
  }
  if (o && o.kind === 'template' && typeof o.url === 'string' && basemapTemplateProblem(o.url) === null) return { kind: 'template', url: o.url.trim() };
  if (o && o.kind === 'file' && typeof o.name === 'string' && o.name) return { kind: 'file', name: o.name };
  return { kind: 'none' };
}

/** A saved basemap to restore after a reload: a local file is not (it must be picked again). */
export function restorableBasemap(v: unknown): Basemap {
  const b = sanitizeBasemap(v);
  return b.kind === 'file' ? { kind: 'none' } : b;
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

/** Pins one analysis' result layers to the map (shown whichever panel is open) or unpins them (shown with their panel). */
export function setResultGroupShown(state: UiState, p: { group: string; shown: boolean }): UiState {
  return { ...state, resultGroupsShown: { ...state.resultGroupsShown, [p.group]: p.shown } };
}

/** Sets or clears (null) the map click mode. */
export function setMapClickMode(state: UiState, mode: MapClickMode | null): UiState {
  return { ...state, mapClickMode: mode };
}
