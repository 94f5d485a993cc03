import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CsvValue } from '../../analysis/csv-export.ts';
import type { XlsxValue } from '../../analysis/xlsx-export.ts';
import { writeCsvFile } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { writeParquetFile } from './parquet.ts';
import { manifestError } from './county-job.ts';
import { BATCH_ANALYSES, type TableColumn } from './figures.ts';
import { MANIFEST, readManifest, type CountyManifest } from './manifest.ts';

/** The files of the province table, written into the batch's --out (or batch-table's). */
export const PROVINCE_FILES = ['province-counties.csv', 'province-townships.csv', 'province.xlsx', 'province-counties.parquet', 'province-townships.parquet'] as const;

const COUNTY_BASE: TableColumn[] = [
  { key: 'county', zh: '县（文件夹）', en: 'County (folder)' },
  { key: 'project', zh: '项目名称', en: 'Project name' },
  { key: 'status', zh: '状态', en: 'Status' },
  { key: 'error', zh: '错误', en: 'Error' },
  { key: 'load_errors', zh: '数据加载错误数', en: 'Load errors' },
];
const TOWNSHIP_BASE: TableColumn[] = [
  { key: 'county', zh: '县（文件夹）', en: 'County (folder)' },
  { key: 'township', zh: '乡镇', en: 'Township' },
];

/**
 * Every county folder of a batch output that holds a manifest, at the top or below (a province
 * organised by city: `石家庄市/长安区`), named by its path with '/', sorted. A folder with a
 * manifest is not looked into; hidden folders are skipped.
 */
export function countiesWithManifest(out: string, depth = 4): string[] {
  const found: string[] = [];
  const walk = (rel: string, left: number) => {
    let names: string[];
    try {
      names = readdirSync(rel ? join(out, rel) : out);
    } catch {
      return;
    }
    for (const n of names) {
      if (n.startsWith('.')) continue;
      const path = rel ? `${rel}/${n}` : n;
      const abs = join(out, path);
      if (!isFolder(abs)) continue;
      if (existsSync(join(abs, MANIFEST))) found.push(path);
      else if (left > 1) walk(path, left - 1);
    }
  };
  walk('', depth);
  return found.sort();
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A county as the table sees it: its manifest, or none (never run, or its job is still running / died). */
interface Entry {
  county: string;
  manifest: CountyManifest | null;
}

function* entries(out: string, counties: readonly string[]): Generator<Entry> {
  for (const county of counties) yield { county, manifest: readManifest(join(out, county)) };
}

/** The columns of the table: the base ones, then each analysis present in a manifest, in BATCH_ANALYSES order. */
function columnsOf(out: string, counties: readonly string[]): { county: TableColumn[]; township: TableColumn[] } {
  const present = new Set<string>();
  const dynamic = new Map<string, Map<string, TableColumn>>();
  for (const { manifest } of entries(out, counties)) {
    for (const a of manifest?.analyses ?? []) {
      present.add(a.analysis);
      for (const c of a.figures?.columns ?? []) {
        if (!dynamic.has(a.analysis)) dynamic.set(a.analysis, new Map());
        const m = dynamic.get(a.analysis)!;
        if (!m.has(c.key)) m.set(c.key, c);
      }
    }
  }
  const county = [...COUNTY_BASE];
  const township = [...TOWNSHIP_BASE];
  for (const a of BATCH_ANALYSES) {
    if (!present.has(a.name)) continue;
    county.push(...a.columns, ...(dynamic.get(a.name)?.values() ?? []));
    township.push(...a.townshipColumns);
  }
  return { county, township };
}

function countyRow(e: Entry, cols: TableColumn[]): CsvValue[] {
  const m = e.manifest;
  const v: Record<string, unknown> = {
    county: e.county,
    project: m?.project ?? null,
    status: m ? m.status : 'missing',
    error: m ? manifestError(m) || null : '没有结果（未运行或未完成） / no result (not run or not finished)',
  };
  let loadErrors: number | null = null;
  for (const a of m?.analyses ?? []) {
    if (!a.figures) continue;
    Object.assign(v, a.figures.county);
    if (a.figures.loadErrors !== null) loadErrors = Math.max(loadErrors ?? 0, a.figures.loadErrors);
  }
  v.load_errors = loadErrors;
  return cols.map((c) => cell(v[c.key]));
}

function* townshipRows(e: Entry, cols: TableColumn[]): Generator<CsvValue[]> {
  const rows = new Map<string, Record<string, unknown>>();
  for (const a of e.manifest?.analyses ?? []) {
    for (const [t, figs] of Object.entries(a.figures?.townships ?? {})) {
      if (!rows.has(t)) rows.set(t, { county: e.county, township: t });
      Object.assign(rows.get(t)!, figs);
    }
  }
  for (const r of rows.values()) yield cols.map((c) => cell(r[c.key]));
}

function cell(v: unknown): CsvValue {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/**
 * Write the province table from the manifests in `out` (one per county): by county (every headline
 * figure, the indicator cards' rule results, status and error) and by township, as CSV (UTF-8 with
 * BOM, streamed row by row, manifests read one at a time), as one workbook (.xlsx) and as Parquet
 * (cli/batch/parquet.ts); the workbook and Parquet rows are held in memory (a row per county or
 * township: thousands of rows at province scale).
 * @param counties - the counties to list, in order; one without a manifest is listed as missing
 * @returns counts of counties by status
 */
export async function writeProvinceTable(out: string, tableDir: string, counties: readonly string[]): Promise<{ ok: number; error: number; missing: number; townships: number }> {
  const cols = columnsOf(out, counties);
  const counts = { ok: 0, error: 0, missing: 0, townships: 0 };
  await writeCsvFile(
    join(tableDir, 'province-counties.csv'),
    cols.county.map((c) => c.key),
    (function* () {
      for (const e of entries(out, counties)) {
        counts[e.manifest ? e.manifest.status : 'missing']++;
        yield countyRow(e, cols.county);
      }
    })(),
  );
  counts.townships = await writeCsvFile(
    join(tableDir, 'province-townships.csv'),
    cols.township.map((c) => c.key),
    (function* () {
      for (const e of entries(out, counties)) yield* townshipRows(e, cols.township);
    })(),
  );
  const header = (c: TableColumn) => `${c.zh}${c.unit ? `（${c.unit}）` : ''}`;
  const countyRows: XlsxValue[][] = [];
  const townRows: XlsxValue[][] = [];
  for (const e of entries(out, counties)) {
    countyRows.push(countyRow(e, cols.county) as XlsxValue[]);
    for (const r of townshipRows(e, cols.township)) townRows.push(r as XlsxValue[]);
  }
  const all = new Map([...cols.county, ...cols.township].map((c) => [c.key, c]));
  writeXlsx(tableDir, 'province.xlsx', [
    { name: '按县 By county', header: cols.county.map(header), rows: countyRows },
    { name: '按乡镇 By township', header: cols.township.map(header), rows: townRows },
    { name: '列说明 Columns', header: ['列名 Column', '中文', 'English', '单位 Unit'], rows: [...all.values()].map((c) => [c.key, c.zh, c.en, c.unit ?? '']) },
  ]);
  writeParquetFile(join(tableDir, 'province-counties.parquet'), cols.county.map((c) => c.key), countyRows);
  writeParquetFile(join(tableDir, 'province-townships.parquet'), cols.township.map((c) => c.key), townRows);
  return counts;
}
