/**
 * Sheet names and column headers of the Excel (XLSX) exports, shared by the app and the CLI
 * (zh-CN). Headers carry their units. Layer enum labels come from layers/*.ts, findings from the
 * analyses themselves.
 */
const exportsText = {
  button: '导出 Excel',
  unnamedRoad: '（未命名道路）',
  yes: '是',
  no: '否',
  summarySheet: '汇总',
  item: '指标',
  value: '数值',
  unit: '单位',
  hydrants: {
    file: '消火栓分析',
    gapsSheet: '保护空白路段',
    gaps: ['道路', '位置说明', '乡镇', '起点经度', '起点纬度', '终点经度', '终点纬度', '中点经度', '中点纬度', '起点里程（米）', '终点里程（米）', '长度（米）', '最近有名道路', '距最近有名道路（米）', '最近村', '距最近村（米）', '道路要素序号', '分段'],
    spacingSheet: '间距超限',
    spacing: ['道路', '起始消火栓', '终止消火栓', '起点里程（米）', '终点里程（米）', '间距（米）'],
    proposedSheet: '建议新增消火栓',
    proposed: ['编号', '道路', '里程（米）', '经度', '纬度'],
    byRoadSheet: '按道路',
    byRoad: ['道路', '长度（米）', '已覆盖（米）', '覆盖率（%）', '空白段数', '空白长度（米）', '消火栓数', '间距超限数', '建议新增数'],
    brokenSheet: '损坏消火栓',
    broken: ['编号', '类型', '道路', '经度', '纬度'],
    summary: {
      radius: ['保护半径', '米'],
      spacing: ['最大间距', '米'],
      roadLength: ['道路总长', '公里'],
      covered: ['已覆盖长度', '公里'],
      coveredPct: ['道路覆盖率', '%'],
      gapCount: ['空白路段数', '段'],
      gapLength: ['空白路段总长', '公里'],
      spacingViolations: ['间距超限', '处'],
      proposed: ['建议新增消火栓', '个'],
      working: ['完好消火栓', '个'],
      broken: ['损坏消火栓', '个'],
      workingPct: ['完好率', '%'],
    },
  },
  plots: {
    file: '储备地块审查',
    reviewSheet: '逐块审查',
    review: ['地块编号', '名称', '乡镇', '规划用途', '申报面积（亩）', '图上面积（亩）', '图上面积（平方米）', '面积差（亩）', '面积差（%）', '各部分面积（亩）', '图上所在乡镇', '建成区内比例（%）', '消防可达比例（%）', '最近消防站', '距最近消防站（米）', '最近幼儿园', '距最近幼儿园（米）', '错误数', '警告数', '审查意见'],
    findingsSheet: '审查意见',
    findings: ['地块编号', '级别', '审查意见'],
    severity: { error: '错误', warning: '警告', info: '提示' },
    document: '（全部地块）',
    summary: {
      plots: ['地块数', '块'],
      declared: ['申报面积合计', '亩'],
      drawn: ['图上面积合计', '亩'],
      stated: ['文件所列总计', '亩'],
      statedDiff: ['申报合计与文件总计之差', '亩'],
      errors: ['错误', '条'],
      warnings: ['警告', '条'],
    },
  },
};
export default exportsText;
