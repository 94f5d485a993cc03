import type { Column, ColumnLayerData, GeoJsonLayerData, LayerData, LayerId, Project } from '../../layers/types.ts';
import type { Feature, Geometry } from 'geojson';

/** A household row as written in a test table; undefined = missing. */
export interface HouseholdRow {
  id: string;
  lon?: number;
  lat?: number;
  township?: string;
  village?: string;
  heating?: string;
  persons?: number;
  children_3_5?: number;
  low_income?: string;
  house_grade?: string;
  floor_area_m2?: number;
  coal_tonnes?: number;
  co_alarm?: boolean;
}

const NUMBER_FIELDS = ['persons', 'children_3_5', 'floor_area_m2', 'coal_tonnes'] as const;
const CATEGORY_FIELDS = ['township', 'village', 'heating', 'low_income', 'house_grade'] as const;

/** Build the columnar households layer the loader would produce from rows. */
export function createHouseholds(rows: HouseholdRow[]): ColumnLayerData {
  const n = rows.length;
  const columns: Record<string, Column> = {};
  for (const f of NUMBER_FIELDS) columns[f] = { type: 'number', values: Float64Array.from(rows, (r) => r[f] ?? NaN) };
  for (const f of CATEGORY_FIELDS) {
    const dict: string[] = [];
    const codes = Int32Array.from(rows, (r) => {
      const v = r[f];
      if (v === undefined) return -1;
      let c = dict.indexOf(v);
      if (c === -1) c = dict.push(v) - 1;
      return c;
    });
    columns[f] = { type: 'category', codes, dict };
  }
  columns.co_alarm = { type: 'boolean', values: Uint8Array.from(rows, (r) => (r.co_alarm === undefined ? 255 : r.co_alarm ? 1 : 0)) };
  return {
    kind: 'columns',
    id: 'households',
    count: n,
    lon: Float64Array.from(rows, (r, i) => r.lon ?? 114.7 + i * 0.001),
    lat: Float64Array.from(rows, (r, i) => r.lat ?? 38.6 + i * 0.001),
    ids: rows.map((r) => r.id),
    columns,
  };
}

/** A point GeoJSON layer from property objects (geometry null when lon is missing). */
export function createPointLayer(id: LayerId, props: Record<string, unknown>[]): GeoJsonLayerData {
  const features: Feature<Geometry | null, Record<string, unknown>>[] = props.map((p, i) => {
    const { lon, lat, ...rest } = p as { lon?: number; lat?: number };
    return {
      type: 'Feature',
      geometry: lon === undefined ? null : { type: 'Point', coordinates: [lon, lat ?? 38.6 + i * 0.001] },
      properties: rest,
    };
  });
  return { kind: 'geojson', id, data: { type: 'FeatureCollection', features } };
}

/** A project holding only the given layers. */
export function createProject(layers: Partial<Record<LayerId, LayerData>>): Project {
  return { name: 'test', params: {}, layers: layers as Record<LayerId, LayerData> };
}

/**
 * The small county worked by hand in indicators.test.ts: townships A and B, one household with
 * no township.
 */
export function createSmallCounty(): Project {
  const households = createHouseholds([
    { id: 'H1', township: 'A', village: 'a1', heating: 'gas', persons: 2, children_3_5: 1 },
    { id: 'H2', township: 'A', village: 'a1', heating: 'electric', persons: 4, children_3_5: 2, low_income: 'minimum_living', house_grade: 'D', floor_area_m2: 80 },
    { id: 'H3', township: 'A', village: 'a2', heating: 'clean_coal', persons: 1, children_3_5: 0, low_income: 'destitute', house_grade: 'C', floor_area_m2: 25, coal_tonnes: 3, co_alarm: true },
    { id: 'H4', township: 'A', village: 'a2', heating: 'clean_coal', persons: 3, children_3_5: 1, coal_tonnes: 1.5, co_alarm: false },
    { id: 'H5', township: 'B', village: 'b1', heating: 'clean_coal', persons: 2, children_3_5: 2, low_income: 'other_low_income', house_grade: 'D', floor_area_m2: 50, coal_tonnes: 2, co_alarm: true },
    { id: 'H6', township: 'B', village: 'b1', heating: 'gas', persons: 5, children_3_5: 0, house_grade: 'C', floor_area_m2: 70 },
    { id: 'H7', township: 'B', village: 'b2', heating: 'other', persons: 3, children_3_5: 1 },
    { id: 'H8', heating: 'clean_coal', persons: 2, children_3_5: 0 },
  ]);
  const kindergartens = createPointLayer('kindergartens', [
    { id: 'K1', lon: 114.71, township: 'A', ownership: 'public', inclusive: null, enrolled: 2, capacity: 30 },
    { id: 'K2', lon: 114.72, township: 'A', ownership: 'private', inclusive: true, enrolled: 1, capacity: 20 },
    { id: 'K3', lon: 114.73, township: 'B', ownership: 'private', inclusive: false, enrolled: 2, capacity: 25 },
  ]);
  const servicePoints = createPointLayer('servicePoints', [
    { id: 'M1', lon: 114.74, township: 'A', kind: 'maintenance' },
    { id: 'S1', lon: 114.75, township: 'B', kind: 'coal_station' },
  ]);
  return createProject({ households, kindergartens, servicePoints });
}
