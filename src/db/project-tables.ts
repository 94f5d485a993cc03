import { LAYERS } from '../../layers/index.ts';
import type { ColumnLayerData, GeoJsonLayerData, LayerData, LayerId, Project } from '../../layers/types.ts';
import type { TableColumn, TabularDb } from './tabular-db.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import { PolygonIndex } from '../../analysis/polygon-index.ts';
import { householdTownshipsOf, TOWNSHIP_POLYGON } from '../../analysis/household-townships.ts';
import { recordsToColumns } from './ledger-columns.ts';
import { LEDGER_TARGETS, type LedgerTarget } from '../../layers/load/ledger/targets.ts';

/**
 * The table name of a layer: the contract's file base name (fireStations → fire_stations).
 * @example tableNameOf('dualConversionAreas') // 'dual_conversion_areas'
 */
export function tableNameOf(id: LayerId): string {
  const def = (LAYERS as Partial<Record<LayerId, { file: string }>>)[id];
  if (def) return def.file;
  return id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Rows loaded per table, by table name. */
export type LoadedTables = Record<string, number>;

/**
 * Put every layer's attributes in the database, one table per layer named by {@link tableNameOf}.
 * Households (columnar) go in column by column through Arrow; GeoJSON layers get one row per
 * feature with `_fid` (feature index), their properties, and `lon`/`lat` for point layers
 * (NULL for unlocated features); then each sheet the user imported (`project.tables`, the
 * ledger import) under its table name. Existing tables of the same name are replaced. The project
 * is not modified. Point layers with a `township` field get `township_in` (the township polygon
 * each point stands in); households get `township_in` too, filled only where their township column
 * is blank ({@link householdTownshipInColumn}): `coalesce(township, township_in)` is then the
 * township every figure uses.
 * @returns row counts by table name
 */
export async function loadProjectTables(db: TabularDb, project: Project): Promise<LoadedTables> {
  if (!project || typeof project !== 'object' || !project.layers) throw new Error('project with layers is required');
  const counts: LoadedTables = {};
  for (const [id, layer] of Object.entries(project.layers) as [LayerId, LayerData][]) {
    if (!layer) continue;
    const name = tableNameOf(id);
    const columns = layer.kind === 'columns' ? columnarTable(layer) : geoJsonTable(layer);
    const def = (LAYERS as Partial<Record<LayerId, { fields: { name: string }[] }>>)[id];
    const townships = project.layers.townships;
    if (layer.kind === 'geojson' && id !== 'townships' && def?.fields.some((f) => f.name === 'township') && townships?.kind === 'geojson' && columns.lon) {
      columns.township_in = townshipInColumn(layer, townships);
    }
    if (layer.kind === 'columns' && id === 'households' && !('township_in' in columns)) {
      // always there (NULL without a townships layer), so a query of the SQL console can use it
      columns.township_in = householdTownshipInColumn(layer, townships?.kind === 'geojson' ? townships : null);
    }
    await db.insertTable(name, columns);
    counts[name] = layer.kind === 'columns' ? layer.count : layer.data.features.length;
  }
  // the sheets the user imported (Project.tables): after the layers, so a ledger named like a layer's table wins as it did when imported
  for (const [name, table] of Object.entries(project.tables ?? {})) {
    const target = Object.hasOwn(LEDGER_TARGETS, table.target) ? LEDGER_TARGETS[table.target as LedgerTarget['id']] : undefined;
    if (!target) throw new Error(`imported table ${name}: unknown target ${JSON.stringify(table.target)}`);
    await db.insertTable(name, recordsToColumns(table.rows, target));
    counts[name] = table.rows.length;
  }
  return counts;
}

/**
 * `township_in`: the name of the township polygon each point stands in (NULL outside every one or
 * unlocated), so the SQL can place a feature whose `township` field is empty where the panels do
 * (the 幼儿园 panel: the kindergarten's township, else the polygon it stands in).
 */
function townshipInColumn(layer: GeoJsonLayerData, townships: GeoJsonLayerData): TableColumn {
  const features = layer.data.features;
  const proj = new LocalProjection(114, 38);
  const index = new PolygonIndex(townships.data, proj);
  const values = features.map((f) => {
    if (f.geometry?.type !== 'Point') return null;
    const [lon, lat] = f.geometry.coordinates;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const k = index.contains(proj.x(lon), proj.y(lat));
    const n = k >= 0 ? townships.data.features[k]?.properties?.name : null;
    return n === null || n === undefined || String(n).trim() === '' ? null : String(n).trim();
  });
  return { type: 'varchar', values };
}

/**
 * `township_in` of the households: for a household whose `township` column is blank (or absent),
 * the township polygon it lies in, exactly as every analysis finds it (householdTownshipsOf: the
 * column where filled, else the polygon); NULL where the column is filled (the column wins) or no
 * polygon holds the point. So `coalesce(township, township_in)` in the SQL is the household's
 * township of the panels and the CLI, and `township IS NULL AND township_in IS NOT NULL` says it
 * was placed by its polygon (`township_source` 'polygon'). Only blank rows are looked up.
 */
function householdTownshipInColumn(layer: ColumnLayerData, townships: GeoJsonLayerData | null): TableColumn {
  const tw = townships ? householdTownshipsOf(layer, townships.data) : null;
  const codes = new Int32Array(layer.count).fill(-1);
  if (!tw || tw.dict.length === 0) return { type: 'varchar', values: new Array<string | null>(layer.count).fill(null) };
  for (let i = 0; i < layer.count; i++) if (tw.source[i] === TOWNSHIP_POLYGON) codes[i] = tw.codes[i];
  return { type: 'category', codes, dict: [...tw.dict] };
}

/** Columns of a columnar layer: id, lon, lat, then its own columns (category codes kept as dictionary). */
export function columnarTable(layer: ColumnLayerData): Record<string, TableColumn> {
  const n = layer.count;
  if (layer.lon.length !== n || layer.lat.length !== n || layer.ids.length !== n) {
    throw new Error(`layer ${layer.id}: lon/lat/ids must have ${n} entries`);
  }
  const out: Record<string, TableColumn> = Object.create(null);
  out.id = { type: 'varchar', values: layer.ids };
  out.lon = { type: 'double', values: layer.lon };
  out.lat = { type: 'double', values: layer.lat };
  for (const [name, col] of Object.entries(layer.columns)) {
    if (name in out) continue;
    switch (col.type) {
      case 'number':
        out[name] = { type: 'double', values: col.values };
        break;
      case 'boolean':
        out[name] = { type: 'boolean', values: col.values };
        break;
      case 'category':
        out[name] = { type: 'category', codes: col.codes, dict: col.dict };
        break;
      case 'string':
        out[name] = { type: 'varchar', values: col.values };
        break;
    }
  }
  return { ...out };
}

type Kind = 'double' | 'boolean' | 'varchar';

/**
 * Columns of a GeoJSON layer's properties. A property whose values are all numbers becomes DOUBLE,
 * all booleans BOOLEAN, anything else (mixed, all missing, text) VARCHAR; objects as JSON text.
 * `__orig` is left out.
 */
export function geoJsonTable(layer: GeoJsonLayerData): Record<string, TableColumn> {
  const features = layer.data.features;
  const seen = new Map<string, Set<Kind>>();
  for (const f of features) {
    const props = f.properties ?? {};
    for (const key of Object.keys(props)) {
      if (key === '__orig' || key === '_fid') continue;
      let set = seen.get(key);
      if (!set) seen.set(key, (set = new Set()));
      const v = props[key];
      if (v === null || v === undefined) continue;
      set.add(typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'varchar');
    }
  }
  const kinds = new Map<string, Kind>();
  for (const [key, set] of seen) kinds.set(key, set.size === 1 ? [...set][0] : 'varchar');
  const out: Record<string, TableColumn> = Object.create(null);
  out._fid = { type: 'double', values: Float64Array.from(features, (_f, i) => i) };
  const points = features.some((f) => f.geometry?.type === 'Point');
  if (points) {
    out.lon = { type: 'double', values: Float64Array.from(features, (f) => (f.geometry?.type === 'Point' ? f.geometry.coordinates[0] : NaN)) };
    out.lat = { type: 'double', values: Float64Array.from(features, (f) => (f.geometry?.type === 'Point' ? f.geometry.coordinates[1] : NaN)) };
  }
  for (const [key, kind] of kinds) {
    if (key in out) continue;
    const get = (i: number) => features[i].properties?.[key];
    if (kind === 'double') {
      out[key] = { type: 'double', values: Float64Array.from(features, (_f, i) => (typeof get(i) === 'number' ? (get(i) as number) : NaN)) };
    } else if (kind === 'boolean') {
      out[key] = { type: 'boolean', values: features.map((_f, i) => (typeof get(i) === 'boolean' ? (get(i) as boolean) : null)) };
    } else {
      out[key] = { type: 'varchar', values: features.map((_f, i) => toText(get(i))) };
    }
  }
  return { ...out };
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
