// Import leftovers of session 13 and a fresh red team of the readers (session 14): a households.csv
// of a project folder (loadProject) and the import step's readers (readForeignFiles) on table habits
// and files nobody had tried.
import { strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';
import { loadProject } from '../../layers/load/load-project.ts';
import type { ValidationIssue } from '../../layers/types.ts';

/** A project folder holding only households.csv with this text. */
function households(text: string) {
  const { project, report } = loadProject([{ name: 'households.csv', bytes: strToU8(text) }]);
  const h = project.layers.households;
  if (h.kind !== 'columns') throw new Error('households are columns');
  const issues = report.issues.filter((i) => i.file === 'households.csv');
  return { h, counts: report.counts.households, issues };
}

function codes(issues: readonly ValidationIssue[], code: string) {
  return issues.filter((i) => i.code === code);
}

/** A point table read by the import step. */
function pointTable(name: string, text: string) {
  return readForeignFiles([{ name, bytes: strToU8(text) }]);
}

/** `n` rows of 说明 text, one cell each, as a long title block. */
function titleBlock(n: number): string {
  return Array.from({ length: n }, (_, i) => `说明${i + 1}：本表由乡镇填报，坐标为 CGCS2000 经纬度……`).join('\n') + '\n';
}

describe('a units row under a header whose coordinates are one column (坐标 / 经纬度 / WKT)', () => {
  test('households.csv: `,度,人` under 经纬度, `WGS84` under WKT, （度） under 坐标 are skipped with a note (was: a rejected household with a bad-coordinate error)', () => {
    for (const [text, row] of [
      ['id,经纬度,persons\n,度,人\nA1,"114.75,38.6",3\n', 2],
      ['WKT,id\nWGS84,\n"POINT (114.75 38.6)",A1\n', 2],
      ['id,坐标,persons\n,（度）,（人）\nA1,"114.75,38.6",3\n', 2],
      ['id,经纬度\n,"度,度"\nA1,"114.75,38.6"\n', 2],
    ] as const) {
      const { h, counts, issues } = households(text);
      expect(counts, text).toEqual({ read: 1, loaded: 1, rejected: 0, unlocated: 0 });
      expect(h.ids).toEqual(['A1']);
      expect(issues.map((i) => [i.severity, i.code, i.row]), text).toEqual([['info', 'units-row', row]]);
    }
  });

  test('the point table: the same units row is not a feature without a position (was: a feature and a bad-coordinate warning)', () => {
    const r = pointTable('消火栓.csv', '编号,坐标\n,度\nH1,"114.75,38.6"\n');
    expect(r.layers[0].features.map((f) => [f.properties['编号'], f.geometry?.coordinates])).toEqual([['H1', [114.75, 38.6]]]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'units-row', 2]]);
  });

  test('only right under the header: a unit word further down is a bad row, said as such', () => {
    expect(codes(households('id,经纬度\nA1,"114.75,38.6"\nA2,度\n').issues, 'bad-coordinate').map((i) => i.row)).toEqual([3]);
    expect(pointTable('消火栓.csv', '编号,坐标\nH1,"114.75,38.6"\nH2,度\n').issues.map((i) => [i.code, i.row])).toEqual([['bad-coordinate', 3]]);
  });
});

describe('a header below row 20 (a long title block of 说明 rows)', () => {
  test('households.csv: 25 rows of 说明, then the header: read, with the rows above named (was: every row unplaced, the 说明 rows read as households)', () => {
    const { h, counts, issues } = households(titleBlock(25) + 'id,lon,lat,persons\nA1,114.75,38.6,3\nA2,114.76,38.61,2\n');
    expect(counts).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(h.ids).toEqual(['A1', 'A2']);
    expect(issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'rows-above-header', 26]]);
    expect(issues[0].message.zh).toContain('第 1–25 行');
  });

  test('households.csv: a 坐标 header at row 31 is found too; one naming lon and lat within the first 20 rows still wins over it', () => {
    expect(households(titleBlock(30) + 'id,坐标\nA1,"114.75,38.6"\n').h.ids).toEqual(['A1']);
    // a data row far down that happens to name x and y is not taken for the header of a 坐标 table
    const rows = Array.from({ length: 40 }, (_, i) => `A${i},"114.75,38.6",${i === 30 ? 'x,y' : 'a,b'}`).join('\n');
    const { counts } = households(`id,坐标,c1,c2\n${rows}\n`);
    expect(counts).toEqual({ read: 40, loaded: 40, rejected: 0, unlocated: 0 });
  });

  test('the point table: 25 rows of 说明 then 编号,经度,纬度 (was: no coordinate columns, quoting 说明1 as the header)', () => {
    const r = pointTable('消火栓.csv', titleBlock(25) + '编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates)).toEqual([[114.75, 38.6]]);
    expect(r.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['info', 'rows-above-header', 26]]);
  });

  test('no header in the first 200 rows: refused naming the file and where the header was looked for, never read silently', () => {
    const r = pointTable('消火栓.csv', titleBlock(205) + '编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'no-coordinate-columns']]);
    expect(r.issues[0].message.zh).toContain('消火栓.csv');
    expect(r.issues[0].message.zh).toContain('前 200 行');
    expect(r.issues[0].message.en).toContain('first 200 rows');
    const { issues } = households(titleBlock(205) + 'id,lon,lat\nA1,114.75,38.6\n');
    const [e] = codes(issues, 'no-coordinates');
    expect(e.severity).toBe('error');
    expect(e.message.zh).toContain('households.csv');
    expect(e.message.zh).toContain('前 200 行');
    expect(e.message.en).toContain('first 200 rows');
  });
});

describe('the point table names the rows above its header, as households.csv does', () => {
  test('a title and a 填报单位 row above the header: info rows-above-header at the header row (was: nothing said)', () => {
    const r = pointTable('消火栓.csv', '某某县消火栓台账\n填报单位：某镇,,填报日期：2024年3月\n编号,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features).toHaveLength(1);
    expect(r.issues.map((i) => [i.severity, i.code, i.file, i.row])).toEqual([['info', 'rows-above-header', '消火栓.csv', 3]]);
    expect(r.issues[0].message.zh).toContain('第 1–2 行在表头（第 3 行）之上');
  });

  test('no note for a file whose header comes first', () => {
    expect(pointTable('消火栓.csv', '编号,经度,纬度\nH1,114.75,38.6\n').issues).toEqual([]);
  });

  test("a two-row header (编号 over an empty cell, 坐标 over 经度/纬度): the upper row is read as part of the header, and only a title above it is named as skipped", () => {
    const r = pointTable('消火栓.csv', '消火栓台账\n编号,坐标,\n,经度,纬度\nH1,114.75,38.6\n');
    expect(r.layers[0].features.map((f) => [f.properties['编号'], f.geometry?.coordinates])).toEqual([['H1', [114.75, 38.6]]]);
    const notes = r.issues.filter((i) => i.code === 'rows-above-header');
    expect(notes.map((i) => [i.severity, i.row])).toEqual([['info', 3]]);
    expect(notes[0].message.zh).toContain('第 1 行');
    expect(notes[0].message.zh).toContain('表头（第 2–3 行）');
  });
});
