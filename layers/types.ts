import type {
  CircleLayerSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ScenarioSet } from '../analysis/scenarios.ts';

/** A text in both UI languages; zh-CN is the default. */
export interface I18nText {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

/** Every layer of the data contract (shared/DATA-CONTRACT.md). */
export type LayerId =
  | 'townships'
  | 'builtUp'
  | 'roads'
  | 'fireStations'
  | 'hydrants'
  | 'kindergartens'
  | 'households'
  | 'reservePlots'
  | 'dualConversionAreas'
  | 'servicePoints'
  | 'fireDistricts'
  | 'barriers'
  | 'fireLanes';

/** One allowed value of an enum field: the English code is canonical; zh label and aliases are accepted on input. */
export interface EnumValue {
  code: string;
  label: I18nText;
  /** Other spellings accepted on import (公办, 一级站, 是 …), matched after trimming and lower-casing. */
  aliases?: string[];
  /** Colour used by style and legend for this value, when the layer is coloured by this field. */
  color?: string;
}

/** The plausible values of a number field: `min` ≤ v ≤ `max` (or `min` < v with `minExclusive`). */
export interface NumberRange {
  min: number;
  max: number;
  minExclusive?: boolean;
}

export type FieldType = 'string' | 'number' | 'boolean' | 'enum';

export interface FieldDef {
  name: string;
  type: FieldType;
  required?: boolean;
  label: I18nText;
  /** For enum fields. */
  values?: EnumValue[];
  unit?: I18nText;
  /**
   * Plausible values of a number field. A value outside is reported (implausible-value) and
   * treated like a value that is not a number: not given for an optional field, the feature
   * rejected for a required one.
   */
  range?: NumberRange;
  /**
   * Values must differ after Unicode normalisation (NFKC, zero-width characters removed, spaces
   * trimmed and collapsed, case folded); a repeat is reported (duplicate-name) and kept.
   */
  unique?: boolean;
  /** Shown in the click popup. */
  popup?: boolean;
  /** Column storage hint for columnar layers: low-cardinality strings are dictionary-encoded. */
  categorical?: boolean;
}

export type GeometryKind = 'Point' | 'LineString' | 'Polygon';

/** A MapLibre style layer without `id` and `source`: the app fills those from the layer id. */
export type StyleLayer =
  | Omit<CircleLayerSpecification, 'id' | 'source'>
  | Omit<FillLayerSpecification, 'id' | 'source'>
  | Omit<LineLayerSpecification, 'id' | 'source'>
  | Omit<SymbolLayerSpecification, 'id' | 'source'>;

export interface LegendEntry {
  label: I18nText;
  color: string;
  shape: 'circle' | 'line' | 'fill';
  /** Drawn only from this map zoom on (the layer's {@link LayerDefinition.minZoomBy}): the legend says "shown when zoomed in". */
  minzoom?: number;
}

/**
 * Features drawn only from a zoom on, by the value of one field — a road map's generalisation:
 * the county-wide view shows the main roads, village roads and tracks appear once zoomed in to
 * where they can be told apart. Features whose `field` value is a key of `zooms` are drawn from
 * that map zoom on (whole zoom levels: MapLibre evaluates it per tile), the others at every zoom.
 * Only the drawing: clicks find what is drawn, search, popups and every analysis use all features.
 */
export interface MinZoomBy {
  field: string;
  zooms: Readonly<Record<string, number>>;
}

/** One map layer: its schema, style, legend and labels. Registered once in layers/index.ts. */
export interface LayerDefinition {
  id: LayerId;
  /** File base name in a project folder, e.g. 'fire_stations' → fire_stations.geojson. */
  file: string;
  /** Point layers that may also come as CSV with lon/lat columns (households). */
  csv?: boolean;
  title: I18nText;
  geometry: GeometryKind;
  /** The noun for one row (e.g. 户 / households), used where the map counts rows (a grid cell's popup). */
  rowUnit?: I18nText;
  /** The property holding the unique id, when the contract has one. */
  idField?: string;
  fields: FieldDef[];
  /** 'columns' for large point layers held as typed arrays; 'geojson' otherwise. */
  storage: 'geojson' | 'columns';
  /** Style layers drawn in this order; each gets id `${layer.id}-${index}`. */
  style: StyleLayer[];
  /** Parts of the layer drawn only once zoomed in (every style layer of it), by a field's value. */
  minZoomBy?: MinZoomBy;
  legend: LegendEntry[];
  /** Draw order across layers: lower is drawn first (below). */
  order: number;
  defaultVisible: boolean;
  /**
   * Fields the map's search box looks in, most telling first. With `group`, features sharing the
   * value (and township, when the layer has one) are found as one place: a road's segments, a
   * village's households.
   */
  search?: SearchField[];
  /**
   * The name field of a line layer whose features may lack a name: the popup of such a feature
   * says where it lies (township, nearest named feature, nearest village, from–to coordinates).
   */
  describeUnnamed?: string;
}

/** A field the map's search looks in. */
export interface SearchField {
  field: string;
  group?: boolean;
}

/**
 * Properties after loading: enum values normalised to their English code; the text as the user
 * wrote it (when it differed) kept under `__orig[field]` for display.
 */
export type LoadedProperties = Record<string, unknown> & { __orig?: Record<string, string> };

export interface GeoJsonLayerData {
  kind: 'geojson';
  id: LayerId;
  data: FeatureCollection<Geometry | null, LoadedProperties>;
}

/** A typed column of a columnar layer. */
export type Column =
  /** NaN = missing. */
  | { type: 'number'; values: Float64Array }
  /** 0 = false, 1 = true, 255 = missing. */
  | { type: 'boolean'; values: Uint8Array }
  /** Dictionary-encoded strings and enums (enum dict holds the canonical codes); -1 = missing. */
  | { type: 'category'; codes: Int32Array; dict: string[] }
  | { type: 'string'; values: (string | null)[] };

export interface ColumnLayerData {
  kind: 'columns';
  id: LayerId;
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  ids: string[];
  columns: Record<string, Column>;
}

export type LayerData = GeoJsonLayerData | ColumnLayerData;

export interface Project {
  name: string;
  region?: string;
  /** Overrides of analysis defaults, same keys as the CLI options. */
  params: Record<string, unknown>;
  layers: Record<LayerId, LayerData>;
  /**
   * Named scenarios (project.json `scenarios`, optional): facility edits and parameter overrides
   * over the layers as imported (analysis/scenarios.ts). Absent: the default 现状 / 规划.
   */
  scenarios?: ScenarioSet;

  /**
   * What the user decided when a file in a foreign format was imported (its target layer, CRS,
   * GCJ-02/BD-09 conversion, text encoding), by file name, so importing it again asks nothing
   * already answered. Saved in project.json as `imports`.
   */
  imports?: Record<string, ImportMemory>;

  /**
   * Sheets the user imported as database tables (the 指标 tab's ledger import: task sheets, 双代
   * ledgers, household ledgers), by table name. Part of the project so that they are saved with
   * the work, undone and redone like any edit, and loaded into the database again whenever its
   * tables are (each new revision of the project). Absent: none.
   */
  tables?: Record<string, ImportedTable>;
}

/** One imported sheet (see {@link Project.tables}): its rows as mapped to the target's fields. */
export interface ImportedTable {
  /** The import target's id (`task_progress`, `dual_ledger`, `households`: layers/load/ledger/targets.ts). */
  target: string;
  /** The file it was read from (and the sheet, for a workbook). */
  file: string;
  /** The mapped records: field name → value (null = missing). */
  rows: Record<string, string | number | boolean | null>[];
}

/** One file's remembered import decisions (see {@link Project.imports}). */
export interface ImportMemory {
  layer?: LayerId;
  mode?: 'add' | 'replace';
  /** The CRS the user chose, e.g. 'EPSG:4526'. */
  crs?: string;
  /** The offset the user confirmed ('gcj02', 'bd09') or declined ('none'). */
  offset?: 'gcj02' | 'bd09' | 'none';
  /** The text encoding the user chose, e.g. 'gbk'. */
  encoding?: string;
}

export type IssueSeverity = 'error' | 'warning' | 'info';

/** One problem found while loading: always names the file, and the feature/row and field when known. */
export interface ValidationIssue {
  severity: IssueSeverity;
  /** Stable machine code, e.g. 'missing-required', 'bad-enum', 'projected-coordinates'. */
  code: string;
  file: string;
  /** 0-based feature index in a GeoJSON file. */
  featureIndex?: number;
  /** 1-based line number in a CSV file (header = line 1). */
  row?: number;
  field?: string;
  message: I18nText;
}

export interface LayerLoadCounts {
  read: number;
  loaded: number;
  rejected: number;
  /** Features kept without geometry (geometry: null). */
  unlocated: number;
}

export interface ValidationReport {
  issues: ValidationIssue[];
  counts: Partial<Record<LayerId, LayerLoadCounts>>;
}

export type { Feature, FeatureCollection, Geometry };
