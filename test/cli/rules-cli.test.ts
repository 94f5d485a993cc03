import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { run } from '../../cli/commands/rules.ts';

// `analyze rules` on the committed demo county: every rule's {id, clause, status, objects} in JSON,
// one CSV row per rule and per failing object, and a workbook with both.
const DEMO = resolve(import.meta.dirname, '../../data/demo');

describe('analyze rules (CLI) on the demo county', () => {
  let out: string;
  const log = console.log;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'rules-cli-'));
    console.log = () => {};
    try {
      await run({ command: 'rules', data: DEMO, out, options: {} });
    } finally {
      console.log = log;
    }
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const rules = () => JSON.parse(readFileSync(join(out, 'rules.json'), 'utf8')).rules as { id: string; status: string; clause: { source: string; article: string; secondary: boolean }; objects: { id: string; why: { zh: string } }[]; objectCount: number }[];
  const rule = (id: string) => rules().find((r) => r.id === id)!;

  test('every rule is written with its clause and a status', () => {
    const all = rules();
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const r of all) {
      expect(['pass', 'fail', 'na']).toContain(r.status);
      expect(r.clause.source).not.toBe('');
      expect(typeof r.clause.secondary).toBe('boolean');
    }
  });

  test('FS-01: 13 vehicles against the 5–7 of a 一级站 (seed 002 专栏 4); its official district (fire_districts) of 13.2 km² over the 7 km² limit', () => {
    expect(rule('FIRE-04')).toMatchObject({ status: 'fail', clause: { article: '专栏 4 车辆配备数量' } });
    expect(rule('FIRE-04').objects.map((o) => o.id)).toEqual(['FS-01']);
    expect(rule('FIRE-04').objects[0].why.zh).toBe('13 辆车，一级站应为 5–7 辆');
    expect(rule('FIRE-02').objects[0].why.zh).toBe('官方辖区 13.2 km²，上限 7 km²（一级站，城区）');
    expect(rule('FIRE-01').status).toBe('fail');
  });

  test('demo ledgers: 5,632 roads under 4 m, 5 broken hydrants, 晓林乡 without maintenance, 2,376 clean-coal households without a CO alarm', () => {
    expect(rule('FIRE-06').objectCount).toBe(5632);
    expect(rule('HYD-01').objectCount).toBe(5);
    expect(rule('HEAT-04').objects.map((o) => o.id)).toEqual(['晓林乡']);
    expect(rule('HEAT-02').objectCount).toBe(2376);
    expect(rule('KG-01').status).toBe('pass');
    expect(rule('RES-01').status).toBe('pass');
  });

  test('CSV and XLSX name each rule and clause', () => {
    const csv = readFileSync(join(out, 'rules.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('规则');
    expect(csv).toContain('FIRE-04');
    expect(csv).toContain('GB 51080-2015');
    const objects = readFileSync(join(out, 'rules-objects.csv'), 'utf8');
    expect(objects).toMatch(/FIRE-04,.*专栏 4 车辆配备数量,FS-01/);
    const zip = unzipSync(new Uint8Array(readFileSync(join(out, 'rules.xlsx'))));
    const book = strFromU8(zip['xl/workbook.xml']);
    expect(book).toContain('规范检查');
    expect(book).toContain('不符合对象');
    expect(strFromU8(zip['xl/sharedStrings.xml'])).toContain('FIRE-06');
  });
});
