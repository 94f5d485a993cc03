import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { run as runIndicators } from '../../cli/commands/indicators.ts';

const DEMO = 'data/demo';
const made: string[] = [];

/** A copy of the demo project folder with households.csv replaced (or left out when `households` is null), and an output folder. */
function createProjectDir(households: string | null): { data: string; out: string } {
  const data = mkdtempSync(join(tmpdir(), 'indicators-status-'));
  const out = mkdtempSync(join(tmpdir(), 'indicators-status-out-'));
  made.push(data, out);
  for (const f of readdirSync(DEMO)) if (f !== 'households.csv') copyFileSync(join(DEMO, f), join(data, f));
  if (households !== null) writeFileSync(join(data, 'households.csv'), households);
  return { data, out };
}

afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Card = { id: string; value: number | null; status: string; met: boolean | null; reasons: { zh: string[]; en: string[] } };
const cardsOf = (out: string) => Object.fromEntries((JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8')).cards as Card[]).map((c) => [c.id, c]));

describe('indicators CLI: the JSON, CSV and Markdown carry each card\'s status and reasons', () => {
  test('without households.csv: no ✓ on the household cards, "no rows" given as the reason', async () => {
    const { data, out } = createProjectDir(null);
    await runIndicators({ command: 'indicators', data, out, options: {} });
    const cards = cardsOf(out);
    for (const id of ['gross_enrolment', 'clean_coal_without_alarm', 'dilapidated_area_breaches', 'towns_without_maintenance']) {
      expect(cards[id], id).toMatchObject({ status: 'no-data', value: null, met: null });
      expect(cards[id].reasons.zh, id).toContain('表 households 没有数据行');
      expect(cards[id].reasons.en, id).toContain('table households has no rows');
    }
    const csv = readFileSync(join(out, 'indicators.csv'), 'utf8');
    expect(csv).toContain('status,met,reasons_zh,reasons_en');
    expect(csv).toMatch(/clean_coal_without_alarm,[^\n]*,no-data,,表 households 没有数据行,table households has no rows,/);
    const md = readFileSync(join(out, 'indicators.md'), 'utf8');
    expect(md).toMatch(/\| 未装一氧化碳报警器的新增洁净煤户数 [^\n]*\| — \| ≤ 0 \| 无数据 no data \|/);
    expect(md).not.toMatch(/未装一氧化碳报警器的新增洁净煤户数[^\n]*✓/);
  });

  test('a 4-row households.csv: gross enrolment 621300 % is flagged implausible with both reasons', async () => {
    const rows = [
      'id,lon,lat,persons,village,township,heating,children_3_5,low_income,house_grade,floor_area_m2,coal_tonnes,co_alarm',
      'X1,114.70,38.60,3,恒州镇城区,恒州镇,clean_coal,1,,,,2,true',
      'X2,114.71,38.61,2,恒州镇城区,恒州镇,gas,1,,,,,true',
      'X3,114.72,38.62,2,羊平村,羊平镇,electric,1,,,,,true',
      'X4,114.73,38.63,4,羊平村,羊平镇,clean_coal,0,,,,1,true',
    ];
    const { data, out } = createProjectDir(rows.join('\n') + '\n');
    await runIndicators({ command: 'indicators', data, out, options: {} });
    const cards = cardsOf(out);
    // 18,639 enrolled ÷ 3 children
    expect(cards.gross_enrolment).toMatchObject({ status: 'implausible', met: null });
    expect(cards.gross_enrolment.value).toBeCloseTo(6213, 9);
    expect(cards.gross_enrolment.reasons.zh.join('\n')).toContain('621300.0% 超出合理范围（0.0% – 200.0%）');
    expect(cards.gross_enrolment.reasons.zh.join('\n')).toContain('表 households 缺少 18 个乡镇中 16 个的数据');
    // all 4 have an alarm: 0 ≤ 0, but from 2 of 18 townships → not ✓
    expect(cards.clean_coal_without_alarm).toMatchObject({ status: 'implausible', value: 0, met: null });
    const md = readFileSync(join(out, 'indicators.md'), 'utf8');
    expect(md).toMatch(/\| 学前三年毛入园率 [^\n]*\| 621300\.0% \| ≥ 85% \| ⚠ 不可信 implausible \|/);    // The CSV as the workbook shows it: the share in % (0.85 → 85), the unit in both languages.
    const csv = readFileSync(join(out, 'indicators.csv'), 'utf8');
    expect(csv).toContain('id,title_zh,title_en,value,unit_zh,unit_en,target_op,target,status');
    expect(csv).toMatch(/\ngross_enrolment,学前三年毛入园率,Gross pre-school enrolment,621300,%,%,>=,85,implausible,/);
    expect(csv).toMatch(/\nclean_coal_tonnes,[^\n]*,3,吨,t,/);
  });
});

describe('indicators CLI: a township figure that looks wrong but is not', () => {
  test('the demo: 恒州镇 enrols 7,929 of its 4,757 children aged 3–5 (166.7 %), and the Markdown says why under its table, naming only it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'indicators-above-'));
    made.push(out);
    await runIndicators({ command: 'indicators', data: DEMO, out, options: {} });
    const md = readFileSync(join(out, 'indicators.md'), 'utf8');
    const table = md.slice(md.indexOf('## 学前教育'), md.indexOf('## 洁净煤'));
    expect(table).toContain('| 恒州镇 | 4,757 | 7,929 | 166.7% |');
    // 7,929 ÷ 4,757 = 1.6668: the only township above 100 % (灵山镇 85.4 % is the next)
    expect(table).toContain('> 学前三年毛入园率：恒州镇 166.7%。毛入园率超过 100% 不是错误');
    expect(table).toContain('> Gross pre-school enrolment: 恒州镇 166.7%. Gross enrolment above 100% is not an error');
    expect(table.match(/^> 学前三年毛入园率：([^。]*)。/m)?.[1]).toBe('恒州镇 166.7%');
    // the other tables have no such note
    expect(md.slice(md.indexOf('## 洁净煤'))).not.toContain('> ');
  });
});
