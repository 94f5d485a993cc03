// Old .xls: a real Excel 97–2003 file is turned into .xlsx by SheetJS (convertOldXls, loaded only
// then); without that step, or when it cannot be read, it is refused with a message that says what
// to do (另存为 .xlsx). What systems often name .xls but is not (an .xlsx renamed, a tab-separated
// text, an HTML page) is recognised by its bytes.
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

describe('a real Excel 97–2003 file (written by xlwt, test/fixtures/import/make-xls.py)', () => {
  it('is read through SheetJS, loaded only then: the same rows, Chinese text, numbers and coordinates', async () => {
    const { readFileSync } = await import('node:fs');
    const { convertOldXls } = await import('../../layers/load/foreign/xls.ts');
    const name = '消防栓台账（旧版）.xls';
    const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));
    expect(xlsKind(bytes)).toBe('biff');
    // without the conversion step the old format is refused with the advice to save as .xlsx
    expect(readForeignFiles([{ name, bytes }]).issues[0]).toMatchObject({ code: 'xls-old-format', file: name });
    const other = { name: 'a.csv', bytes: new TextEncoder().encode('x,y\n') };
    const files = await convertOldXls([{ name, bytes }, other]);
    expect(files[1]).toBe(other); // other files untouched
    expect(files[0].name).toBe(name);
    const r = readForeignFiles([files[0]]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const hydrants = r.layers.filter((l) => l.features.length > 0);
    expect(hydrants).toHaveLength(1);
    const f = hydrants[0].features;
    expect(f.map((x) => x.properties?.['编号'])).toEqual(['XHS-旧01', 'XHS-旧02', 'XHS-旧03']);
    expect(f[0].properties).toMatchObject({ 名称: '南环路与建设街口', 状态: '完好' });
    expect(f[1].properties?.['状态']).toBe('损坏');
    expect(Number(f[1].properties?.['口径(mm)'])).toBe(150);
    expect(f[2].geometry).toEqual({ type: 'Point', coordinates: [115.034567, 38.534567] });
  });

  it('a damaged old .xls (a compound-file header and nothing readable) stays refused with the advice', async () => {
    const { convertOldXls } = await import('../../layers/load/foreign/xls.ts');
    const bytes = new Uint8Array(1024);
    bytes.set(CFB);
    const [f] = await convertOldXls([{ name: '坏.xls', bytes }]);
    const r = readForeignFiles([f]);
    expect(r.layers).toEqual([]);
    expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'xls-old-format', file: '坏.xls' });
  });
});
