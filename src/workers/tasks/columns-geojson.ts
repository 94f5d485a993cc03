import type { ColumnLayerData } from '../../../layers/types';
import { columnsToGeojson } from '../../map/columns-to-geojson';
import type { TaskFn } from '../protocol';

/** Worker task: map features (row index as id, only the given properties) from a columnar layer. */
export const columnsGeojsonTask: TaskFn<{ layer: ColumnLayerData; properties: string[] }, ReturnType<typeof columnsToGeojson>> = (input) =>
  columnsToGeojson(input.layer, input.properties);
