import type { Lang } from '../../layers/types';
import type { LayerUiState } from './layers-slice';
import { sanitizeView, type ViewState } from './view-slice';
import { restorableBasemap, sanitizeLang, type Basemap } from './ui-slice';

/** localStorage key; bump the version when the saved shape changes (old saves are then ignored). */
export const STORAGE_KEY = 'coverage-planner/ui/v1';

/** What survives a reload. */
export interface SavedUi {
  layerUi: Partial<LayerUiState> | null;
  view: ViewState | null;
  lang: Lang;
  basemap?: Basemap;
}

/** Parses a saved JSON string; anything malformed falls back to defaults field by field. */
export function parseSavedUi(text: string | null): SavedUi {
  let o: Record<string, unknown> = {};
  try {
    const v = text ? JSON.parse(text) : null;
    if (v && typeof v === 'object' && !Array.isArray(v)) o = v as Record<string, unknown>;
  } catch {
    o = {};
  }
  const l = o.layerUi as Record<string, unknown> | undefined;
  let layerUi: Partial<LayerUiState> | null = null;
  if (l && typeof l === 'object') {
    layerUi = {
      order: Array.isArray(l.order) ? l.order.filter((x): x is string => typeof x === 'string') : undefined,
      visible: isRecord(l.visible) ? (l.visible as Record<string, boolean>) : undefined,
      opacity: isRecord(l.opacity) ? (l.opacity as Record<string, number>) : undefined,
    };
  }
  return { layerUi, view: sanitizeView(o.view), lang: sanitizeLang(o.lang), basemap: restorableBasemap(o.basemap) };
}

function isRecord(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Serialises the persisted part of the state. */
export function serializeSavedUi(s: SavedUi): string {
  return JSON.stringify(s);
}

/** Reads the saved UI state from localStorage (defaults when absent or unreadable). */
export function readSavedUi(): SavedUi {
  try {
    return parseSavedUi(globalThis.localStorage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return parseSavedUi(null);
  }
}

/** Writes the saved UI state to localStorage; storage errors (quota, private mode) are ignored. */
export function writeSavedUi(s: SavedUi): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, serializeSavedUi(s));
  } catch {
    /* storage unavailable: the UI still works, it just won't be restored */
  }
}
