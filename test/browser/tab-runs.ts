/**
 * Each side-bar tab's run button and what shows its result is in (the tabs not listed show theirs
 * at once): for the tests that walk every tab with its analysis run (english-ui, office-screen).
 */
export const TAB_RUNS: Record<string, { run: string; done: string }> = {
  fire: { run: 'fire-run', done: '.button-row[data-result-status="current"]' },
  hydrants: { run: 'hydrant-run', done: '[data-testid="hydrant-results"][data-result-status="current"]' },
  kindergartens: { run: 'kg-run', done: '[data-testid="kg-results"][data-result-status="current"]' },
  uncovered: { run: 'uncovered-run', done: '[data-testid="uncovered-counts"][data-result-status="current"]' },
  siting: { run: 'siting-run', done: '[data-testid="siting-results"][data-result-status="current"]' },
  plots: { run: 'plots-run', done: '[data-testid="plots-results"][data-result-status="current"]' },
  rules: { run: 'rules-run', done: '[data-testid="rules-counts"]' },
  compare: { run: 'compare-run', done: '[data-testid="compare-table"]' },
  // the button waits for the database to start (a click waits for it to be enabled)
  indicators: { run: 'indicators-compute', done: '[data-testid="indicators-results"][data-result-status="current"]' },
  sql: { run: 'sql-run', done: '[data-testid="sql-notice"], [data-testid="sql-error"], .db-table' },
};
