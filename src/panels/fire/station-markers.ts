import * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** Marker colour per station status (the same colours as the scenario-stations result layer). */
export const STATION_STATUS_COLORS: Record<string, string> = { existing: '#b71c1c', planned: '#ef6c00' };
const OTHER_COLOR = '#6a1b9a';

/** Callbacks of a station being dragged: every move, and the drop. */
export interface StationDragHandlers {
  onDrag(id: string, lngLat: [number, number]): void;
  onDragEnd(id: string, lngLat: [number, number]): void;
}

function stationId(f: Feature<Geometry | null>): string {
  return String((f.properties as Record<string, unknown> | null)?.id ?? '');
}

/**
 * The scenario's fire stations as draggable MapLibre markers (one per located station, keyed by
 * id). The marker element is built with createElement only (its title is set as text, never HTML). `set()` adds, moves and
 * removes markers to match the stations; a marker being dragged is left where the pointer is.
 */
export class StationMarkers {
  private markers = new Map<string, { marker: maplibregl.Marker; key: string }>();
  private dragging: string | null = null;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly handlers: StationDragHandlers,
    private readonly title: (f: Feature<Geometry | null>) => string,
  ) {}

  /** Makes the markers match the stations (features without a point geometry get none). */
  set(stations: FeatureCollection<Geometry | null>): void {
    const seen = new Set<string>();
    for (const f of stations.features) {
      const id = stationId(f);
      if (!id || f.geometry?.type !== 'Point' || seen.has(id)) continue;
      seen.add(id);
      const [lon, lat] = f.geometry.coordinates;
      const status = String((f.properties as Record<string, unknown> | null)?.status ?? '');
      const key = `${status}|${this.title(f)}`;
      const old = this.markers.get(id);
      if (old && old.key === key) {
        if (this.dragging !== id) old.marker.setLngLat([lon, lat]);
        continue;
      }
      old?.marker.remove();
      this.markers.set(id, { marker: this.create(id, status, this.title(f), [lon, lat]), key });
    }
    for (const [id, m] of this.markers) {
      if (seen.has(id)) continue;
      m.marker.remove();
      this.markers.delete(id);
    }
  }

  private create(id: string, status: string, title: string, lngLat: [number, number]): maplibregl.Marker {
    const el = document.createElement('div');
    el.className = 'fire-station-marker';
    el.dataset.testid = `fire-marker-${id}`;
    el.title = title;
    el.style.background = STATION_STATUS_COLORS[status] ?? OTHER_COLOR;
    const marker = new maplibregl.Marker({ element: el, draggable: true }).setLngLat(lngLat).addTo(this.map);
    const at = (): [number, number] => {
      const ll = marker.getLngLat();
      return [ll.lng, ll.lat];
    };
    marker.on('dragstart', () => {
      this.dragging = id;
      el.classList.add('dragging');
    });
    marker.on('drag', () => this.handlers.onDrag(id, at()));
    marker.on('dragend', () => {
      this.dragging = null;
      el.classList.remove('dragging');
      this.handlers.onDragEnd(id, at());
    });
    return marker;
  }

  /** Removes every marker from the map. */
  dispose(): void {
    for (const m of this.markers.values()) m.marker.remove();
    this.markers.clear();
  }
}

/**
 * Calls `fn` with the app's MapLibre map once it exists (the map view creates it; the panel may
 * mount first). Returns a function that stops waiting.
 */
export function whenMap(fn: (map: maplibregl.Map) => void): () => void {
  let raf = 0;
  let stopped = false;
  const tryNow = () => {
    if (stopped) return;
    const m = window.__coverageMap;
    if (m) fn(m);
    else raf = requestAnimationFrame(tryNow);
  };
  tryNow();
  return () => {
    stopped = true;
    cancelAnimationFrame(raf);
  };
}
