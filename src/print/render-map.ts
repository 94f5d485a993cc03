import { LAYERS } from '../../layers/index';
import type { LayerDefinition, Lang, Project } from '../../layers/types';
import { MapController, copyCanvas, type MapWords } from '../map/map-controller';
import { liveMap } from '../map/live-map';
import type { LayerUiState } from '../state/layers-slice';
import type { ResultLayer } from '../state/results-slice';
import { framePixels, zoomForScale } from './print-layout';

/** What to draw for print: the project with the layers and results as shown, at a centre and scale. */
export interface MapImageRequest {
  project: Project;
  layerUi: LayerUiState;
  results: readonly ResultLayer[];
  lang: Lang;
  words: MapWords;
  /** Map centre [lon, lat]. */
  center: [number, number];
  /** Scale denominator N of 1:N. */
  scale: number;
  /** The map frame on paper, [width, height] in mm. */
  frameMm: [number, number];
  dpi: number;
  /** Aborting stops the drawing (the promise rejects with an AbortError) and frees the hidden map. */
  signal?: AbortSignal;
}

/**
 * A rendered map: the drawn frame in a 2D canvas of the image's size (shown and printed as it is:
 * no PNG is made for the print) and its size in image pixels. {@link mapPng} encodes it for the
 * PNG download.
 */
export interface MapImage {
  canvas: HTMLCanvasElement;
  /** Benchmark only ('live-before'): the image as PNG, shown as an <img> (the way before). */
  png?: Blob;
  width: number;
  height: number;
}

const DEFS: Record<string, LayerDefinition> = LAYERS;

declare global {
  interface Window {
    /**
     * Benchmark only, to compare in one run: 'live-before' draws as before this change (every frame
     * at print resolution, then a PNG shown as an <img>); 'hidden' with a hidden map of its own.
     */
    __coveragePrintVia?: 'live' | 'live-before' | 'hidden';
  }
}

/** One drawing at a time on the app's map (a new request waits for the aborted one to restore it). */
let queue: Promise<unknown> = Promise.resolve();

/** The map image as PNG (the download; seconds for a 200 dpi A4 frame in software rendering, so only on demand). */
export const mapPng = (image: MapImage) => new Promise<Blob>((ok, fail) => image.canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the map image could not be encoded'))), 'image/png'));

/**
 * Draws the map for a print frame. With the app's map on screen, that map draws it (its sources
 * are already tiled, so nothing is built again): it is set to the frame's size at `dpi / 96`
 * image pixels per CSS pixel and the print camera, and stays there until {@link releaseMapImage}
 * ({@link MapController.snapshot}). It shows what the screen shows (the active scenario, results,
 * selection). Without it, or when the image is larger than MapLibre's canvas limit, see
 * {@link renderHiddenMap}.
 *
 * @param req - project, layer state, results, centre, scale, frame and resolution
 * @returns the PNG and its pixel size
 */
export async function renderMapImage(req: MapImageRequest): Promise<MapImage> {
  const c = liveMap();
  const via = typeof window !== 'undefined' ? window.__coveragePrintVia : undefined;
  if (!c || via === 'hidden') return renderHiddenMap(req);
  const run = queue.then(async () => {
    if (req.signal?.aborted) throw new DOMException('map drawing aborted', 'AbortError');
    const px = framePixels(req.frameMm[0], req.frameMm[1], req.dpi);
    const canvas = await c.snapshot({ css: px.css, pixelRatio: px.pixelRatio, camera: { center: req.center, zoom: zoomForScale(req.scale, req.center[1]) }, signal: req.signal, hold: via !== 'live-before', everyFrameAtPrintRatio: via === 'live-before' });
    return canvas;
  });
  queue = run.catch(() => undefined);
  const canvas = await run;
  if (!canvas) return renderHiddenMap(req);
  const image: MapImage = { canvas, width: canvas.width, height: canvas.height };
  return via === 'live-before' ? { ...image, png: await mapPng(image) } : image;
}

/**
 * Puts the app's map back on screen after {@link renderMapImage} (which leaves it at the print
 * size and camera while the print view covers it, so no frame is drawn while the PDF is made):
 * after the drawings queued before, aborted or not. The print view calls it when it closes.
 */
export function releaseMapImage(): void {
  queue = queue.then(() => liveMap()?.release());
}

/**
 * Draws the map for a print frame: a hidden MapLibre map of the frame's size (96 CSS px to the
 * inch) at `dpi / 96` image pixels per CSS pixel, with the same layers, results and label fonts as
 * the app's map, at the zoom that gives the scale 1:`scale` on paper. Resolves when every source
 * has been drawn; the hidden map is removed afterwards. No network: the layers are the project's.
 *
 * @param req - project, layer state, results, centre, scale, frame and resolution
 * @returns the PNG and its pixel size
 */
export async function renderHiddenMap(req: MapImageRequest): Promise<MapImage> {
  const aborted = () => {
    if (req.signal?.aborted) throw new DOMException('map drawing aborted', 'AbortError');
  };
  aborted();
  const px = framePixels(req.frameMm[0], req.frameMm[1], req.dpi);
  const div = document.createElement('div');
  div.setAttribute('aria-hidden', 'true');
  Object.assign(div.style, { position: 'fixed', left: '-20000px', top: '0', width: `${px.css[0]}px`, height: `${px.css[1]}px`, pointerEvents: 'none' });
  document.body.appendChild(div);
  const c = new MapController(div, DEFS, { center: req.center, zoom: zoomForScale(req.scale, req.center[1]), bearing: 0, pitch: 0 }, { print: { pixelRatio: px.pixelRatio } });
  try {
    const m = c.map;
    await new Promise<void>((ok, fail) => {
      m.once('load', () => ok());
      m.once('error', (e) => fail(e.error ?? new Error('map failed to load')));
    });
    aborted();
    c.setLanguage(req.lang, req.words);
    c.setProject(req.project);
    c.sync(req.layerUi, req.results);
    await new Promise<void>((ok, fail) => {
      const check = () => {
        if (m.loaded() && m.areTilesLoaded() && !m.isMoving()) ok();
        else m.once('idle', () => ok());
      };
      req.signal?.addEventListener('abort', () => fail(new DOMException('map drawing aborted', 'AbortError')), { once: true });
      m.once('idle', check);
      m.triggerRepaint();
    });
    aborted();
    const canvas = copyCanvas(m.getCanvas());
    return { canvas, width: canvas.width, height: canvas.height };
  } finally {
    c.destroy();
    div.remove();
  }
}
