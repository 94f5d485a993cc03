import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor } from './palette.ts';
import { idField, nameField, townshipField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** Planned use of a reserve plot (土地储备). */
export const plotUseField: FieldDef = {
  name: 'use',
  type: 'enum',
  required: true,
  label: { zh: '规划用途', en: 'Planned use' },
  popup: true,
  values: [
    value('residential', '住宅', 'Residential', ['居住', '住宅用地', '居住用地'], '#fdd835'),
    value('commercial', '商业', 'Commercial', ['商服', '商业用地', '商服用地', '商业服务业'], '#e53935'),
    value('education', '教育', 'Education', ['教育用地', '科教', '学校'], '#1e88e5'),
    value('industrial', '工业', 'Industrial', ['工业用地', '工矿', '仓储'], '#8e24aa'),
    value('public', '公共设施', 'Public facilities', ['公共管理与公共服务', '公共服务', '公用设施'], '#43a047'),
    value('other', '其他', 'Other', ['其它'], COLORS.other),
  ],
};

/** Land-reserve plots (储备地块): filled by planned use; `area_mu` is the declared area in 亩. */
export const reservePlots: LayerDefinition = {
  id: 'reservePlots',
  file: 'reserve_plots',
  title: { zh: '储备地块', en: 'Reserve plots' },
  geometry: 'Polygon',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField({ zh: '地块编号', en: 'Plot ID' }),
    nameField(),
    townshipField(),
    { name: 'location', type: 'string', label: { zh: '位置', en: 'Location' }, popup: true },
    { name: 'owner', type: 'string', label: { zh: '原土地使用权人', en: 'Owner of record' }, popup: true },
    // A declared area is positive; 100 000 亩 (67 km²) is larger than a county's whole reserve.
    { name: 'area_mu', type: 'number', required: true, label: { zh: '申报面积', en: 'Declared area' }, unit: { zh: '亩', en: 'mu' }, range: { min: 0, minExclusive: true, max: 100_000 }, popup: true },
    plotUseField,
    { name: 'approval', type: 'string', label: { zh: '批准文号', en: 'Approval' }, popup: true },
  ],
  style: [
    { type: 'fill', paint: { 'fill-color': matchColor(plotUseField), 'fill-opacity': 0.5 } },
    { type: 'line', paint: { 'line-color': COLORS.outline, 'line-width': 1.5 } },
    labelStyle('id', { minzoom: 13, size: 11, offsetEm: 0 }),
  ],
  search: [{ field: 'id' }, { field: 'name' }],
  legend: enumLegend(plotUseField, 'fill'),
  order: 40,
  defaultVisible: false,
};

/**
 * A reserve plot's `use` as its code: the code itself, or the Chinese or English name or an alias
 * of {@link plotUseField} (for plots that did not come through the loader); anything else trimmed.
 */
export function plotUseCode(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value).trim();
  for (const d of plotUseField.values ?? []) {
    const names = [d.code, d.label.zh, d.label.en, ...(d.aliases ?? [])].map((x) => x.toLowerCase());
    if (names.includes(s.toLowerCase())) return d.code;
  }
  return s;
}
