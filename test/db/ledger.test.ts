import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runIndicators } from '../../src/db/indicators.ts';
import { parseCsv, sniffDelimiter } from '../../layers/load/foreign/csv.ts';
import { detectHeader } from '../../layers/load/ledger/header.ts';
import { applyMapping, proposeMapping } from '../../layers/load/ledger/mapping.ts';
import { recordsToColumns } from '../../src/db/ledger-columns.ts';
import { readLedger } from '../../layers/load/ledger/read-ledger.ts';
import { DUAL_LEDGER_TARGET, HOUSEHOLDS_TARGET, TASK_PROGRESS_TARGET } from '../../layers/load/ledger/targets.ts';
import { readXlsx } from '../../layers/load/foreign/xlsx.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { createSmallCounty } from './helpers.ts';
import { DB_ENGINES } from './engines.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/db/${name}`, import.meta.url)));

/**
 * A minimal .xlsx written by hand: strings go to sharedStrings.xml (the first one as rich text
 * runs), numbers are stored values, `{ inline: '…' }` is an inline string, `{ v: '…' }` a number cell's stored text as Excel writes it.
 */
function createXlsx(cells: (string | number | { inline: string } | { v: string } | null)[][], merges: string[]): Uint8Array {
  const shared: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (c: number) => String.fromCharCode(65 + c);
  const rows = cells
    .map((row, r) => {
      const cs = row
        .map((v, c) => {
          const ref = `${col(c)}${r + 1}`;
          if (v === null) return '';
          if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
          if (typeof v === 'object' && 'v' in v) return `<c r="${ref}"><v>${v.v}</v></c>`;
          if (typeof v === 'object') return `<c r="${ref}" t="inlineStr"><is><t>${esc(v.inline)}</t></is></c>`;
          shared.push(v);
          return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join('');
  const si = shared.map((s, i) => (i === 0 && s.length > 1 ? `<si><r><t>${esc(s.slice(0, 1))}</t></r><r><rPr><b/></rPr><t>${esc(s.slice(1))}</t></r><rPh><t>ふりがな</t></rPh></si>` : `<si><t xml:space="preserve">${esc(s)}</t></si>`)).join('');
  const mergeXml = merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8('<?xml version="1.0"?><workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="任务表" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<?xml version="1.0"?><Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(`<?xml version="1.0"?><sst count="${shared.length}">${si}</sst>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet><sheetData>${rows}</sheetData>${mergeXml}</worksheet>`),
  });
}

describe('parseCsv', () => {
  test('quoted delimiters, doubled quotes, quoted line breaks and CRLF', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi""\nthere"\r\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"\nthere'],
    ]);
  });

  test('sniffs ; and tab delimiters and drops a BOM', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2')).toBe('\t');
    expect(parseCsv('\uFEFF乡镇;任务数\n西河镇;2540')).toEqual([
      ['乡镇', '任务数'],
      ['西河镇', '2540'],
    ]);
  });

  test('an unclosed quote is an error naming its line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/line 2 is never closed/);
  });
});

let db: TabularDb;
describe.each(DB_ENGINES)('DuckDB $engine', ({ open }) => {
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('task sheet (seed 003 shape) from a GBK CSV with a two-row header', () => {
    test('decodes GBK, skips the title lines and joins the group header', () => {
      const [sheet] = readLedger('task-progress-gbk.csv', fixture('task-progress-gbk.csv'));
      expect(sheet.encoding).toBe('gb18030');
      expect(sheet.titles).toEqual(['淄川区 2020 年清洁取暖建设任务进度表', '单位：户']);
      expect(sheet.headerRows).toEqual([2, 3]);
      expect(sheet.columns).toEqual(['序号', '镇（街道、开发区）', '任务数/城乡结合部', '任务数/农村地区', '任务数/总计', '完成数', '备注']);
    });

    test('proposes 镇 → township, 任务数/总计 → target, 完成数 → completed', () => {
      const [sheet] = readLedger('task-progress-gbk.csv', fixture('task-progress-gbk.csv'));
      expect(proposeMapping(sheet.columns, TASK_PROGRESS_TARGET).mapping).toEqual({ township: 1, target: 4, completed: 5 });
    });

    test('imports good rows, lists failing rows with reasons and skips the total row', () => {
      const [sheet] = readLedger('task-progress-gbk.csv', fixture('task-progress-gbk.csv'));
      const res = applyMapping(sheet, TASK_PROGRESS_TARGET, proposeMapping(sheet.columns, TASK_PROGRESS_TARGET).mapping);
      expect(res.records).toEqual([
        { township: '开发区', target: 150, completed: 150 },
        { township: '洪山镇', target: 900, completed: 720 },
        { township: '西河镇', target: 2540, completed: 2100 },
        { township: '松龄路街道', target: 200, completed: null },
      ]);
      expect(res.failures.map((f) => [f.row, f.field, f.reason.zh])).toEqual([
        [8, 'completed', '“完成数”的值“abc”不是数字'],
        [9, 'township', '缺少必填项“乡镇”'],
      ]);
      expect(res.skipped.map((s) => s.row)).toEqual([11]);
    });

    test('the imported sheet feeds the task-progress indicator', async () => {
      const [sheet] = readLedger('task-progress-gbk.csv', fixture('task-progress-gbk.csv'));
      const res = applyMapping(sheet, TASK_PROGRESS_TARGET, proposeMapping(sheet.columns, TASK_PROGRESS_TARGET).mapping);
      await loadProjectTables(db, createSmallCounty());
      await db.insertTable('task_progress', recordsToColumns(res.records, TASK_PROGRESS_TARGET));
      const out = await runIndicators(db, nodeSqlSource);
      const county = out.queries.task_progress.find((r) => r.level === 'county')!;
      // targets 150 + 900 + 2540 + 200 = 3790; completed 150 + 720 + 2100 = 2970 (松龄路街道 not reported)
      // behind: 洪山镇 720 < 900, 西河镇 2100 < 2540, 松龄路街道 missing → 3
      expect(county).toMatchObject({ target: 3790, completed: 2970, towns_behind: 3 });
      expect(county.completion_rate).toBeCloseTo(2970 / 3790, 12);
      expect(out.cards.find((c) => c.id === 'task_completion')).toMatchObject({ met: false });
    });
  });

  describe('XLSX with merged header cells', () => {
    const cells = [
      ['淄川区 2020 年清洁取暖建设任务表', null, null, null, null],
      ['序号', '镇（街道）', '任务数', null, '完成数'],
      [null, null, '农村地区', '总计', null],
      [1, '西河镇', 2540, 2540, { inline: '2,000' }],
      [2, '昆仑镇 & 罗村', 2000, 2000, 1999],
      ['合计', null, 4540, 4540, 3999],
    ];
    const merges = ['A1:E1', 'A2:A3', 'B2:B3', 'C2:D2', 'E2:E3'];

    test('reads shared, rich-text and inline strings, numbers and merges', () => {
      const [s] = readXlsx(createXlsx(cells, merges));
      expect(s.name).toBe('任务表');
      expect(s.rows[0][0]).toBe('淄川区 2020 年清洁取暖建设任务表');
      expect(s.rows[3]).toEqual(['1', '西河镇', '2540', '2540', '2,000']);
      expect(s.rows[4][1]).toBe('昆仑镇 & 罗村');
      expect(s.merges).toContainEqual({ r0: 1, c0: 2, r1: 1, c1: 3 });
    });

    test('detects the two-row header from the merges and maps it', () => {
      const [sheet] = readLedger('tasks.xlsx', createXlsx(cells, merges));
      expect(sheet.format).toBe('xlsx');
      expect(sheet.headerRows).toEqual([1, 2]);
      expect(sheet.columns).toEqual(['序号', '镇（街道）', '任务数/农村地区', '任务数/总计', '完成数']);
      const res = applyMapping(sheet, TASK_PROGRESS_TARGET, proposeMapping(sheet.columns, TASK_PROGRESS_TARGET).mapping);
      expect(res.records).toEqual([
        { township: '西河镇', target: 2540, completed: 2000 },
        { township: '昆仑镇 & 罗村', target: 2000, completed: 1999 },
      ]);
      expect(res.skipped.map((s) => s.row)).toEqual([6]);
    });

    test('refuses a file that inflates beyond the limit (zip bomb guard)', () => {
      const big = zipSync({ 'xl/workbook.xml': new Uint8Array(2_000_000) });
      expect(() => readXlsx(big, { maxBytes: 1_000_000 })).toThrow(/more than 1 MB/);
    });

    test('stops a zip whose headers understate the inflated size (lying header)', () => {
      const zip = zipSync({ 'xl/workbook.xml': new Uint8Array(3_000_000) }, { level: 9 });
      // Rewrite the uncompressed size in the local header (offset 22) and the central directory
      // entry (offset 24 after its PK\x01\x02 signature) to 100 bytes.
      const lying = zip.slice();
      const view = new DataView(lying.buffer);
      view.setUint32(22, 100, true);
      for (let i = lying.length - 22; i >= 0; i--) {
        if (view.getUint32(i, true) === 0x02014b50) {
          view.setUint32(i + 24, 100, true);
          break;
        }
      }
      expect(() => readXlsx(lying, { maxBytes: 1_000_000 })).toThrow(/more than 1 MB/);
    });

    test('refuses bytes that are not a zip', () => {
      expect(() => readXlsx(new TextEncoder().encode('id,name\n1,a'))).toThrow(/not an .xlsx/);
    });

    test('a __proto__ header does not reach object prototypes', () => {
      const [sheet] = readLedger('p.xlsx', createXlsx([['__proto__', '乡镇', '任务数'], ['x', '西河镇', 5]], []));
      const res = applyMapping(sheet, TASK_PROGRESS_TARGET, proposeMapping(sheet.columns, TASK_PROGRESS_TARGET).mapping);
      expect(res.records).toEqual([{ township: '西河镇', target: 5, completed: null }]);
      expect(({} as Record<string, unknown>).township).toBeUndefined();
    });
  });

  describe('双代 ledgers: import two and compare', () => {
    test('maps 户编号/乡镇/村/户主/改造类型 and reads Chinese types as codes', () => {
      const [sheet] = readLedger('dual-ledger-2024.csv', fixture('dual-ledger-2024.csv'));
      expect(sheet.encoding).toBe('utf-8');
      const { mapping } = proposeMapping(sheet.columns, DUAL_LEDGER_TARGET);
      expect(mapping).toEqual({ id: 0, township: 1, village: 2, name: 3, type: 4 });
      const res = applyMapping(sheet, DUAL_LEDGER_TARGET, mapping);
      // 煤改气 and 燃气 are aliases of gas; line 6 repeats L5 (line 5); line 7's 太阳能 is not a heating type
      expect(res.records.map((r) => [r.id, r.type])).toEqual([
        ['L1', 'gas'],
        ['L2', 'gas'],
        ['L4', 'electric'],
        ['L5', 'gas'],
      ]);
      expect(res.failures.map((f) => [f.row, f.field])).toEqual([
        [6, 'id'],
        [7, 'type'],
      ]);
    });

    test('additions, removals and type changes per township', async () => {
      await loadProjectTables(db, createSmallCounty());
      for (const [file, table] of [
        ['dual-ledger-2023.csv', 'ledger_old'],
        ['dual-ledger-2024.csv', 'ledger_new'],
      ]) {
        const [sheet] = readLedger(file, fixture(file));
        const res = applyMapping(sheet, DUAL_LEDGER_TARGET, proposeMapping(sheet.columns, DUAL_LEDGER_TARGET).mapping);
        await db.insertTable(table, recordsToColumns(res.records, DUAL_LEDGER_TARGET));
      }
      const out = await runIndicators(db, nodeSqlSource);
      const rows = Object.fromEntries(out.queries.dual_conversion_compare.map((r) => [r.level === 'county' ? '(county)' : r.township, r]));
      // 东旺乡: L1 same, L2 electric → gas (type change); 羊平镇: L3 removed, L4 and L5 added
      expect(rows['东旺乡']).toMatchObject({ additions: 0, removals: 0, type_changes: 1 });
      expect(rows['羊平镇']).toMatchObject({ additions: 2, removals: 1, type_changes: 0 });
      expect(rows['(county)']).toMatchObject({ households_old: 3, households_new: 4, additions: 2, removals: 1, type_changes: 1 });
    });
  });
});

describe('household ledger mapped to the households layer fields', () => {
  test('Chinese headers, enum labels and aliases, yes/no and numbers with units', () => {
    const csv = [
      '户编号,乡镇,村,人口,取暖方式,困难类别,危房等级,改造面积,订煤量,一氧化碳报警器,经度,纬度',
      'Q1,东旺乡,东旺村,4,洁净煤,低保户,D级,"72 平方米",2吨,是,114.8,38.7',
      'Q2,东旺乡,东旺村,2,煤改电,,,,,否,114.81,38.71',
      'Q3,东旺乡,东旺村,x,其他,,,,,,114.82,38.72',
    ].join('\n');
    const [sheet] = readLedger('households.csv', new TextEncoder().encode(csv));
    const { mapping } = proposeMapping(sheet.columns, HOUSEHOLDS_TARGET);
    expect(mapping).toMatchObject({ id: 0, township: 1, village: 2, persons: 3, heating: 4, low_income: 5, house_grade: 6, floor_area_m2: 7, coal_tonnes: 8, co_alarm: 9, lon: 10, lat: 11 });
    const res = applyMapping(sheet, HOUSEHOLDS_TARGET, mapping);
    expect(res.records[0]).toMatchObject({ id: 'Q1', heating: 'clean_coal', low_income: 'minimum_living', house_grade: 'D', floor_area_m2: 72, coal_tonnes: 2, co_alarm: true, lon: 114.8 });
    expect(res.records[1]).toMatchObject({ id: 'Q2', heating: 'electric', co_alarm: false, low_income: null });
    // Q3: persons "x" is not a number
    expect(res.failures.map((f) => [f.row, f.field])).toEqual([[4, 'persons']]);
  });
});

describe('detectHeader', () => {
  test('a plain one-row header stops at the first data row', () => {
    const t = detectHeader([
      ['乡镇', '任务数'],
      ['西河镇', '2540'],
    ]);
    expect(t.headerRows).toEqual([0]);
    expect(t.rows).toEqual([{ row: 2, cells: ['西河镇', '2540'] }]);
  });

  test('a sheet without a table is an error', () => {
    expect(() => detectHeader([['只有标题']])).toThrow(/no table found/);
  });
});

describe('detectHeader: merged cells in the data (session 14)', () => {
  test('a township merged down over its villages gives every row its township, as Excel shows it (was: "" for all but the first)', () => {
    const rows = [
      ['乡镇', '村', '任务数'],
      ['恒州镇', '东关村', '10'],
      ['', '西关村', '20'],
      ['', '南关村', '30'],
      ['羊平镇', '北村', '5'],
    ];
    const t = detectHeader(rows, [{ r0: 1, c0: 0, r1: 3, c1: 0 }]);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['恒州镇', '东关村', '10'],
      ['恒州镇', '西关村', '20'],
      ['恒州镇', '南关村', '30'],
      ['羊平镇', '北村', '5'],
    ]);
    // a header merge (乡镇 over two header rows) is the header's, and nothing is filled without merges
    expect(detectHeader(rows).rows[1].cells[0]).toBe('');
  });
});

describe('readLedger: merged data cells filled are said, naming file, sheet and cells (session 15)', () => {
  test('乡镇 merged over A3:A5 and A6:A7 of a 双代 ledger: 3 cells filled, one note (was: filled without a word)', () => {
    // Row 1 the title across the table; row 2 the header; 恒州镇 merged A3:A5 (2 cells below it
    // empty in the file), 羊平镇 A6:A7 (1 cell): 3 cells filled in column 乡镇.
    const cells = [
      ['曲阳县“双代”台账', null, null],
      ['户号', '乡镇', '类型'],
      ['H1', '恒州镇', '气代煤'],
      ['H2', null, '电代煤'],
      ['H3', null, '气代煤'],
      ['H4', '羊平镇', '电代煤'],
      ['H5', null, '电代煤'],
    ];
    const bytes = createXlsx(cells, ['A1:C1', 'B3:B5', 'B6:B7']);
    const [sheet] = readLedger('双代台账.xlsx', bytes);
    expect(sheet.rows.map((r) => r.cells[1])).toEqual(['恒州镇', '恒州镇', '恒州镇', '羊平镇', '羊平镇']);
    expect(sheet.filledMerges).toEqual([
      { range: 'B3:B5', column: '乡镇', cells: 2 },
      { range: 'B6:B7', column: '乡镇', cells: 1 },
    ]);
    expect(sheet.notes).toHaveLength(1);
    expect(sheet.notes[0].zh).toBe('双代台账.xlsx，工作表“任务表”：“乡镇”列有合并单元格（B3:B5、B6:B7）；合并格的值已填入它覆盖的每一行，共 3 格，请核对。');
    expect(sheet.notes[0].en).toContain('双代台账.xlsx, sheet "任务表": column "乡镇" has merged cells (B3:B5, B6:B7)');
    // no merges in the data (only the title's): no note
    const plain = readLedger('plain.xlsx', createXlsx(cells.map((r, i) => (i >= 2 ? r.map((v, c) => (v === null && c === 1 ? 'X镇' : v)) : r)), ['A1:C1']))[0];
    expect(plain.notes).toEqual([]);
    // CSV has no merges and no note
    expect(readLedger('a.csv', new TextEncoder().encode('户号,乡镇,类型\nH1,恒州镇,气代煤\n'))[0].notes).toEqual([]);
  });
});

describe('applyMapping: a 双代 ledger with odd rows (session 15 red team)', () => {
  test('subtotals, the header repeated and notes under the table are skipped with their reason; a subtotal that looks like a household is not imported (was: imported as household 恒州镇小计)', () => {
    const csv = [
      '曲阳县双代台账',
      '序号,户号,乡镇,村,户主,类型',
      '1,H1,恒州镇,东关,张三,气代煤',
      '2,H2,恒州镇,东关,李四,电代煤',
      ',恒州镇小计,恒州镇,,,气代煤',
      '序号,户号,乡镇,村,户主,类型',
      '3,H3,羊平镇,北村,王五,电代煤',
      '合　计,,,,,3',
      '4,,,,,',
      '注：本表截至2024年10月,,,,,',
      '5,H4,羊平镇,北村,赵六,气代煤',
    ].join('\n');
    const [sheet] = readLedger('台账.csv', new TextEncoder().encode(csv));
    const { mapping } = proposeMapping(sheet.columns, DUAL_LEDGER_TARGET);
    const r = applyMapping(sheet, DUAL_LEDGER_TARGET, mapping);
    expect(r.records.map((x) => x.id)).toEqual(['H1', 'H2', 'H3', 'H4']);
    expect(r.skipped.map((x) => [x.row, x.reason.zh])).toEqual([
      [5, '合计行（恒州镇小计）不导入'],
      [6, '表头重复行不导入'],
      [8, '合计行（合计）不导入'],
      [10, '表下说明行（注本表截至2024年10月）不导入'],
    ]);
    // a row holding only its 序号 is still a failure to look at
    expect(r.failures.map((x) => [x.row, x.field])).toEqual([[9, 'id']]);
  });
});

describe('双代 ledger ids Excel stored as numbers (session 16)', () => {
  test('an 18-digit 身份证号 in scientific notation (1.30634199001011E+17) fails its row with what to do; a short number id (1) is read', () => {
    // two people whose 身份证号 share the first 15 digits would both read 1.30634199001011E+17 and
    // be taken for one household (was: the second row failed as "repeats row 2", the first imported
    // under a wrong id)
    const xlsx = createXlsx([['身份证号', '乡镇', '改造类型'], [{ v: '1.30634199001011E+17' }, '恒州镇', '气代煤'], [{ v: '1.30634199001011E+17' }, '恒州镇', '电代煤'], [1, '恒州镇', '气代煤']], []);
    const [sheet] = readLedger('台账.xlsx', xlsx);
    const res = applyMapping(sheet, DUAL_LEDGER_TARGET, proposeMapping(sheet.columns, DUAL_LEDGER_TARGET).mapping);
    expect(res.records.map((r) => r.id)).toEqual(['1']);
    expect(res.failures.map((f) => [f.row, f.field])).toEqual([[2, 'id'], [3, 'id']]);
    expect(res.failures[0].reason.zh).toBe('“户编号”的值“1.30634199001011E+17”是 Excel 的科学计数法：长编号（如身份证号）存成数字后第 15 位以后的数字已丢失；请在 Excel 中把这一列设为“文本”并重新填写编号');
  });
});

