import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { run as runIndicators } from '../../cli/commands/indicators.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('docs/indicators.md is what the CLI writes today', () => {
  test('indicators --data data/demo writes the same indicators.md as the one in docs/ (the --out folder aside)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'indicators-doc-'));
    made.push(out);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await runIndicators({ command: 'indicators', data: 'data/demo', out, options: {} });
    } finally {
      log.mockRestore();
    }
    // the doc names the folder it was made into (out/indicators); a test writes into a temporary one
    const written = readFileSync(join(out, 'indicators.md'), 'utf8').split(out).join('out/indicators');
    const doc = readFileSync('docs/indicators.md', 'utf8');
    // one line at a time, so a failure shows the first line that differs (the clean-coal table's header)
    expect(doc.split('\n')).toEqual(written.split('\n'));
  });

  test('every 万元 column of docs/indicators.md adds up to its 全县 row (session 14: 省补 rows 720.90, 全县 720.91)', () => {
    const doc = readFileSync('docs/indicators.md', 'utf8');
    const tables = doc.split('\n## ').slice(1).map((s) => s.split('\n').filter((l) => l.startsWith('|')));
    let checked = 0;
    for (const rows of tables) {
      const cells = rows.map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
      const county = cells.find((c) => c[0] === '**全县**');
      if (!county) continue;
      const towns = cells.slice(2).filter((c) => c !== county);
      cells[0].forEach((h, j) => {
        if (!h.includes('万元')) return;
        // in hundredths of 万元, so the sum is exact
        const sum = towns.reduce((a, c) => a + Math.round(Number(c[j].replace(/,/g, '')) * 100), 0);
        expect(sum, `${h}`).toBe(Math.round(Number(county[j].replace(/,/g, '')) * 100));
        checked++;
      });
    }
    // 省补, 市补, 居民, 县补煤, 县补炉具 (clean coal) and 补助 (dilapidated houses)
    expect(checked).toBe(6);
  });
});
