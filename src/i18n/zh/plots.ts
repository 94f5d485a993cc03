/**
 * Strings of the reserve-plot review panel (zh-CN). Functions build strings with numbers.
 * The review findings themselves come from analysis/plot-review.ts in both languages; the
 * stated-total parameter's label and source stay in analysis/plot-params.ts.
 */
const plots = {
  panelTitle: '储备地块',
  reviewTitle: '储备地块审查',
  noPlots: '项目中没有储备地块（reserve_plots）',
  muUnit: '亩',
  withFire: '同时核查消防5分钟可达（路网计算，约数秒）',
  reviewing: '审查中…',
  run: '审查地块',
  totalsTitle: '汇总',
  plotCount: '地块数',
  declaredDrawn: '申报 / 图上面积（亩）',
  errorsWarnings: '错误 / 警告',
  statedTotal: '文件总计（亩）',
  /** The stated total and, in brackets, "matches" or the difference. */
  statedValue: (total: string, diff: string | null) => `${total}（${diff === null ? '一致' : diff}）`,
  plotByPlotTitle: '逐块审查',
  idCol: '编号',
  useCol: '用途',
  declaredCol: '申报亩',
  drawnCol: '图上亩',
  diffCol: '差异%',
  flagsCol: '问题',
  findingsTitle: '审查意见',
  /** Where a plot lies and how large it is, after its id and name. */
  plotPlace: (township: string, area: string) => `（${township}，${area}）`,
  parcels: (n: number, areas: string) => `${n}块：${areas} 亩`,
  areaMu: (area: string) => `${area} 亩`,
  use: { residential: '居住', commercial: '商业', education: '教育', industrial: '工业', public: '公共设施', other: '其他' },
  /** Header of the exported CSV, one entry per column. */
  csv: ['编号', '名称', '乡镇', '用途', '申报亩', '图上亩', '差异%', '各地块亩', '图上所在乡镇', '审查意见'],
  /** Joins the townships found under a plot, and the findings, in the CSV. */
  listSeparator: '、',
  findingSeparator: '；',
  // result layer on the map
  layerTitle: '储备地块审查',
  okLegend: '无问题',
  warningLegend: '警告',
  errorLegend: '错误',
  idField: '编号',
  nameField: '名称',
  declaredField: '申报面积',
  drawnField: '图上面积',
  diffField: '差异',
  percentUnit: '%',
  issuesField: '问题',
  // decisions per plot, adopted into a scenario
  decision: '方案决定',
  decisionKeep: '保留',
  decisionFireStation: '拟建消防站',
  decisionKindergarten: '拟建幼儿园',
  decisionNote: (scenario: string) => `决定写入方案「${scenario}」（现状下决定时先复制为新方案），可撤销；储备地块图层不变。`,
  decisionNoPlot: (id: string) => `储备地块图层中没有编号 ${id} 的地块，无法决定`,
  plotStationName: (plot: string) => `${plot}拟建消防站`,
  plotKindergartenName: (plot: string) => `${plot}拟建幼儿园`,
};
export default plots;
