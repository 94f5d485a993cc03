// Print benchmark: the fire report PDF of the demo county in headless Chromium (production build):
// from the click on 打印报告 (fire results computed) to the map image drawn at 200 dpi, and to the
// PDF bytes from Chromium's print (page.pdf, the same engine as the print dialog's "Save as PDF"),
// drawn by the app's map and, for comparison in the same run, by a hidden print map (the old way).
import { openApp, startApp, waitForMapIdle } from '../browser/harness';
import { report, type BenchRow } from './util';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const app = await startApp();
try {
  const { page } = await openApp(app);
  await waitForMapIdle(page, 180_000);
  await page.getByTestId('panel-tab-fire').click();
  await page.getByTestId('fire-run').click();
  await page.getByTestId('fire-figures').waitFor({ timeout: 300_000 });
  // 'live': the app's own map draws the image (its sources already tiled); 'hidden': a second,
  // hidden map built for the print (the way before), timed in the same run for the ratio.
  const time = async (via: 'live' | 'hidden', runs: number) => {
    await page.evaluate((v) => {
      window.__coveragePrintVia = v;
    }, via);
    const drawn: number[] = [];
    const pdf: number[] = [];
    let bytes = 0;
    let pages = 0;
    for (let i = 0; i < runs + 1; i++) {
      const t0 = Date.now();
      await page.getByTestId('fire-print-report').click();
      await page.locator('[data-testid="print-view"][data-map-state="ready"]').waitFor({ timeout: 300_000 });
      const t1 = Date.now();
      const buf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const t2 = Date.now();
      bytes = buf.length;
      pages = (buf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      await page.getByTestId('print-close').click();
      await page.getByTestId('print-view').waitFor({ state: 'detached' });
      if (i === 0 && runs > 1) continue; // warm-up
      drawn.push(t1 - t0);
      pdf.push(t2 - t0);
    }
    return { drawn: median(drawn), pdf: median(pdf), bytes, pages };
  };
  const live = await time('live', RUNS);
  const hidden = await time('hidden', Number(process.env.BENCH_HIDDEN_RUNS ?? 1));
  const rows: BenchRow[] = [
    { name: 'fire report: click → map image drawn by the app map (A4 landscape, 200 dpi, 1646 × 1331 px)', ms: live.drawn },
    { name: `fire report: click → PDF bytes (page.pdf, ${live.pages} pages, ${(live.bytes / 1024).toFixed(0)} KB)`, ms: live.pdf, note: 'goal < 5 s' },
    { name: 'before: click → map image drawn by a hidden print map', ms: hidden.drawn, note: `${(hidden.drawn / live.drawn).toFixed(1)}× the app map` },
    { name: 'before: click → PDF bytes with the hidden print map', ms: hidden.pdf, note: `${(hidden.pdf / live.pdf).toFixed(1)}× the app map` },
  ];
  report('print', rows);
} finally {
  await app.close();
}
