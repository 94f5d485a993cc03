import type { I18nText } from '../../layers/types';

/** UI strings of the table, SQL and indicator panels (zh-CN first, English). */
export const DB_TEXT = {
  tablesTab: { zh: '表格', en: 'Tables' },
  sqlTab: { zh: 'SQL', en: 'SQL' },
  indicatorsTab: { zh: '指标', en: 'Indicators' },
  dbStarting: { zh: '正在启动数据库（DuckDB）…', en: 'Starting the database (DuckDB)…' },
  dbLoading: { zh: '正在把图层载入数据库…', en: 'Loading layers into the database…' },
  dbIdle: { zh: '请先打开项目', en: 'Open a project first' },
  dbError: { zh: '数据库出错：', en: 'Database error: ' },
  table: { zh: '表', en: 'Table' },
  search: { zh: '搜索', en: 'Search' },
  searchPlaceholder: { zh: '在文本列中搜索…', en: 'Search text columns…' },
  filterColumn: { zh: '筛选列', en: 'Filter column' },
  filterValue: { zh: '值', en: 'Value' },
  noFilter: { zh: '（不筛选）', en: '(no filter)' },
  selectedOnly: { zh: '仅显示地图选中', en: 'Selected on map only' },
  rows: { zh: '行', en: 'rows' },
  prev: { zh: '上一页', en: 'Previous' },
  next: { zh: '下一页', en: 'Next' },
  run: { zh: '运行', en: 'Run' },
  emptySql: { zh: '请输入 SQL 语句', en: 'Enter an SQL statement' },
  storageFailed: { zh: '浏览器拒绝保存（存储空间已满或处于隐私模式），查询未保存', en: 'The browser refused to store it (storage full or private mode); the query was not saved' },
  save: { zh: '保存', en: 'Save' },
  saveAs: { zh: '查询名称', en: 'Query name' },
  savedQueries: { zh: '已保存的查询', en: 'Saved queries' },
  examples: { zh: '示例', en: 'Examples' },
  del: { zh: '删除', en: 'Delete' },
  showOnMap: { zh: '在地图上显示', en: 'Show on map' },
  selectOnMap: { zh: '在地图上选中', en: 'Select on map' },
  sqlResult: { zh: 'SQL 查询结果', en: 'SQL result' },
  noRows: { zh: '无结果', en: 'No rows' },
  compute: { zh: '计算指标', en: 'Compute indicators' },
  coalPrice: { zh: '洁净煤价格（元/吨）', en: 'Clean-coal price (yuan/t)' },
  stoveCounty: { zh: '县级炉具补贴（元，≤200）', en: 'County stove subsidy (yuan, ≤ 200)' },
  target: { zh: '目标', en: 'Target' },
  source: { zh: '依据', en: 'Source' },
  met: { zh: '达标', en: 'Met' },
  notMet: { zh: '未达标', en: 'Not met' },
  byTownship: { zh: '分乡镇', en: 'By township' },
  county: { zh: '全县', en: 'County' },
  importLedger: { zh: '导入台账（CSV / XLSX）', en: 'Import a ledger (CSV / XLSX)' },
  importAs: { zh: '导入为', en: 'Import as' },
  ledgerTasks: { zh: '各镇任务进度表', en: 'Task progress sheet' },
  ledgerOld: { zh: '“双代”台账（上期）', en: '双代 ledger (previous)' },
  ledgerNew: { zh: '“双代”台账（本期）', en: '双代 ledger (current)' },
  ledgerHouseholds: { zh: '农户台账（农户图层字段，表 households_ledger）', en: 'Household ledger (household layer fields, table households_ledger)' },
  sheet: { zh: '工作表', en: 'Sheet' },
  columnFor: { zh: '对应列', en: 'Column' },
  notMapped: { zh: '（不导入）', en: '(not imported)' },
  preview: { zh: '预览', en: 'Preview' },
  doImport: { zh: '导入', en: 'Import' },
  imported: { zh: '已导入', en: 'Imported' },
  failedRows: { zh: '未导入的行', en: 'Rows not imported' },
  row: { zh: '第', en: 'Row' },
  rowSuffix: { zh: '行', en: '' },
} satisfies Record<string, I18nText>;

/** Format an indicator value by unit, in the UI language. */
export function formatIndicator(value: number | null, unit: string, lang: 'zh' | 'en'): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const loc = lang === 'zh' ? 'zh-CN' : 'en';
  switch (unit) {
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'yuan':
      return lang === 'zh' ? `${(value / 10000).toLocaleString(loc, { maximumFractionDigits: 2 })} 万元` : `${(value / 10000).toLocaleString(loc, { maximumFractionDigits: 2 })} × 10⁴ yuan`;
    case 'tonnes':
      return `${value.toLocaleString(loc, { maximumFractionDigits: 1 })} ${lang === 'zh' ? '吨' : 't'}`;
    case 'households':
      return `${value.toLocaleString(loc)} ${lang === 'zh' ? '户' : 'households'}`;
    default:
      return value.toLocaleString(loc, { maximumFractionDigits: 2 });
  }
}

/** A short number for chart labels: shares as %, yuan in 万 (10⁴), everything else plain. */
export function formatCompact(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'share') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'yuan') return `${(value / 10000).toLocaleString('en', { maximumFractionDigits: 1 })}万`;
  return value.toLocaleString('en', { maximumFractionDigits: 1 });
}
