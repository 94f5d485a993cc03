import type { MapController } from './map-controller';

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
