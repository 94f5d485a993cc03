import { labelStyle } from './labels.ts';
import { enumLegend, matchColor } from './palette.ts';
import { nameField, value } from './fields.ts';
import { fireStationLevelField } from './fire-stations.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/**
 * Where a station district lies (建标152-2017 第十四条): in the town, at the edge of urban land / a
 * new district with good roads (近郊, limit 15 km²), or a township (乡镇队, no area limit).
 */
export const districtLocationField: FieldDef = {
  name: 'location',
  type: 'enum',
  label: { zh: '位置类别', en: 'Location class' },
  popup: true,
  values: [
    value('urban', '城区', 'Urban', ['城市', '建成区', '市区'], '#e57373'),
    value('edge', '城市边缘', 'Urban edge', ['近郊', '城乡结合部', '新区', '边缘'], '#ffb74d'),
    value('township', '乡镇', 'Township', ['农村', '镇区', '乡'], '#aed581'),
  ],
};

/**
 * Official fire-station districts (消防站辖区), optional: when given, the fire rules check each
 * station against its own district instead of the computed first-due area.
 */
export const fireDistricts: LayerDefinition = {
  id: 'fireDistricts',
  file: 'fire_districts',
  title: { zh: '消防站辖区', en: 'Fire station districts' },
  geometry: 'Polygon',
  storage: 'geojson',
  fields: [
    { name: 'station', type: 'string', required: true, label: { zh: '消防站编号', en: 'Station ID' }, popup: true },
    nameField(),
    fireStationLevelField,
    districtLocationField,
  ],
  style: [
    { type: 'fill', paint: { 'fill-color': matchColor(districtLocationField), 'fill-opacity': 0.15 } },
    { type: 'line', paint: { 'line-color': '#b71c1c', 'line-width': 2, 'line-dasharray': [3, 2] } },
    labelStyle('name', { minzoom: 11, size: 12, offsetEm: 0 }),
  ],
  legend: enumLegend(districtLocationField, 'fill'),
  search: [{ field: 'station' }, { field: 'name' }],
  order: 25,
  defaultVisible: false,
};
