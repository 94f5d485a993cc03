// Bad inputs found in session 12's red-team pass (hand-made files, not the fixtures): each test
// names its BAD-INPUTS row (/work/shared/BAD-INPUTS.md) when there is one.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { importForeign, readForeignFiles, suggestTargets } from '../../layers/load/foreign/index.ts';
import { parseCoordinateText } from '../../layers/load/values.ts';
import { loadProject } from '../../layers/load/load-project.ts';
import { readShapefiles } from '../../layers/load/foreign/shapefile.ts';
import { encodeGbk } from '../../layers/load/foreign/shapefile-write.ts';

/** A one-sheet .xlsx from rows of inline strings and numbers; `styles` (cell → style index) and `stylesXml` for number formats. */
function xlsx(rows: (string | number | null)[][], opts: { merges?: string[]; styles?: Record<string, number>; stylesXml?: string; date1904?: boolean } = {}): Uint8Array {
  const col = (c: number) => String.fromCharCode(65 + c);
  const body = rows
    .map((row, r) => {
      const cells = row
        .map((v, c) => {
          const ref = `${col(c)}${r + 1}`;
          const s = opts.styles?.[ref] !== undefined ? ` s="${opts.styles[ref]}"` : '';
          if (v === null) return '';
          return typeof v === 'number' ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"${s}><is><t>${v}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const merges = opts.merges?.length ? `<mergeCells count="${opts.merges.length}">${opts.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  const files: Record<string, Uint8Array> = {
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>${opts.stylesXml ? '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' : ''}</Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${merges}</worksheet>`),
  };
  if (opts.stylesXml) files['xl/styles.xml'] = strToU8(opts.stylesXml);
  return zipSync(files);
}

const LANE_HEADER = ['编号', '位置', '问题', '整改状态', '登记日期', '经度', '纬度'];

describe('BAD-INPUTS #30: a ledger whose header sits under a title block', () => {
  test('a title row and a 填报单位/日期 row above the header: the header is the row with the coordinate columns', () => {
    const bytes = xlsx(
      [
        ['某县消防车通道问题台账'],
        ['填报单位：某县消防救援大队', null, null, null, '填报日期：2024年3月'],
        LANE_HEADER,
        ['L1', '西街', '堵塞', '未整改', '2024-01-05', 114.75, 38.6],
        ['L2', '东街', '狭窄', '已整改', '2024-02-01', 114.76, 38.61],
      ],
      { merges: ['A1:G1', 'A2:D2', 'E2:G2'] },
    );
    const r = readForeignFiles([{ name: '通道台账.xlsx', bytes }]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.layers).toHaveLength(1);
    expect(r.layers[0].fields).toEqual(['编号', '位置', '问题', '整改状态', '登记日期']);
    expect(r.layers[0].features.map((f) => [f.properties['编号'], f.geometry?.coordinates])).toEqual([
      ['L1', [114.75, 38.6]],
      ['L2', [114.76, 38.61]],
    ]);
  });

  test('the same title block in a CSV; a bad coordinate below it names its spreadsheet row', () => {
    const text = '某县消火栓台账\n填报单位：某县水务局,,,填报日期：2024年3月\n编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6\nH2,消火栓,完好,东经,38.61\n';
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(text) }]);
    expect(r.layers.map((l) => l.features.length)).toEqual([2]);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate').map((i) => i.row)).toEqual([5]);
  });

  test('a table without coordinate columns still reports the first filled row as its header', () => {
    const r = readForeignFiles([{ name: '名单.csv', bytes: strToU8('标题\n编号,名称\nA,甲\n') }]);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['no-coordinate-columns', 2]]);
  });
});

describe('BAD-INPUTS #48: a file named .xlsx that is really something else', () => {
  test('a CSV renamed .xlsx is read as the CSV it is, and the user is told', () => {
    const r = readForeignFiles([{ name: '消火栓.xlsx', bytes: strToU8('编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6\n') }]);
    expect(r.layers.map((l) => l.features.length)).toEqual([1]);
    const note = r.issues.find((i) => i.code === 'xlsx-is-text');
    expect(note?.severity).toBe('info');
    expect(note?.message.zh).toContain('其实是文本表格');
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  test('an HTML page renamed .xlsx is reported as a web page, in both languages', () => {
    const r = readForeignFiles([{ name: '导出.xlsx', bytes: strToU8('<html><body><table><tr><td>编号</td><td>经度</td><td>纬度</td></tr></table></body></html>') }]);
    expect(r.layers).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code, i.file])).toEqual([['error', 'xls-html', '导出.xlsx']]);
    expect(r.issues[0].message.zh).toContain('网页（HTML）');
    expect(r.issues[0].message.en).toContain('web page (HTML)');
  });
});

describe('BAD-INPUTS #33: degree-minute-second text', () => {
  test('minutes or seconds of 60 or more are not a coordinate (114°75′ is a typo, not 115.25°)', () => {
    expect(parseCoordinateText('114°75′')).toBeNaN();
    expect(parseCoordinateText('38°36′75″N')).toBeNaN();
    expect(parseCoordinateText('38°60′')).toBeNaN();
    expect(parseCoordinateText('114度30分60秒')).toBeNaN();
    // the valid forms still read
    expect(parseCoordinateText('114°59′59.9″E')).toBeCloseTo(114 + 59 / 60 + 59.9 / 3600, 9);
    expect(parseCoordinateText('38°36′12″N')).toBeCloseTo(38.60333333, 6);
    expect(parseCoordinateText('北纬38度36分')).toBeCloseTo(38.6, 9);
  });

  test('a fractional degree followed by minutes is refused (38.5°30′ has no single meaning)', () => {
    expect(parseCoordinateText('38.5°30′')).toBeNaN();
    expect(parseCoordinateText('38.5°')).toBe(38.5);
  });

  test('a point table row with such a typo is imported without a position and reported with its row', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,类型,状态,经度,纬度\nH1,消火栓,完好,114°45′,38°36′\nH2,消火栓,完好,114°75′,38°36′\n') }]);
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates ?? null)).toEqual([[114.75, 38.6], null]);
    expect(r.issues.filter((i) => i.code === 'bad-coordinate').map((i) => [i.row, i.field])).toEqual([[3, '经度']]);
  });
});

describe('BAD-INPUTS #29: a CSV row with more values than the header', () => {
  test('the extra values are reported with the row (never dropped silently), the row still imported', () => {
    const text = '编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6,西河路,备用\nH2,消火栓,完好,114.76,38.61\n';
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(text) }]);
    expect(r.layers[0].features).toHaveLength(2);
    const extra = r.issues.filter((i) => i.code === 'extra-values');
    expect(extra.map((i) => [i.severity, i.row])).toEqual([['warning', 2]]);
    expect(extra[0].message.zh).toBe('第 2 行有 7 个值，多于表头的 5 列；多出的值（“西河路”“备用”）未导入（分隔符或引号可能有误）。');
    expect(extra[0].message.en).toBe('Row 2 has 7 values, more than the 5 columns of the header; the extra values ("西河路", "备用") were not imported (a delimiter or quote may be wrong).');
  });

  test('empty trailing cells (a spreadsheet saving blank columns) are not reported', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6,,\n') }]);
    expect(r.issues.filter((i) => i.code === 'extra-values')).toEqual([]);
  });
});


/** styles.xml: xf 0 General, 1 built-in date (14), 2 a custom 年月日 format, 3 date + time, 4 a number format with a quoted "d" (not a date), 5 time only (20). */
const DATE_STYLES =
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="yyyy/mm/dd hh:mm"/><numFmt numFmtId="178" formatCode="0.00&quot;d&quot;"/></numFmts>' +
  '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="177" applyNumberFormat="1"/><xf numFmtId="178" applyNumberFormat="1"/><xf numFmtId="20" applyNumberFormat="1"/></cellXfs></styleSheet>';

describe('BAD-INPUTS #47: date columns stored as Excel serial numbers', () => {
  test('cells with a date format come out as dates (1900 system), with an info note naming the first cell', () => {
    const bytes = xlsx(
      [
        LANE_HEADER,
        ['L1', '西街', '堵塞', '未整改', 45296, 114.75, 38.6],
        ['L2', '东街', '狭窄', '已整改', 45323, 114.76, 38.61],
        ['L3', '南街', '狭窄', '已整改', 45323.5, 114.77, 38.62],
        ['L4', '北街', '狭窄', '已整改', 12.5, 114.78, 38.63],
      ],
      { styles: { E2: 1, E3: 2, E4: 3, E5: 4, F2: 0 }, stylesXml: DATE_STYLES },
    );
    const r = readForeignFiles([{ name: '通道台账.xlsx', bytes }]);
    expect(r.layers[0].features.map((f) => f.properties['登记日期'])).toEqual(['2024-01-05', '2024-02-01', '2024-02-01 12:00', '12.5']);
    // the coordinates (General) stay numbers
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([114.75, 38.6]);
    const note = r.issues.filter((i) => i.code === 'xlsx-dates');
    expect(note.map((i) => i.severity)).toEqual(['info']);
    expect(note[0].message.zh).toBe('工作表“台账”有 3 个日期单元格（Excel 保存为日期序号），已按日期读取（如 E2：45296 → 2024-01-05）；请核对。');
    expect(note[0].message.en).toBe('Sheet "台账" has 3 date cells (stored by Excel as serial numbers); they were read as dates (e.g. E2: 45296 → 2024-01-05). Please check.');
  });

  test('a workbook in the 1904 date system (old Mac Excel) gives the same dates', () => {
    const bytes = xlsx([LANE_HEADER, ['L1', '西街', '堵塞', '未整改', 43834, 114.75, 38.6]], { styles: { E2: 1 }, stylesXml: DATE_STYLES, date1904: true });
    const r = readForeignFiles([{ name: '通道台账.xlsx', bytes }]);
    expect(r.layers[0].features[0].properties['登记日期']).toBe('2024-01-05');
  });

  test('early 1900 serials around Excel\'s 1900-02-29 bug, and a time-only cell, are as Excel shows them', () => {
    const bytes = xlsx([LANE_HEADER, ['L1', '西街', '堵塞', '未整改', 59, 114.75, 38.6], ['L2', '西街', '堵塞', '未整改', 61, 114.75, 38.7], ['L3', '西街', '堵塞', '未整改', 0.75, 114.75, 38.8]], { styles: { E2: 1, E3: 1, E4: 5 }, stylesXml: DATE_STYLES });
    const r = readForeignFiles([{ name: '通道台账.xlsx', bytes }]);
    expect(r.layers[0].features.map((f) => f.properties['登记日期'])).toEqual(['1900-02-28', '1900-03-01', '18:00']);
  });

  test('the date reaches the fire-lane ledger as text (登记日期 → date)', () => {
    const bytes = xlsx([LANE_HEADER, ['L1', '西街', '堵塞', '未整改', 45296, 114.75, 38.6]], { styles: { E2: 2 }, stylesXml: DATE_STYLES });
    const read = readForeignFiles([{ name: '消防车通道台账.xlsx', bytes }]);
    const targets = suggestTargets(read.layers, null).map((t) => ({ ...t, layer: 'fireLanes' as const }));
    const res = importForeign(null, read.layers, targets);
    const lanes = res.project.layers.fireLanes;
    expect(lanes.kind === 'geojson' && lanes.data.features.map((f) => f.properties?.date)).toEqual(['2024-01-05']);
  });
});

describe('BAD-INPUTS #47 in an old .xls (Excel 97–2003)', () => {
  test('a date cell keeps its date through the SheetJS conversion', async () => {
    const XLSX = await import('@e965/xlsx');
    const { convertOldXls } = await import('../../layers/load/foreign/xls.ts');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([LANE_HEADER, ['L1', '西街', '堵塞', '未整改', new Date(Date.UTC(2024, 0, 5)), 114.75, 38.6]], { cellDates: true }), '台账');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const r = readForeignFiles(await convertOldXls([{ name: '通道台账.xls', bytes }]));
    expect(r.layers[0].features.map((f) => [f.properties['登记日期'], f.geometry?.coordinates])).toEqual([['2024-01-05', [114.75, 38.6]]]);
    expect(r.issues.map((i) => i.code)).toEqual(['xlsx-dates']);
  });
});

const SQUARE = [[114.7, 38.6], [114.71, 38.6], [114.71, 38.61], [114.7, 38.61], [114.7, 38.6]];
const towns = (features: unknown[]) => [{ name: 'townships.geojson', bytes: strToU8(JSON.stringify({ type: 'FeatureCollection', features })) }];
const town = (name: string, geometry: unknown) => ({ type: 'Feature', properties: { name }, geometry });

describe('BAD-INPUTS #6: a Multi geometry with an empty part', () => {
  test('the empty parts of a MultiPolygon are dropped and named; the township with its real part is kept', () => {
    const { project, report } = loadProject(towns([town('西河镇', { type: 'MultiPolygon', coordinates: [[SQUARE], []] }), town('东河镇', { type: 'MultiPolygon', coordinates: [[[]], [SQUARE]] })]));
    const t = project.layers.townships;
    expect(t.kind === 'geojson' && t.data.features.map((f) => [f.properties?.name, f.geometry])).toEqual([
      ['西河镇', { type: 'MultiPolygon', coordinates: [[SQUARE]] }],
      ['东河镇', { type: 'MultiPolygon', coordinates: [[SQUARE]] }],
    ]);
    expect(report.counts.townships).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    const parts = report.issues.filter((i) => i.code === 'empty-part');
    expect(parts.map((i) => [i.severity, i.featureIndex])).toEqual([
      ['warning', 0],
      ['warning', 1],
    ]);
    expect(parts[0].message.zh).toBe('多部分几何中有 1 个部分没有坐标，已删除该部分；其余部分照常加载。');
    expect(parts[0].message.en).toBe('1 part of the multi-part geometry has no coordinates; that part was dropped and the rest loaded.');
  });

  test('a MultiLineString road with an empty part keeps its line; one with only empty parts is still skipped', () => {
    const line = [[114.7, 38.6], [114.71, 38.6]];
    const roads = { type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'MultiLineString', coordinates: [[], line] } },
      { type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'MultiLineString', coordinates: [[], []] } },
    ] };
    const { project, report } = loadProject([{ name: 'roads.geojson', bytes: strToU8(JSON.stringify(roads)) }]);
    const r = project.layers.roads;
    expect(r.kind === 'geojson' && r.data.features.map((f) => f.geometry)).toEqual([{ type: 'MultiLineString', coordinates: [line] }]);
    expect(report.issues.filter((i) => i.code === 'empty-part' || i.code === 'empty-geometry').map((i) => [i.code, i.featureIndex])).toEqual([
      ['empty-part', 0],
      ['empty-geometry', 1],
    ]);
  });

  test('the same through the import step (a township file under any name)', () => {
    const bytes = strToU8(JSON.stringify({ type: 'FeatureCollection', features: [town('西河镇', { type: 'MultiPolygon', coordinates: [[SQUARE], []] })] }));
    const read = readForeignFiles([{ name: '乡镇界.geojson', bytes }]);
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null).map((t) => ({ ...t, layer: 'townships' as const })));
    expect(res.layers.map((l) => [l.layer, l.counts.loaded])).toEqual([['townships', 1]]);
    expect(res.issues.filter((i) => i.code === 'empty-part').map((i) => [i.file, i.featureIndex])).toEqual([['乡镇界.geojson', 0]]);
  });
});

describe('BAD-INPUTS #9/#13: a polygon of zero area', () => {
  test('a township whose vertices all lie on one line is rejected with a message (it covers nothing); a thin sliver is kept', () => {
    const flat = [[114.7, 38.6], [114.8, 38.6], [114.9, 38.6], [114.7, 38.6]];
    const diagonal = [[114.1, 38.1], [114.3, 38.3], [114.2, 38.2], [114.1, 38.1]];
    const sliver = [[114.7, 38.6], [114.8, 38.6], [114.8, 38.6000001], [114.7, 38.6]];
    const { project, report } = loadProject(towns([town('零面积', { type: 'Polygon', coordinates: [flat] }), town('斜线', { type: 'Polygon', coordinates: [diagonal] }), town('细长', { type: 'Polygon', coordinates: [sliver] }), town('多部分', { type: 'MultiPolygon', coordinates: [[flat], [SQUARE]] })]));
    const t = project.layers.townships;
    expect(t.kind === 'geojson' && t.data.features.map((f) => f.properties?.name)).toEqual(['细长', '多部分']);
    expect(t.kind === 'geojson' && t.data.features[1].geometry).toEqual({ type: 'MultiPolygon', coordinates: [[SQUARE]] });
    const zero = report.issues.filter((i) => i.code === 'zero-area');
    expect(zero.map((i) => [i.severity, i.featureIndex])).toEqual([
      ['error', 0],
      ['error', 1],
    ]);
    expect(zero[0].message.zh).toBe('面的面积为零（外环的所有顶点在一条直线上），该要素未加载。');
    expect(report.issues.filter((i) => i.code === 'empty-part').map((i) => [i.featureIndex, i.message.zh])).toEqual([[3, '多部分几何中有 1 个部分面积为零（所有顶点在一条直线上），已删除该部分；其余部分照常加载。']]);
  });
});

describe('BAD-INPUTS #29: a ;-separated CSV with decimal commas (a European-locale Excel export)', () => {
  test('a coordinate with one decimal comma reads as its number; a comma before exactly 3 digits stays ambiguous', () => {
    expect(parseCoordinateText('114,75')).toBe(114.75);
    expect(parseCoordinateText('-38,6')).toBe(-38.6);
    expect(parseCoordinateText('４２７３０００，２５')).toBe(4273000.25);
    expect(parseCoordinateText('114,7512')).toBe(114.7512);
    expect(parseCoordinateText('114,750')).toBeNaN();
    expect(parseCoordinateText('1,234,5')).toBeNaN();
    expect(parseCoordinateText('114,75.3')).toBeNaN();
  });

  test('a point table: every row placed', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号;类型;状态;经度;纬度\nH1;消火栓;完好;114,75;38,60\nH2;消火栓;完好;114,76;38,61\n') }]);
    expect(r.layers[0].features.map((f) => f.geometry?.coordinates)).toEqual([
      [114.75, 38.6],
      [114.76, 38.61],
    ]);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('households.csv of a project folder: every row placed', () => {
    const { project, report } = loadProject([{ name: 'households.csv', bytes: strToU8('id;lon;lat;persons\nA1;114,75;38,6;3\nA2;114,76;38,61;2\n') }]);
    const h = project.layers.households;
    expect(report.counts.households).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
    expect(h.kind === 'columns' && [...h.lon, ...h.lat]).toEqual([114.75, 114.76, 38.6, 38.61]);
  });

  test('BAD-INPUTS #33: households.csv of a project folder with 经度(°) / 纬度（N） headers: every row placed (was: no coordinate columns, all unplaced)', () => {
    for (const head of ['户编号,经度(°),纬度（N）,人口', 'id,Longitude (WGS84),Latitude (WGS84),persons', 'id,lon（E）, lat (N) ,persons']) {
      const { project, report } = loadProject([{ name: 'households.csv', bytes: strToU8(`${head}\nA1,114.75,38.6,3\nA2,114.76,38.61,2\n`) }]);
      const h = project.layers.households;
      expect(report.counts.households, head).toEqual({ read: 2, loaded: 2, rejected: 0, unlocated: 0 });
      expect(h.kind === 'columns' && [...h.lon, ...h.lat], head).toEqual([114.75, 114.76, 38.6, 38.61]);
    }
  });
});

describe('BAD-INPUTS #30: a header over two rows (merged cells)', () => {
  test('编号/类型/状态 merged down over two rows and 坐标 merged across 经度/纬度: every column keeps its name', () => {
    const bytes = xlsx(
      [
        ['消火栓台账'],
        ['编号', '类型', '状态', '坐标', null],
        [null, null, null, '经度', '纬度'],
        ['H1', '消火栓', '完好', 114.75, 38.6],
      ],
      { merges: ['A1:E1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:E2'] },
    );
    const read = readForeignFiles([{ name: '消火栓.xlsx', bytes }]);
    expect(read.layers[0].fields).toEqual(['编号', '类型', '状态']);
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null));
    expect(res.layers.map((l) => [l.layer, l.counts])).toEqual([['hydrants', { read: 1, loaded: 1, rejected: 0, unlocated: 0 }]]);
  });

  test('the same two-row header in a CSV (no merges): a blank header cell takes the name above it', () => {
    const read = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('消火栓台账\n编号,类型,状态,坐标,\n,,,经度,纬度\nH1,消火栓,完好,114.75,38.6\n') }]);
    expect(read.layers[0].fields).toEqual(['编号', '类型', '状态']);
    expect(read.layers[0].features[0].properties).toEqual({ 编号: 'H1', 类型: '消火栓', 状态: '完好' });
  });

  test('a title alone on its row never names a column', () => {
    const read = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('消火栓台账\n,类型,经度,纬度\nH1,消火栓,114.75,38.6\n') }]);
    expect(read.layers[0].fields).toEqual(['列1', '类型']);
  });
});

describe('BAD-INPUTS #1-like: a table with only its header, or a collection with no features, in the import step', () => {
  test.each([
    ['消火栓.csv', '编号,类型,状态,经度,纬度\n'],
    ['新消火栓.geojson', '{"type":"FeatureCollection","features":[]}'],
  ])('%s: one message that it holds no rows/features and the layer is unchanged (not "the GeoJSON file … would replace the layer with an empty one")', (name, text) => {
    const read = readForeignFiles([{ name, bytes: strToU8(text) }]);
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null).map((t) => ({ ...t, layer: 'hydrants' as const })));
    expect(res.layers).toEqual([]);
    const all = [...read.issues, ...res.issues];
    expect(all.map((i) => [i.severity, i.code, i.file])).toEqual([['error', 'nothing-imported', name]]);
    expect(all[0].message.zh).toBe('文件中没有要素（没有数据行或要素），没有可导入“消火栓与消防水鹤”的内容，该图层保持不变。');
    expect(all[0].message.en).toBe('The file holds no features (no data rows or features); there is nothing to import into "Hydrants and water cranes", and the layer is unchanged.');
  });
});

describe('a header row repeated in the middle of a table (two exports pasted together)', () => {
  test('the repeated header is skipped with one warning naming its row, not imported as a feature with wrong values', () => {
    const text = '编号,类型,状态,经度,纬度\nH1,消火栓,完好,114.75,38.6\n编号,类型,状态,经度,纬度\nH2,消火栓,完好,114.76,38.61\n';
    const read = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(text) }]);
    expect(read.layers[0].features.map((f) => f.properties['编号'])).toEqual(['H1', 'H2']);
    expect(read.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['warning', 'repeated-header', 3]]);
    expect(read.issues[0].message.zh).toBe('第 3 行与表头相同（可能是两个表格拼接在一起），已跳过。');
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null));
    expect(res.layers.map((l) => l.counts)).toEqual([{ read: 2, loaded: 2, rejected: 0, unlocated: 0 }]);
  });
});

/** A .shp (big-endian record headers, little-endian content) from record contents; null = null shape. */
function shp(shapeType: number, records: (Uint8Array | null)[]): Uint8Array {
  const recs = records.map((c) => c ?? new Uint8Array(4));
  const total = 100 + recs.reduce((a, c) => a + 8 + c.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setInt32(0, 9994, false);
  dv.setInt32(24, total / 2, false);
  dv.setInt32(28, 1000, true);
  dv.setInt32(32, shapeType, true);
  let p = 100;
  recs.forEach((c, i) => {
    dv.setInt32(p, i + 1, false);
    dv.setInt32(p + 4, c.length / 2, false);
    out.set(c, p + 8);
    p += 8 + c.length;
  });
  return out;
}
const pointRec = (x: number, y: number) => {
  const b = new Uint8Array(20);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, 1, true);
  dv.setFloat64(4, x, true);
  dv.setFloat64(12, y, true);
  return b;
};
/** A Polygon record (type 5) with one part per ring. */
const polygonRec = (rings: number[][][]) => {
  const n = rings.reduce((a, r) => a + r.length, 0);
  const b = new Uint8Array(44 + rings.length * 4 + n * 16);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, 5, true);
  dv.setInt32(36, rings.length, true);
  dv.setInt32(40, n, true);
  let k = 0;
  rings.forEach((r, i) => {
    dv.setInt32(44 + i * 4, k, true);
    for (const [x, y] of r) {
      dv.setFloat64(44 + rings.length * 4 + k * 16, x, true);
      dv.setFloat64(44 + rings.length * 4 + k * 16 + 8, y, true);
      k++;
    }
  });
  return b;
};
/** A dBASE III table of C/N fields from rows of raw cell bytes (already encoded). */
function dbf(fields: [string, 'C' | 'N', number][], rows: Uint8Array[][]): Uint8Array {
  const headerLen = 32 + 32 * fields.length + 1;
  const recordLen = 1 + fields.reduce((a, f) => a + f[2], 0);
  const out = new Uint8Array(headerLen + rows.length * recordLen + 1).fill(0x20, headerLen);
  const dv = new DataView(out.buffer);
  out[0] = 3;
  dv.setUint32(4, rows.length, true);
  dv.setUint16(8, headerLen, true);
  dv.setUint16(10, recordLen, true);
  fields.forEach(([name, type, len], i) => {
    out.set(strToU8(name), 32 + i * 32);
    out[32 + i * 32 + 11] = type.charCodeAt(0);
    out[32 + i * 32 + 16] = len;
  });
  out.fill(0, headerLen - 1, headerLen);
  out[headerLen - 1] = 0x0d;
  rows.forEach((row, r) => {
    let o = headerLen + r * recordLen + 1;
    row.forEach((cell, i) => {
      out.set(cell.subarray(0, fields[i][2]), o);
      o += fields[i][2];
    });
  });
  out[out.length - 1] = 0x1a;
  return out;
}

describe('Shapefile: what a reader used to drop without a word', () => {
  const X = 114.7;
  const Y = 38.6;
  const square = [[X, Y], [X, Y + 0.01], [X + 0.01, Y + 0.01], [X + 0.01, Y], [X, Y]]; // clockwise = outer in a Shapefile
  const names = (n: number) => Array.from({ length: n }, (_, i) => [strToU8(`T${i + 1}`)]);

  test('BAD-INPUTS #9: a polygon ring of fewer than 4 points is named per record (the record before: a township silently without geometry)', () => {
    const files = [
      { name: '乡镇.shp', bytes: shp(5, [polygonRec([[[X, Y], [X + 0.01, Y], [X + 0.01, Y + 0.01]]]), polygonRec([square, [[X + 1, Y], [X + 1, Y + 0.01], [X + 1, Y]]]), polygonRec([square])]) },
      { name: '乡镇.dbf', bytes: dbf([['NAME', 'C', 10]], names(3)) },
    ];
    const r = readShapefiles(files);
    expect(r.layers[0].features.map((f) => f.geometry?.type ?? null)).toEqual([null, 'Polygon', 'Polygon']);
    const short = r.issues.filter((i) => i.code === 'shp-short-part');
    expect(short.map((i) => [i.severity, i.featureIndex])).toEqual([
      ['error', 0],
      ['warning', 1],
    ]);
    expect(short[0].message.zh).toBe('第 1 条记录有 1 个环少于 4 个点（面的环至少要 4 个点，含闭合点），已删除；该记录没有其他图形，按无图形处理。');
    expect(short[1].message.zh).toBe('第 2 条记录有 1 个环少于 4 个点（面的环至少要 4 个点，含闭合点），已删除；其余部分照常读取。');
  });

  test('a line part of one point is named too', () => {
    const lineRec = (parts: number[][][]) => {
      const b = polygonRec(parts);
      new DataView(b.buffer).setInt32(0, 3, true);
      return b;
    };
    const r = readShapefiles([
      { name: '道路.shp', bytes: shp(3, [lineRec([[[X, Y]]]), lineRec([[[X, Y], [X + 0.01, Y]]])]) },
      { name: '道路.dbf', bytes: dbf([['NAME', 'C', 10]], names(2)) },
    ]);
    expect(r.layers[0].features.map((f) => f.geometry?.type ?? null)).toEqual([null, 'LineString']);
    expect(r.issues.filter((i) => i.code === 'shp-short-part').map((i) => [i.featureIndex, i.message.en])).toEqual([
      [0, 'Record 1 has 1 line part of fewer than 2 points; dropped. The record has no other shape and is read without geometry.'],
    ]);
  });

  test('BAD-INPUTS #46: PointZ / PolygonM shapes are read in 2D and the dropped Z and M values are said (GeoJSON keeps Z)', () => {
    const pointZ = (x: number, y: number, z: number) => {
      const b = new Uint8Array(36);
      const dv = new DataView(b.buffer);
      dv.setInt32(0, 11, true);
      dv.setFloat64(4, x, true);
      dv.setFloat64(12, y, true);
      dv.setFloat64(20, z, true);
      dv.setFloat64(28, 0, true);
      return b;
    };
    const z = readShapefiles([
      { name: '消火栓.shp', bytes: shp(11, [pointZ(X, Y, 52.5)]) },
      { name: '消火栓.dbf', bytes: dbf([['ID', 'C', 4]], [[strToU8('H1')]]) },
    ]);
    expect(z.layers[0].features[0].geometry).toEqual({ type: 'Point', coordinates: [X, Y] });
    expect(z.issues.filter((i) => i.code === 'shp-z-dropped').map((i) => [i.severity, i.file, i.message.zh])).toEqual([
      ['info', '消火栓.shp', '图形带高程（Z 值）和测量值（M 值），按平面坐标读取，Z、M 值不导入（覆盖分析只用平面位置）。'],
    ]);
    const m = readShapefiles([{ name: '乡镇.shp', bytes: shp(25, [polygonRec([square])]) }]);
    expect(m.issues.filter((i) => i.code.endsWith('-dropped')).map((i) => [i.code, i.message.en])).toEqual([
      ['shp-m-dropped', 'The shapes carry measures (M); they are read in 2D, without the M values.'],
    ]);
    const plain = readShapefiles([{ name: '乡镇.shp', bytes: shp(5, [polygonRec([square])]) }]);
    expect(plain.issues.filter((i) => i.code.endsWith('-dropped'))).toEqual([]);
  });

  test('a DBF number of asterisks is read as empty without a warning: it is how shapelib and GDAL write a null number', () => {
    const files = [
      { name: '幼儿园.shp', bytes: shp(1, [pointRec(X, Y), pointRec(X, Y + 0.01)]) },
      { name: '幼儿园.dbf', bytes: dbf([['ID', 'C', 4], ['CAP', 'N', 5]], [[strToU8('K1'), strToU8('*****')], [strToU8('K2'), strToU8('  120')]]) },
    ];
    const r = readShapefiles(files);
    expect(r.layers[0].features.map((f) => f.properties['CAP'])).toEqual([null, 120]);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  test('BAD-INPUTS #25: a .cpg that says UTF-8 over GBK text is not believed: read as GBK, with a warning', () => {
    const files = [
      { name: '消火栓.shp', bytes: shp(1, [pointRec(X, Y)]) },
      { name: '消火栓.dbf', bytes: dbf([['BH', 'C', 6], ['LX', 'C', 10]], [[strToU8('H1'), encodeGbk('消火栓')]]) },
      { name: '消火栓.cpg', bytes: strToU8('UTF-8') },
    ];
    const r = readShapefiles(files);
    expect(r.layers[0].features[0].properties['LX']).toBe('消火栓');
    const w = r.issues.filter((i) => i.code === 'cpg-wrong');
    expect(w.map((i) => i.severity)).toEqual(['warning']);
    expect(w[0].message.zh).toBe('.cpg 文件写的编码是 UTF-8，但属性文字不是有效的 UTF-8；已按 GBK（GB18030）读取，请在预览中核对，必要时选择编码。');
    // the user's own choice still wins, garbled or not
    const forced = readShapefiles(files, { encoding: { '*': 'utf-8' } });
    expect(forced.layers[0].features[0].properties['LX']).not.toBe('消火栓');
    expect(forced.issues.filter((i) => i.code === 'cpg-wrong')).toEqual([]);
  });

  test('a .cpg that says GBK over UTF-8 text is not believed either', () => {
    const files = [
      { name: '消火栓.shp', bytes: shp(1, [pointRec(X, Y)]) },
      { name: '消火栓.dbf', bytes: dbf([['BH', 'C', 6], ['LX', 'C', 12]], [[strToU8('H1'), strToU8('消火栓')]]) },
      { name: '消火栓.cpg', bytes: strToU8('936') },
    ];
    const r = readShapefiles(files);
    expect(r.layers[0].features[0].properties['LX']).toBe('消火栓');
    expect(r.issues.filter((i) => i.code === 'cpg-wrong').map((i) => i.message.en)).toEqual([
      'The .cpg file says GBK, but the attribute text is valid UTF-8 (and not what GBK would give); read as UTF-8. Please check the preview and choose the encoding if needed.',
    ]);
  });
});

describe('BAD-INPUTS #33: coordinate headers with a unit or hemisphere in brackets', () => {
  test.each([
    ['经度(°),纬度(°)'],
    ['经度（E）,纬度（N）'],
    ['经度（度）,纬度（度）'],
    ['Longitude (WGS84),Latitude (WGS84)'],
    ['东经(°),北纬(°)'],
  ])('%s is found', (coords) => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8(`编号,类型,状态,${coords}\nH1,消火栓,完好,114.75,38.6\n`) }]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([114.75, 38.6]);
    expect(r.layers[0].fields).toEqual(['编号', '类型', '状态']);
  });

  test('X(m)/Y(m) survey columns are still the survey X/Y (northing first when the numbers say so)', () => {
    const r = readForeignFiles([{ name: '消火栓.csv', bytes: strToU8('编号,X(m),Y(m)\nH1,4273000.12,38565000.55\n') }]);
    expect(r.layers[0].features[0].geometry?.coordinates).toEqual([38565000.55, 4273000.12]);
    expect(r.issues.map((i) => i.code)).toEqual(['northing-first']);
  });
});

describe('BAD-INPUTS #34: ids written as integers longer than a double holds (a database bigint export)', () => {
  const big = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[114.75,38.6]},"properties":{"id":130102000000000001,"kind":"hydrant","status":"working","n":9007199254740993}},{"type":"Feature","geometry":{"type":"Point","coordinates":[114.76,38.61]},"properties":{"id":130102000000000002,"kind":"hydrant","status":"working","n":12}}]}';

  test('hydrants.geojson: every digit kept (before: 130102000000000000 and 130102000000000000#2), with an info note', () => {
    const { project, report } = loadProject([{ name: 'hydrants.geojson', bytes: strToU8(big) }]);
    const h = project.layers.hydrants;
    expect(h.kind === 'geojson' && h.data.features.map((f) => f.properties?.id)).toEqual(['130102000000000001', '130102000000000002']);
    expect(report.issues.map((i) => [i.severity, i.code])).toEqual([['info', 'big-integers']]);
    expect(report.issues[0].message.zh).toBe('文件中有 3 个整数超过 15 位（如 130102000000000001），超出数字的精确范围，已按文字读取以保留全部数字。');
    expect(h.kind === 'geojson' && h.data.features[0].properties?.n).toBe('9007199254740993');
  });

  test('the same file under another name, through the import step', () => {
    const read = readForeignFiles([{ name: '新消火栓.geojson', bytes: strToU8(big) }]);
    expect(read.layers[0].features.map((f) => f.properties['id'])).toEqual(['130102000000000001', '130102000000000002']);
    expect(read.issues.map((i) => i.code)).toEqual(['big-integers']);
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null));
    expect(res.issues.filter((i) => i.code === 'duplicate-id')).toEqual([]);
  });

  test('integers a double holds exactly, decimals and exponents stay numbers', () => {
    const read = readForeignFiles([{ name: 'x.geojson', bytes: strToU8('{"type":"Feature","geometry":{"type":"Point","coordinates":[114.75,38.6]},"properties":{"a":9007199254740992,"b":10000000000000000000,"c":1.30102000000000001,"d":1e300}}') }]);
    expect(read.layers[0].features[0].properties).toEqual({ a: 9007199254740992, b: 1e19, c: 1.30102, d: 1e300 });
    expect(read.issues).toEqual([]);
  });

  test('a hand-made NaN in a file under any name is read like the contract files do: the feature rejected, not the whole file', () => {
    const read = readForeignFiles([{ name: '新消火栓.geojson', bytes: strToU8('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,38.6]},"properties":{"id":"H1","kind":"hydrant","status":"working"}},{"type":"Feature","geometry":{"type":"Point","coordinates":[114.76,38.61]},"properties":{"id":"H2","kind":"hydrant","status":"working"}}]}') }]);
    expect(read.issues.map((i) => [i.severity, i.code])).toEqual([['warning', 'non-finite-json']]);
    const res = importForeign(null, read.layers, suggestTargets(read.layers, null));
    expect(res.layers.map((l) => l.counts)).toEqual([{ read: 2, loaded: 1, rejected: 1, unlocated: 0 }]);
    expect(res.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.featureIndex])).toEqual([['bad-coordinate', 0]]);
  });

  test('invalid JSON under any name names the line and column', () => {
    const read = readForeignFiles([{ name: '新消火栓.geojson', bytes: strToU8('{"type":"FeatureCollection",\n"features":[,]}') }]);
    expect(read.issues.map((i) => [i.code, i.message.zh])).toEqual([['invalid-json', 'JSON 格式错误：第 2 行第 13 列（文件可能被截断，或有多余的逗号）。']]);
  });
});
