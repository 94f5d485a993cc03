import { describe, expect, test } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { useDemoApp, downloadBytes } from './harness';
import { openXlsx } from '../support/xlsx-check';

const SLOW = 300_000;

async function download(p: Page, testId: string): Promise<Download> {
  const [d] = await Promise.all([p.waitForEvent('download'), p.getByTestId(testId).click()]);
  return d;
}

/** A CSV as written by the app (UTF-8 with BOM, CRLF, no quoted newlines in these tables): rows of cells. */
async function readCsv(d: Download): Promise<string[][]> {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await downloadBytes(d));
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text
    .slice(1)
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

describe('导出 CSV of the table view, the SQL result and the indicators (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('each CSV has the same header and rows as the same export in Excel', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-tables').click();
    await p.getByTestId('table-select').selectOption('fire_stations');
    await p.waitForFunction(() => document.querySelector('[data-testid="table-total"]')?.textContent?.replace(/[^\d]/g, '') === '2');
    const tableCsv = await download(p, 'table-export-csv');
    expect(tableCsv.suggestedFilename()).toBe('表格-消防救援站.csv');
    const tableXlsx = openXlsx(new Uint8Array(await downloadBytes(await download(p, 'table-export-xlsx')))).sheets[0];
    const rows = await readCsv(tableCsv);
    expect(rows[0]).toEqual(tableXlsx.rows[0]);
    expect(rows.length).toBe(3); // header + FS-01, FS-02
    const id = rows[0].indexOf('编号');
    expect(rows.slice(1).map((r) => r[id]).sort()).toEqual(['FS-01', 'FS-02']);

    await p.getByTestId('panel-tab-sql').click();
    await p.getByTestId('sql-input').fill('SELECT township, count(*)::INTEGER AS n FROM households GROUP BY 1 ORDER BY 1');
    await p.getByTestId('sql-run').click();
    await p.getByTestId('sql-export-csv').waitFor();
    const sql = await readCsv(await download(p, 'sql-export-csv'));
    const sqlXlsx = openXlsx(new Uint8Array(await downloadBytes(await download(p, 'sql-export-xlsx')))).sheets[0];
    expect(sql).toEqual(sqlXlsx.rows.map((r) => r.map(String)));
    expect(sql.slice(1).every((r) => /[镇乡]$/.test(r[0]) && Number(r[1]) > 0)).toBe(true);

    // a query that finds nothing still exports its columns (it exported a single "（无结果）" header)
    await p.getByTestId('sql-input').fill("SELECT township, count(*)::INTEGER AS n FROM households WHERE township = '不存在的乡' GROUP BY 1");
    await p.getByTestId('sql-run').click();
    await p.waitForFunction(() => /^0\D/.test(document.querySelector('[data-testid="sql-count"]')?.textContent ?? ''));
    expect(await readCsv(await download(p, 'sql-export-csv'))).toEqual([['township', 'n']]);
    expect(openXlsx(new Uint8Array(await downloadBytes(await download(p, 'sql-export-xlsx')))).sheets[0].rows).toEqual([['township', 'n']]);

    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    const ind = await readCsv(await download(p, 'indicators-export-csv'));
    const gross = ind.find((r) => r[0] === '学前三年毛入园率')!;
    const shown = Number(await p.getByTestId('card-gross_enrolment').getAttribute('data-value'));
    expect(Number(gross[1])).toBeCloseTo(shown * 100, 1);
    expect(gross[2]).toBe('%');
    expect(demo.main.externalRequests).toEqual([]);
  }, 2 * SLOW);
});
