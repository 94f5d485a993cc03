import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { framePixels, sheetLayout } from '../../src/print/print-layout';
import { dossierMapMm } from '../../src/print/plot-dossier';
import { SCREENSHOT_DIR, screenshot, useDemoApp, downloadBytes } from './harness';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 300_000;

/** A binary PPM (P6) as written by `pdftoppm`: size and RGB bytes. */
function readPpm(buf: Buffer): { w: number; h: number; rgb: Buffer } {
  const head = buf.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (!head) throw new Error('not a binary PPM');
  return { w: Number(head[1]), h: Number(head[2]), rgb: buf.subarray(head[0].length) };
}

/** Share of non-white pixels and number of distinct colours (quantised to 4 bits) in a box given in mm of the page. */
function inkIn(img: { w: number; h: number; rgb: Buffer }, pageMm: [number, number], box: { x: number; y: number; w: number; h: number }) {
  const sx = img.w / pageMm[0];
  const sy = img.h / pageMm[1];
  let ink = 0;
  let n = 0;
  const colours = new Set<number>();
  for (let y = Math.ceil((box.y + 1) * sy); y < Math.floor((box.y + box.h - 1) * sy); y++) {
    for (let x = Math.ceil((box.x + 1) * sx); x < Math.floor((box.x + box.w - 1) * sx); x++) {
      const i = (y * img.w + x) * 3;
      const r = img.rgb[i], g = img.rgb[i + 1], b = img.rgb[i + 2];
      n++;
      if (r < 245 || g < 245 || b < 245) ink++;
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    }
  }
  return { inkShare: ink / n, colours: colours.size };
}

/** Closes the print view when one is open (each test leaves the page without it). */
async function closePrint(p: Page): Promise<void> {
  if (await p.getByTestId('print-view').count()) {
    await p.getByTestId('print-close').click();
    await p.getByTestId('print-view').waitFor({ state: 'detached' });
  }
}

// One page of the demo county for all the reports (a demo load is ≈ 6 s of CPU): each test opens
// its own print view from its own panel and closes it again, and puts back the settings it changed.
describe('print view and the reports (fire, map sheet, hydrant gaps, plot dossier, siting) on the demo county', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });
  /** The served county's name (project.json), which every report title starts with. */
  const countyName = () => (JSON.parse(readFileSync(join(demo.app.dataDir, 'project.json'), 'utf8')) as { name: string }).name;

  test('the fire report prints to a PDF whose first page shows title, map, legend and scale bar; its figures are the computed ones', async () => {
    const p = demo.main.page;
    await closePrint(p);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    // the "after" figure as the panel shows it (15.1 % → 27.0 %)
    const panelText = (await p.getByTestId('fire-covered-pct').locator('.figure-value').textContent()) ?? '';
    const [beforePct, afterPct] = (panelText.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    expect(afterPct).toBeGreaterThan(beforePct);

    await p.getByTestId('fire-print-report').click();
    await p.locator('[data-testid="print-view"][data-map-state="ready"]').waitFor({ timeout: 180_000 });
    await p.getByTestId('print-issuer').fill('曲阳县消防救援大队');
    // the sheet (297 mm ≈ 1,123 px) is wider than this 1,000 px window: scrolled to the left, its
    // left edge is on screen (centred, it once hung off the left where no scrolling reaches)
    const sheetLeft = await p.evaluate(() => {
      document.querySelector('.print-root')!.scrollLeft = 0;
      return Math.min(...[...document.querySelectorAll('.print-sheet, .print-report')].map((s) => s.getBoundingClientRect().left));
    });
    expect(sheetLeft).toBeGreaterThanOrEqual(0);
    const title = await p.getByTestId('print-title-input').inputValue();
    expect(title).toBe(`${countyName()}消防5分钟覆盖分析报告`);
    const scale = Number(await p.getByTestId('print-view').getAttribute('data-scale'));
    expect(scale).toBeGreaterThanOrEqual(100_000);
    // paper does not zoom: the county-wide sheet (below zoom 11: smaller than about 1:113,000 at
    // 38.6° N) draws the main roads only, and its legend lists what it draws — not the village roads
    expect(scale).toBeGreaterThan(113_000);
    const legendText = (await p.getByTestId('print-legend').textContent()) ?? '';
    expect(legendText).toContain('支路 / 乡道');
    expect(legendText).not.toContain('村道');
    await screenshot(p, 'print-fire-report-screen');

    const dir = tempDir('print-');
    const pdfPath = join(dir, 'fire-report.pdf');
    writeFileSync(pdfPath, await p.pdf({ preferCSSPageSize: true, printBackground: true }));

    // A4 landscape (842 × 595 pt), more than one page (the tables follow the map sheet)
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!;
    expect(Math.abs(Number(size[1]) - (297 / 25.4) * 72)).toBeLessThan(1.5);
    expect(Math.abs(Number(size[2]) - (210 / 25.4) * 72)).toBeLessThan(1.5);
    const pages = Number(info.match(/Pages:\s+(\d+)/)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);

    // Text of page 1 and of the whole document, extracted from the PDF
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(page1).toContain(`${countyName()}消防5分钟覆盖分析报告`);
    expect(page1).toContain('图例');
    expect(page1).toContain('本图不作为测绘成果使用');
    expect(page1).toContain(`1:${scale.toLocaleString('en-US')}`);
    expect(page1).toContain('曲阳县消防救援大队');
    expect(page1).toMatch(/消防站/);
    const all = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(all).toContain('主要数据');
    // the coverage row of the figures: before and after as the panel shows them
    expect(all).toMatch(new RegExp(`建成区覆盖率\\s+${String(beforePct).replace('.', '\\.')}\\s+${String(afterPct).replace('.', '\\.')}\\s+%`));
    expect(all).toContain('FS-01'); // the stations table with districts
    expect(all).toContain('恒州镇'); // households by township
    expect(all).toContain('计算参数及来源');
    // the reach by minute: both charts (households, built-up area) with their axis titles, and its table
    expect(all).toContain('到达时间曲线（农户）');
    expect(all).toContain('到达时间曲线（建成区面积）');
    expect(all).toContain('自接警起的分钟数');
    expect(all).toContain('按到达时间');
    expect(await p.getByTestId('print-curve').count()).toBe(2);

    // Page 1 as an image: the map frame is drawn (many colours), the legend column has ink
    const base = join(dir, 'page');
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '100', '-png', '-singlefile', pdfPath, base]);
    copyFileSync(`${base}.png`, join(SCREENSHOT_DIR, 'print-fire-report-page1.png'));
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '50', '-singlefile', pdfPath, base]);
    const img = readPpm(readFileSync(`${base}.ppm`));
    const layout = sheetLayout('A4', 'landscape');
    const mapBox = inkIn(img, layout.pageMm, layout.map);
    expect(mapBox.inkShare).toBeGreaterThan(0.9); // the map's background and layers fill the frame
    expect(mapBox.colours).toBeGreaterThan(20);
    const side = inkIn(img, layout.pageMm, layout.side);
    expect(side.inkShare).toBeGreaterThan(0.02);
    expect(side.colours).toBeGreaterThan(5); // coloured legend swatches
    // the issuer is remembered between sessions: put back the empty one
    await p.getByTestId('print-issuer').fill('');
    await closePrint(p);
  }, SLOW);

  test('打印地图 opens the plain map sheet; its PNG downloads at the chosen print resolution', async () => {
    const p = demo.main.page;
    await closePrint(p);
    await p.getByTestId('print-map').click();
    await p.locator('[data-testid="print-view"][data-kind="map"][data-map-state="ready"]').waitFor({ timeout: 180_000 });
    expect(await p.getByTestId('print-title').textContent()).toBe(`${countyName()}公共设施分布图`);
    expect(await p.getByTestId('print-params').textContent()).toContain('全部参数为默认值');
    expect(await p.getByTestId('print-scenario').textContent()).toContain('现状');
    expect(await p.getByTestId('print-report').count()).toBe(0);
    // the footer's two texts stand inside the sheet, clear of its clipped edges (its last character
    // “确” was cut at the right edge before session 15)
    const foot = await p.evaluate(() => {
      const f = document.querySelector('.print-footer')!;
      const sheet = f.closest('.print-sheet')!.getBoundingClientRect();
      const parts = [...f.children].map((c) => c.getBoundingClientRect());
      return { left: sheet.left, right: sheet.right, parts: parts.map((r) => [r.left, r.right]) };
    });
    for (const [l, r] of foot.parts) {
      expect(l).toBeGreaterThanOrEqual(foot.left + 2);
      expect(r).toBeLessThanOrEqual(foot.right - 2);
    }
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('print-png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = await downloadBytes(download);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const w = png.readUInt32BE(16);
    const h = png.readUInt32BE(20);
    const l = sheetLayout('A4', 'landscape');
    const want = framePixels(l.map.w, l.map.h, 200).image;
    expect(Math.abs(w - want[0])).toBeLessThanOrEqual(1);
    expect(Math.abs(h - want[1])).toBeLessThanOrEqual(1);
    await p.getByTestId('print-close').click();
    await p.getByTestId('print-view').waitFor({ state: 'detached' });
    expect(demo.main.externalRequests).toEqual([]);
  }, 2 * SLOW);

  test('prints the gaps by road with coordinates and the proposed hydrants on A3 portrait pages', async () => {
    const p = demo.main.page;
    await closePrint(p);
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-run').click();
    await p.getByTestId('hydrant-figures').waitFor({ timeout: 120_000 });
    await p.getByTestId('hydrant-print-report').click();
    // paper and orientation chosen at once: the A4 drawing under way is aborted, not waited for
    await p.getByTestId('print-paper').selectOption('A3');
    await p.getByTestId('print-orientation').selectOption('portrait', { timeout: 120_000 });
    await p.locator('[data-testid="print-view"][data-paper="A3-portrait"][data-map-state="ready"]').waitFor({ timeout: 180_000 });
    expect(await p.getByTestId('print-title-input').inputValue()).toBe(`${countyName()}消火栓保护空白分析报告`);

    const dir = tempDir('print-');
    const pdfPath = join(dir, 'hydrant-report.pdf');
    writeFileSync(pdfPath, await p.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!;
    expect(Math.abs(Number(size[1]) - (297 / 25.4) * 72)).toBeLessThan(1.5);
    expect(Math.abs(Number(size[2]) - (420 / 25.4) * 72)).toBeLessThan(1.5);
    const all = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(all).toContain('保护空白路段');
    expect(all).toContain('建议新增消火栓');
    expect(all).toContain('起点经度');
    expect(all).toMatch(/11[45]\.\d{4,6}/); // longitudes of gap ends in the demo county (114.x–115.x °E)
    expect(all).toContain('本图不作为测绘成果使用');
    const base = join(dir, 'page');
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '60', '-png', '-singlefile', pdfPath, base]);
    copyFileSync(`${base}.png`, join(SCREENSHOT_DIR, 'print-hydrant-report-a3-page1.png'));
    execFileSync('pdftoppm', ['-f', '1', '-l', '1', '-r', '40', '-singlefile', pdfPath, base]);
    const img = readPpm(readFileSync(`${base}.ppm`));
    const layout = sheetLayout('A3', 'portrait');
    expect(inkIn(img, layout.pageMm, layout.map).colours).toBeGreaterThan(20);
    expect(demo.main.externalRequests).toEqual([]);
    // paper and orientation are remembered between sessions: back to A4 landscape for the other reports
    await p.getByTestId('print-paper').selectOption('A4');
    await p.getByTestId('print-orientation').selectOption('landscape');
    await p.locator('[data-testid="print-view"][data-paper="A4-landscape"]').waitFor();
    await closePrint(p);
  }, 2 * SLOW);

  test('prints the map sheet as cover and one page per plot, each with its full id, area check and findings with their rule', async () => {
    const p = demo.main.page;
    await closePrint(p);
    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-run').click();
    await p.getByTestId('plots-figures').waitFor({ timeout: 180_000 });
    await p.getByTestId('plots-print-report').click();
    await p.locator('[data-testid="print-view"][data-kind="plots"][data-map-state="ready"]').waitFor({ timeout: 300_000 });
    const ids = JSON.parse(readFileSync(join('data', 'demo', 'reserve_plots.geojson'), 'utf8')).features.map((f: { properties: { id: string } }) => f.properties.id) as string[];
    expect(ids.length).toBe(5);
    expect(await p.getByTestId('print-dossier-page').count()).toBe(ids.length);
    await screenshot(p, 'print-plot-dossier-screen');

    const dir = tempDir('print-');
    const pdfPath = join(dir, 'plot-dossier.pdf');
    writeFileSync(pdfPath, await p.pdf({ preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(Number(info.match(/Pages:\s+(\d+)/)![1])).toBe(ids.length + 1); // cover + one page per plot
    for (let i = 0; i < ids.length; i++) {
      const page = execFileSync('pdftotext', ['-f', String(i + 2), '-l', String(i + 2), pdfPath, '-'], { encoding: 'utf8' });
      expect(page).toContain(ids[i]); // the id in full, on its own page
      expect(page).toContain(`第 ${i + 1} / ${ids.length} 宗`);
      expect(page).toContain('面积核对');
      expect(page).toContain('申报面积（亩）');
      expect(page).toContain('审查意见');
    }
    const all = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(all).toContain('依据');
    expect(all).toMatch(/GB 51080-2015|建标152-2017|审查设置|数据一致性检查/);
    const base = join(dir, 'page');
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '80', '-png', '-singlefile', pdfPath, base]);
    copyFileSync(`${base}.png`, join(SCREENSHOT_DIR, 'print-plot-dossier-page2.png'));
    execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '40', '-singlefile', pdfPath, base]);
    const img = readPpm(readFileSync(`${base}.ppm`));
    const frame = dossierMapMm('A4', 'landscape');
    // the plot's map: drawn layers (many colours) in the frame below the headings
    expect(inkIn(img, [297, 210], { x: 10, y: 22, w: frame[0], h: frame[1] - 2 }).colours).toBeGreaterThan(10);
    expect(demo.main.externalRequests).toEqual([]);
    await closePrint(p);
  }, 2 * SLOW);

  test('draws the coverage-vs-P curve as the panel does: the optimum per P with its proven bound and greedy, the same marks, its titles in the PDF text', async () => {
    const p = demo.main.page;
    await closePrint(p);
    await p.getByTestId('panel-tab-siting').click();
    const curveTo = await p.getByTestId('siting-curve-to').inputValue();
    await p.getByTestId('siting-time-limit').fill('120');
    await p.getByTestId('siting-curve-to').fill('3');
    await p.getByTestId('siting-run').click();
    await p.getByTestId('siting-figures').waitFor({ timeout: 240_000 });
    // the plan is shown first; its per-P curve follows from a second run
    await p.locator('[data-testid="siting-curve-wrap"][data-curve="per-p"]').waitFor({ timeout: 240_000 });
    const picks = await p.getByTestId('siting-table').locator('tbody tr').count();
    expect(picks).toBe(3);
    const marksOf = (testId: string) =>
      p.getByTestId(testId).locator('circle[data-p]').evaluateAll((cs) => cs.map((c) => ({ p: Number(c.getAttribute('data-p')), y: Number(c.getAttribute('cy')), title: c.querySelector('title')?.textContent ?? '' })));
    const panel = await marksOf('siting-curve');
    expect(panel.map((m) => m.p)).toEqual([1, 2, 3]);
    await p.getByTestId('siting-print-report').click();
    await p.locator('[data-testid="print-view"][data-kind="siting"][data-map-state="ready"]').waitFor({ timeout: 300_000 });
    const printed = await marksOf('print-curve');
    // the same marks as the panel: P = 1 … 3, each titled with the optimum, its bound and greedy
    expect(printed.map((m) => [m.p, m.title])).toEqual(panel.map((m) => [m.p, m.title]));
    for (const m of printed) {
      const f = /最优 ([\d.]+)%，上界 ([\d.]+)%，贪心 ([\d.]+)%/.exec(m.title)!;
      expect(Number(f[2])).toBeGreaterThanOrEqual(Number(f[1])); // the bound is never below the optimum
      expect(Number(f[1])).toBeGreaterThanOrEqual(Number(f[3])); // nor greedy above it
    }
    // SVG y grows downwards: a larger P covers at least as much, so its mark is not lower
    for (let i = 1; i < printed.length; i++) expect(printed[i].y).toBeLessThanOrEqual(printed[i - 1].y);
    // three lines: the bound (dashed), greedy (dotted) and the optimum, each through P = 1 … 3
    const series = await p.getByTestId('print-curve').locator('polyline[data-series]').evaluateAll((ls) => ls.map((l) => [l.getAttribute('data-series'), (l.getAttribute('points') ?? '').trim().split(/\s+/).length]));
    expect(series).toEqual([['bound', 3], ['greedy', 3], ['optimum', 3]]);
    await p.getByTestId('print-curve').screenshot({ path: join(SCREENSHOT_DIR, 'print-siting-curve.png') });

    const dir = tempDir('print-');
    const pdfPath = join(dir, 'siting.pdf');
    writeFileSync(pdfPath, await p.pdf({ preferCSSPageSize: true, printBackground: true }));
    const all = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
    expect(all).toContain('覆盖率—新增站数曲线');
    expect(all).toContain('新增站数 P');
    expect(all).toContain('实线：各 P 的最优方案'); // the note under the chart, as in the panel
    expect(await p.getByTestId('print-curve').locator('svg').textContent()).toContain('覆盖率 %'); // the y axis (rotated: pdftotext reads it backwards)
    for (const w of ['最优', '上界', '贪心']) expect(all).toContain(w);
    expect(demo.main.externalRequests).toEqual([]);
    // the time limit is a project parameter (the map sheet lists changed ones): back to its default
    await closePrint(p);
    await p.getByTestId('siting-time-limit-reset').click();
    await p.getByTestId('siting-time-limit-changed').waitFor({ state: 'detached' });
    await p.getByTestId('siting-curve-to').fill(curveTo);
  }, 2 * SLOW);
});
