import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { run as runIndicators } from '../../cli/commands/indicators.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function createOutDir(): string {
  const out = mkdtempSync(join(tmpdir(), 'indicators-engine-'));
  made.push(out);
  return out;
}

describe('indicators --engine native|wasm: the same outputs from both DuckDB engines', () => {
  test('on the demo county every file is the same apart from timingMs (and the --out folder named in indicators.md)', async () => {
    const outs: Record<string, string> = {};
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      for (const engine of ['native', 'wasm']) {
        outs[engine] = createOutDir();
        await runIndicators({ command: 'indicators', data: 'data/demo', out: outs[engine], options: { engine } });
        // the run says which engine computed it
        expect(log.mock.calls.at(-1)?.[0]).toMatch(new RegExp(`^indicators: \\d+ ms on DuckDB ${engine}; wrote`));
      }
    } finally {
      log.mockRestore();
    }
    const files = readdirSync(outs.native).sort();
    expect(readdirSync(outs.wasm).sort()).toEqual(files);
    expect(files).toContain('indicators.xlsx');
    const json = (engine: string) => JSON.parse(readFileSync(join(outs[engine], 'indicators.json'), 'utf8')) as Record<string, unknown>;
    const native = json('native');
    const wasm = json('wasm');
    expect(typeof native.timingMs).toBe('number');
    expect(typeof wasm.timingMs).toBe('number');
    delete native.timingMs;
    delete wasm.timingMs;
    // every figure, to the last bit (the demo county has 200,000 households)
    expect(native).toEqual(wasm);
    expect((native.tables as Record<string, number>).households).toBe(200_000);
    for (const f of files) {
      if (f === 'indicators.json') continue;
      const read = (engine: string) => readFileSync(join(outs[engine], f)).toString('latin1').split(outs[engine]).join('<out>');
      expect(read('native'), f).toBe(read('wasm'));
    }
    // two whole indicator runs of the 200,000-household demo (≈ 30 s alone, > 60 s at load 15)
  }, 300_000);

  test('an unknown engine is refused before any work, naming the allowed ones', async () => {
    const out = createOutDir();
    await expect(runIndicators({ command: 'indicators', data: 'data/demo', out, options: { engine: 'sqlite' } })).rejects.toThrow(/--engine must be native or wasm \(got "sqlite"\)/);
    expect(readdirSync(out)).toEqual([]);
  });
});
