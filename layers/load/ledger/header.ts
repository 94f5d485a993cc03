import { userError } from '../../../analysis/user-error.ts';
import { colName, type MergeRange } from '../foreign/xlsx.ts';

/** A table found in a sheet: its column names and data rows, with sheet row numbers. */
export interface LedgerTable {
  /** Column names; a multi-row header is joined top-down with '/', e.g. '任务数/总计'. */
  columns: string[];
  /** 0-based sheet rows of the header block. */
  headerRows: number[];
  /** Data rows (cells as text) and their 1-based sheet row numbers. */
  rows: { row: number; cells: string[] }[];
  /** Title lines above the header (e.g. '淄川区 2020 年清洁取暖建设任务表', '单位：户'). */
  titles: string[];
  /**
   * Merged ranges of the data whose value was given to the rows below its first (乡镇 merged down
   * over its villages' rows), in sheet order: the range as Excel names it ('A5:A8'), the column's
   * name and the cells filled.
   */
  filledMerges: { range: string; column: string; cells: number }[];
}

const NUMERIC = /^[+-]?[\d０-９,，.．]+\s*[%％]?\s*[\u4e00-\u9fa5a-zA-Z²]{0,3}$/;

/**
 * Find the header block of a sheet and name its columns. Title rows at the top (a single non-empty
 * cell, or one merged cell across the table) are skipped. The header starts at the first row with
 * two or more cells and grows downwards while a merged cell of the block reaches into the next row
 * or spans several columns above cells of the next row (group headers such as 任务数 over
 * 城乡结合部 | 农村地区 | 总计), and the next row holds no numbers. In CSV (no merge information) a
 * group header is recognised by empty cells to the right of a label with filled cells below.
 * Merged cells are filled with their top-left value before names are joined.
 * @param rows - cells as text, as from parseCsv or readXlsx
 * @param merges - merged ranges (xlsx), empty for CSV
 */
export function detectHeader(rows: readonly string[][], merges: readonly MergeRange[] = []): LedgerTable {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const grid = rows.map((r) => Array.from({ length: width }, (_, c) => (r[c] ?? '').trim()));
  const filled = grid.map((r) => r.slice());
  for (const m of merges) {
    const v = grid[m.r0]?.[m.c0] ?? '';
    for (let r = m.r0; r <= m.r1 && r < filled.length; r++) for (let c = m.c0; c <= m.c1 && c < width; c++) filled[r][c] = v;
  }
  const nonEmpty = (r: number) => grid[r].filter((x) => x !== '').length;
  const titles: string[] = [];
  let start = 0;
  while (start < grid.length) {
    const wideMerge = merges.some((m) => m.r0 === start && m.c1 - m.c0 + 1 >= Math.max(2, width - 1));
    if (nonEmpty(start) >= 2 && !wideMerge) break;
    const t = grid[start].filter((x) => x !== '').join(' ');
    if (t) titles.push(t);
    start++;
  }
  if (start >= grid.length) throw userError({ zh: '没有找到表格：没有一行填了两个或更多单元格', en: 'no table found: no row has two or more filled cells' });
  const header = [start];
  for (let r = start + 1; r < grid.length; r++) {
    const prev = r - 1;
    if (grid[r].some((x) => x !== '' && NUMERIC.test(x))) break;
    if (nonEmpty(r) === 0) break;
    const mergedDown = merges.some((m) => m.r0 <= prev && m.r1 >= r && m.r0 >= start);
    const groupAbove = merges.some((m) => m.r0 === prev && m.r1 === prev && m.c1 > m.c0 && grid[r].slice(m.c0, m.c1 + 1).some((x) => x !== ''));
    const csvGroup = merges.length === 0 && grid[prev].some((x, c) => x !== '' && grid[prev][c + 1] === '' && grid[r][c + 1] !== '');
    if (!(mergedDown || groupAbove || csvGroup)) break;
    header.push(r);
  }
  if (merges.length === 0 && header.length > 1) {
    // CSV: carry a group label right over the empty cells of its group.
    for (const r of header.slice(0, -1)) {
      for (let c = 1; c < width; c++) {
        if (filled[r][c] === '' && filled[r][c - 1] !== '' && header.some((h) => h > r && grid[h][c] !== '')) filled[r][c] = filled[r][c - 1];
      }
    }
  }
  const columns = Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const r of header) {
      const v = filled[r][c].replace(/\s+/g, '');
      if (v && parts[parts.length - 1] !== v) parts.push(v);
    }
    return parts.join('/') || `列${c + 1}`;
  });
  const last = header[header.length - 1];
  // a merged range in the data (乡镇 merged down over its villages' rows) as Excel shows it: its
  // value in every row it covers, in its first column (the file leaves the other rows' cells empty)
  const filledMerges: LedgerTable['filledMerges'] = [];
  for (const m of [...merges].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)) {
    if (m.r0 <= last || m.r1 === m.r0) continue;
    const v = grid[m.r0]?.[m.c0] ?? '';
    if (v === '') continue;
    let cells = 0;
    for (let r = m.r0 + 1; r <= m.r1 && r < grid.length; r++) {
      if (grid[r][m.c0] !== '') continue;
      grid[r][m.c0] = v;
      cells++;
    }
    if (cells > 0) filledMerges.push({ range: `${colName(m.c0)}${m.r0 + 1}:${colName(m.c1)}${m.r1 + 1}`, column: columns[m.c0] ?? `列${m.c0 + 1}`, cells });
  }
  const data: LedgerTable['rows'] = [];
  for (let r = last + 1; r < grid.length; r++) {
    if (nonEmpty(r) === 0) continue;
    data.push({ row: r + 1, cells: grid[r] });
  }
  return { columns, headerRows: header, rows: data, titles, filledMerges };
}
