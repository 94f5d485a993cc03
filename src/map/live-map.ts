import type { MapController } from './map-controller';
import { useAppStore } from '../state/store';

/**
 * The app's map (the one on screen), for drawing print images from its already tiled sources.
 * Set by MapView while it is mounted; null otherwise (then print draws a map of its own).
 */
let live: MapController | null = null;

/** Registers (or, with null, unregisters) the app's map. */
export function setLiveMap(c: MapController | null): void {
  live = c;
}

/** The app's map, or null when none is mounted. */
export function liveMap(): MapController | null {
  return live;
}

/**
 * Resolves once the first project is loaded and the app's map has drawn it (MapLibre idle: every
 * tile of the view loaded), and marks `coverage:project-drawn` in `performance` (benchmarks and
 * the test that DuckDB starts only after the first screen read it). Work that can wait (DuckDB)
 * starts after this.
 */
export function whenProjectDrawn(): Promise<void> {
  return new Promise((ok) => {
    let unsub = () => {};
    const check = () => {
      if (useAppStore.getState().project.status !== 'ready') return;
      unsub();
      // let the store → map update run first, then wait for the map to finish drawing it
      const waitIdle = () => {
        const m = live?.map;
        if (!m) return void setTimeout(waitIdle, 100);
        const done = () => {
          performance.mark('coverage:project-drawn');
          ok();
        };
        if (m.loaded() && m.areTilesLoaded() && !m.isMoving()) done();
        else m.once('idle', done);
      };
      requestAnimationFrame(() => requestAnimationFrame(waitIdle));
    };
    unsub = useAppStore.subscribe(check);
    check();
  });
}
