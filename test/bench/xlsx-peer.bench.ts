// Peer check of the workbooks ("exports open cleanly in Excel and WPS"): every .xlsx the CLI writes on
// the demo county, and one workbook of hard cell values, are opened by LibreOffice Calc (headless: an
// office suite that shares no code with ours) and every sheet is compared cell by cell with what the
// writer (analysis/xlsx-export.ts, the app's and the CLI's one writer) put there, read back from the
// file's XML. A cell LibreOffice reads differently, a sheet it does not find, or a file it cannot open
// is a failure (exit 1). Needs `apt-get install libreoffice-calc-nogui`; without it, says how and
// exits 0 (nothing in `npm test` needs it). Run: `npm run bench -- xlsx-peer`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readXlsx } from '../../layers/load/foreign/xlsx.ts';
import { parseCsv } from '../../layers/load/foreign/csv.ts';
import { toXlsx, XLSX_MAX_CELL_CHARS, type XlsxValue } from '../../analysis/xlsx-export.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
if (!SOFFICE) {
  console.log('xlsx-peer: LibreOffice is not installed (apt-get install libreoffice-calc-nogui); skipped, nothing compared.');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'xlsx-peer-'));
const cleanup = () => rmSync(work, { recursive: true, force: true });
process.on('exit', cleanup);

/** The demo county through every command that writes a workbook. */
const COMMANDS: string[][] = [
  ['validate'],
  ['fire', '--compare-statuses', 'existing,planned'],
  ['hydrants'],
  ['kindergartens'],
  ['uncovered'],
  ['site', '--count', '2'],
  ['plots'],
  ['indicators'],
  ['rules'],
];
const out = join(work, 'out');
const cliMs: number[] = [];
for (const c of COMMANDS) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/analyze.ts'), c[0], '--data', join(ROOT, 'data/demo'), '--out', join(out, c[0]), ...c.slice(1)], { encoding: 'utf8', cwd: ROOT, maxBuffer: 64 << 20 });
  cliMs.push(performance.now() - t);
  if (r.status !== 0) {
    console.error(`xlsx-peer: analyze ${c.join(' ')} failed:\n${r.stderr}`);
    process.exit(1);
  }
}

/** One workbook of the cells spreadsheets get wrong: formula-like text, ids of digits, long text, controls, numbers at the edges. */
const hard: XlsxValue[][] = [
  ['=HYPERLINK("http://x","点我")', '+86 312 4212345', '-3', '@SUM(A1)', '\t前导制表符'],
  ['000123', '130634199001011234', '1E5', '0x1F', '1,234'],
  ['曲储【2022】01号', '东旺乡（撤乡设镇）', '😀 emoji', '𠀀 扩展B', 'a\r\nb'],
  ['控制\u0001字符\u001f', '\uD800 lone surrogate', 'x'.repeat(XLSX_MAX_CELL_CHARS + 10), '<b>粗</b> & "引号"', ' 前后空格 '],
  [0.1 + 0.2, 1e21, -0, 123456789012345, 2 ** -40],
  [Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true],
  [false, 1 / 3, -1e-300, 9007199254740993, 22.7],
];
mkdirSync(join(out, 'hard'), { recursive: true });
writeFileSync(
  join(out, 'hard', 'hard-cells.xlsx'),
  toXlsx([
    { name: '难[单元]格:*?/\\', header: ['A', 'B', 'C', 'D', 'E'], rows: hard },
    { name: '难[单元]格:*?/\\', header: ['重名'], rows: [['同名工作表']] },
    { name: '一个很长很长很长很长很长很长很长很长很长的工作表名称', header: ['x'], rows: [[1]] },
  ]),
);

const books = readdirSync(out, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.xlsx'))
  .map((f) => join(out, f))
  .sort();

/** Same cell? Numbers to 15 significant digits (what a spreadsheet keeps), booleans by value, text exactly. */
function same(ours: string, peer: string): boolean {
  if (ours === peer) return true;
  const a = Number(ours);
  const b = Number(peer);
  if (ours.trim() !== '' && peer.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a === b || Math.abs(a - b) <= 1e-14 * Math.max(1, Math.abs(a));
  const bool = (s: string) => ({ '1': 'T', TRUE: 'T', '0': 'F', FALSE: 'F' })[s.toUpperCase()];
  return bool(ours) !== undefined && bool(ours) === bool(peer);
}

interface BookResult {
  book: string;
  sheets: number;
  cells: number;
  differ: string[];
  ms: number;
}

const profile = `file://${join(work, 'lo-profile')}`;
const results: BookResult[] = [];
for (const book of books) {
  const dir = join(work, 'csv', basename(book, '.xlsx'));
  mkdirSync(dir, { recursive: true });
  const t = performance.now();
  // 44 comma, 34 quote, 76 UTF-8, 1, , 0, quoted as text no, special numbers yes, values not as shown, no formulas, no trim, -1 every sheet
  const r = spawnSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, book], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  const ms = performance.now() - t;
  const ours = readXlsx(new Uint8Array(readFileSync(book)), { name: basename(book) });
  const csvs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.csv')) : [];
  const res: BookResult = { book: book.slice(out.length + 1), sheets: ours.length, cells: 0, differ: [], ms };
  if (r.status !== 0 || csvs.length === 0) res.differ.push(`LibreOffice could not open it: ${(r.stderr || r.stdout || String(r.error)).trim().slice(0, 300)}`);
  for (const sheet of ours) {
    // one sheet: <book>.csv; several: <book>-<sheet>.csv
    const file = ours.length === 1 ? `${basename(book, '.xlsx')}.csv` : `${basename(book, '.xlsx')}-${sheet.name}.csv`;
    if (!csvs.includes(file)) {
      if (csvs.length) res.differ.push(`sheet ${sheet.name}: not found by LibreOffice (it wrote ${csvs.join(', ')})`);
      continue;
    }
    const peer = parseCsv(readFileSync(join(dir, file), 'utf8'), ',');
    const rows = Math.max(sheet.rows.length, peer.length);
    for (let i = 0; i < rows; i++) {
      const a = sheet.rows[i] ?? [];
      const b = peer[i] ?? [];
      const cols = Math.max(a.length, b.length);
      for (let j = 0; j < cols; j++) {
        const x = a[j] ?? '';
        const y = b[j] ?? '';
        if (x === '' && y === '') continue;
        res.cells++;
        if (!same(x, y) && res.differ.length < 8) res.differ.push(`${sheet.name}!R${i + 1}C${j + 1}: ours ${JSON.stringify(x.slice(0, 60))}, LibreOffice ${JSON.stringify(y.slice(0, 60))}`);
      }
    }
  }
  results.push(res);
}

const version = spawnSync(SOFFICE, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\nxlsx-peer: ${version}; demo county, ${COMMANDS.length} commands (${(cliMs.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s)\n`);
console.log('| workbook | sheets | cells compared | differ | LibreOffice open + convert |');
console.log('|---|---:|---:|---:|---:|');
for (const r of results) console.log(`| ${r.book} | ${r.sheets} | ${r.cells.toLocaleString('en-US')} | ${r.differ.length} | ${(r.ms / 1000).toFixed(1)} s |`);
let bad = 0;
for (const r of results) {
  if (!r.differ.length) continue;
  bad++;
  console.log(`\n${r.book}:`);
  for (const d of r.differ) console.log(`  ${d}`);
}
console.log(`\nSUMMARY xlsx_peer_books=${results.length} xlsx_peer_books_differ=${bad} xlsx_peer_cells=${results.reduce((a, r) => a + r.cells, 0)}`);
if (bad) process.exitCode = 1;
