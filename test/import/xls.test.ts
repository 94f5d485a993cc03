// Old .xls: no maintained BIFF8 reader is bundled, so the real old format is refused with a
// message that says what to do (另存为 .xlsx); what systems often name .xls but is not (an .xlsx
// renamed, a tab-separated text, an HTML page) is recognised by its bytes.
import { describe, expect, it } from 'vitest';
import { toXlsx } from '../../analysis/xlsx-export.ts';
import { isForeignName, readForeignFiles } from '../../layers/load/foreign/index.ts';
import { xlsKind } from '../../layers/load/foreign/point-table.ts';

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

describe('old .xls files', () => {
  it('refuses the Excel 97–2003 format, naming the file and saying to save as .xlsx', () => {
    const bytes = new Uint8Array(1024);
    bytes.set(CFB);
    expect(isForeignName('消防栓台账（旧）.xls')).toBe(true);
    expect(xlsKind(bytes)).toBe('biff');
    const r = readForeignFiles([{ name: '消防栓台账（旧）.xls', bytes }]);
    expect(r.layers).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'xls-old-format', file: '消防栓台账（旧）.xls' });
    expect(r.issues[0].message.zh).toContain('另存为” .xlsx');
    expect(r.issues[0].message.en).toContain('save it as .xlsx');
  });

  it('reads an .xlsx named .xls, and tab-separated text named .xls, as point tables', () => {
    const xlsx = toXlsx([{ name: '消防栓', header: ['编号', '经度', '纬度', '状态'], rows: [['XHS-1', 114.5, 38.5, '完好'], ['XHS-2', 114.51, 38.51, '损坏']] }]);
    expect(xlsKind(xlsx)).toBe('zip');
    const a = readForeignFiles([{ name: '消防栓.xls', bytes: xlsx }]);
    expect(a.layers.map((l) => [l.source, l.features.length])).toEqual([['消防栓.xls', 2]]);
    expect(a.layers[0].features[1].geometry).toEqual({ type: 'Point', coordinates: [114.51, 38.51] });
    const tsv = new TextEncoder().encode('编号\t经度\t纬度\nXHS-3\t114.52\t38.52\n');
    expect(xlsKind(tsv)).toBe('text');
    const b = readForeignFiles([{ name: '导出.xls', bytes: tsv }]);
    expect(b.layers[0].features[0]).toMatchObject({ geometry: { type: 'Point', coordinates: [114.52, 38.52] }, properties: { 编号: 'XHS-3' } });
  });

  it('says an HTML page named .xls is a web page, not a table', () => {
    const html = new TextEncoder().encode('<html><head><meta charset="utf-8"></head><body><table><tr><td>编号</td></tr></table></body></html>');
    const r = readForeignFiles([{ name: '系统导出.xls', bytes: html }]);
    expect(r.layers).toEqual([]);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'xls-html', file: '系统导出.xls' });
    expect(r.issues[0].message.zh).toContain('网页');
  });
});
