/** Strings of the table view, SQL console and indicator panels (zh-CN). Functions build strings with numbers. */
const db = {
  tablesTab: '表格',
  sqlTab: 'SQL',
  indicatorsTab: '指标',
  dbStarting: '正在启动数据库（DuckDB）…',
  dbLoading: '正在把图层载入数据库…',
  dbIdle: '请先打开项目',
  dbError: (message: string) => `数据库出错：${message}`,
  // table view
  table: '表',
  tableOption: (title: string, rows: string) => `${title}（${rows} 行）`,
  search: '搜索',
  searchPlaceholder: '在文本列中搜索（可输入编码或中文名称）…',
  filterColumn: '筛选列',
  filterValue: '值',
  noFilter: '（不筛选）',
  anyValue: '（任意）',
  selectedOnly: (n: number) => `仅显示地图选中（${n}）`,
  noneSelected: '“仅显示地图选中”已勾选，但地图上没有选中本表的要素，所以没有行。',
  showAll: '显示全部行',
  rows: (n: string) => `${n} 行`,
  page: (page: number, pages: number) => `第 ${page}/${pages} 页`,
  prev: '上一页',
  next: '下一页',
  yes: '是',
  no: '否',
  /** Header tooltip: the column's name in the database (for the SQL console). */
  columnName: (name: string) => `字段名：${name}`,
  /** Columns the loader adds to every layer table. */
  extraColumns: { _fid: '要素序号', lon: '经度', lat: '纬度' },
  /** Header of the column the loader adds to point layers with a township field: the township polygon each point stands in (src/db/project-tables.ts). */
  townshipIn: '所在乡镇（按位置）',
  // SQL console
  run: '运行',
  cancel: '取消',
  running: '正在运行…',
  cancelled: '已取消：查询已停止，数据库可继续使用',
  consoleEdited:
    '语句可能修改了数据库中的表。注意：SQL 控制台的修改只作用于本页的数据库（指标、表格、SQL），不改变项目的图层和地图，也不会保存；刷新页面、导入文件或撤销后，表按项目数据重新载入。',
  consoleEditsReplaced: '表已按项目数据重新载入（导入、撤销或打开了项目）：之前在 SQL 控制台中对表的修改已不在。',
  extensionRefused: (statement: string) => `不允许安装或加载 DuckDB 扩展（本工具离线运行，不下载任何内容）：${statement}`,
  /** DuckDB's own message follows on the next line (src/panels/db-format.ts sqlErrorText). */
  sqlTableMissing: (name: string) => `没有名为“${name}”的表（可查询的表见“表格”页）。`,
  sqlColumnMissing: (name: string) => `没有名为“${name}”的列。`,
  sqlSyntax: 'SQL 语法错误。',
  sqlFailed: '查询出错：',
  externalAccessRefused: (message: string) => `不允许读取文件或网址：数据库只使用已载入的图层和导入的表格，文件请用“导入台账”导入。（${message}）`,
  emptySql: '请输入 SQL 语句',
  storageFailed: '浏览器拒绝保存（存储空间已满或处于隐私模式），查询未保存',
  save: '保存',
  saveAs: '查询名称',
  savedQueries: '已保存的查询',
  /** Under 已保存的查询 while there is none (session 20 walk: the heading stood over nothing). */
  noSavedQueries: '还没有保存的查询：在上方填写查询名称，点“保存”，查询就会列在这里（保存在本浏览器中）。',
  examples: '示例',
  exampleNames: {
    heatingByTownship: '各乡镇农户与取暖方式',
    cleanCoalView: '洁净煤指标（视图）',
    dilapidatedOverArea: '超出面积标准的危改户（可上图）',
    cleanCoalNoAlarm: '无报警器的洁净煤户（可上图）',
    kindergartenPlaces: '幼儿园在园与学位',
  },
  del: (name: string) => `删除 ${name}`,
  idLayer: '编号所属图层',
  showOnMap: '在地图上显示',
  showOnMapCount: (n: string) => `在地图上显示（${n}）`,
  selectOnMap: '在地图上选中',
  sqlResult: 'SQL 查询结果',
  noRows: '无结果',
  /** A large result kept only in part once the SQL tab was left (src/panels/sql/console-store.ts). */
  keptRows: (shown: string, total: string) => `结果共 ${total} 行，较大：离开 SQL 页时只保留了显示的前 ${shown} 行。要导出或在地图上显示全部结果，请重新运行。`,
  rerun: '重新运行',
  /** The console computes the indicator tables before a query that reads them; this failed. */
  indicatorsFailed: (message: string) => `查询读取指标表（indicator_…、policy），但计算指标失败：${message}`,
  /** Why an example query cannot run on the tables as they are. */
  exampleMissing: (what: string) => `（${what}，无法运行）`,
  // indicator cards
  compute: '计算指标',
  coalPrice: '洁净煤价格（元/吨）',
  stoveCounty: '县级炉具补贴（元，≤200）',
  childShare: '3–5岁儿童占人口比例（缺少儿童数时估算）',
  target: '目标',
  met: '✓ 达标',
  notMet: '✗ 未达标',
  /** Households whose township is empty, in the by-township rows (the SQL's 未填乡镇). */
  noTownship: '未填乡镇',
  estimate: '估算',
  estimateMark: '（估算）',
  noData: '无数据',
  implausible: '⚠ 数值不可信',
  stale: '表已更改，指标正在重新计算…',
  /** Why a figure has no data or is implausible (src/db/indicator-status.ts IndicatorIssue). */
  issues: {
    tableMissing: (table: string) => `表 ${table} 不存在`,
    tableEmpty: (table: string) => `表 ${table} 没有数据行`,
    columnMissing: (table: string, column: string) => `表 ${table} 缺少列 ${column}`,
    columnEmpty: (table: string, column: string) => `表 ${table} 的列 ${column} 没有任何值`,
    columnPartial: (table: string, column: string, given: number, rows: number) =>
      `表 ${table} 的列 ${column} 只有 ${given.toLocaleString('en')} / ${rows.toLocaleString('en')} 行有值：缺失的行会在分母中按 0 计`,
    townshipsMissing: (table: string, missing: number, total: number, examples: string) =>
      `表 ${table} 缺少 ${total} 个乡镇中 ${missing} 个的数据（如 ${examples}），数据不完整`,
    zeroDenominator: (what: string) => `分母为 0：${what}合计为 0 或缺失`,
    noValue: '没有可计算的数值',
    estimated: (table: string, column: string, from: string, n: number, rows: number, rate: number, source: string) =>
      `估算：表 ${table} 有 ${n.toLocaleString('en')} / ${rows.toLocaleString('en')} 行缺少 ${column}，按 ${from} × ${rate} 估算（${source}）`,
    noEstimate: (table: string, column: string, from: string) => `表 ${table} 的每一行都既无 ${column} 也无 ${from}：无法计算，也无法估算`,
    outOfRange: (value: string, range: string, why: string) => `${value} 超出合理范围（${range}）：${why}`,
    listSeparator: '、',
  },
  byTownship: (title: string) => `${title} · 分乡镇`,
  percent: (text: string) => `${text}%`,
  yuan10k: (text: string) => `${text} 万元`,
  tonnes: (text: string) => `${text} 吨`,
  households: (text: string) => `${text} 户`,
  /** Short yuan-in-10⁴ label on the bars. */
  compactYuan10k: (text: string) => `${text}万`,
  // ledger import
  importLedger: '导入台账（CSV / XLSX）',
  importAs: '导入为',
  ledgerKinds: {
    task_progress: '各镇任务进度表',
    ledger_old: '“双代”台账（上期）',
    ledger_new: '“双代”台账（本期）',
    households_ledger: '农户台账（农户图层字段，表 households_ledger）',
  },
  sheet: '工作表',
  notMapped: '（不导入）',
  preview: '预览',
  doImport: (n: number) => `导入（${n} 行）`,
  imported: (table: string, n: number) => `已导入 ${table}：${n} 行`,
  failedRows: (file: string, n: number) => `${file} 中未导入的行（${n}）`,
  importFailed: (table: string, message: string) => `导入表 ${table} 失败：${message}`,
  rowReason: (row: number, reason: string) => `第 ${row} 行：${reason}`,
};

export default db;
