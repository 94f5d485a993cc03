// readForeignFiles tells how far it has got and stops when its signal is aborted: what the
// worker's progress bar and 取消 rest on (and the CLI and benches use the same function).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ForeignReadAborted, readForeignFiles } from '../../layers/load/foreign/index.ts';
import { writeShapefile } from '../../layers/load/foreign/shapefile-write.ts';

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

  it('reports within a large .shp and .dbf (every 65,536 records), so a cancel need not wait for a whole file', () => {
    const n = 140_000;
    const features = Array.from({ length: n }, (_, i) => ({ geometry: { type: 'Point', coordinates: [114.5 + (i % 1000) * 1e-4, 38.5 + Math.floor(i / 1000) * 1e-4] }, properties: { id: `H${i}` } }));
    const { zip } = writeShapefile([{ name: '农户', features }], { crs: { kind: 'wgs84' }, encoding: 'utf-8' });
    const seen: { fraction: number; stage: string }[] = [];
    const r = readForeignFiles([{ name: '农户.zip', bytes: zip }], { onProgress: (p) => seen.push(p) });
    expect(r.layers[0].features).toHaveLength(n);
    // two steps inside the .shp (records 65,536 and 131,072) and two inside the .dbf, each before the file's own end
    const shp = seen.filter((p) => p.stage === '农户.zip/农户.shp');
    const dbf = seen.filter((p) => p.stage === '农户.zip/农户.dbf');
    expect(shp).toHaveLength(3);
    expect(dbf).toHaveLength(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
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
