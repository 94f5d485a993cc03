/** Strings of the rule-check panel (规范检查, zh-CN). Rule titles, clauses and findings come from analysis/rules/ in both languages. */
const rules = {
  panelTitle: '规范检查',
  intro: '按标准条文和本县规划逐条检查；✓ 符合，✗ 不符合，— 不适用（缺数据）。消防覆盖按消防车到达目标最近道路点计时。',
  run: '运行规范检查',
  rerun: '重新检查',
  noProject: '请先打开项目',
  stage: (s: string): string => (s === 'fire-coverage' ? '计算消防覆盖（路网）…' : '逐条检查…'),
  secondary: '转引',
  secondaryTitle: '条文取自转引资料，非标准原文',
  counts: (pass: number, fail: number, na: number) => `✓ ${pass} 条　✗ ${fail} 条　— ${na} 条`,
  objects: (n: number, shown: number) => (n > shown ? `不符合对象 ${n} 个（列出前 ${shown} 个）` : `不符合对象 ${n} 个`),
  focus: '在地图上定位',
  params: '参数',
  confirm: '待确认',
  excel: '导出 Excel',
};
export default rules;
