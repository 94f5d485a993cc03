import { strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';

// Session 15: a CAD title frame (图框/图签) placed as a block must not become plots.

function dxf(blocks: string, entities: string): Uint8Array {
  return strToU8(`0\nSECTION\n2\nBLOCKS\n${blocks}0\nENDSEC\n0\nSECTION\n2\nENTITIES\n${entities}0\nENDSEC\n0\nEOF\n`);
}
const block = (name: string, body: string) => `0\nBLOCK\n8\n0\n2\n${name}\n70\n0\n10\n0\n20\n0\n${body}0\nENDBLK\n8\n0\n`;
const insert = (name: string, layer: string, handle: string, at: [number, number]) => `0\nINSERT\n5\n${handle}\n8\n${layer}\n2\n${name}\n10\n${at[0]}\n20\n${at[1]}\n`;
/** A closed four-cornered LWPOLYLINE from (x0, y0) to (x1, y1). */
const rect = (handle: string, layer: string, x0: number, y0: number, x1: number, y1: number) =>
  `0\nLWPOLYLINE\n5\n${handle}\n8\n${layer}\n70\n1\n10\n${x0}\n20\n${y0}\n10\n${x1}\n20\n${y0}\n10\n${x1}\n20\n${y1}\n10\n${x0}\n20\n${y1}\n`;
const text = (layer: string, x: number, y: number, t: string) => `0\nTEXT\n8\n${layer}\n10\n${x}\n20\n${y}\n1\n${t}\n`;

// Two plots, 100 m squares, drawn on layer 地块 with their numbers inside.
const X = 38_500_000;
const Y = 4_272_000;
const PLOTS = rect('P1', '地块', X + 50, Y + 50, X + 150, Y + 150) + text('地块', X + 100, Y + 100, 'DK-1') + rect('P2', '地块', X + 200, Y + 50, X + 300, Y + 150) + text('地块', X + 250, Y + 100, 'DK-2');
// An A3 frame around them: outer border, inner border, the title block's cells in the corner with their words.
const FRAME = rect('B1', '0', 0, 0, 420, 297) + rect('B2', '0', 10, 10, 410, 287) + rect('C1', '0', 230, 10, 410, 40) + text('0', 240, 20, '设计') + text('0', 300, 20, '审核') + text('0', 360, 20, '比例 1:1000');

function read(blocks: string, entities: string) {
  return readForeignFiles([{ name: '宗地图.dxf', bytes: dxf(blocks, entities) }]);
}

describe('a title frame (图框/图签) placed by an INSERT is not read as plots', () => {
  test('named TK-A3 on layer 0: one layer, the two plots, with their numbers; the frame said in a note (was: an extra layer "0" of 3 frame "plots")', () => {
    const r = read(block('TK-A3', FRAME), PLOTS + insert('TK-A3', '0', 'F1', [X - 40, Y - 40]));
    expect(r.layers.map((l) => [l.name, l.geometry, l.features.length])).toEqual([['地块', 'Polygon', 2]]);
    expect(r.layers[0].features.map((f) => f.properties.label)).toEqual(['DK-1', 'DK-2']);
    const note = r.issues.find((i) => i.code === 'dxf-title-frame');
    expect(note?.message.zh).toBe('宗地图.dxf：块“TK-A3”（图层“0”，INSERT 句柄 F1）是图框/图签，其中 3 条多段线、3 处文字不作为地块或属性读取');
  });

  test('a frame under a name that says nothing, known by its title block words (设计, 审核, 比例) — also when inserted on the plots\' own layer', () => {
    const r = read(block('BLK7', FRAME), PLOTS + insert('BLK7', '地块', 'F2', [X - 40, Y - 40]));
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([['地块', 2]]);
    expect(r.layers[0].features.map((f) => f.properties.handle)).toEqual(['P1', 'P2']);
  });

  test('a border block without words or name: four-cornered outlines, the largest around every other shape', () => {
    const border = rect('B1', '0', 0, 0, 420, 297) + rect('B2', '0', 10, 10, 410, 287);
    const r = read(block('BLK8', border), PLOTS + insert('BLK8', '图层1', 'F3', [X - 40, Y - 40]));
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([['地块', 2]]);
    expect(r.issues.map((i) => i.code)).toContain('dxf-title-frame');
  });

  test('plots drawn as blocks are still plots: one block per plot, none holding the others', () => {
    const plot = block('ZD', rect('S', '0', 0, 0, 100, 100) + text('0', 50, 50, 'DK'));
    const r = read(plot, insert('ZD', '宗地', 'I1', [X, Y]) + insert('ZD', '宗地', 'I2', [X + 200, Y]));
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([['宗地', 2]]);
    expect(r.issues.map((i) => i.code)).not.toContain('dxf-title-frame');
    // a plot block alone in the drawing is a plot, not a border
    expect(read(plot, insert('ZD', '宗地', 'I1', [X, Y])).layers[0].features).toHaveLength(1);
  });
});

// Session 16: the same frame drawn as loose polylines (exploded, not a block).
describe('a title frame drawn as loose polylines on a layer named 图框/TK is not read as plots', () => {
  // the frame moved to the plots' place (as the INSERT above puts it)
  const loose = (layer: string) => FRAME.replaceAll('\n8\n0\n', `\n8\n${layer}\n`).replace(/\n(10|20)\n([\d.]+)(?=\n)/g, (_, c: string, v: string) => `\n${c}\n${Number(v) + (c === '10' ? X - 40 : Y - 40)}`);

  test('layer 图框: one layer, the two plots with their numbers, the frame said in a note (was: a layer 图框 of 3 "plots")', () => {
    const r = read('', PLOTS + loose('图框'));
    expect(r.layers.map((l) => [l.name, l.geometry, l.features.length])).toEqual([['地块', 'Polygon', 2]]);
    expect(r.layers[0].features.map((f) => f.properties.label)).toEqual(['DK-1', 'DK-2']);
    const note = r.issues.find((i) => i.code === 'dxf-title-frame');
    expect(note?.message.zh).toBe('宗地图.dxf：图层“图框”是图框（四角闭合外框围住其他全部图形），其中 3 条多段线、3 处文字不作为地块或属性读取');
    // TK and FRAME name it too
    expect(read('', PLOTS + loose('TK')).layers.map((l) => l.name)).toEqual(['地块']);
    expect(read('', PLOTS + loose('FRAME')).layers.map((l) => l.name)).toEqual(['地块']);
  });

  test('not a frame: a layer of another name (a plot around plots looks the same), or a 图框 layer whose border leaves a plot outside', () => {
    const other = read('', PLOTS + loose('规划范围'));
    expect(other.layers.map((l) => [l.name, l.features.length])).toEqual([['地块', 2], ['规划范围', 3]]);
    expect(other.issues.map((i) => i.code)).not.toContain('dxf-title-frame');
    // a third plot 1 km east, outside the 420 × 297 border
    const outside = read('', PLOTS + rect('P3', '地块', X + 1000, Y + 50, X + 1100, Y + 150) + loose('图框'));
    expect(outside.layers.map((l) => [l.name, l.features.length])).toEqual([['地块', 3], ['图框', 3]]);
    expect(outside.issues.map((i) => i.code)).not.toContain('dxf-title-frame');
  });
});
