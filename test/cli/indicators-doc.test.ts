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
});
