import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, LayerSpecification, MapMouseEvent, MapGeoJSONFeature, VectorTileSource } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, I18nText, LayerDefinition, Lang, Project } from '../../layers/types';
import type { LayerUiState } from '../state/layers-slice';
import type { ResultLayer } from '../state/results-slice';
import type { Basemap } from '../state/ui-slice';
import type { ViewState } from '../state/view-slice';
import { buildStyleLayers, dataSourceId, dataStyleLayerId, labelsOnTop, resultSourceId, resultStyleLayerId } from './build-layers';
import { columnsToGeojson, columnValue } from './columns-to-geojson';
import { mapFields, styleFields } from './style-fields';
import { displayFeatures } from './display-features';
import { popupRows, type PopupRow } from './popup-rows';
import { popupElement } from './popup-element';
import { projectBounds } from './bounds';
import { labelPoints } from './label-points';
import { aggregatePoints, COUNT_PROPERTY } from './aggregate-points';
import { aggregatePopup, isAggregateCell, type AggregatePopupWords } from './aggregate-popup';
import zhCommon from '../i18n/zh/common';
import { LOCAL_TILES_PROTOCOL, localTiles } from './local-tiles';
import { describeUnnamed } from './unnamed-place';
import { lazyPointIndexes, lazyResultData } from './lazy-result';
import { isTiledLineLayer, LINE_TILE_OPTIONS, lineTileOptions, lineTilesUrl, prewarmLineTiles, releaseLineTiles, retainLineTiles, warmLineTiles } from './line-tiles/client';
import { viewTiles } from './line-tiles/line-index';

/**
 * Large columnar layers (households) are drawn as a grid aggregate below this zoom and as
 * individual points from it: one circle per ~445 m cell (mean position, colour of the most common
 * value, size by count) keeps county-wide pan/zoom smooth with 200,000 points. From this zoom the
 * map gets only the points around the current view (the view padded by half its size on each
 * side), reloaded when the view leaves that area.
 */
export const AGGREGATE_BELOW_ZOOM = 13;
/** Grid cell edge of the low-zoom aggregate, in degrees (≈ 445 m north–south, 350 m east–west at 38° N). */
export const AGGREGATE_CELL_DEG = 0.004;
const aggSourceId = (layerId: string) => `${dataSourceId(layerId)}:agg`;
const aggStyleLayerId = (layerId: string, i: number) => `${layerId}-agg-${i}`;

/** Source of one label point per feature of a polygon layer (its symbol style layers draw from it). */
const labelSourceId = (layerId: string) => `${dataSourceId(layerId)}:labels`;

/** What a rendered style layer belongs to. */
export type LayerOwner = { kind: 'data'; layerId: string; aggregate?: boolean } | { kind: 'result'; id: string };

/** A clicked feature resolved to its layer and full properties. */
export interface PickedFeature {
  owner: LayerOwner;
  /** Id for selection: the id field's value, or the row/feature index. */
  id: string;
  title: string;
  rows: PopupRow[];
  /** A grid cell's popup: what the cell holds (a line above the rows) and a hint to zoom in (below). */
  summary?: string;
  hint?: string;
}

/** Words of the map's popups in the UI language. */
export interface MapWords {
  yes: string;
  no: string;
  empty: string;
  where: string;
  /** Popup of a grid cell; Chinese when not given. */
  aggregate?: AggregatePopupWords;
}

const BACKGROUND = '#f4f1e8';
const SELECTION_SOURCE = 'selection';
const SELECT_COLOR = '#00e5ff';
const OVERLAY_COLOR = '#d81b60';
const CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif';

let workerUrlSet = false;

/** Options of a {@link MapController}. */
export interface MapControllerOptions {
  /**
   * A map drawn once for printing: no controls or interaction, `pixelRatio` image pixels per CSS
   * pixel, no label fade-in, and a drawing buffer kept so the canvas can be read as an image.
   */
  print?: { pixelRatio: number };
}

/** A 2D copy of a drawn WebGL canvas (call while its drawing buffer holds the frame: in 'idle' or 'render'). */
export function copyCanvas(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  // a canvas kept in memory (not on the GPU): printed and encoded as it is, without a read-back
  const ctx = out.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas to copy the map image into');
  ctx.drawImage(canvas, 0, 0);
  return out;
}

/**
 * Owns the MapLibre map: one GeoJSON source per data layer and result layer, style layers built
 * from the layer definitions, popups built with text only. Knows nothing about specific layers.
 */
export class MapController {
  readonly map: maplibregl.Map;
  private defs: Record<string, LayerDefinition>;
  private project: Project | null = null;
  private applied = new Map<string, string>();
  private owners = new Map<string, LayerOwner>();
  private resultSources = new Map<string, ResultLayer['data']>();
  private results: ResultLayer[] = [];
  private popup: maplibregl.Popup | null = null;
  private basemapLayers: string[] = [];
  private lang: Lang = 'zh';
  private words: MapWords = { yes: '是', no: '否', empty: '—', where: '位置' };
  private aggregates = new Map<string, FeatureCollection>();
  /** Per aggregated layer: for each styled text/enum/boolean field, the count of each value per cell. */
  private aggregateTallies = new Map<string, Map<string, Map<string | boolean, number>[]>>();
  /** The layer data each data source was last filled from (by layer id). */
  private loadedData = new Map<string, Project['layers'][keyof Project['layers']] | undefined>();
  /** Aggregated layers whose points are fed to the map per view, and the area currently loaded. */
  private viewPoints = new Map<string, { layer: ColumnLayerData; properties: string[]; loaded: [number, number, number, number] | null }>();
  /** Large aggregated result layers (e.g. 187,000 uncovered households): their points fed to the map per view, like the households. */
  private resultViewPoints = new Map<string, { points: number[]; data: ResultLayer['data']; loaded: [number, number, number, number] | null }>();
  /** Big line layers drawn from vector tiles cut in the line-tile worker: their tile URL (by layer id). */
  private lineTiles = new Map<string, string>();
  /** Called with a picked feature (or null for a click on nothing). */
  onPick: (f: PickedFeature | null) => void = () => {};
  /** When set, map clicks go here instead of popups. */
  clickHandler: ((lngLat: { lng: number; lat: number }) => void) | null = null;

  constructor(container: HTMLElement, defs: Record<string, LayerDefinition>, view: ViewState | null, opts: MapControllerOptions = {}) {
    if (!workerUrlSet) {
      // MapLibre's worker is served same-origin next to index.html (vite.config.ts), never a blob.
      maplibregl.setWorkerUrl(new URL('maplibre-gl-worker.mjs', document.baseURI).href);
      workerUrlSet = true;
    }
    this.defs = defs;
    // the big line layers' tile worker starts while the map does, before the roads arrive
    prewarmLineTiles();
    this.map = new maplibregl.Map({
      container,
      // No `glyphs` URL: MapLibre draws every label with local fonts (TinySDF), so no request leaves the machine.
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }] },
      center: view?.center ?? [116.4, 39.9],
      zoom: view?.zoom ?? 8,
      bearing: view?.bearing ?? 0,
      pitch: view?.pitch ?? 0,
      localIdeographFontFamily: CJK_FONTS,
      // Labels appear at once instead of fading in over 300 ms: each fade is several more frames,
      // and a frame costs 100–150 ms of CPU where WebGL is software (SwiftShader, many office PCs).
      fadeDuration: 0,
      attributionControl: opts.print ? false : { compact: true },
      ...(opts.print
        ? {
            interactive: false,
            pixelRatio: opts.print.pixelRatio,
            maxCanvasSize: [16384, 16384] as [number, number],
            canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
          }
        : {}),
    });
    if (opts.print) return;
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: true }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.map.on('click', (e: MapMouseEvent) => this.handleClick(e));
    // first load when zooming in across the threshold; later reloads only when a move ends
    this.map.on('zoom', () => {
      if ([...this.viewPoints.values(), ...this.resultViewPoints.values()].some((v) => !v.loaded)) this.updateViewPoints();
    });
    this.map.on('moveend', () => this.updateViewPoints());
    this.map.on('mousemove', (e: MapMouseEvent) => {
      if (this.clickHandler) return;
      const hit = this.map.queryRenderedFeatures(e.point, { layers: this.interactiveLayers() }).length > 0;
      this.map.getCanvas().style.cursor = hit ? 'pointer' : '';
    });
  }

  /** Sets the popup language and words. */
  setLanguage(lang: Lang, words: MapWords): void {
    this.lang = lang;
    this.words = words;
  }

  /**
   * Replaces the data sources with a new project's layers. A GeoJSON layer whose data is the very
   * object the map already holds (drawn ahead by {@link previewLayers}) is not sent to MapLibre
   * again, so roads are tiled once.
   */
  setProject(project: Project): void {
    this.project = project;
    this.closePopup();
    this.viewPoints.clear();
    for (const def of Object.values(this.defs)) {
      const layer = project.layers[def.id];
      if (layer?.kind === 'geojson' && this.loadedData.get(def.id) === layer) continue;
      this.loadLayer(def, project);
    }
    this.updateViewPoints();
  }

  /**
   * Draws the layers of a project that is still loading, as they arrive (townships, roads and the
   * facilities before the households are parsed); the other sources keep what they hold. Popups
   * work on what is drawn. When the load ends without a project, {@link setProject} puts back
   * the last one (or an empty one).
   */
  previewLayers(layers: Partial<Project['layers']>): void {
    const preview: Project = { name: '', params: {}, layers: { ...(this.project?.layers ?? {}), ...layers } as Project['layers'] };
    this.project = preview;
    for (const def of Object.values(this.defs)) {
      const layer = layers[def.id];
      if (layer && this.loadedData.get(def.id) !== layer) this.loadLayer(def, preview);
    }
  }

  /**
   * Draws big line layers of a project still loading from the tiles its load worker is cutting
   * ahead (tile URL by layer id, src/project/load-preview.ts), before their GeoJSON arrives; until
   * then a click on them finds nothing. {@link previewLayers} with the layer then keeps these tiles.
   */
  previewLineTiles(urls: Partial<Record<string, string>>): void {
    for (const [id, url] of Object.entries(urls)) {
      const def = this.defs[id];
      if (!def || !url || this.lineTiles.get(id) === url || !retainLineTiles(url)) continue;
      this.loadedData.set(id, undefined);
      if (this.project) this.project = { ...this.project, layers: { ...this.project.layers, [id]: undefined } as Project['layers'] };
      const existing = this.map.getSource(dataSourceId(id));
      if (existing && existing.type !== 'vector') this.removeSource(dataSourceId(id));
      this.showLineTiles(def, url);
    }
  }

  /**
   * Redraws only these layers of the same project (e.g. the facility layers a scenario switch or
   * edit changed): households and roads are not re-tiled.
   */
  updateLayers(project: Project, ids: readonly string[]): void {
    this.project = project;
    this.closePopup();
    for (const def of Object.values(this.defs)) {
      if (!ids.includes(def.id)) continue;
      this.viewPoints.delete(def.id);
      this.loadLayer(def, project);
    }
    this.updateViewPoints();
  }

  /** The project the map draws (a preview while one loads), or null. */
  get shownProject(): Project | null {
    return this.project;
  }

  /** Puts one layer of the project into its map sources (data, aggregates, labels). */
  private loadLayer(def: LayerDefinition, project: Project): void {
    const layer = project.layers[def.id];
    this.loadedData.set(def.id, layer);
    const id = dataSourceId(def.id);
    // A big line layer (the roads): vector tiles cut in the line-tile worker, so MapLibre's worker
    // gets neither a copy of every feature nor a geojson-vt index to build; it decodes the tiles in view.
    const tiled = isTiledLineLayer(def, layer);
    const existing = this.map.getSource(id);
    if (existing && (existing.type === 'vector') !== tiled) this.removeSource(id);
    const oldUrl = this.lineTiles.get(def.id);
    if (tiled) {
      this.showLineTiles(def, lineTilesUrl(layer.data, mapFields(def), lineTileOptions(def)));
      return;
    }
    if (oldUrl) {
      releaseLineTiles(oldUrl);
      this.lineTiles.delete(def.id);
    }
    const lazy = layer?.kind === 'columns' && layer.count > 0;
    const data: FeatureCollection<Geometry> = lazy ? { type: 'FeatureCollection', features: [] } : this.displayData(def, project);
    if (lazy) this.viewPoints.set(def.id, { layer, properties: styleFields(def.style), loaded: null });
    const src = this.map.getSource(id) as GeoJSONSource | undefined;
    if (src) src.setData(data);
    // points of an aggregated layer are tiled only down to the zoom they appear at, then overzoomed
    else this.map.addSource(id, { type: 'geojson', data, buffer: lazy ? 8 : 32, tolerance: 0.4, maxzoom: lazy ? AGGREGATE_BELOW_ZOOM : 16 });
    if (layer?.kind === 'columns') {
      const tallies = new Map<string, Map<string | boolean, number>[]>();
      const agg = aggregatePoints(layer, styleFields(def.style), AGGREGATE_CELL_DEG, tallies);
      this.aggregates.set(def.id, agg);
      this.aggregateTallies.set(def.id, tallies);
      const asrc = this.map.getSource(aggSourceId(def.id)) as GeoJSONSource | undefined;
      if (asrc) asrc.setData(agg);
      else this.map.addSource(aggSourceId(def.id), { type: 'geojson', data: agg });
    }
    if (def.geometry === 'Polygon' && def.style.some((s) => s.type === 'symbol')) {
      const labels = labelPoints(data);
      const lsrc = this.map.getSource(labelSourceId(def.id)) as GeoJSONSource | undefined;
      if (lsrc) lsrc.setData(labels);
      else this.map.addSource(labelSourceId(def.id), { type: 'geojson', data: labels });
    }
  }

  /** Draws a line layer from the tiles of `url` (a reference taken on it), giving back the one it was drawn from. */
  private showLineTiles(def: LayerDefinition, url: string): void {
    const id = dataSourceId(def.id);
    const oldUrl = this.lineTiles.get(def.id);
    this.lineTiles.set(def.id, url);
    const vsrc = this.map.getSource(id) as VectorTileSource | undefined;
    if (vsrc) {
      if (url !== oldUrl) vsrc.setTiles([url]);
    } else this.map.addSource(id, { type: 'vector', tiles: [url], maxzoom: LINE_TILE_OPTIONS.maxZoom });
    if (oldUrl) releaseLineTiles(oldUrl);
    if (url !== oldUrl) this.warmLineTiles([url]);
  }

  /**
   * Feeds aggregated layers the points around the current view, once zoomed in to where points
   * show; nothing happens while the loaded area still covers the view.
   */
  private updateViewPoints(): void {
    if ((this.viewPoints.size === 0 && this.resultViewPoints.size === 0) || this.map.getZoom() < AGGREGATE_BELOW_ZOOM - 0.5) return;
    const b = this.map.getBounds();
    const [w, s, e, n] = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
    const dx = (e - w) / 2;
    const dy = (n - s) / 2;
    const area: [number, number, number, number] = [w - dx, s - dy, e + dx, n + dy];
    const covers = (l: [number, number, number, number] | null) => l && w >= l[0] && s >= l[1] && e <= l[2] && n <= l[3];
    for (const [id, v] of this.viewPoints) {
      if (covers(v.loaded)) continue;
      v.loaded = area;
      (this.map.getSource(dataSourceId(id)) as GeoJSONSource | undefined)?.setData(columnsToGeojson(v.layer, v.properties, v.loaded));
    }
    for (const [id, v] of this.resultViewPoints) {
      if (covers(v.loaded)) continue;
      v.loaded = area;
      (this.map.getSource(resultSourceId(id)) as GeoJSONSource | undefined)?.setData(lazyResultData(v.data, v.points, area));
    }
  }

  /** Frames the map to the project (townships, else all features). Returns false when it has no coordinates. */
  fitProject(animate = false): boolean {
    if (!this.project) return false;
    const b = projectBounds(this.project);
    if (!b) return false;
    this.map.fitBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: 30, animate },
    );
    if (!animate) this.warmLineTiles([...this.lineTiles.values()]);
    return true;
  }

  /** Has the line-tile worker cut the view's tiles of these line sets before MapLibre asks for them. */
  private warmLineTiles(urls: string[]): void {
    const b = this.map.getBounds();
    const tiles = viewTiles([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], this.map.getZoom(), LINE_TILE_OPTIONS.maxZoom);
    for (const url of urls) warmLineTiles(url, tiles);
  }

  private displayData(def: LayerDefinition, project: Project): FeatureCollection<Geometry> {
    const layer = project.layers[def.id];
    if (!layer) return { type: 'FeatureCollection', features: [] };
    if (layer.kind === 'columns') return columnsToGeojson(layer, styleFields(def.style));
    // Feature id = index in the loaded layer, so a click finds the full properties (incl. __orig);
    // the map gets only the properties its style reads, and the layer's own id field (stations,
    // kindergartens, plots: what scenario edits and selections name).
    return displayFeatures(layer.data, mapFields(def));
  }

  /** Removes a source and the style layers drawn from it (sync adds them back for the new source). */
  private removeSource(sid: string): void {
    for (const l of this.map.getStyle().layers) if ('source' in l && l.source === sid) this.map.removeLayer(l.id);
    for (const id of [...this.applied.keys()]) if (!this.map.getLayer(id)) this.applied.delete(id);
    this.map.removeSource(sid);
  }

  /** Makes the style layers match the layer UI state and result layers (adds, updates, removes, reorders). */
  sync(layerUi: LayerUiState, results: readonly ResultLayer[]): void {
    this.results = [...results];
    const wanted: LayerSpecification[] = [];
    const owners = new Map<string, LayerOwner>();
    for (const id of layerUi.order) {
      const def = this.defs[id];
      if (!def || !this.map.getSource(dataSourceId(id))) continue;
      const specs = buildStyleLayers(dataSourceId(id), (i) => dataStyleLayerId(id, i), def.style, {
        visible: layerUi.visible[id] ?? def.defaultVisible,
        opacity: layerUi.opacity[id] ?? 1,
        minZoomBy: def.minZoomBy,
      });
      const tiled = this.map.getSource(dataSourceId(id))?.type === 'vector';
      for (const s of specs) {
        owners.set(s.id, { kind: 'data', layerId: id });
        if (tiled) (s as { 'source-layer'?: string })['source-layer'] = LINE_TILE_OPTIONS.layerName;
        // polygon names: one label per feature, not one per tile the polygon spans
        if (s.type === 'symbol' && this.map.getSource(labelSourceId(id))) (s as { source: string }).source = labelSourceId(id);
      }
      if (this.map.getSource(aggSourceId(id))) {
        for (const s of specs) (s as { minzoom?: number }).minzoom = AGGREGATE_BELOW_ZOOM;
        const agg = buildStyleLayers(aggSourceId(id), (i) => aggStyleLayerId(id, i), def.style, {
          visible: layerUi.visible[id] ?? def.defaultVisible,
          opacity: layerUi.opacity[id] ?? 1,
        });
        for (const s of agg) {
          (s as { maxzoom?: number }).maxzoom = AGGREGATE_BELOW_ZOOM;
          if (s.type === 'circle') {
            s.paint = { ...s.paint, 'circle-radius': ['interpolate', ['linear'], ['get', COUNT_PROPERTY], 1, 1.5, 10, 2.5, 100, 5, 1000, 9] };
          }
          owners.set(s.id, { kind: 'data', layerId: id, aggregate: true });
        }
        wanted.push(...agg);
      }
      wanted.push(...specs);
    }
    let lazyChanged = false;
    for (const r of results) {
      const sid = resultSourceId(r.id);
      let src = this.map.getSource(sid) as GeoJSONSource | undefined;
      const changed = this.resultSources.get(r.id) !== r.data;
      if (!src || changed) {
        const points = lazyPointIndexes(r.data);
        const wasLazy = this.resultViewPoints.has(r.id);
        this.resultViewPoints.delete(r.id);
        // A lazy source holds only the aggregate cells and the points around the view, with the
        // index in the result as feature id; the other sources number their features the same way.
        if (src && wasLazy !== !!points) {
          this.removeSource(sid);
          src = undefined;
        }
        if (points) {
          this.resultViewPoints.set(r.id, { points, data: r.data, loaded: null });
          lazyChanged = true;
          const data = lazyResultData(r.data, points, null);
          if (src) src.setData(data);
          else this.map.addSource(sid, { type: 'geojson', data, buffer: 8, tolerance: 0.4, maxzoom: AGGREGATE_BELOW_ZOOM });
        } else if (src) src.setData(r.data as FeatureCollection);
        else this.map.addSource(sid, { type: 'geojson', data: r.data as FeatureCollection, generateId: true });
      }
      this.resultSources.set(r.id, r.data);
      const specs = buildStyleLayers(sid, (i) => resultStyleLayerId(r.id, i), r.style, { visible: r.visible, opacity: r.opacity ?? 1 });
      for (const s of specs) owners.set(s.id, { kind: 'result', id: r.id });
      wanted.push(...specs);
    }
    const ordered = labelsOnTop(wanted);
    const wantedIds = new Set(ordered.map((l) => l.id));
    for (const id of [...this.applied.keys()]) {
      if (!wantedIds.has(id)) {
        if (this.map.getLayer(id)) this.map.removeLayer(id);
        this.applied.delete(id);
      }
    }
    for (const [rid] of this.resultSources) {
      if (!results.some((r) => r.id === rid)) {
        if (this.map.getSource(resultSourceId(rid))) this.map.removeSource(resultSourceId(rid));
        this.resultSources.delete(rid);
        this.resultViewPoints.delete(rid);
      }
    }
    for (const spec of ordered) {
      const json = JSON.stringify(spec);
      if (this.applied.get(spec.id) === json) continue;
      if (this.map.getLayer(spec.id)) this.map.removeLayer(spec.id);
      this.map.addLayer(spec);
      this.applied.set(spec.id, json);
    }
    for (const spec of ordered) this.map.moveLayer(spec.id);
    this.owners = owners;
    if (lazyChanged) this.updateViewPoints();
    this.raiseSelection();
    // tool overlays stay on top of everything
    for (const l of this.map.getStyle().layers) if (l.id.startsWith('overlay:')) this.map.moveLayer(l.id);
  }

  /** Ids of the style layers that can be clicked (visible data and result layers). */
  interactiveLayers(): string[] {
    return [...this.owners.keys()].filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
  }

  private handleClick(e: MapMouseEvent): void {
    if (this.clickHandler) {
      this.clickHandler({ lng: e.lngLat.lng, lat: e.lngLat.lat });
      return;
    }
    const hits = this.map.queryRenderedFeatures(e.point, { layers: this.interactiveLayers() });
    // Prefer points and lines over the polygons they sit on.
    const rank = (t: string) => (t === 'circle' || t === 'symbol' ? 0 : t === 'line' ? 1 : 2);
    hits.sort((a: MapGeoJSONFeature, b: MapGeoJSONFeature) => rank(a.layer.type) - rank(b.layer.type));
    const hit = hits.find((h: MapGeoJSONFeature) => h.layer.type !== 'symbol') ?? hits[0];
    const picked = hit ? this.resolve(hit.layer.id, hit.id) : null;
    this.closePopup();
    this.onPick(picked);
    if (!picked) return;
    this.popup = new maplibregl.Popup({ maxWidth: '340px', closeButton: true })
      .setLngLat(e.lngLat)
      .setDOMContent(popupElement(picked.title, picked.rows, document, { summary: picked.summary, hint: picked.hint }))
      .addTo(this.map);
  }

  /** Full properties of a rendered feature, by its style layer and feature id. */
  resolve(styleLayerId: string, featureId: string | number | undefined): PickedFeature | null {
    const owner = this.owners.get(styleLayerId);
    if (!owner || featureId === undefined) return null;
    const index = Number(featureId);
    if (owner.kind === 'data' && owner.aggregate) {
      const def = this.defs[owner.layerId];
      const cell = this.aggregates.get(owner.layerId)?.features[index];
      if (!cell) return null;
      const props = (cell.properties ?? {}) as Record<string, unknown>;
      const tallies = new Map<string, Map<string | boolean, number>>();
      for (const [name, perCell] of this.aggregateTallies.get(owner.layerId) ?? []) if (perCell[index]) tallies.set(name, perCell[index]);
      const p = this.cellPopup(props, def.fields, tallies, def.rowUnit ?? null);
      return { owner, id: `cell-${index}`, title: def.title[this.lang], ...p };
    }
    if (owner.kind === 'data') {
      const def = this.defs[owner.layerId];
      const layer = this.project?.layers[def.id];
      if (!layer) return null;
      let props: Record<string, unknown>;
      if (layer.kind === 'columns') {
        props = { id: layer.ids[index] };
        for (const [name, col] of Object.entries(layer.columns)) props[name] = columnValue(col, index);
      } else {
        props = (layer.data.features[index]?.properties ?? {}) as Record<string, unknown>;
      }
      const idValue = def.idField ? props[def.idField] : undefined;
      const rows = popupRows(props, def.fields, this.lang, this.words);
      // a road without a name: say where it is
      const where = this.project && layer.kind === 'geojson' ? describeUnnamed(this.project, def, index) : null;
      if (where) rows.unshift({ label: this.words.where, value: where[this.lang] });
      return {
        owner,
        id: idValue !== undefined && idValue !== null ? String(idValue) : String(index),
        title: def.title[this.lang],
        rows,
      };
    }
    const r = this.results.find((x) => x.id === owner.id);
    const f = r?.data.features[index];
    if (!r || !f) return null;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    if (isAggregateCell(props)) {
      // a grid cell of a large result layer (withAggregate): the count field's unit names its rows
      const unit = r.fields?.find((x) => x.name === COUNT_PROPERTY)?.unit ?? null;
      return { owner, id: String(f.id ?? index), title: r.title[this.lang], ...this.cellPopup(props, r.fields, undefined, unit) };
    }
    return { owner, id: String(f.id ?? index), title: r.title[this.lang], rows: popupRows(props, r.fields, this.lang, this.words) };
  }

  /** The popup text of a grid cell (see {@link aggregatePopup}). */
  private cellPopup(
    props: Record<string, unknown>,
    fields: Parameters<typeof aggregatePopup>[1],
    tallies: Map<string, Map<string | boolean, number>> | undefined,
    unit: I18nText | null,
  ): { summary: string; rows: PopupRow[]; hint: string } {
    const words = { yes: this.words.yes, no: this.words.no, ...(this.words.aggregate ?? zhCommon.aggregatePopup) };
    return aggregatePopup(props, fields, { lang: this.lang, words, tallies, unit, cellDeg: AGGREGATE_CELL_DEG, pointZoom: AGGREGATE_BELOW_ZOOM });
  }

  /**
   * Highlights the selected features (from a map click or a table) above every layer but the
   * labels. Ids are the layer's id-field values, or feature indexes for layers without one.
   */
  setSelection(sel: { layerId: string; ids: string[] } | null): void {
    const features: FeatureCollection['features'] = [];
    if (sel) {
      const want = new Set(sel.ids);
      const def = this.defs[sel.layerId];
      const layer = def ? this.project?.layers[def.id] : undefined;
      const result = this.results.find((r) => r.id === sel.layerId);
      if (layer?.kind === 'columns') {
        for (let i = 0; i < layer.count && features.length < want.size; i++) {
          if (!want.has(layer.ids[i]) || !Number.isFinite(layer.lon[i])) continue;
          features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [layer.lon[i], layer.lat[i]] } });
        }
      } else if (layer?.kind === 'geojson') {
        layer.data.features.forEach((f, i) => {
          const id = def.idField ? f.properties?.[def.idField] : undefined;
          if (f.geometry && want.has(id !== undefined && id !== null ? String(id) : String(i))) features.push({ type: 'Feature', properties: {}, geometry: f.geometry });
        });
      } else if (result) {
        result.data.features.forEach((f, i) => {
          if (f.geometry && want.has(String(f.id ?? i))) features.push({ type: 'Feature', properties: {}, geometry: f.geometry });
        });
      }
    }
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    const src = this.map.getSource(SELECTION_SOURCE) as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else this.map.addSource(SELECTION_SOURCE, { type: 'geojson', data });
    if (!this.map.getLayer(`${SELECTION_SOURCE}-line`)) {
      this.map.addLayer({ id: `${SELECTION_SOURCE}-fill`, type: 'fill', source: SELECTION_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': SELECT_COLOR, 'fill-opacity': 0.15 } });
      this.map.addLayer({ id: `${SELECTION_SOURCE}-line`, type: 'line', source: SELECTION_SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': SELECT_COLOR, 'line-width': 3 } });
      this.map.addLayer({ id: `${SELECTION_SOURCE}-point`, type: 'circle', source: SELECTION_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 8, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': SELECT_COLOR, 'circle-stroke-width': 3 } });
    }
    this.raiseSelection();
  }

  /** Moves the camera to bounds `[west, south, east, north]` (a row found from a table), zooming in at most to 16. */
  focusOn(b: [number, number, number, number]): void {
    this.map.fitBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ],
      { padding: 80, maxZoom: 16, duration: 600 },
    );
  }

  /** Centres the map on a position, zooming in to at least `zoom`. */
  flyTo(lon: number, lat: number, zoom = 15): void {
    this.map.flyTo({ center: [lon, lat], zoom: Math.max(zoom, this.map.getZoom()), duration: 600 });
  }

  /**
   * Draws a tool's shapes (a searched position, a measurement) above every layer: polygons filled
   * lightly, lines dashed, points as rings. An empty collection clears them.
   * @param name - one overlay per tool, e.g. 'search', 'measure'
   */
  setOverlay(name: string, data: FeatureCollection): void {
    const id = `overlay:${name}`;
    const src = this.map.getSource(id) as GeoJSONSource | undefined;
    if (src) src.setData(data);
    else this.map.addSource(id, { type: 'geojson', data });
    if (!this.map.getLayer(`${id}-line`)) {
      this.map.addLayer({ id: `${id}-fill`, type: 'fill', source: id, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': OVERLAY_COLOR, 'fill-opacity': 0.15 } });
      this.map.addLayer({ id: `${id}-line`, type: 'line', source: id, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': OVERLAY_COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] } });
      this.map.addLayer({ id: `${id}-point`, type: 'circle', source: id, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': OVERLAY_COLOR, 'circle-stroke-width': 2.5 } });
    }
    for (const suffix of ['fill', 'line', 'point']) this.map.moveLayer(`${id}-${suffix}`);
  }

  /** Keeps the selection highlight just below the labels. */
  private raiseSelection(): void {
    if (!this.map.getLayer(`${SELECTION_SOURCE}-line`)) return;
    const firstLabel = this.map.getStyle().layers.find((l) => l.type === 'symbol')?.id;
    for (const suffix of ['fill', 'line', 'point']) this.map.moveLayer(`${SELECTION_SOURCE}-${suffix}`, firstLabel);
  }

  /**
   * Shows or removes the background map, always below every project layer: a local tile file
   * (read through {@link LOCAL_TILES_PROTOCOL}, no request leaves the machine), an intranet tile
   * URL template, or 天地图 online. 'none' removes it.
   */
  setBasemap(b: Basemap): void {
    for (const id of this.basemapLayers) if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const id of ['basemap-cva', 'basemap-vec', 'basemap-file', 'basemap-template']) if (this.map.getSource(id)) this.map.removeSource(id);
    this.basemapLayers = [];
    const below = this.map.getStyle().layers.find((l) => l.id !== 'background')?.id;
    const add = (layer: LayerSpecification) => {
      this.map.addLayer(layer, below);
      this.basemapLayers.push(layer.id);
    };
    if (b.kind === 'template') {
      this.map.addSource('basemap-template', { type: 'raster', tiles: [b.url], tileSize: 256, maxzoom: 20 });
      add({ id: 'basemap-template', type: 'raster', source: 'basemap-template' });
      return;
    }
    if (b.kind === 'file') {
      const t = localTiles(b.name);
      if (!t) return;
      const h = t.archive.header;
      const tiles = [`${LOCAL_TILES_PROTOCOL}://${encodeURIComponent(t.name)}/{z}/{x}/{y}`];
      const common = { tiles, minzoom: h.minZoom, maxzoom: h.maxZoom, bounds: h.bounds, attribution: t.attribution || undefined };
      if (!t.vector) {
        this.map.addSource('basemap-file', { type: 'raster', tileSize: 256, ...common });
        add({ id: 'basemap-file', type: 'raster', source: 'basemap-file' });
        return;
      }
      this.map.addSource('basemap-file', { type: 'vector', ...common });
      // unknown vector content: every layer in plain greys (areas, then lines)
      for (const layer of t.vectorLayers) {
        add({ id: `basemap-file-${layer}-fill`, type: 'fill', source: 'basemap-file', 'source-layer': layer, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#dfe3e6', 'fill-opacity': 0.6 } });
      }
      for (const layer of t.vectorLayers) {
        add({ id: `basemap-file-${layer}-line`, type: 'line', source: 'basemap-file', 'source-layer': layer, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#b0bec5', 'line-width': 0.8 } });
      }
      return;
    }
    if (b.kind !== 'tianditu') return;
    for (const layer of ['vec', 'cva']) {
      const id = `basemap-${layer}`;
      const tiles = [0, 1, 2, 3, 4, 5, 6, 7].map(
        (n) =>
          `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(b.key)}`,
      );
      this.map.addSource(id, { type: 'raster', tiles, tileSize: 256, maxzoom: 18, attribution: '© 天地图 Tianditu' });
      add({ id, type: 'raster', source: id, paint: { 'raster-opacity': 0.8 } });
    }
  }

  closePopup(): void {
    this.popup?.remove();
    this.popup = null;
  }

  /** True while {@link snapshot} has the map at a print camera and size (its camera is not the user's view). */
  get snapshotting(): boolean {
    return this.away !== null;
  }
  /** The user's container style, pixel ratio and camera while a snapshot has the map away from them. */
  private away: { style: string | null; ratio: number; view: ViewState } | null = null;
  /** Settles when the last snapshot has put the map back (or holds it, see `hold`). */
  private restored: Promise<void> = Promise.resolve();

  /**
   * Puts the map back after snapshots taken with `hold` (the print view calls this when it
   * closes): the user's container, pixel ratio and camera. Nothing when the map is not away.
   */
  release(): void {
    const a = this.away;
    if (!a) return;
    this.away = null;
    const container = this.map.getContainer();
    if (a.style === null) container.removeAttribute('style');
    else container.setAttribute('style', a.style);
    this.map.setPixelRatio(a.ratio); // resizes to the container too
    this.map.jumpTo({ center: a.view.center, zoom: a.view.zoom, bearing: a.view.bearing, pitch: a.view.pitch });
  }

  /**
   * Draws the map for a print frame and returns a copy of the image: the container is set to
   * `css` pixels and the camera to `camera`. The tiles of the print view are loaded (and the labels
   * placed) at the screen's pixel ratio, whose frames are cheap; only then is the pixel ratio raised
   * to `pixelRatio`, so a single frame is drawn at print resolution (in software WebGL each frame
   * of a 200 dpi A4 frame costs seconds). That frame is copied into a new canvas in the `idle`
   * event (fired right after it, while the drawing buffer still holds it). The container, pixel
   * ratio and camera are put back just after the copy is returned (also on abort or error), or with
   * `hold` on {@link release}; a next snapshot waits for that. Returns null when MapLibre cannot
   * make a canvas that large (its `maxCanvasSize`).
   *
   * @param req.css - the frame in CSS pixels [width, height]
   * @param req.pixelRatio - image pixels per CSS pixel (dpi / 96)
   * @param req.camera - centre [lon, lat] and zoom of the print
   * @param req.signal - aborting rejects with an AbortError (and puts the map back, unless `hold`)
   * @param req.hold - keep the map at the print size and camera after the copy, until
   *   {@link release} (the print view, which covers the map, holds it: putting it back would draw
   *   frames in software WebGL while the PDF is made)
   * @param req.everyFrameAtPrintRatio - benchmark only: the way before, every frame (while tiles
   *   load) at print resolution
   */
  async snapshot(req: { css: [number, number]; pixelRatio: number; camera: { center: [number, number]; zoom: number }; signal?: AbortSignal; hold?: boolean; everyFrameAtPrintRatio?: boolean }): Promise<HTMLCanvasElement | null> {
    await this.restored;
    const m = this.map;
    const container = m.getContainer();
    const abortError = () => new DOMException('map drawing aborted', 'AbortError');
    if (req.signal?.aborted) throw abortError();
    // a snapshot after a held one keeps the user's state it saved
    this.away ??= { style: container.getAttribute('style'), ratio: m.getPixelRatio(), view: this.view() };
    const savedRatio = this.away.ratio;
    this.closePopup();
    let done!: () => void;
    this.restored = new Promise<void>((ok) => (done = ok));
    // put the map back in the next task (the caller gets the image first), or hold it there
    const restoreSoon = () => {
      if (req.hold) return done();
      setTimeout(() => {
        try {
          this.release();
        } finally {
          done();
        }
      }, 0);
    };
    /** Resolves in the `idle` event after a frame with every tile loaded; `then` runs inside that event. */
    const drawn = <T,>(then: () => T) =>
      new Promise<T>((ok, fail) => {
        const onAbort = () => {
          m.off('idle', onIdle);
          fail(abortError());
        };
        const onIdle = () => {
          if (!m.loaded() || !m.areTilesLoaded()) return;
          m.off('idle', onIdle);
          req.signal?.removeEventListener('abort', onAbort);
          try {
            ok(then());
          } catch (e) {
            fail(e);
          }
        };
        req.signal?.addEventListener('abort', onAbort, { once: true });
        m.on('idle', onIdle);
        m.triggerRepaint();
      });
    try {
      Object.assign(container.style, { position: 'absolute', left: '0', top: '0', right: 'auto', bottom: 'auto', width: `${req.css[0]}px`, height: `${req.css[1]}px` });
      // 1. the print view at the screen's pixel ratio: tiles load and labels settle in cheap frames
      const loadRatio = req.everyFrameAtPrintRatio ? req.pixelRatio : Math.min(savedRatio, req.pixelRatio);
      m.setPixelRatio(loadRatio); // resizes to the container too
      m.jumpTo({ center: req.camera.center, zoom: req.camera.zoom, bearing: 0, pitch: 0 });
      this.updateViewPoints();
      if (loadRatio !== req.pixelRatio) {
        await drawn(() => undefined);
        // 2. one frame at print resolution (the tiles and label placement do not depend on the ratio)
        m.setPixelRatio(req.pixelRatio);
      }
      const want = [Math.round(req.css[0] * req.pixelRatio), Math.round(req.css[1] * req.pixelRatio)];
      const canvas = m.getCanvas();
      // MapLibre lowers the pixel ratio when the canvas would exceed maxCanvasSize
      if (Math.abs(canvas.width - want[0]) > 1 || Math.abs(canvas.height - want[1]) > 1) return null;
      return await drawn(() => copyCanvas(canvas));
    } finally {
      restoreSoon();
    }
  }

  /** The current camera. */
  view(): ViewState {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing(), pitch: this.map.getPitch() };
  }

  destroy(): void {
    for (const url of this.lineTiles.values()) releaseLineTiles(url);
    this.lineTiles.clear();
    this.map.remove();
  }
}
