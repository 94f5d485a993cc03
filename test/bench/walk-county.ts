// A walk through the app with a county that is not the demo, as its planner would: 新建项目, the
// county's own files imported one by one through the import dialog, every analysis tab run, in
// Chinese then in English; screenshots to test/screenshots/walk-*.png, and every line of a panel in
// the other language printed (data names aside, a line of Chinese in the English pass is a string to
// look at). A probe, not a test: look at the screenshots. Needs the walk county's files:
// `test/fixtures/walk-county/make-county.sh` (GDAL) writes the roads and households it does not commit.
// Run: `npx tsx test/bench/walk-county.ts` (about 2 minutes on a quiet machine).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP_VIEWPORT, openApp, screenshot, startApp, waitForMapIdle } from '../browser/harness';

const OUT = resolve(import.meta.dirname, '../fixtures/walk-county/out');
const FILES: string[][] = [
  ['乡镇.geojson'],
  ['道路.shp', '道路.shx', '道路.dbf', '道路.prj'].map((f) => `roads-nocpg/${f}`),
  ['建成区.shp', '建成区.shx', '建成区.dbf', '建成区.prj', '建成区.cpg'].map((f) => `built-up/${f}`),
  ['消防站.xlsx'],
  ['幼儿园.xlsx'],
  ['消火栓台账.csv'],
  ['农户.csv'],
];
/** Tab, its run button and what shows when it is done. */
const TABS: [string, string, string][] = [
  ['fire', 'fire-run', 'fire-figures'],
  ['hydrants', 'hydrant-run', 'hydrant-figures'],
  ['kindergartens', 'kg-run', 'kg-figures'],
  ['uncovered', 'uncovered-run', 'uncovered-counts'],
  ['siting', 'siting-run', 'siting-figures'],
  ['rules', 'rules-run', 'rules-counts'],
  ['indicators', 'indicators-compute', 'indicators-results'],
];

for (const f of FILES.flat()) if (!existsSync(resolve(OUT, f))) throw new Error(`${f} is missing: run test/fixtures/walk-county/make-county.sh first`);

async function importOne(page: Page, files: string[]): Promise<string> {
  await page.getByTestId('open-files').setInputFiles(files.map((f) => resolve(OUT, f)));
  await page.getByTestId('foreign-dialog').waitFor({ timeout: 120_000 });
  const mapping = await page.locator('[data-testid="foreign-fields"] select').evaluateAll((ss) => ss.map((s) => `${(s as HTMLSelectElement).dataset.testid!.replace('foreign-field-', '')}=${(s as HTMLSelectElement).selectedOptions[0]?.text}`));
  await page.getByTestId('foreign-confirm').click();
  await page.getByTestId('foreign-dialog').waitFor({ state: 'detached' });
  return mapping.join(' | ');
}

async function walk(page: Page, lang: 'zh' | 'en'): Promise<void> {
  await page.getByTestId('new-project').click();
  // a second pass has work to replace: the app asks first
  await page.locator('[data-testid="confirm-ok"], [data-testid="new-project-name"]').first().waitFor();
  if (await page.getByTestId('confirm-ok').count()) await page.getByTestId('confirm-ok').click();
  await page.getByTestId('new-project-name').fill(lang === 'zh' ? '石岭县' : 'Shiling County');
  await page.getByTestId('new-project-ok').click();
  await page.waitForFunction((n) => window.__coverageStore!.getState().project.project?.name === n, lang === 'zh' ? '石岭县' : 'Shiling County');
  for (const files of FILES) console.log(`${lang} import ${files[0]}: ${await importOne(page, files)}`);
  await waitForMapIdle(page);
  await screenshot(page, `walk-${lang}-imported`);
  for (const [tab, run, done] of TABS) {
    const t0 = performance.now();
    await page.getByTestId(`panel-tab-${tab}`).click();
    await page.getByTestId(run).click();
    await page.getByTestId(done).waitFor({ timeout: 300_000 });
    await waitForMapIdle(page);
    await screenshot(page, `walk-${lang}-${tab}`);
    const text = await page.getByRole('tabpanel').innerText();
    const other = text.split('\n').filter((l) => (lang === 'en' ? /[\u4e00-\u9fff]/.test(l) : /\b[a-z]{4,}\b/.test(l)));
    console.log(`${lang} ${tab}: ${((performance.now() - t0) / 1000).toFixed(1)} s; lines in the other script (${other.length}): ${[...new Set(other)].slice(0, 12).join(' ¦ ')}`);
  }
}

const app = await startApp({ ownBrowser: true, county: 'small' });
try {
  const x = await openApp(app, { viewport: DESKTOP_VIEWPORT });
  await waitForMapIdle(x.page);
  await walk(x.page, 'zh');
  await x.page.getByTestId('lang-switch').click();
  await walk(x.page, 'en');
  console.log(`errors: ${x.errors.length ? x.errors.join(' ¦ ') : 'none'}; requests off localhost: ${x.externalRequests.length}`);
} finally {
  await app.close();
}
