import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';
import { readXlsx } from '../../layers/load/foreign/xlsx.ts';

/** A minimal .xlsx: each sheet a header 编号/经度/纬度/类型/状态 and one hydrant row; `state` as in workbook.xml; `lonFormula` a longitude formula with no saved value. */
function createXlsx(sheets: { name: string; id: string; lon: number; state?: string; lonFormula?: string; saved?: boolean }[]): Uint8Array {
  const cell = (r: string, t: string) => `<c r="${r}" t="inlineStr"><is><t>${t}</t></is></c>`;
  const num = (r: string, v: number) => `<c r="${r}"><v>${v}</v></c>`;
  const files: Record<string, Uint8Array> = {
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
  };
  sheets.forEach((s, i) => {
    const header = `<row r="1">${cell('A1', '编号')}${cell('B1', '经度')}${cell('C1', '纬度')}${cell('D1', '类型')}${cell('E1', '状态')}</row>`;
    const lon = s.lonFormula ? `<c r="B2"><f>${s.lonFormula}</f>${s.saved ? `<v>${s.lon}</v>` : ''}</c>` : num('B2', s.lon);
    const row = `<row r="2">${cell('A2', s.id)}${lon}${num('C2', 38.6)}${cell('D2', '消火栓')}${cell('E2', '完好')}</row>`;
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${row}</sheetData></worksheet>`);
  });
  return zipSync(files);
}

describe('an .xlsx point table with a hidden sheet', () => {
  test('readXlsx marks hidden and veryHidden sheets', () => {
    const bytes = createXlsx([
      { name: '旧', id: 'OLD', lon: 114.7, state: 'hidden' },
      { name: '新', id: 'NEW', lon: 114.71 },
      { name: '表3', id: 'X', lon: 114.72, state: 'veryHidden' },
    ]);
    expect(readXlsx(bytes).map((s) => [s.name, s.hidden ?? false])).toEqual([
      ['旧', true],
      ['新', false],
      ['表3', true],
    ]);
  });

  test('a hidden first sheet of old data is not imported next to the visible one; a hidden-sheet warning names it', () => {
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes: createXlsx([{ name: '旧', id: 'OLD', lon: 114.7, state: 'hidden' }, { name: '新', id: 'NEW', lon: 114.71 }]) }]);
    expect(r.layers.map((l) => l.features.map((f) => f.properties['编号']))).toEqual([['NEW']]);
    const hidden = r.issues.filter((i) => i.code === 'hidden-sheet');
    expect(hidden.map((i) => [i.severity, i.file])).toEqual([['warning', '消火栓.xlsx/旧']]);
    expect(hidden[0].message.zh).toBe('工作表“旧”在 Excel 中是隐藏的，其 1 行未导入（只导入可见的工作表）；如需导入，请在 Excel 中取消隐藏后重新导入。');
  });

  test('when only a hidden sheet has points, it is imported, with the warning', () => {
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes: createXlsx([{ name: '旧', id: 'OLD', lon: 114.7, state: 'hidden' }]) }]);
    expect(r.layers.map((l) => l.features.length)).toEqual([1]);
    expect(r.issues.filter((i) => i.code === 'hidden-sheet').map((i) => i.message.en)).toEqual([
      'Sheet "旧" is hidden in Excel, but no visible sheet has coordinates, so its 1 rows were imported; please check this is the data meant.',
    ]);
  });
});

describe('an .xlsx point table whose formulas were never computed', () => {
  test('a longitude formula with no saved value → xlsx-uncomputed warning naming the sheet, the count and the first cell; the row is unlocated', () => {
    const bytes = createXlsx([{ name: '台账', id: 'H1', lon: 0, lonFormula: '114+0.7' }]);
    expect(readXlsx(bytes)[0].uncomputed).toEqual({ count: 1, first: 'B2' });
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes }]);
    const w = r.issues.filter((i) => i.code === 'xlsx-uncomputed');
    expect(w.map((i) => [i.severity, i.file])).toEqual([['warning', '消火栓.xlsx']]);
    expect(w[0].message.zh).toBe('工作表“台账”有 1 个公式单元格没有保存计算结果（从 B2 起；文件可能由程序生成，未经 Excel 计算），已按空值读取；请用 Excel 或 WPS 打开并保存后重新导入。');
    expect(r.layers[0].features[0].geometry).toBeNull();
  });

  test('a formula with its saved value is read as the value, without the warning', () => {
    const bytes = createXlsx([{ name: '台账', id: 'H1', lon: 114.7, lonFormula: '114+0.7', saved: true }]);
    expect(readXlsx(bytes)[0].uncomputed).toBeUndefined();
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes }]);
    expect(r.issues.filter((i) => i.code === 'xlsx-uncomputed')).toEqual([]);
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([114.7, 38.6]);
  });
});

describe('an .xlsx whose XML holds a literal line break in a cell', () => {
  test('reads CR LF and a lone CR as LF, as XML 1.0 §2.11 and every office suite do, and keeps an escaped CR (&#13;)', () => {
    const files: Record<string, Uint8Array> = {
      'xl/workbook.xml': strToU8(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      'xl/worksheets/sheet1.xml': strToU8(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">' +
          '<c r="A1" t="inlineStr"><is><t>东村\r\n西村</t></is></c><c r="B1" t="inlineStr"><is><t>a\rb</t></is></c><c r="C1" t="inlineStr"><is><t>x&#13;y</t></is></c>' +
          '</row></sheetData></worksheet>',
      ),
    };
    expect(readXlsx(zipSync(files))[0].rows[0]).toEqual(['东村\n西村', 'a\nb', 'x\ry']);
  });
});
