import { zipSync } from 'fflate';
import { toCsv } from '../../analysis/csv-export';
import { LAYER_LIST } from '../../layers/index';
import { layerDocument } from '../../layers/load/layer-document';
import type { LayerData, Project } from '../../layers/types';

/** Prefix of an imported ledger's file in the exported folder: not a file name of the data contract, so opening the folder again leaves it out (and says so). */
export const LEDGER_FILE_PREFIX = '台账_';

function hasData(layer: LayerData): boolean {
  return layer.kind === 'columns' ? layer.count > 0 : layer.data.features.length > 0;
}

/**
 * The open project as its project folder (shared/DATA-CONTRACT.md), zipped: project.json (name,
 * region, params, scenarios with their edits, import decisions) and one contract file per layer that
 * holds anything (`layerDocument`: GeoJSON, the households as CSV) — what 打开文件 opens again as the
 * same project, on this PC or another, and what the command line reads (`--data`). Ledgers imported
 * in the 指标 tab come along as `台账_<table>.csv` (UTF-8 with BOM, for Excel); they are not contract
 * files, so opening the folder leaves them out with a note, and they are imported again from the tab.
 * @returns the zip's bytes and the names of the files in it
 */
export function projectFolderZip(project: Project): { zip: Uint8Array; files: string[] } {
  const enc = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  const json: Record<string, unknown> = { name: project.name };
  if (project.region) json.region = project.region;
  json.params = project.params;
  if (project.scenarios) json.scenarios = project.scenarios;
  if (project.imports && Object.keys(project.imports).length > 0) json.imports = project.imports;
  entries['project.json'] = enc.encode(`${JSON.stringify(json, null, 2)}\n`);
  for (const def of LAYER_LIST) {
    const layer = project.layers[def.id];
    if (!layer || !hasData(layer)) continue;
    const doc = layerDocument(def, layer);
    entries[doc.name] = enc.encode(doc.text);
  }
  for (const [name, table] of Object.entries(project.tables ?? {})) {
    const header = [...new Set(table.rows.flatMap((r) => Object.keys(r)))];
    if (header.length === 0) continue;
    entries[`${LEDGER_FILE_PREFIX}${name}.csv`] = enc.encode(toCsv(header, table.rows.map((r) => header.map((h) => r[h] ?? null))));
  }
  return { zip: zipSync(entries, { level: 6 }), files: Object.keys(entries) };
}
