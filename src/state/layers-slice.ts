/** Per-layer UI state of the data layers: visibility, opacity and drawing order. */
export interface LayerUiState {
  /** Data layer ids in drawing order, bottom first. */
  order: string[];
  visible: Record<string, boolean>;
  /** 0…1, multiplied into every paint opacity of the layer. */
  opacity: Record<string, number>;
}

/** What the layer UI needs to know of a layer definition. */
export interface LayerUiDefaults {
  id: string;
  order: number;
  defaultVisible: boolean;
}

/** An empty layer UI state. */
export function emptyLayerUi(): LayerUiState {
  return { order: [], visible: {}, opacity: {} };
}

/**
 * Layer UI state for the given layers: saved values where they exist, the definition defaults
 * otherwise. Saved ids of layers that no longer exist are dropped; new layers are inserted by their
 * `order`.
 */
export function initLayerUi(defs: LayerUiDefaults[], saved?: Partial<LayerUiState> | null): LayerUiState {
  const known = new Set(defs.map((d) => d.id));
  const byDefault = [...defs].sort((a, b) => a.order - b.order).map((d) => d.id);
  const savedOrder = (saved?.order ?? []).filter((id) => known.has(id));
  const order = [...savedOrder];
  for (const id of byDefault) {
    if (order.includes(id)) continue;
    // insert after the last layer whose default order is lower
    const rank = byDefault.indexOf(id);
    let at = 0;
    order.forEach((o, i) => {
      if (byDefault.indexOf(o) < rank) at = i + 1;
    });
    order.splice(at, 0, id);
  }
  const visible: Record<string, boolean> = {};
  const opacity: Record<string, number> = {};
  for (const d of defs) {
    const v = saved?.visible?.[d.id];
    visible[d.id] = typeof v === 'boolean' ? v : d.defaultVisible;
    const o = saved?.opacity?.[d.id];
    opacity[d.id] = typeof o === 'number' && o >= 0 && o <= 1 ? o : 1;
  }
  return { order, visible, opacity };
}

/** Shows or hides one layer. */
export function setLayerVisible(state: LayerUiState, p: { id: string; visible: boolean }): LayerUiState {
  if (!(p.id in state.visible)) throw new Error(`unknown layer ${p.id}`);
  return { ...state, visible: { ...state.visible, [p.id]: p.visible } };
}

/** Sets one layer's opacity, clamped to 0…1. */
export function setLayerOpacity(state: LayerUiState, p: { id: string; opacity: number }): LayerUiState {
  if (!(p.id in state.opacity)) throw new Error(`unknown layer ${p.id}`);
  if (!Number.isFinite(p.opacity)) throw new Error('opacity must be a finite number');
  const opacity = Math.min(1, Math.max(0, p.opacity));
  return { ...state, opacity: { ...state.opacity, [p.id]: opacity } };
}

/**
 * Moves a layer up (drawn later, on top) or down by one place in the drawing order. At either end
 * the state is returned unchanged.
 */
export function moveLayer(state: LayerUiState, p: { id: string; direction: 'up' | 'down' }): LayerUiState {
  const i = state.order.indexOf(p.id);
  if (i < 0) throw new Error(`unknown layer ${p.id}`);
  const j = p.direction === 'up' ? i + 1 : i - 1;
  if (j < 0 || j >= state.order.length) return state;
  const order = [...state.order];
  [order[i], order[j]] = [order[j], order[i]];
  return { ...state, order };
}
