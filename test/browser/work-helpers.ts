// Helpers of the browser tests of saved work and tabs (never-lose*, two-tabs-s17, sqlite-files):
// a hydrants file to import as an edit, the hydrant ids in the store and in the save, and a
// browser context without Web Locks.
import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { savedWorkRecord, type AppPage } from './harness';

/** A hydrants.geojson of `n` working hydrants with ids `prefix1…prefixN`, in the county: an import is one edit. */
export function hydrantsFile(n: number, prefix: string): { name: string; mimeType: string; buffer: Buffer } {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { id: `${prefix}${i + 1}`, kind: 'hydrant', status: 'working' },
    geometry: { type: 'Point', coordinates: [114.74 + i * 0.004, 38.615] },
  }));
  return { name: 'hydrants.geojson', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) };
}

/** The hydrant ids of the page's open project ([] before it has one). */
export async function hydrantIds(p: AppPage): Promise<string[]> {
  return p.page.evaluate(() => {
    const l = window.__coverageStore?.getState().project.project?.layers.hydrants;
    return l?.kind === 'geojson' ? l.data.features.map((f) => String(f.properties?.id)) : [];
  });
}

/** Imports `n` hydrants named `prefix1…` and waits until the store holds them. */
export async function importHydrants(p: AppPage, n: number, prefix: string): Promise<void> {
  await p.page.getByTestId('open-files').setInputFiles([hydrantsFile(n, prefix)]);
  const want = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  await expect.poll(() => hydrantIds(p), { timeout: 120_000 }).toEqual(want);
}

/** The hydrant ids saved in IndexedDB (null when the layer is not saved). */
export async function savedHydrantIds(p: AppPage): Promise<string[] | null> {
  const l = (await savedWorkRecord(p.page, 'coverage-planner/v1/layer/hydrants', '')) as { data?: { features: { properties: { id: string } }[] } } | undefined;
  return l?.data?.features.map((f) => f.properties.id) ?? null;
}

/** Pages of `context` opened from now on have no `navigator.locks`: a non-secure context (plain http on an intranet address). */
export async function withoutWebLocks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true }));
}

/** Imports the GBK task sheet in the 指标 tab (the ledger import; test/fixtures/db/task-progress-gbk.csv) and waits until it is in. */
export async function importTaskSheet(p: AppPage): Promise<void> {
  const page = p.page;
  await page.getByTestId('panel-tab-indicators').click();
  await page.getByTestId('card-task_completion').waitFor({ timeout: 180_000 });
  await page.getByTestId('ledger-kind').selectOption('task_progress');
  await page.getByTestId('ledger-file').setInputFiles('test/fixtures/db/task-progress-gbk.csv');
  await page.getByTestId('ledger-preview').waitFor();
  await page.getByTestId('ledger-import-button').click();
  await page.getByTestId('ledger-done').waitFor();
}
