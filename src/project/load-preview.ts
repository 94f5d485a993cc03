import { create } from 'zustand';
import type { LayerData, LayerId, Project } from '../../layers/types';
import type { LoadProjectOutput } from '../workers/tasks/load-project';

/**
 * The layers of a project still loading that have already arrived from the worker (townships,
 * roads, facilities …; the households come last, with the whole project). Only the map reads
 * them, to draw the county before the households are parsed; panels, analyses and saving see
 * the project only once it is complete (the app store).
 */
export interface LoadPreview {
  /** Increments with every load; 0 before the first. */
  loadId: number;
  layers: Partial<Record<LayerId, LayerData>>;
  /**
   * Big line layers whose tiles are cut ahead of their GeoJSON (the load worker handed their lines to
   * the line-tile worker): the tile URL by layer id, for the map to draw them before they arrive here.
   */
  lines: Partial<Record<LayerId, string>>;
  /** The `layers` and `lines` the map has drawn (every tile of the view loaded and shown), when it has. */
  drawn?: Pick<LoadPreview, 'layers' | 'lines'>;
}

export const useLoadPreview = create<LoadPreview>()(() => ({ loadId: 0, layers: {}, lines: {} }));

/** A new load starts: no layers arrived yet. Returns its id. */
export function startPreview(): number {
  const loadId = useLoadPreview.getState().loadId + 1;
  useLoadPreview.setState({ loadId, layers: {}, lines: {}, drawn: undefined });
  return loadId;
}

/** The map has drawn the `layers` and `lines` of load `loadId` (ignored when more have arrived since, or a newer load started). */
export function markPreviewDrawn(loadId: number, shown: Pick<LoadPreview, 'layers' | 'lines'>): void {
  const s = useLoadPreview.getState();
  if (s.loadId === loadId && s.layers === shown.layers && s.lines === shown.lines) useLoadPreview.setState({ drawn: { layers: shown.layers, lines: shown.lines } });
}

/** Resolves once the map has drawn every layer of load `loadId` that has arrived, and the line tiles announced (or that load has ended). */
export function whenPreviewDrawn(loadId: number): Promise<void> {
  const done = (s: LoadPreview) =>
    s.loadId !== loadId || (Object.keys(s.layers).length === 0 && Object.keys(s.lines).length === 0) || (s.drawn?.layers === s.layers && s.drawn.lines === s.lines);
  return new Promise((ok) => {
    if (done(useLoadPreview.getState())) return ok();
    const unsub = useLoadPreview.subscribe((s) => {
      if (!done(s)) return;
      unsub();
      ok();
    });
  });
}

/** A layer of load `loadId` arrived (ignored when a newer load has started). */
export function addPreviewLayer(loadId: number, id: LayerId, data: LayerData): void {
  const s = useLoadPreview.getState();
  if (s.loadId !== loadId) return;
  // for benchmarks: when each layer reached the page (performance.getEntriesByType('mark'))
  performance.mark(`coverage:layer:${id}`);
  useLoadPreview.setState({ layers: { ...s.layers, [id]: data } });
}

/** The tiles of line layer `id` of load `loadId` are being cut ahead (their tile URL); ignored when a newer load has started. */
export function addPreviewLines(loadId: number, id: LayerId, url: string): void {
  const s = useLoadPreview.getState();
  if (s.loadId !== loadId) return;
  // for benchmarks: when the page learnt of each layer's tiles (performance.getEntriesByType('mark'))
  performance.mark(`coverage:lines:${id}`);
  useLoadPreview.setState({ lines: { ...s.lines, [id]: url } });
}

/** The load `loadId` ended (complete, failed or aborted): the preview is dropped. */
export function endPreview(loadId: number): void {
  if (useLoadPreview.getState().loadId === loadId) useLoadPreview.setState({ layers: {}, lines: {} });
}

/**
 * The project of a progressive load with the layers it sent ahead put back (the same objects the
 * map already draws, so it does not tile them again). Throws when one of them never arrived: a
 * lost message must not look like an empty layer.
 */
export function withSentLayers(out: LoadProjectOutput, received: Partial<Record<LayerId, LayerData>>): { project: Project; report: LoadProjectOutput['report'] } {
  const layers = { ...out.project.layers };
  for (const id of out.sent ?? []) {
    const data = received[id];
    if (!data) throw new Error(`layer ${id} was sent ahead but not received`);
    layers[id] = data;
  }
  return { project: { ...out.project, layers }, report: out.report };
}
