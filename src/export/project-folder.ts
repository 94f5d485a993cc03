import { zipSync } from 'fflate';
import { toCsv } from '../../analysis/csv-export';
import { LAYER_LIST } from '../../layers/index';
import { layerDocument } from '../../layers/load/layer-document';
import type { LayerData, Project } from '../../layers/types';
import { ledgerFileName, LEDGER_FILE_PREFIX, type FolderTable } from '../../layers/load/ledger/folder-ledgers';
import { LEDGER_TARGETS, type LedgerTarget } from '../../layers/load/ledger/targets';

export { LEDGER_FILE_PREFIX };

function hasData(layer: LayerData): boolean {
  return layer.kind === 'columns' ? layer.count > 0 : layer.data.features.length > 0;
}

/**
 * The open project as its project folder (shared/DATA-CONTRACT.md), zipped: project.json (name,
 * region, params, scenarios with their edits, import decisions, the imported ledgers' record) and
 * one contract file per layer that holds anything (`layerDocument`: GeoJSON, the households as
 * CSV) — what 打开文件 opens again as the same project, on this PC or another, and what the command
 * line reads (`--data`). Each ledger imported in the 指标 tab is written as `台账_<table>.csv`
 * (UTF-8 with BOM, for Excel; a column per field of its import target) and listed in project.json
 * `tables` with that target, so opening the folder imports it again the same way
 * (layers/load/ledger/folder-ledgers.ts). Pure: runs in the export worker (src/workers/tasks/export-project.ts).
 * @param onFile - called after each file is written, with the share of files done (0–1]
 * @returns the zip's bytes and the names of the files in it
 */
export function projectFolderZip(project: Project, onFile?: (p: { file: string; fraction: number }) => void): { zip: Uint8Array; files: string[] } {
  const enc = new TextEncoder();
  const entries: Record<string, Uint8Array> = {};
  const json: Record<string, unknown> = { name: project.name };
  if (project.region) json.region = project.region;
  json.params = project.params;
  if (project.scenarios) json.scenarios = project.scenarios;
  if (project.imports && Object.keys(project.imports).length > 0) json.imports = project.imports;
  const layers = LAYER_LIST.filter((def) => {
    const layer = project.layers[def.id];
    return !!layer && hasData(layer);
  });
  const tables = Object.entries(project.tables ?? {});
  const total = layers.length + tables.length + 2;
  let done = 0;
  const wrote = (file: string) => onFile?.({ file, fraction: ++done / total });
  for (const def of layers) {
    const doc = layerDocument(def, project.layers[def.id]);
    entries[doc.name] = enc.encode(doc.text);
    wrote(doc.name);
  }
  const record: Record<string, FolderTable> = {};
  for (const [name, table] of tables) {
    const target = Object.hasOwn(LEDGER_TARGETS, table.target) ? LEDGER_TARGETS[table.target as LedgerTarget['id']] : undefined;
    // the target's fields, in its order (a field empty in every row is still a column); without a known target, the rows' keys
    const header = target ? target.fields.map((f) => f.name) : [...new Set(table.rows.flatMap((r) => Object.keys(r)))];
    if (header.length === 0) continue;
    const file = ledgerFileName(name);
    entries[file] = enc.encode(toCsv(header, table.rows.map((r) => header.map((h) => r[h] ?? null))));
    if (target) record[name] = { target: target.id, file, ...(table.file ? { source: table.file } : {}) };
    wrote(file);
  }
  if (Object.keys(record).length > 0) json.tables = record;
  entries['project.json'] = enc.encode(`${JSON.stringify(json, null, 2)}\n`);
  wrote('project.json');
  const zip = zipSync(entries, { level: 6 });
  wrote('zip');
  return { zip, files: Object.keys(entries) };
}
