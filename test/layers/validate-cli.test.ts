import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { coordinateOptions, run } from '../../cli/commands/validate.ts';

afterEach(() => {
  process.exitCode = 0;
  vi.restoreAllMocks();
});

test('validate writes validation.json, prints each issue, and exits 2 when there are errors', async () => {
  const out = mkdtempSync(join(tmpdir(), 'validate-'));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    await run({ command: 'validate', data: 'test/fixtures/layers/mini-project', out, options: {} });
    const report = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
    expect(report.project).toBe('小测试县');
    expect(report.region).toBe('130634');
    expect(report.counts).toEqual({
      hydrants: { read: 2, loaded: 1, rejected: 1, unlocated: 0 },
      households: { read: 2, loaded: 2, rejected: 0, unlocated: 0 },
    });
    expect(report.issues.map((i: { code: string; file: string }) => [i.code, i.file])).toEqual([
      ['unknown-file', 'notes.txt'],
      ['bad-enum', 'hydrants.geojson'],
    ]);
    expect(lines).toContain('错误 文件 hydrants.geojson，第 2 个要素，字段 status：“状态（status）”的值“被埋”不在允许的取值中：working（完好）、broken（损坏）、under_construction（在建）、planned（规划）。该要素未加载。');
    expect(lines.some((l) => l.startsWith('  消火栓与消防水鹤：读取 2，加载 1，拒绝 1'))).toBe(true);
    expect(process.exitCode).toBe(2);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('validate --lang en prints English', async () => {
  const out = mkdtempSync(join(tmpdir(), 'validate-'));
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void lines.push(String(s)));
  try {
    await run({ command: 'validate', data: 'test/fixtures/layers/mini-project', out, options: { lang: 'en' } });
    expect(lines[0]).toBe('Project: 小测试县');
    expect(lines.at(-1)).toMatch(/^1 errors, 0 warnings\. Report: /);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('--crs and --swap-axes become per-file coordinate options', () => {
  expect(coordinateOptions({ crs: 'hydrants.geojson=EPSG:4526,households.csv=EPSG:4547', 'swap-axes': 'hydrants.geojson' })).toEqual({
    'hydrants.geojson': { crs: 'EPSG:4526', swapAxes: true },
    'households.csv': { crs: 'EPSG:4547' },
  });
  expect(() => coordinateOptions({ crs: 'EPSG:4526' })).toThrow(/file=EPSG:code/);
});
