import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliArgs } from '../args.ts';
import { loadProjectDir } from '../load-project-dir.ts';
import type { OutputKind } from '../out-dir.ts';
import { reportLoadErrors } from '../radii-util.ts';
import { writeJsonFile } from '../stream-write.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import { projectExtent } from '../../layers/load/index.ts';
import { layerDocument } from '../../layers/load/layer-document.ts';
import { writeShapefile, type ShapefileCrs, type ShapefileLayerInput } from '../../layers/load/foreign/shapefile-write.ts';
import type { LayerData, LayerDefinition } from '../../layers/types.ts';
import { helpIfAsked } from '../help.ts';

/** Files `export-shp` writes into --out. */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['shapefile.zip', 'shapefile-fields.json'] };

const USAGE = 'export-shp: npm run analyze -- export-shp --data <project> --out <dir> [--crs gk|gk-cm|cgcs2000|wgs84] [--encoding gbk|utf-8] [--layers hydrants,roads,…]';

/** A layer's features as the Shapefile writer takes them (a columnar layer's rows as points); the peer check reads them too (test/bench/shp-peer.bench.ts). */
export function layerFeatures(def: LayerDefinition, data: LayerData): ShapefileLayerInput['features'] {
  if (data.kind === 'geojson') return (JSON.parse(layerDocument(def, data).text) as { features: ShapefileLayerInput['features'] }).features;
  const out: ShapefileLayerInput['features'] = [];
  const cols = Object.entries(data.columns);
  for (let i = 0; i < data.count; i++) {
    const props: Record<string, unknown> = { [def.idField ?? 'id']: data.ids[i] };
    for (const [k, c] of cols) {
      props[k] =
        c.type === 'number' ? (Number.isNaN(c.values[i]) ? null : c.values[i]) : c.type === 'boolean' ? (c.values[i] === 255 ? null : c.values[i] === 1) : c.type === 'category' ? (c.codes[i] < 0 ? null : c.dict[c.codes[i]]) : c.values[i];
    }
    const ok = Number.isFinite(data.lon[i]) && Number.isFinite(data.lat[i]);
    out.push({ geometry: ok ? { type: 'Point', coordinates: [data.lon[i], data.lat[i]] } : null, properties: props });
  }
  return out;
}

/**
 * `npm run analyze -- export-shp --data <project> --out <dir>`: the project's layers as one zipped
 * Shapefile set (`shapefile.zip`, one .shp/.shx/.dbf/.prj/.cpg per non-empty layer) for the
 * planning bureau's GIS: by default CGCS2000 3° Gauss-Krüger with the zone number in the easting,
 * zone from the project's centre, attributes in GBK; `shapefile-fields.json` maps each property to
 * its DBF field name (≤ 10 bytes).
 */
export async function run(args: CliArgs): Promise<void> {
  helpIfAsked(args.options, 'export-shp', [], [
    { key: 'crs', text: { zh: 'gk（默认，3° 带带号）、gk-cm、cgcs2000、wgs84', en: 'gk (default, 3° zone in the easting), gk-cm, cgcs2000, wgs84' } },
    { key: 'encoding', text: { zh: '属性编码：gbk（默认）或 utf-8', en: 'attribute encoding: gbk (default) or utf-8' } },
    { key: 'layers', text: { zh: '要导出的图层 id，逗号分隔（默认全部）', en: 'layer ids to export, comma-separated (default all)' } },
  ], false);
  const { crs = 'gk', encoding = 'gbk', layers, ...rest } = args.options;
  for (const k of Object.keys(rest)) throw new Error(`export-shp：未知的选项 --${k}。\nexport-shp: unknown option --${k}.\n${USAGE}`);
  if (encoding !== 'gbk' && encoding !== 'utf-8') throw new Error(`export-shp：--encoding 只能是 gbk 或 utf-8。\nexport-shp: --encoding must be gbk or utf-8.\n${USAGE}`);
  const { project, report } = await loadProjectDir(args.data);
  reportLoadErrors('export-shp', args.data, report);
  const e = projectExtent(project);
  const cm = e ? Math.round((e.minLon + e.maxLon) / 2 / 3) * 3 : 114;
  const choice: Record<string, ShapefileCrs> = {
    gk: { kind: 'gauss-kruger', centralMeridian: cm, zoneInEasting: true },
    'gk-cm': { kind: 'gauss-kruger', centralMeridian: cm, zoneInEasting: false },
    cgcs2000: { kind: 'cgcs2000' },
    wgs84: { kind: 'wgs84' },
  };
  const shpCrs = choice[crs];
  if (!shpCrs) throw new Error(`export-shp：--crs 只能是 gk、gk-cm、cgcs2000 或 wgs84。\nexport-shp: --crs must be gk, gk-cm, cgcs2000 or wgs84.\n${USAGE}`);
  const wanted = layers !== undefined ? new Set(layers.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) : null;
  if (wanted) {
    // A misspelt name (hydrant for hydrants) would otherwise give an empty shapefile.zip and exit 0.
    const unknown = [...wanted].filter((w) => !LAYER_LIST.some((d) => d.id === w || d.file === w));
    if (unknown.length > 0 || wanted.size === 0) {
      const names = LAYER_LIST.map((d) => d.file).join(', ');
      const list = unknown.join(', ');
      throw new Error(`export-shp：--layers 中没有图层 ${list || '（空）'}。可用图层：${names}\nexport-shp: --layers names no layer ${list || '(empty)'}. Layers: ${names}\n${USAGE}`);
    }
  }
  const input: ShapefileLayerInput[] = [];
  for (const def of LAYER_LIST) {
    if (wanted && !wanted.has(def.id) && !wanted.has(def.file)) continue;
    const f = layerFeatures(def, project.layers[def.id]);
    if (f.length) input.push({ name: def.file, features: f });
  }
  if (input.length === 0) {
    throw new Error(`export-shp：${wanted ? '所选图层' : '该项目'}没有可导出的要素，未写出 shapefile.zip。\nexport-shp: ${wanted ? 'the layers chosen have' : 'the project has'} no features to export; shapefile.zip not written.`);
  }
  const { zip, fieldNames, truncated } = writeShapefile(input, { crs: shpCrs, encoding });
  // text longer than a DBF field (254 bytes) is cut: said, never silent (the layer files have it whole)
  for (const [layer, props] of Object.entries(truncated))
    for (const [prop, n] of Object.entries(props))
      console.error(`export-shp：${layer}.dbf 的字段 ${fieldNames[layer][prop]}（属性 ${prop}）有 ${n} 个值超过 DBF 字段的 254 字节，已截断；完整内容见项目的图层文件。\nexport-shp: ${n} value(s) of ${layer}.dbf field ${fieldNames[layer][prop]} (property ${prop}) are longer than a DBF field's 254 bytes and were cut; the project's layer file has them whole.`);
  mkdirSync(args.out, { recursive: true });
  writeFileSync(join(args.out, 'shapefile.zip'), zip);
  await writeJsonFile(join(args.out, 'shapefile-fields.json'), fieldNames, 2);
  console.log(`export-shp: ${input.map((l) => `${l.name} (${l.features.length})`).join(', ')} → ${join(args.out, 'shapefile.zip')} (${(zip.length / 1048576).toFixed(1)} MB, ${crs === 'gk' || crs === 'gk-cm' ? `CGCS2000 3° GK CM ${cm}°E` : crs}, ${encoding.toUpperCase()})`);
}
