/** Paper sizes (ISO 216), width × height in portrait, millimetres. */
export const PAPER_MM = { A4: [210, 297], A3: [297, 420] } as const satisfies Record<string, readonly [number, number]>;

export type Paper = keyof typeof PAPER_MM;
export type Orientation = 'portrait' | 'landscape';

/** Print resolutions offered for the map image (dots per inch). */
export const PRINT_DPI = [150, 200, 300] as const;

/** Scales offered in the scale choice (denominators of 1:N); any whole N ≥ 500 may be typed. */
export const COMMON_SCALES = [5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 250_000, 500_000] as const;

/** CSS pixels per inch: the browser prints 96 CSS px to the inch. */
export const CSS_DPI = 96;
const EARTH_RADIUS_M = 6_378_137;
/** MapLibre's world is 512 CSS px wide at zoom 0. */
const TILE_PX = 512;
const MARGIN_MM = 10;
const TITLE_MM = 14;
const FOOTER_MM = 7;
const GAP_MM = 4;
/** The legend and information column beside the map (landscape) or the band below it (portrait). */
const SIDE_MM = { landscape: 64, portrait: 62 } as const;

/** Where things sit on the map sheet, in millimetres from the page's top-left corner. */
export interface SheetLayout {
  pageMm: [number, number];
  marginMm: number;
  titleMm: number;
  /** The map frame. */
  map: { x: number; y: number; w: number; h: number };
  /** The legend and information block: to the right of the map (landscape) or below it (portrait). */
  side: { x: number; y: number; w: number; h: number; placement: 'right' | 'bottom' };
  footerMm: number;
}

/**
 * The page of a paper size and orientation, and the map sheet's frames on it.
 *
 * @param paper - 'A4' or 'A3'
 * @param orientation - 'portrait' or 'landscape'
 * @returns page size and the title, map, side and footer frames in mm
 * @example sheetLayout('A4', 'landscape').map // { x: 10, y: 24, w: 209, h: 169 }
 */
export function sheetLayout(paper: Paper, orientation: Orientation): SheetLayout {
  const size = PAPER_MM[paper];
  if (!size) throw new Error(`unknown paper ${String(paper)}`);
  const [pw, ph] = orientation === 'landscape' ? [size[1], size[0]] : [size[0], size[1]];
  const cw = pw - 2 * MARGIN_MM;
  const ch = ph - 2 * MARGIN_MM;
  const top = MARGIN_MM + TITLE_MM;
  const bodyH = ch - TITLE_MM - FOOTER_MM;
  if (orientation === 'landscape') {
    const sw = SIDE_MM.landscape;
    const mw = cw - sw - GAP_MM;
    return {
      pageMm: [pw, ph],
      marginMm: MARGIN_MM,
      titleMm: TITLE_MM,
      map: { x: MARGIN_MM, y: top, w: mw, h: bodyH },
      side: { x: MARGIN_MM + mw + GAP_MM, y: top, w: sw, h: bodyH, placement: 'right' },
      footerMm: FOOTER_MM,
    };
  }
  const sh = SIDE_MM.portrait;
  const mh = bodyH - sh - GAP_MM;
  return {
    pageMm: [pw, ph],
    marginMm: MARGIN_MM,
    titleMm: TITLE_MM,
    map: { x: MARGIN_MM, y: top, w: cw, h: mh },
    side: { x: MARGIN_MM, y: top + mh + GAP_MM, w: cw, h: sh, placement: 'bottom' },
    footerMm: FOOTER_MM,
  };
}

/**
 * The size of a frame in CSS pixels (96 to the inch) and in image pixels at a print resolution.
 *
 * @param wMm - frame width in mm
 * @param hMm - frame height in mm
 * @param dpi - print resolution
 * @returns `css` [w, h] (the map's layout size), `pixelRatio` (image px per CSS px) and `image` [w, h]
 * @example framePixels(254, 127, 200) // { css: [960, 480], pixelRatio: 2.083…, image: [2000, 1000] }
 */
export function framePixels(wMm: number, hMm: number, dpi: number): { css: [number, number]; pixelRatio: number; image: [number, number] } {
  if (!(wMm > 0 && hMm > 0)) throw new Error(`frame size must be positive, got ${wMm} × ${hMm} mm`);
  if (!(dpi > 0)) throw new Error(`dpi must be positive, got ${dpi}`);
  const css: [number, number] = [Math.round((wMm / 25.4) * CSS_DPI), Math.round((hMm / 25.4) * CSS_DPI)];
  const pixelRatio = dpi / CSS_DPI;
  return { css, pixelRatio, image: [Math.round(css[0] * pixelRatio), Math.round(css[1] * pixelRatio)] };
}

/**
 * The MapLibre zoom at which a map printed at 96 CSS px to the inch has the scale 1:`scale` at
 * latitude `lat` (Web Mercator: exact on the centre's parallel, within 0.5 % across a county).
 *
 * @param scale - the scale denominator N of 1:N
 * @param lat - latitude of the map centre, degrees
 * @returns the zoom
 * @example zoomForScale(10_000, 0) // ≈ 14.85 (2.646 m per CSS px on the equator)
 */
export function zoomForScale(scale: number, lat: number): number {
  if (!(scale > 0)) throw new Error(`scale must be positive, got ${scale}`);
  if (!(Math.abs(lat) < 85)) throw new Error(`latitude out of range: ${lat}`);
  const metersPerCssPx = (scale * 0.0254) / CSS_DPI;
  const worldMeters = 2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180);
  return Math.log2(worldMeters / (TILE_PX * metersPerCssPx));
}

/** The ground metres across a lon/lat box at its centre latitude: [east–west, north–south]. */
function groundSize(b: readonly [number, number, number, number]): [number, number] {
  const rad = Math.PI / 180;
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * rad) / 2));
  const midLat = (b[1] + b[3]) / 2;
  const k = EARTH_RADIUS_M * Math.cos(midLat * rad);
  return [(b[2] - b[0]) * rad * k, (mercY(b[3]) - mercY(b[1])) * k];
}

/** Mantissas of the round scales offered by {@link roundScaleUp}: 1:100,000, 1:120,000, 1:150,000 … */
const SCALE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10];

/**
 * The smallest round scale (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 × 10ⁿ) at which a lon/lat box fits a map frame with a
 * 3 % margin on each side.
 *
 * @param bounds - [west, south, east, north] in degrees
 * @param frameMm - [width, height] of the map frame in mm
 * @returns the scale denominator
 * @example fitScale([116, 39.9, 116.1, 40], [200, 150]) // 80_000 (11.1 km north–south in 150 mm needs 1:78,700)
 */
export function fitScale(bounds: readonly [number, number, number, number], frameMm: readonly [number, number]): number {
  if (!(bounds[2] >= bounds[0] && bounds[3] >= bounds[1])) throw new Error('bounds must be [west, south, east, north]');
  const [gw, gh] = groundSize(bounds);
  const need = Math.max(gw / (frameMm[0] / 1000), gh / (frameMm[1] / 1000)) * 1.06;
  return roundScaleUp(Math.max(need, 500));
}

/** The next round scale denominator (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 or 8 × 10ⁿ) at or above `n`. */
export function roundScaleUp(n: number): number {
  const e = 10 ** Math.floor(Math.log10(n));
  for (const m of SCALE_STEPS) if (m * e >= n * (1 - 1e-9)) return Math.round(m * e);
  return 10 * e;
}

/**
 * A scale bar for a printed scale: the longest round ground length (1, 2 or 5 × 10ⁿ m) whose bar
 * is at most `maxMm` long on paper.
 *
 * @param scale - the scale denominator N of 1:N
 * @param maxMm - the longest bar allowed, mm
 * @returns ground metres, bar length in mm, and the label ('500 m', '2 km')
 * @example scaleBar(50_000, 40) // { meters: 2000, mm: 40, label: '2 km' }
 */
export function scaleBar(scale: number, maxMm: number): { meters: number; mm: number; label: string } {
  if (!(scale > 0 && maxMm > 0)) throw new Error('scale and maxMm must be positive');
  const maxMeters = (maxMm * scale) / 1000;
  const e = 10 ** Math.floor(Math.log10(maxMeters));
  let meters = e;
  for (const m of [1, 2, 5]) if (m * e <= maxMeters * (1 + 1e-9)) meters = m * e;
  const mm = (meters * 1000) / scale;
  const label = meters >= 1000 ? `${meters / 1000} km` : `${meters} m`;
  return { meters, mm, label };
}

/** `1:50,000` with thousands separators. */
export function scaleText(scale: number): string {
  return `1:${Math.round(scale).toLocaleString('en-US')}`;
}

/**
 * The scale denominator at which a map at MapLibre `zoom` prints at 96 CSS px to the inch, at
 * latitude `lat` (the inverse of {@link zoomForScale}).
 */
export function scaleForZoom(zoom: number, lat: number): number {
  const worldMeters = 2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180);
  return (worldMeters / (TILE_PX * 2 ** zoom) / 0.0254) * CSS_DPI;
}

/** The centre of a lon/lat box on a Web Mercator map (the middle of its projected extent). */
export function mercatorCenter(b: readonly [number, number, number, number]): [number, number] {
  const rad = Math.PI / 180;
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * rad) / 2));
  const my = (y(b[1]) + y(b[3])) / 2;
  return [(b[0] + b[2]) / 2, (2 * Math.atan(Math.exp(my)) - Math.PI / 2) / rad];
}
