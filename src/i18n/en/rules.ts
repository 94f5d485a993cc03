import type zh from '../zh/rules';

/** Strings of the rule-check panel (English). Rule titles, clauses and findings come from analysis/rules/ in both languages. */
const rules: typeof zh = {
  panelTitle: 'Rule check',
  intro: 'Each clause of the standards and the county plans checked in turn: ✓ pass, ✗ fail, — not applicable (data missing). Fire coverage times the engine reaching the road point nearest each target.',
  run: 'Run the rule check',
  rerun: 'Check again',
  noProject: 'Open a project first',
  stage: (s: string) => (s === 'fire-coverage' ? 'Computing fire coverage (network)…' : 'Checking each rule…'),
  secondary: 'secondary',
  secondaryTitle: 'Clause read from a secondary source, not the standard itself',
  counts: (pass: number, fail: number, na: number) => `✓ ${pass}   ✗ ${fail}   — ${na}`,
  objects: (n: number, shown: number) => (n > shown ? `${n} failing objects (first ${shown} listed)` : `${n} failing objects`),
  focus: 'Show on the map',
  params: 'Parameters',
  confirm: 'to confirm',
  excel: 'Export Excel',
};
export default rules;
