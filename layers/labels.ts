import { COLORS } from './palette.ts';
import type { StyleLayer } from './types.ts';

/** Options of a label style layer. */
export interface LabelOptions {
  /** The label appears from this zoom on (a county is about zoom 9–10, a village street about 15). */
  minzoom: number;
  /** Text size in pixels. */
  size?: number;
  /** 'point' beside a point or at a polygon's label point; 'line' along a road. */
  placement?: 'point' | 'line';
  /** Offset below the symbol in ems, so a point's label does not sit on its circle; 0 centres it (polygons). */
  offsetEm?: number;
}

/**
 * A collision-free text label of one field, drawn with local fonts (the map has no glyphs URL, so
 * MapLibre draws every character with the browser's fonts and requests nothing). Labels that would
 * overlap another label are left out by MapLibre's placement.
 * @param field - the property shown
 * @example labelStyle('name', { minzoom: 12 })
 */
export function labelStyle(field: string, opts: LabelOptions): StyleLayer {
  const line = opts.placement === 'line';
  const offset = opts.offsetEm ?? 1.1;
  return {
    type: 'symbol',
    minzoom: opts.minzoom,
    layout: {
      'text-field': ['to-string', ['coalesce', ['get', field], '']],
      'text-font': ['Noto Sans Regular'],
      'text-size': opts.size ?? 12,
      'symbol-placement': line ? 'line' : 'point',
      ...(line ? { 'symbol-spacing': 300, 'text-max-angle': 30 } : { 'text-offset': [0, offset], 'text-anchor': offset === 0 ? 'center' : 'top', 'text-max-width': 10 }),
    },
    paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.halo, 'text-halo-width': 1.5 },
  };
}
