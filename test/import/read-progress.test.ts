// readForeignFiles tells how far it has got and stops when its signal is aborted: what the
// worker's progress bar and 取消 rest on (and the CLI and benches use the same function).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ForeignReadAborted, readForeignFiles } from '../../layers/load/foreign/index.ts';

const DIR = resolve(__dirname, '../fixtures/import');
const file = (n: string) => ({ name: n, bytes: new Uint8Array(readFileSync(join(DIR, n))) });

describe('reading progress and cancel', () => {
  it('reports from 0 to 1, never going back, naming the files read', () => {
    const seen: { fraction: number; stage: string }[] = [];
    const files = [file('县资源局数据.zip'), file('消防栓台账.xlsx'), file('高德消火栓.csv')];
    const r = readForeignFiles(files, { onProgress: (p) => seen.push(p) });
    expect(r.layers.length).toBe(5);
    expect(seen[0].fraction).toBe(0);
    expect(seen[seen.length - 1].fraction).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
    // the zip (first tenth), its .shp and .dbf files one by one, then the two tables
    expect(seen.filter((p) => p.stage === '县资源局数据.zip').map((p) => p.fraction)).toEqual([0, 0.1]);
    expect(seen.some((p) => p.stage === '县资源局数据.zip/hydrants_zone38.dbf')).toBe(true);
    expect(seen.some((p) => p.stage === '消防栓台账.xlsx' && p.fraction > 0.1 && p.fraction < 1)).toBe(true);
    expect(new Set(seen.map((p) => p.stage))).toContain('高德消火栓.csv');
  });

  it('stops at the next stage once aborted, with an AbortError', () => {
    const ac = new AbortController();
    let calls = 0;
    const run = () =>
      readForeignFiles([file('县资源局数据.zip'), file('消防栓台账.xlsx')], {
        signal: ac.signal,
        onProgress: (p) => {
          calls++;
          if (p.stage.endsWith('.shp')) ac.abort();
        },
      });
    expect(run).toThrow(ForeignReadAborted);
    try {
      run();
    } catch (err) {
      expect((err as Error).name).toBe('AbortError');
    }
    // aborted at the first .shp: the xlsx was never reached
    expect(calls).toBeLessThan(6);
  });
});
