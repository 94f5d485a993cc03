import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { MinZoomBy, StyleLayer } from '../../layers/types';

/** Source id of a data layer. */
export const dataSourceId = (layerId: string): string => `data:${layerId}`;
/** Source id of a result layer. */
export const resultSourceId = (id: string): string => `result:${id}`;
/** Style layer id of a data layer's `i`-th style entry. */
export const dataStyleLayerId = (layerId: string, i: number): string => `${layerId}-${i}`;
/** Style layer id of a result layer's `i`-th style entry. */
export const resultStyleLayerId = (id: string, i: number): string => `result:${id}-${i}`;

const OPACITY_PROPS: Record<string, string[]> = {
  circle: ['circle-opacity', 'circle-stroke-opacity'],
  fill: ['fill-opacity'],
  line: ['line-opacity'],
  symbol: ['text-opacity', 'icon-opacity'],
};

/**
 * Multiplies an opacity value (number, expression, or zoom curve) by `k`. Zoom curves
 * (`interpolate`/`step` on `["zoom"]`) have their stop outputs scaled, since MapLibre only allows
 * `["zoom"]` at the top level of an expression.
 */
export function scaleOpacity(value: unknown, k: number): unknown {
  if (k === 1) return value;
  if (value === undefined) return k;
  if (typeof value === 'number') return value * k;
  if (Array.isArray(value) && (value[0] === 'interpolate' || value[0] === 'step') && isZoom(value)) {
    const out = [...value];
    // interpolate: [op, interp, input, z1, v1, z2, v2 …]; step: [op, input, v0, z1, v1 …]
    const first = value[0] === 'interpolate' ? 4 : 2;
    for (let i = first; i < out.length; i += 2) out[i] = scaleOpacity(out[i], k);
    return out;
  }
  return ['*', value, k];
}

function isZoom(expr: unknown[]): boolean {
  const input = expr[0] === 'interpolate' ? expr[2] : expr[1];
  return Array.isArray(input) && input[0] === 'zoom';
}

/** Options for one layer's style layers. */
export interface StyleLayerOptions {
  visible: boolean;
  /** 0…1 multiplied into every paint opacity. */
  opacity: number;
  /** The layer's generalisation (features drawn only from a zoom on), added to every style layer's filter. */
  minZoomBy?: MinZoomBy;
}

/**
 * The filter of a layer's {@link MinZoomBy}: true where the map's zoom reaches the feature's own
 * (0 for values not listed). MapLibre evaluates a zoom in a filter per tile, at whole zoom levels,
 * as the line-tile worker leaves such features out of the tiles below their zoom
 * (line-tiles/line-index.ts). Undefined when no value is listed.
 * @example
 * minZoomFilter({ field: 'class', zooms: { track: 12 } }) // ['>=', ['zoom'], ['match', ['get', 'class'], 'track', 12, 0]]
 */
export function minZoomFilter(rule: MinZoomBy | undefined): ExpressionSpecification | undefined {
  const pairs = Object.entries(rule?.zooms ?? {}).flat();
  if (!rule || pairs.length === 0) return undefined;
  return ['>=', ['zoom'], ['match', ['get', rule.field], ...pairs, 0]] as unknown as ExpressionSpecification;
}

/**
 * MapLibre style layers for one map layer (data or result): `style[i]` becomes
 * `{ id: idOf(i), source, ...style[i] }` with visibility and opacity applied. The definitions are
 * not modified.
 */
export function buildStyleLayers(
  source: string,
  idOf: (i: number) => string,
  style: readonly StyleLayer[],
  opts: StyleLayerOptions,
): LayerSpecification[] {
  const zoomFilter = minZoomFilter(opts.minZoomBy);
  return style.map((s, i) => {
    const paint: Record<string, unknown> = { ...((s as { paint?: object }).paint ?? {}) };
    for (const prop of OPACITY_PROPS[s.type] ?? []) {
      if (prop === 'circle-stroke-opacity' && paint[prop] === undefined) continue;
      if (prop === 'icon-opacity' && paint[prop] === undefined) continue;
      const v = scaleOpacity(paint[prop], opts.opacity);
      if (v !== undefined) paint[prop] = v;
    }
    const layout = { ...((s as { layout?: object }).layout ?? {}), visibility: opts.visible ? 'visible' : 'none' };
    const own = (s as { filter?: unknown }).filter;
    const filter = zoomFilter ? (own ? ['all', own, zoomFilter] : zoomFilter) : own;
    return { ...s, id: idOf(i), source, paint, layout, ...(filter ? { filter } : {}) } as LayerSpecification;
  });
}

/**
 * Puts every label (symbol) layer above every other layer, keeping the relative order within each
 * group, so township names stay readable over points and results.
 */
export function labelsOnTop(layers: readonly LayerSpecification[]): LayerSpecification[] {
  return [...layers.filter((l) => l.type !== 'symbol'), ...layers.filter((l) => l.type === 'symbol')];
}
