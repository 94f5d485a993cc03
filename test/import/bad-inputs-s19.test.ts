// Session 19: an adversarial sweep of every import path with inputs the earlier bad-input tests do
// not use (a probe fed each reader crafted, truncated and byte-flipped files; docs/trust.md
// "Checked in session 19"). Each test names the BAD-INPUTS.md row it belongs to.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { formatIssue, loadLayerFile, loadProject } from '../../layers/load/index.ts';
import { FOREIGN_READERS, importForeign, readForeignFiles, registerForeignReader, suggestTargets } from '../../layers/load/foreign/index.ts';
import { encodeGbk, writeShapefile } from '../../layers/load/foreign/shapefile-write.ts';
import { crc32, unzipEntries } from '../../layers/load/foreign/unzip.ts';
import { run as runImportOsm } from '../../cli/commands/import-osm.ts';
import { run as runImport } from '../../cli/commands/import.ts';
import { messageInLanguage } from '../../analysis/user-error.ts';
import { readLedger } from '../../layers/load/ledger/read-ledger.ts';
import { applyMapping } from '../../layers/load/ledger/mapping.ts';
import { TASK_PROGRESS_TARGET } from '../../layers/load/ledger/targets.ts';
import type { ValidationIssue } from '../../layers/types.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { GEOJSON_LIMITS } from '../../layers/load/foreign/geojson.ts';
import { DXF_LIMITS } from '../../layers/load/foreign/dxf.ts';
import { unexpectedFailure } from '../../layers/load/issues.ts';
import { TaskError } from '../../src/workers/run-task.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';

const tempDir = tempDirs();
const MONACO = new URL('../fixtures/osm/monaco.osm.pbf', import.meta.url).pathname;

/** Nothing a user reads holds a JavaScript leftover. */
function expectCleanText(text: string) {
  expect(text).not.toMatch(/undefined|\[object Object\]|Cannot read|TypeError|is not a function/);
}

function both(i: ValidationIssue): string[] {
  return [formatIssue(i, 'zh'), formatIssue(i, 'en')];
}

const point = (x: number, y: number, id: string) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [x, y] }, properties: { id, kind: '消火栓', status: '完好' } });

describe('BAD-INPUTS #4/#14: a feature whose geometry has no type', () => {
  const collection = {
    type: 'FeatureCollection',
    features: [
      point(114.7, 38.6, 'H1'),
      { type: 'Feature', geometry: { coordinates: [114.71, 38.61] }, properties: { id: 'H2' } },
      { type: 'Feature', geometry: 'POINT (114.72 38.62)', properties: { id: 'H3' } },
      { type: 'Feature', geometry: { type: { name: 'Point' }, coordinates: [114.73, 38.63] }, properties: { id: 'H4' } },
      point(114.74, 38.64, 'H5'),
    ],
  };

  test('the import step reads the file and rejects those features by number (was: the whole file "could not be read (Cannot read properties of undefined (reading \'replace\'))")', () => {
    const read = readForeignFiles([{ name: '新建消防栓.geojson', bytes: strToU8(JSON.stringify(collection)) }]);
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(read.layers).toHaveLength(1);
    expect(read.layers[0].geometry).toBe('Point');
    const targets = suggestTargets(read.layers);
    expect(targets[0].layer).toBe('hydrants');
    const imp = importForeign(null, read.layers, targets);
    const wrong = imp.issues.filter((i) => i.code === 'wrong-geometry');
    expect(wrong.map((i) => i.featureIndex)).toEqual([1, 2, 3]);
    for (const i of wrong) for (const t of both(i)) expectCleanText(t);
    expect(formatIssue(wrong[0], 'zh')).toContain('几何没有类型');
    expect(formatIssue(wrong[0], 'en')).toContain('The geometry has no type');
    const d = imp.project.layers.hydrants;
    expect(d.kind === 'geojson' && d.data.features.map((f) => f.properties?.id)).toEqual(['H1', 'H5']);
  });

  test('a contract file (hydrants.geojson) names the feature and says the type is missing (was: "几何类型为 undefined" / "[object Object]")', () => {
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', strToU8(JSON.stringify(collection)));
    const wrong = r.issues.filter((i) => i.code === 'wrong-geometry');
    expect(wrong.map((i) => i.featureIndex)).toEqual([1, 2, 3]);
    for (const i of wrong) for (const t of both(i)) expectCleanText(t);
    expect(formatIssue(wrong[1], 'zh')).toBe('文件 hydrants.geojson，第 3 个要素：几何没有类型（geometry 不是带 type 的对象），该图层要求点（Point 或 MultiPoint）；该要素未加载。');
    expect(r.counts).toMatchObject({ loaded: 2, rejected: 3 });
  });

  test('a geometry type 10 000 characters long is named cut to 40', () => {
    const r = loadLayerFile(LAYERS.hydrants, 'hydrants.geojson', strToU8(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'P'.repeat(10000), coordinates: [114.7, 38.6] }, properties: { id: 'H1' } }] })));
    const [i] = r.issues.filter((x) => x.code === 'wrong-geometry');
    expect(i.message.en).toContain(`Geometry type is ${'P'.repeat(40)}…;`);
    expect(i.message.en.length).toBeLessThan(200);
  });
});

/** A one-hydrant Shapefile zip (entries stored, as many tools write them, so a flipped byte still unpacks). */
function hydrantZip(): Record<string, Uint8Array> {
  return unzipSync(writeShapefile([{ name: 'hydrants', features: [point(114.7, 38.6, 'H1'), point(114.8, 38.7, 'H2')] }], { crs: { kind: 'cgcs2000' }, encoding: 'gbk' }).zip);
}

describe('BAD-INPUTS #26/#39: a damaged zip is refused, never read as different data', () => {
  test('one flipped byte in a stored .shp entry: the CRC-32 does not match, the zip is named as damaged and nothing is imported (was: read, a coordinate silently changed)', () => {
    const entries = hydrantZip();
    const zip = zipSync(entries, { level: 0 });
    const good = readForeignFiles([{ name: '消防栓.zip', bytes: zip }]);
    expect(good.layers.map((l) => l.features.length)).toEqual([2]);
    // the first point's x, 8 bytes into the record content (after the 8-byte record header and the shape type)
    const shp = entries['hydrants.shp'];
    const at = findBytes(zip, shp) + 100 + 8 + 4 + 3;
    const bad = zip.slice();
    bad[at] ^= 0x10;
    const r = readForeignFiles([{ name: '消防栓.zip', bytes: bad }]);
    expect(r.layers).toEqual([]);
    const i = r.issues.find((x) => x.code === 'bad-zip');
    expect(i?.file).toBe('消防栓.zip');
    expect(i?.message.zh).toContain('“hydrants.shp”的校验和（CRC-32）不符');
    expect(i?.message.en).toContain('the checksum (CRC-32) of "hydrants.shp" does not match');
  });

  test('crc32 is the zip CRC-32 (check value of "123456789")', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('BAD-INPUTS #24/#26: file names in GBK inside a zip (no UTF-8 flag, as Windows and 好压 write them)', () => {
  test('the names are read as GBK: the layer is 消火栓台账 and goes to hydrants (was: "Ïû»ð…" and no layer suggested)', () => {
    const entries = hydrantZip();
    const renamed: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(entries)) renamed[k.replace('hydrants', 'XXXXXXXXXX')] = v;
    const zip = zipSync(renamed);
    // fflate writes ASCII names without the UTF-8 flag: put the GBK bytes (10, as 10 X's) in their place
    const gbk = encodeGbk('消火栓台账');
    expect(gbk.length).toBe(10);
    let n = 0;
    for (let at = findBytes(zip, strToU8('XXXXXXXXXX')); at >= 0; at = findBytes(zip, strToU8('XXXXXXXXXX'), at + 1), n++) zip.set(gbk, at);
    expect(n).toBe(2 * Object.keys(renamed).length); // each name in its local header and in the central directory
    const r = readForeignFiles([{ name: '县里给的.zip', bytes: zip }]);
    expect(r.layers.map((l) => [l.source, l.name])).toEqual([['县里给的.zip/消火栓台账.shp', '消火栓台账']]);
    expect(suggestTargets(r.layers)[0].layer).toBe('hydrants');
  });

  test('a name in UTF-8 without the flag (Info-ZIP, macOS) stays UTF-8; a flagged UTF-8 name is untouched', () => {
    const zip = zipSync({ 'ZZZZZZZZZ.txt': strToU8('a'), '道路.txt': strToU8('b') });
    const utf8 = strToU8('消火栓');
    zip.set(utf8, findBytes(zip, strToU8('ZZZZZZZZZ')));
    zip.set(utf8, findBytes(zip, strToU8('ZZZZZZZZZ')));
    const { names } = unzipEntries(zip, () => true, { maxBytes: 1e6, maxEntries: 10 });
    expect(names).toEqual(['消火栓.txt', '道路.txt']);
  });
});

describe('BAD-INPUTS #45: a cut-off or damaged OpenStreetMap extract', () => {
  const cut = new Uint8Array(readFileSync(MONACO)).slice(0, 100_000);

  test('opened as a project: the message is Chinese in Chinese (was: "无法读取 OpenStreetMap 文件（truncated file: …）")', () => {
    const { report } = loadProject([{ name: 'monaco.osm.pbf', bytes: cut }]);
    const i = report.issues.find((x) => x.code === 'unreadable');
    expect(formatIssue(i!, 'zh')).toBe('文件 monaco.osm.pbf：无法读取 OpenStreetMap 文件：文件不完整（被截断，第 203 字节处）。');
    expect(formatIssue(i!, 'en')).toMatch(/^File monaco\.osm\.pbf: The OpenStreetMap file could not be read \(truncated file: .* \(at byte 203\)\)\.$/);
    const flipped = new Uint8Array(readFileSync(MONACO));
    flipped.fill(0xff, 0, 4);
    const r2 = loadProject([{ name: 'monaco.osm.pbf', bytes: flipped }]).report.issues.find((x) => x.code === 'unreadable');
    expect(r2!.message.zh).toBe('无法读取 OpenStreetMap 文件：不是 OpenStreetMap PBF 文件，或文件头已损坏（第 0 字节处）。');
  });

  test('import-osm names the file in both languages and writes nothing (was: only "truncated file: … (at byte 203)")', async () => {
    const dir = tempDir('osm-cut-');
    const pbf = join(dir, 'monaco.osm.pbf');
    writeFileSync(pbf, cut);
    const out = join(dir, 'out');
    const err = await runImportOsm({ command: 'import-osm', data: '', out, options: { pbf } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^import-osm：无法读取“monaco\.osm\.pbf”：文件不完整（被截断，第 203 字节处）。\nimport-osm: cannot read "monaco\.osm\.pbf": truncated file: /);
    expect(existsSync(out)).toBe(false);
  });
});

/** Index of `needle` in `hay` from `from`, or -1. */
function findBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('BAD-INPUTS #1/#48: the 指标 tab ledger import (readLedger, applyMapping) speaks both languages and names the file', () => {
  const cases: [string, Uint8Array, RegExp, RegExp][] = [
    ['任务进度.csv', new Uint8Array(0), /^任务进度\.csv：文件是空的（0 字节）$/, /^任务进度\.csv: the file is empty \(0 bytes\)$/],
    ['任务进度.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), /^任务进度\.xls：不支持旧版 Excel \.xls/, /^任务进度\.xls: old Excel \.xls is not supported/],
    ['任务进度.csv', strToU8('只有一列\n第二行\n'), /^任务进度\.csv：没有找到表格/, /^任务进度\.csv: no table found/],
    ['任务进度.xlsx', zipSync({ 'a.txt': strToU8('x') }), /^任务进度\.xlsx：无法读取，缺少 xl\/workbook\.xml$/, /^cannot read 任务进度\.xlsx: xl\/workbook\.xml is missing$/],
  ];
  test.each(cases)('%s: a Chinese line naming the file, then an English one (was: English only, and no file name for "no table found" or a damaged .xlsx)', (name, bytes, zh, en) => {
    let message = '';
    try {
      readLedger(name, bytes);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(messageInLanguage(message, 'zh')).toMatch(zh);
    expect(messageInLanguage(message, 'en')).toMatch(en);
  });

  test('a workbook whose first sheet is a cover page (one cell) opens at its table sheet (was: "no table found" for the whole workbook)', () => {
    const xlsx = xlsxBook([
      ['说明', [['本表由乡镇填报']]],
      ['进度', [['乡镇', '村', '完成户数'], ['城关镇', '东村', '12']]],
    ]);
    const sheets = readLedger('任务进度.xlsx', xlsx);
    expect(sheets.map((s) => s.sheet)).toEqual(['进度']);
    expect(sheets[0].columns).toEqual(['乡镇', '村', '完成户数']);
  });

  test('a required field without a column is said in both languages, with its Chinese and English label (was: "required field 乡镇 (township) has no column")', () => {
    const [sheet] = readLedger('任务进度.csv', strToU8('村,完成户数\n东村,12\n'));
    let message = '';
    try {
      applyMapping(sheet, TASK_PROGRESS_TARGET, {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(messageInLanguage(message, 'zh')).toBe('必填字段“乡镇”（township）还没有对应的列，请在上面选择');
    expect(messageInLanguage(message, 'en')).toBe('the required field Township (township) has no column; pick one above');
  });
});

/** A minimal .xlsx of text cells (inline strings), sheets in order. */
function xlsxBook(sheets: [string, string[][]][]): Uint8Array {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map(([n], i) => `<sheet name="${esc(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`),
  };
  sheets.forEach(([, rows], i) => {
    const data = rows.map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`).join('');
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData></worksheet>`);
  });
  return zipSync(files);
}

describe('BAD-INPUTS #24: a project folder with a file named in GBK (a Windows zip unpacked on Linux)', () => {
  test('validate names the file in Chinese as not a contract file (was: "����˨.geojson: a link to a file that does not exist")', async () => {
    const dir = tempDir('gbk-names-');
    writeFileSync(join(dir, 'hydrants.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [point(114.7, 38.6, 'H1')] }));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(encodeGbk('消火栓')), Buffer.from('.geojson')]), '{}');
    const { project, report } = await loadProjectDir(dir);
    expect(report.issues.filter((i) => i.code === 'unreadable')).toEqual([]);
    const unknown = report.issues.find((i) => i.code === 'unknown-file');
    expect(unknown?.file).toBe('消火栓.geojson');
    const d = project.layers.hydrants;
    expect(d.kind === 'geojson' && d.data.features.length).toBe(1);
  });
});

describe('BAD-INPUTS #6/#7: a GeoPackage whose geometry column holds text, a number or a lying WKB', () => {
  const bytes = new Uint8Array(readFileSync(new URL('../fixtures/import/gpkg/坏几何.gpkg', import.meta.url)));

  test('each is an error naming the fid and the column, in Chinese in the Chinese message (was: text and numbers counted as empty geometries without a word; WKB reasons in English inside the Chinese)', () => {
    const r = readForeignFiles([{ name: '坏几何.gpkg', bytes }]);
    expect(r.layers.map((l) => l.features.length)).toEqual([5]);
    const bad = r.issues.filter((i) => i.code === 'gpkg-bad-geometry');
    expect(bad.map((i) => [i.featureIndex, i.field])).toEqual([
      [1, 'geom'],
      [2, 'geom'],
      [3, 'geom'],
    ]);
    expect(bad.map((i) => i.message.zh)).toEqual([
      '要素 fid=2 的几何无法读取（几何列中是文本“POINT (500010 4273000)”，不是 GeoPackage 几何），按无图形处理。',
      '要素 fid=3 的几何无法读取（几何列中是数字 12345，不是 GeoPackage 几何），按无图形处理。',
      '要素 fid=4 的几何无法读取（WKB 声称有 2147483647 个部件，超过剩余的字节），按无图形处理。',
    ]);
    expect(bad[0].message.en).toBe('The geometry of feature fid=2 could not be read (the geometry column holds the text "POINT (500010 4273000)", not a GeoPackage geometry); read without geometry.');
    // fid 5 (NULL) alone is an empty geometry
    expect(r.issues.find((i) => i.code === 'null-shape')?.message.en).toMatch(/^1 feature/);
  });
});

describe('BAD-INPUTS #2/#29: a point table or ledger CSV with a quote never closed (a cut-off file)', () => {
  const text = '经度,纬度,名称\n114.7,38.6,"东街口\n114.8,38.7,西街口\n';

  test('the import step names the row, in Chinese and English, and reads nothing of the file (was: "unreadable: 无法读取（CSV: quote opened on line 2 is never closed）")', () => {
    const r = readForeignFiles([{ name: '消防栓.csv', bytes: strToU8(text) }]);
    expect(r.layers).toEqual([]);
    expect(r.issues).toHaveLength(1);
    const [i] = r.issues;
    expect(i).toMatchObject({ severity: 'error', code: 'unterminated-quote', file: '消防栓.csv', row: 2 });
    expect(i.message.zh).toBe('CSV 第 2 行开始的引号一直没有闭合（文件可能被截断，或单元格开头有多余的引号），文件未读取。');
    expect(i.message.en).toBe('CSV: quote opened on line 2 is never closed (the file may be cut off, or a cell starts with a stray quote); the file was not read.');
  });

  test('the ledger import names the file and the line in both languages (was: English only, no file name)', () => {
    let message = '';
    try {
      readLedger('任务进度.csv', strToU8('乡镇,村,完成户数\n城关镇,"东村,12\n'));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(messageInLanguage(message, 'zh')).toBe('任务进度.csv：CSV 第 2 行开始的引号一直没有闭合（文件可能被截断，或单元格开头有多余的引号）');
    expect(messageInLanguage(message, 'en')).toBe('任务进度.csv: CSV: quote opened on line 2 is never closed (the file may be cut off, or a cell starts with a stray quote)');
  });
});

describe('BAD-INPUTS #2/#48: a cut-off or damaged .xlsx says why in Chinese in the Chinese message', () => {
  test('an .xlsx cut at half its length (was: "压缩包已损坏（invalid zip data）", and "cannot read …: xlsx the zip archive …")', () => {
    const xlsx = xlsxBook([['消火栓', [['编号', '经度', '纬度'], ['X1', '114.7', '38.6']]]]);
    const cut = readForeignFiles([{ name: '消防栓台账.xlsx', bytes: xlsx.slice(0, Math.floor(xlsx.length / 2)) }]);
    expect(cut.layers).toEqual([]);
    expect(cut.issues.map((i) => [i.file, i.message.zh, i.message.en])).toEqual([
      ['消防栓台账.xlsx', '消防栓台账.xlsx：无法读取 .xlsx（压缩包已损坏（ZIP 结构无效，文件可能被截断））', 'cannot read 消防栓台账.xlsx: the .xlsx is a zip, and the zip archive is damaged (invalid zip data)'],
    ]);
  });

  test('a zip entry whose deflate data is damaged: fflate\'s reason said in Chinese (was: "invalid block type")', () => {
    const deflated = zipSync({ 'a.txt': strToU8('a'.repeat(1000) + 'b'.repeat(1000)) }, { level: 9 });
    // the first byte of the deflate stream (after the 30-byte local header and the 5-byte name): block type 3 is invalid
    const bad = deflated.slice();
    bad[35] = 0x07;
    let zh = '';
    try {
      unzipEntries(bad, () => true, { maxBytes: 1e6, maxEntries: 10 });
    } catch (e) {
      zh = (e as { reason: { zh: string } }).reason.zh;
    }
    expect(zh).toBe('压缩包已损坏（压缩数据块类型无效）');
  });
});

describe('BAD-INPUTS pass rule: a reader that fails unexpectedly shows no JavaScript message', () => {
  test('a reader throwing a TypeError: the file is named, the message says it is a defect, without the JavaScript text (was: "无法读取该文件（Cannot read properties of undefined (reading \'x\')）")', () => {
    const crashing = {
      extensions: ['.s19crash'] as const,
      read: (): never => {
        const o = undefined as unknown as { x: string };
        return o.x as never;
      },
    };
    registerForeignReader(crashing);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const r = readForeignFiles([{ name: '县里的.s19crash', bytes: strToU8('x') }]);
      expect(r.issues).toHaveLength(1);
      const [i] = r.issues;
      expect(i).toMatchObject({ severity: 'error', code: 'unreadable', file: '县里的.s19crash' });
      expect(i.message.zh).toBe('读取该文件时程序内部出错，该文件未读取。这是本程序的缺陷，不一定是文件的问题；请把文件发给维护人员。');
      expect(i.message.en).toMatch(/^The program failed internally while reading this file; the file was not read\./);
      expectCleanText(i.message.zh + i.message.en);
      expect(quiet).toHaveBeenCalledTimes(1);
    } finally {
      quiet.mockRestore();
      FOREIGN_READERS.splice(FOREIGN_READERS.indexOf(crashing), 1);
    }
  });

  test('the contract loader given something that is not bytes says the same (was: "无法读取该文件（Cannot read properties of null …）")', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { report } = loadProject([{ name: 'hydrants.geojson', bytes: null as unknown as Uint8Array }]);
      const [i] = report.issues;
      expect(i).toMatchObject({ code: 'unreadable', file: 'hydrants.geojson' });
      expect(i.message.zh).toMatch(/^读取该文件时程序内部出错，该文件未读取。/);
      expectCleanText(i.message.zh + i.message.en);
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('BAD-INPUTS #44: a file too large for the browser\'s memory (the import dialog, the import step in the worker)', () => {
  test('out of memory is said as "too large for this browser", in both languages, also when re-thrown from the worker (was: "导入失败：Array buffer allocation failed")', () => {
    const direct = unexpectedFailure(new RangeError('Array buffer allocation failed'));
    expect(direct.zh).toMatch(/^文件太大，超出了本浏览器可用的内存，未读取。/);
    expect(direct.en).toMatch(/^The file is too large for the memory this browser can use; it was not read\./);
    expect(unexpectedFailure(new TaskError('Invalid typed array length: 4294967296', 'readForeign', 'RangeError'))).toEqual(direct);
    expect(unexpectedFailure(new RangeError('Invalid string length'))).toEqual(direct);
    const gone = unexpectedFailure(new DOMException('The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.', 'NotReadableError'));
    expect(gone.zh).toBe('浏览器无法读取该文件（选择后被移动、修改或删除，或文件太大），未读取。请重新选择该文件。');
  });

  test('a userError re-thrown from the worker keeps its words, each language on its side', () => {
    const m = unexpectedFailure(new TaskError('文件是空的\nthe file is empty', 'loadProject', 'UserError'));
    expect(m).toEqual({ zh: '无法读取该文件：文件是空的。', en: 'The file could not be read: the file is empty.' });
  });
});

describe('CLI import: options it cannot use are refused before anything is written', () => {
  const MINI = join(import.meta.dirname, '../fixtures/layers/mini-project');
  const CSV = join(import.meta.dirname, '../fixtures/import/高德消火栓.csv');

  async function refused(options: Record<string, string>): Promise<{ message: string; out: string }> {
    const out = join(tempDir('import-opts-'), 'p');
    const err = await runImport({ command: 'import', data: MINI, out, options, files: [CSV] }).then(
      () => null,
      (e: Error) => e,
    );
    return { message: err?.message ?? '', out };
  }

  test.each([['EPSG:99999'], ['abc']])('--crs %s: both languages, nothing written (was: an unsupported-crs error, and the file imported as written anyway)', async (crs) => {
    const { message, out } = await refused({ crs });
    expect(message).toMatch(new RegExp(`^import：不认识坐标系 --crs “${crs}”；`));
    expect(message).toContain(`\nimport: --crs "${crs}" is not a known coordinate system;`);
    expect(existsSync(out)).toBe(false);
  });

  test('--encoding bogus: refused (was: silently ignored)', async () => {
    const { message, out } = await refused({ encoding: 'bogus' });
    expect(message).toMatch(/^import：不认识的编码 --encoding “bogus”；常用 gbk、gb18030、utf-8。\nimport: --encoding "bogus" is not a known text encoding;/);
    expect(existsSync(out)).toBe(false);
  });

  test('--fields without "=": in Chinese too (was: English only)', async () => {
    const { message } = await refused({ fields: 'id' });
    expect(message).toBe('import：--fields 应是 字段=列 的对应（如 id=编号,road=道路），收到“id”。\nimport: --fields expects target=source pairs (e.g. id=编号,road=道路), got "id"');
  });

  test('a known --crs (CGCS2000, EPSG:4547) and --encoding GBK still run', async () => {
    for (const options of [{ crs: 'CGCS2000' }, { crs: 'EPSG:4547' }, { encoding: 'GBK' }] as Record<string, string>[]) {
      const out = join(tempDir('import-opts-ok-'), 'p');
      const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await runImport({ command: 'import', data: MINI, out, options, files: [CSV] });
      } finally {
        quiet.mockRestore();
      }
      expect(existsSync(join(out, 'hydrants.geojson'))).toBe(true);
    }
  });
});

describe('CLI import-osm: a --pbf that cannot be read', () => {
  test('a missing file and a folder are said by their reason in both languages (was: the system message "ENOENT: no such file or directory, open …" in both lines)', async () => {
    const dir = tempDir('osm-missing-');
    const fail = (pbf: string) =>
      runImportOsm({ command: 'import-osm', data: '', out: join(dir, 'out'), options: { pbf } }).then(
        () => '',
        (e: Error) => e.message,
      );
    expect(await fail(join(dir, 'nope.osm.pbf'))).toBe(`import-osm：无法读取 OpenStreetMap 文件“${join(dir, 'nope.osm.pbf')}”：不存在。\nimport-osm: Cannot read OpenStreetMap file "${join(dir, 'nope.osm.pbf')}": it does not exist.`);
    expect(await fail(dir)).toMatch(/：这是文件夹，不是文件。\nimport-osm: Cannot read OpenStreetMap file ".*": it is a folder, not a file\.$/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('households.csv: a column with values but no name in the header', () => {
  test('warned with its number, the count of rows and the first (was: dropped without a word); trailing empty header cells with no values say nothing', () => {
    const { report } = loadProject([{ name: 'households.csv', bytes: strToU8('id,,lon,lat,persons,,\nA1,东头,114.7,38.6,3,,\nA2,,114.71,38.61,2,,\nA3,西头,114.72,38.62,4,,\n') }]);
    const u = report.issues.filter((i) => i.code === 'unnamed-column');
    expect(u).toHaveLength(1);
    expect(u[0]).toMatchObject({ severity: 'warning', file: 'households.csv', row: 1, field: '#2' });
    expect(formatIssue(u[0], 'zh')).toBe('文件 households.csv，第 1 行，字段 #2：第 2 列没有列名，但有 2 行在这一列有值（第一处在第 2 行）；该列未读取。如需保留，请在表头给它起个名字。');
    expect(report.counts.households).toMatchObject({ read: 3, loaded: 3 });
  });
});

describe('BAD-INPUTS #26: a Shapefile whose parts differ in case (HYDRANTS.SHP, hydrants.dbf)', () => {
  test('read as one layer with its attributes and no "nothing to import" warning for its .dbf (was: a no-features warning beside the layer)', () => {
    const entries = hydrantZip();
    const renamed: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(entries)) renamed[k.endsWith('.shp') || k.endsWith('.shx') ? k.toUpperCase() : k] = v;
    const r = readForeignFiles([{ name: '旧版.zip', bytes: zipSync(renamed) }]);
    expect(r.layers.map((l) => [l.source, l.features.length, l.features[0].properties.id])).toEqual([['旧版.zip/HYDRANTS.SHP', 2, 'H1']]);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });
});

describe('BAD-INPUTS #24 for DXF: the text encoding of a drawing made on Chinese Windows', () => {
  /** A DXF with one closed plot on `layer` labelled `label`, its header naming the version and ANSI_936. */
  const dxf = (version: string, layer: string, label: string) =>
    ['0', 'SECTION', '2', 'HEADER', '9', '$ACADVER', '1', version, '9', '$DWGCODEPAGE', '3', 'ANSI_936', '0', 'ENDSEC', '0', 'SECTION', '2', 'ENTITIES',
      '0', 'LWPOLYLINE', '8', layer, '90', '4', '70', '1', '10', '500000', '20', '4200000', '10', '500100', '20', '4200000', '10', '500100', '20', '4200100', '10', '500000', '20', '4200100',
      '0', 'TEXT', '8', layer, '10', '500050', '20', '4200050', '1', label, '0', 'ENDSEC', '0', 'EOF', ''].join('\r\n');
  const read = (bytes: Uint8Array) => readForeignFiles([{ name: '宗地图.dxf', bytes }]).layers.map((l) => [l.name, l.features.map((f) => f.properties.label)]);

  test('AutoCAD 2007+ (AC1032) is UTF-8 even with $DWGCODEPAGE ANSI_936 (was: read as GBK, 宗地 → 瀹楀湴)', () => {
    expect(read(strToU8(dxf('AC1032', '宗地', '地块一')))).toEqual([['宗地', ['地块一']]]);
  });

  test('AutoCAD 2000 (AC1015) with ANSI_936 is still GBK; \\U+ escapes in a layer name are read (was: the layer named "\\U+5B97\\U+5730")', () => {
    expect(read(encodeGbk(dxf('AC1015', '宗地', '地块一')))).toEqual([['宗地', ['地块一']]]);
    expect(read(strToU8(dxf('AC1015', '\\U+5B97\\U+5730', '\\U+5730\\U+5757')))).toEqual([['宗地', ['地块']]]);
  });
});

describe('BAD-INPUTS #43 in the import step: a file with a problem on every one of many rows', () => {
  test('a boundary-point table of 130 000 rows with text coordinates is read, its issues capped with the total (was: "Maximum call stack size exceeded" — the whole file unreadable)', () => {
    const text = '地块编号,界址点号,X,Y\n' + Array.from({ length: 130_000 }, (_, i) => `D${i},J1,甲,乙`).join('\n') + '\n';
    const r = readForeignFiles([{ name: '界址点坐标表.csv', bytes: strToU8(text) }]);
    expect(r.issues.filter((i) => i.code === 'unreadable')).toEqual([]);
    const bad = r.issues.filter((i) => i.code === 'boundary-coordinate');
    expect(bad).toHaveLength(51);
    expect(bad[50].message.zh).toBe('同类问题（boundary-coordinate）共 130000 处，以上仅列出前 50 处，另有 129950 处未列出。');
  });

  test('a KML of 300 placemarks with bad coordinates lists 50 and says 300 (was: 300 rows in the dialog); a point table says its total (was: 50, no total)', () => {
    const kml = '<kml><Document>' + Array.from({ length: 300 }, (_, i) => `<Placemark><name>p${i}</name><Point><coordinates>abc,def</coordinates></Point></Placemark>`).join('') + '</Document></kml>';
    const k = readForeignFiles([{ name: '奥维.kml', bytes: strToU8(kml) }]).issues.filter((i) => i.code === 'kml-coordinates');
    expect(k).toHaveLength(51);
    expect(k[50].message.en).toBe('300 issues of this kind (kml-coordinates); the first 50 are listed, 250 more are not.');
    const csv = '经度,纬度,名称\n114.7,38.6,好\n' + Array.from({ length: 80 }, (_, i) => `abc,def,x${i}`).join('\n') + '\n';
    const p = readForeignFiles([{ name: '消防栓.csv', bytes: strToU8(csv) }]).issues.filter((i) => i.code === 'bad-coordinate');
    expect(p).toHaveLength(51);
    expect(p[0]).toMatchObject({ row: 3 });
    expect(p[50].message.en).toBe('80 issues of this kind (bad-coordinate); the first 50 are listed, 30 more are not.');
  });
});

describe('BAD-INPUTS #41 in the import step: a GeoJSON under another name over the size limit', () => {
  test('refused with its size and the limit, never decoded (was: no limit in the import step: decoded and parsed whatever its size)', () => {
    const saved = GEOJSON_LIMITS.maxBytes;
    GEOJSON_LIMITS.maxBytes = 100; // stands in for 400 MB, as the contract loader's own test does
    try {
      const text = JSON.stringify({ type: 'FeatureCollection', features: [point(114.7, 38.6, 'H1'), point(114.8, 38.7, 'H2')] });
      const r = readForeignFiles([{ name: '新建消防栓.geojson', bytes: strToU8(text) }]);
      expect(r.layers).toEqual([]);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ severity: 'error', code: 'too-large', file: '新建消防栓.geojson' });
      expect(r.issues[0].message.en).toMatch(/^The file is too large \(0 MB\); GeoJSON files are limited to 0 MB and it was not read\./);
    } finally {
      GEOJSON_LIMITS.maxBytes = saved;
    }
  });
});

describe('BAD-INPUTS #41 for DXF: a drawing over the size limit', () => {
  test('refused with its size and the limit (was: no limit; split into a string per line whatever its size)', () => {
    const saved = DXF_LIMITS.maxBytes;
    DXF_LIMITS.maxBytes = 100;
    try {
      const r = readForeignFiles([{ name: '宗地图.dxf', bytes: strToU8('0\nSECTION\n2\nENTITIES\n' + '0\nPOINT\n8\n0\n10\n500000\n20\n4200000\n'.repeat(10) + '0\nENDSEC\n0\nEOF\n') }]);
      expect(r.layers).toEqual([]);
      expect(r.issues.map((i) => [i.code, i.file])).toEqual([['too-large', '宗地图.dxf']]);
      expect(r.issues[0].message.zh).toMatch(/^宗地图\.dxf：文件过大（0 MB），DXF 上限为 0 MB，未读取；/);
    } finally {
      DXF_LIMITS.maxBytes = saved;
    }
  });
});

describe('BAD-INPUTS #3 for KML: a KML saved as UTF-16 ("Unicode" in Windows tools)', () => {
  const kml = '<?xml version="1.0" encoding="UTF-16"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>东街消火栓</name><Point><coordinates>114.7,38.6</coordinates></Point></Placemark></Document></kml>';
  const utf16 = (bom: boolean, be: boolean) => {
    const out: number[] = bom ? (be ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
    for (const ch of kml) {
      const c = ch.charCodeAt(0);
      out.push(...(be ? [c >> 8, c & 255] : [c & 255, c >> 8]));
    }
    return new Uint8Array(out);
  };

  test.each([
    ['little-endian with BOM', true, false],
    ['big-endian without BOM', false, true],
  ])('%s: read, placemark and name intact (was: "declared UTF-8 but is not", read as GBK, then refused as broken XML)', (_label, bom, be) => {
    const r = readForeignFiles([{ name: '消火栓.kml', bytes: utf16(bom, be) }]);
    expect(r.issues).toEqual([]);
    expect(r.layers.map((l) => [l.features.length, l.features[0].properties.name, l.features[0].geometry])).toEqual([[1, '东街消火栓', { type: 'Point', coordinates: [114.7, 38.6] }]]);
  });
});
