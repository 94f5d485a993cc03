import type { ExpressionSpecification } from 'maplibre-gl';
import type { EnumValue, FieldDef, I18nText, LegendEntry } from './types.ts';

/** Colours shared by styles and legends; a value's colour lives on its EnumValue. */
export const COLORS = {
  existing: '#c62828',
  planned: '#ef6c00',
  proposed: '#8e24aa',
  working: '#1565c0',
  broken: '#c62828',
  underConstruction: '#f9a825',
  plannedHydrant: '#90a4ae',
  public: '#2e7d32',
  private: '#6a1b9a',
  gas: '#1e88e5',
  electric: '#fdd835',
  cleanCoal: '#6d4c41',
  other: '#9e9e9e',
  missing: '#bdbdbd',
  outline: '#37474f',
  township: '#546e7a',
  mountain: '#d7ccc8',
  plain: '#eceff1',
  builtUp: '#ffab91',
  label: '#263238',
  halo: '#ffffff',
} as const;

/** Fallback colour for a missing or unknown value. */
export const MISSING_COLOR = COLORS.missing;

/**
 * A `match` expression colouring features by an enum field, from the field's own value colours.
 * @param field - the enum field definition (its `values` carry the colours)
 * @returns `['match', ['get', name], code1, colour1, …, fallback]`
 * @example matchColor(statusField) // ['match', ['get', 'status'], 'existing', '#c62828', …, '#bdbdbd']
 */
export function matchColor(field: FieldDef, fallback: string = MISSING_COLOR): ExpressionSpecification {
  const pairs: string[] = [];
  for (const v of enumValues(field)) pairs.push(v.code, v.color ?? fallback);
  return ['match', ['get', field.name], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/**
 * A `match` expression picking a number per enum code (line widths, circle radii).
 * @param field - the enum field
 * @param byCode - number per code; codes not listed get `fallback`
 */
export function matchNumber(field: FieldDef, byCode: Record<string, number>, fallback: number): ExpressionSpecification {
  const pairs: (string | number)[] = [];
  for (const v of enumValues(field)) if (v.code in byCode) pairs.push(v.code, byCode[v.code]);
  return ['match', ['get', field.name], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/**
 * Legend entries for every coloured value of an enum field, in definition order.
 * @param field - the enum field
 * @param shape - how the swatch is drawn
 * @param minZoom - the layer's generalisation (`minZoomBy.zooms`): entries of values drawn only from a zoom on carry it
 */
export function enumLegend(field: FieldDef, shape: LegendEntry['shape'], minZoom: Readonly<Record<string, number>> = {}): LegendEntry[] {
  return enumValues(field)
    .filter((v) => v.color)
    .map((v) => (Object.hasOwn(minZoom, v.code) ? { label: v.label, color: v.color as string, shape, minzoom: minZoom[v.code] } : { label: v.label, color: v.color as string, shape }));
}

/** The legend entry for features whose value is missing (drawn in {@link MISSING_COLOR}). */
export function missingLegend(shape: LegendEntry['shape'], label: I18nText = { zh: '未填写', en: 'Not given' }): LegendEntry {
  return { label, color: MISSING_COLOR, shape };
}

function enumValues(field: FieldDef): EnumValue[] {
  if (field.type !== 'enum' || !field.values) throw new Error(`Field "${field.name}" is not an enum field`);
  return field.values;
}
