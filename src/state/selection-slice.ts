/** Selected features of one layer (a data layer id or a result layer id), set from map clicks or tables. */
export interface Selection {
  layerId: string;
  /** Feature ids: the layer's id field, or the feature index as a string when it has none. */
  ids: string[];
  /** Bounds `[west, south, east, north]` to bring into view (a table row clicked to find it on the map). */
  focus?: [number, number, number, number];
}

/** Replaces the selection; an empty id list clears it. Ids are de-duplicated, order kept. */
export function setSelection(_state: Selection | null, p: Selection | null): Selection | null {
  if (!p || p.ids.length === 0) return null;
  const out: Selection = { layerId: p.layerId, ids: [...new Set(p.ids)] };
  if (p.focus && p.focus.every(Number.isFinite)) out.focus = p.focus;
  return out;
}

/** Adds ids to the selection of the same layer, or starts a new selection for another layer. */
export function addToSelection(state: Selection | null, p: Selection): Selection | null {
  if (!state || state.layerId !== p.layerId) return setSelection(null, p);
  return setSelection(null, { layerId: p.layerId, ids: [...state.ids, ...p.ids] });
}
