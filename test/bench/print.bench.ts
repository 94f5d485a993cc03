// Print benchmark: the fire report PDF of the demo county in headless Chromium (production build):
// from the click on 打印报告 (fire results computed) to the map image drawn at 200 dpi, and to the
// PDF bytes from Chromium's print (page.pdf, the same engine as the print dialog's "Save as PDF").
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
  const drawn: number[] = [];
  const pdf: number[] = [];
  let bytes = 0;
  let pages = 0;
  for (let i = 0; i < RUNS + 1; i++) {
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
    if (i === 0) continue; // warm-up
    drawn.push(t1 - t0);
    pdf.push(t2 - t0);
  }
  const rows: BenchRow[] = [
    { name: 'fire report: click → map image drawn (A4 landscape, 200 dpi, 1646 × 1331 px)', ms: median(drawn) },
    { name: `fire report: click → PDF bytes (page.pdf, ${pages} pages, ${(bytes / 1024).toFixed(0)} KB)`, ms: median(pdf), note: 'goal < 5 s' },
  ];
  report('print', rows);
} finally {
  await app.close();
}
