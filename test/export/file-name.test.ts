// Download file names made from user text (scenario, table and print titles): saved the same on
// Windows and Linux, never empty, Chinese kept. The browser's own cleaning differs by platform (a
// Linux Chromium keeps CON and a trailing dot, which a Windows share then refuses).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MAX_FILE_NAME_BYTES, safeFileName } from '../../src/export/file-name.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** What Windows or Linux refuse in a file name, or hide. */
function refused(name: string): string | null {
  if (/[<>:"/\\|?*\u0000-\u001F]/.test(name)) return 'forbidden character';
  if (/^[\s.]/.test(name)) return 'leading dot or space';
  if (/[\s.]$/.test(name)) return 'trailing dot or space';
  if (/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i.test(name)) return 'device name';
  if (bytes(name) > 255) return 'too long';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return 'lone surrogate';
  if (/^\.[^.]*$/.test(name) || name === '') return 'no name';
  return null;
}

describe('safeFileName', () => {
  test('hostile names from a project, scenario or table become names both systems save (was: given to the browser as typed)', () => {
    const cases: [string, string][] = [
      ['方案比较-现状-../a.xlsx', '方案比较-现状-.._a.xlsx'],
      ['../a.xlsx', '_a.xlsx'],
      ['CON.xlsx', 'CON_.xlsx'],
      ['con', 'con_'],
      ['nul.a.csv', 'nul_.a.csv'],
      ['COM1.kml', 'COM1_.kml'],
      ['表格-a:b*?.csv', '表格-a_b__.csv'],
      ['a<b>c|d"e.geojson', 'a_b_c_d_e.geojson'],
      ['方案A. .xlsx', '方案A.xlsx'],
      ['标题\n第二行\t.png', '标题 第二行.png'],
      ['.xlsx', '导出.xlsx'],
      ['', '导出'],
      ['???.csv', '导出.csv'],
      ['曲阳县🚒消防.xlsx', '曲阳县🚒消防.xlsx'],
    ];
    for (const [given, want] of cases) {
      const got = safeFileName(given);
      expect(got, given).toBe(want);
      expect(refused(got), given).toBeNull();
    }
  });

  test('a 200-character Chinese title is cut on a character, the extension kept, within 200 bytes', () => {
    const title = '曲阳县'.repeat(67) + '🚒' + 'a'.repeat(10);
    const got = safeFileName(`${title}-1-10000-300dpi.png`);
    expect(got.endsWith('.png')).toBe(true);
    expect(bytes(got)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    expect(got.startsWith('曲阳县曲阳县')).toBe(true);
    expect(refused(got)).toBeNull();
    // an emoji at the cut is dropped whole, never halved
    const emoji = safeFileName('😀'.repeat(60) + '.csv');
    expect(refused(emoji)).toBeNull();
    expect([...emoji.slice(0, -4)].every((c) => c === '😀')).toBe(true);
    expect(bytes(emoji)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
  });

  test('a lone surrogate (an emoji cut by a length limit upstream) is dropped; a name left empty takes the fallback', () => {
    expect(safeFileName('方案\uD83D.xlsx')).toBe('方案.xlsx');
    expect(safeFileName('\uD83D.xlsx', 'compare')).toBe('compare.xlsx');
  });

  test("names the app builds itself are unchanged", () => {
    for (const n of ['hydrant-gaps.csv', '消火栓保护空白.xlsx', 'fire-5min-shp.zip', 'siting-fire.csv', 'coverage-planner-saved-work-2026-12-07-10-00-00.json', '曲阳县（演示）消防覆盖-1-10000-300dpi.png']) {
      expect(safeFileName(n)).toBe(n);
    }
  });
});

test('every download in the app is named through safeFileName: no other code sets an anchor\'s download', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e) && p !== join('src', 'export', 'file-name.ts') && /\.download\s*=/.test(readFileSync(p, 'utf8'))) offenders.push(p);
    }
  };
  walk('src');
  expect(offenders).toEqual([]);
});
