import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp } from './harness';
import { tempDirs } from '../support/temp-dirs';
import { SMALL_COUNTY_HOUSEHOLDS, writeCountyFolder } from '../support/generated-county';

const SLOW = 300_000;
const dirs = tempDirs();

/**
 * The small county with children_3_5 left empty on the households of 恒州镇 (persons kept): the
 * children there are estimated as persons × 0.03 — by the 幼儿园 panel and the 指标 card alike.
 */
function writeCounty(): string {
  return writeCountyFolder(dirs('coverage-kg-estimate-'), SMALL_COUNTY_HOUSEHOLDS, undefined, (file, text) => {
    if (file !== 'households.csv') return text;
    const lines = text.split('\n');
    const head = lines[0].split(',');
    const town = head.indexOf('township');
    const kids = head.indexOf('children_3_5');
    return lines
      .map((l, i) => {
        if (i === 0 || l === '') return l;
        const cells = l.split(',');
        if (cells[town] === '恒州镇') cells[kids] = '';
        return cells.join(',');
      })
      .join('\n');
  });
}

describe('children aged 3–5 missing on some households: the panel and the card estimate alike and say 估算 (session 15)', () => {
  const demo = useDemoApp(300_000, { dataDir: writeCounty });

  test('幼儿园 panel and 指标 card: the same gross enrolment, both marked 估算, with the households estimated and the share', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-kindergartens').click();
    await p.getByTestId('kg-run').click();
    await p.getByTestId('kg-estimate-note').waitFor({ timeout: 180_000 });
    const note = (await p.getByTestId('kg-estimate-note').textContent()) ?? '';
    expect(note).toMatch(/^估算：[\d,]+ \/ 10,000 户缺少3–5岁儿童数，按人口 × 0\.03 估算（估算：第七次人口普查/);
    const panelText = (await p.getByTestId('kg-gross-enrolment').locator('.figure-value').textContent()) ?? '';
    expect(panelText).toMatch(/^[\d.]+%（估算）$/);
    await p.getByTestId('kg-figures').scrollIntoViewIfNeeded();
    await screenshot(p, 'kg-estimate');

    await p.getByTestId('panel-tab-indicators').click();
    await p.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="card-gross_enrolment"]');
        return (c?.getAttribute('data-status') === 'ok' || c?.getAttribute('data-status') === 'fail') && !c.hasAttribute('data-stale');
      },
      null,
      { timeout: 180_000 },
    );
    // the same figure to the panel's one decimal
    const card = Number(await p.getByTestId('card-gross_enrolment').getAttribute('data-value'));
    expect((card * 100).toFixed(1)).toBe(panelText.replace('%（估算）', ''));
    expect(await p.getByTestId('card-estimate-gross_enrolment').textContent()).toBe('估算');
    expect(await p.getByTestId('card-gross_enrolment').locator('.ind-target').textContent()).toMatch(/（估算）$/);
    const issues = (await p.getByTestId('card-issues-gross_enrolment').textContent()) ?? '';
    expect(issues).toMatch(/估算：表 households 有 [\d,]+ \/ 10,000 行缺少 children_3_5，按 persons × 0\.03 估算/);
    // the share is the kindergarten panel's parameter, shown here too
    expect(await p.getByTestId('param-child-share').inputValue()).toBe('0.03');
    await p.getByTestId('card-gross_enrolment').scrollIntoViewIfNeeded();
    await screenshot(p, 'db-indicators-estimate');
    expect(demo.main.externalRequests).toEqual([]);
  }, SLOW);

  test('a 双代 ledger with 乡镇 merged down: the import shows the note naming file, sheet and cells', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([
      ['户号', '乡镇', '类型'],
      ['H1', '恒州镇', '气代煤'],
      ['H2', null, '电代煤'],
      ['H3', '羊平镇', '电代煤'],
      ['H4', null, '气代煤'],
    ]);
    ws['!merges'] = [
      { s: { r: 1, c: 1 }, e: { r: 2, c: 1 } },
      { s: { r: 3, c: 1 }, e: { r: 4, c: 1 } },
    ];
    XLSX.utils.book_append_sheet(wb, ws, '台账');
    const buffer = Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const p = demo.main.page;
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('ledger-kind').selectOption('ledger_new');
    await p.getByTestId('ledger-file').setInputFiles({ name: '双代台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await p.getByTestId('ledger-note').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('ledger-note').textContent()).toBe('双代台账.xlsx，工作表“台账”：“乡镇”列有合并单元格（B2:B3、B4:B5）；合并格的值已填入它覆盖的每一行，共 2 格，请核对。');
    await p.getByTestId('ledger-note').scrollIntoViewIfNeeded();
    await screenshot(p, 'ledger-merged-note');
  }, SLOW);
});
