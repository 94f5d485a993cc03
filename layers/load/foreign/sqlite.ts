import type { I18nText } from '../../types.ts';

/** A value as stored in an SQLite record (integers beyond 2^53 lose precision as numbers). */
export type SqlValue = null | number | string | Uint8Array;

/** Why an SQLite file could not be read; `reason` is for the user (zh/en). */
export class SqliteError extends Error {
  readonly code: 'not-sqlite' | 'corrupt' | 'unsupported' | 'no-table';
  readonly reason: I18nText;
  constructor(code: SqliteError['code'], reason: I18nText) {
    super(reason.en);
    this.name = 'SqliteError';
    this.code = code;
    this.reason = reason;
  }
}

function corrupt(zh: string, en: string): SqliteError {
  return new SqliteError('corrupt', { zh: `SQLite 文件已损坏：${zh}`, en: `The SQLite file is damaged: ${en}` });
}

/** A table as described in sqlite_schema. */
export interface SqliteTable {
  name: string;
  rootPage: number;
  sql: string;
  /** Column names in declaration order. */
  columns: string[];
  /** Declared types, upper case ('' when none), in the same order. */
  types: string[];
  /** Index of the INTEGER PRIMARY KEY column (stored as the rowid), or -1. */
  rowidColumn: number;
}

/** One row: its rowid and the values of its columns, in table order. */
export interface SqliteRow {
  rowid: number;
  values: SqlValue[];
}

/** B-trees deeper than this are treated as damaged (a real one of 2^32 pages is below 20 levels). */
const MAX_DEPTH = 40;

const HEADER = 'SQLite format 3\u0000';

/**
 * Reads a varint at `pos`: returns [value, bytes used]. 64-bit values become numbers (exact up to 2^53).
 */
function varint(b: Uint8Array, pos: number, end: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    if (pos + i >= end) throw corrupt('变长整数越过页尾', 'a varint runs past the end of its page');
    const c = b[pos + i];
    v = v * 128 + (c & 0x7f);
    if (c < 0x80) return [v, i + 1];
  }
  if (pos + 8 >= end) throw corrupt('变长整数越过页尾', 'a varint runs past the end of its page');
  return [v * 256 + b[pos + 8], 9];
}

function signedInt(b: Uint8Array, pos: number, n: number): number {
  if (n === 8) return Number(new DataView(b.buffer, b.byteOffset + pos, 8).getBigInt64(0, false));
  let u = 0;
  for (let i = 0; i < n; i++) u = u * 256 + b[pos + i];
  // two's complement: a set top bit means value − 2^(8n)
  return b[pos] & 0x80 ? u - 2 ** (8 * n) : u;
}

/** Column definitions of a CREATE TABLE statement: names, declared types, the INTEGER PRIMARY KEY column. */
export function parseCreateTable(sql: string): { columns: string[]; types: string[]; rowidColumn: number; withoutRowid: boolean } {
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  if (open < 0 || close < open) return { columns: [], types: [], rowidColumn: -1, withoutRowid: false };
  const body = sql.slice(open + 1, close);
  const withoutRowid = /without\s+rowid/i.test(sql.slice(close));
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '[') quote = ']';
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  const columns: string[] = [];
  const types: string[] = [];
  let rowidColumn = -1;
  let tablePk: string | null = null;
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    const pk = /^(?:constraint\s+\S+\s+)?primary\s+key\s*\(\s*([^,)]+?)\s*\)/i.exec(p);
    if (pk) {
      tablePk = unquote(pk[1].replace(/\s+(asc|desc)$/i, ''));
      continue;
    }
    if (/^(constraint|primary\s+key|unique|check|foreign\s+key)\b/i.test(p)) continue;
    const m = /^("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|'[^']*'|\S+)\s*(.*)$/s.exec(p);
    if (!m) continue;
    const name = unquote(m[1]);
    const rest = m[2];
    const type = (/^([a-z_][a-z0-9_ ]*?)(?=\s*(\(|$|\b(?:primary|not|null|unique|check|default|collate|references|generated|constraint|as)\b))/i.exec(rest)?.[1] ?? '').trim().toUpperCase();
    if (type === 'INTEGER' && /\bprimary\s+key\b/i.test(rest) && !/\bprimary\s+key\s+desc\b/i.test(rest)) rowidColumn = columns.length;
    columns.push(name);
    types.push(type);
  }
  if (rowidColumn < 0 && tablePk !== null) {
    const i = columns.findIndex((c) => c.toLowerCase() === tablePk!.toLowerCase());
    if (i >= 0 && types[i] === 'INTEGER') rowidColumn = i;
  }
  return { columns, types, rowidColumn, withoutRowid };
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  if ((t.startsWith('`') && t.endsWith('`')) || (t.startsWith('[') && t.endsWith(']')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/**
 * A read-only reader of the SQLite 3 file format over bytes in memory: the header, table b-trees
 * (interior and leaf pages), overflow chains and the record format — enough to list the tables of
 * sqlite_schema and scan their rows. Pure (no Node or DOM), so it runs in a worker, the app and the
 * CLI. Bounded: every page number, cell offset and size is checked against the file, b-tree
 * traversal refuses a page seen twice or a depth beyond 40, and an overflow chain cannot be longer
 * than its payload needs; a damaged file throws {@link SqliteError}, never loops.
 * Index b-trees, WITHOUT ROWID tables, views and the write-ahead log (-wal file) are not read.
 * @example
 * const db = new SqliteFile(bytes);
 * for (const row of db.rows(db.table('gpkg_contents'))) console.log(row.values);
 */
export class SqliteFile {
  readonly bytes: Uint8Array;
  readonly pageSize: number;
  /** Usable bytes per page (page size minus the reserved bytes at the end of each page). */
  readonly usable: number;
  readonly pageCount: number;
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  private readonly decoder: TextDecoder;
  private schemaCache: { type: string; name: string; tblName: string; rootPage: number; sql: string }[] | null = null;

  constructor(bytes: Uint8Array) {
    if (bytes.length < 100 || String.fromCharCode(...bytes.subarray(0, 16)) !== HEADER) {
      throw new SqliteError('not-sqlite', { zh: '不是 SQLite 数据库（文件头没有 “SQLite format 3” 标识）', en: 'not an SQLite database (no "SQLite format 3" header)' });
    }
    this.bytes = bytes;
    const raw = (bytes[16] << 8) | bytes[17];
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(`页大小 ${raw} 不合理`, `page size ${raw} is impossible`);
    this.pageSize = pageSize;
    this.usable = pageSize - bytes[20];
    if (this.usable < 480) throw corrupt('每页保留字节过多', 'too many reserved bytes per page');
    this.pageCount = Math.floor(bytes.length / pageSize);
    if (this.pageCount < 1) throw corrupt('文件比一页还短', 'the file is shorter than one page');
    const enc = (bytes[56] << 24) | (bytes[57] << 16) | (bytes[58] << 8) | bytes[59];
    this.encoding = enc === 2 ? 'utf-16le' : enc === 3 ? 'utf-16be' : 'utf-8';
    this.decoder = new TextDecoder(this.encoding);
  }

  private pageStart(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > this.pageCount) throw corrupt(`页号 ${n} 超出文件（共 ${this.pageCount} 页，文件可能被截断）`, `page number ${n} is outside the file (${this.pageCount} pages; the file may be truncated)`);
    return (n - 1) * this.pageSize;
  }

  /** Every entry of sqlite_schema (tables, indexes, views, triggers). */
  schema(): { type: string; name: string; tblName: string; rootPage: number; sql: string }[] {
    if (this.schemaCache) return this.schemaCache;
    const out: { type: string; name: string; tblName: string; rootPage: number; sql: string }[] = [];
    const cols = 5;
    for (const r of this.scan(1, cols)) {
      const [type, name, tblName, rootPage, sql] = r.values;
      out.push({ type: String(type ?? ''), name: String(name ?? ''), tblName: String(tblName ?? ''), rootPage: typeof rootPage === 'number' ? rootPage : 0, sql: typeof sql === 'string' ? sql : '' });
    }
    this.schemaCache = out;
    return out;
  }

  /** Names of the tables (not views, not sqlite_ internals). */
  tableNames(): string[] {
    return this.schema()
      .filter((e) => e.type === 'table' && !e.name.startsWith('sqlite_'))
      .map((e) => e.name);
  }

  /** The table of that name (case-insensitive, as SQL), or null; a view or WITHOUT ROWID table throws. */
  table(name: string): SqliteTable | null {
    const e = this.schema().find((s) => (s.type === 'table' || s.type === 'view') && s.name.toLowerCase() === name.toLowerCase());
    if (!e) return null;
    if (e.type === 'view') throw new SqliteError('unsupported', { zh: `“${e.name}” 是视图，不能直接读取`, en: `"${e.name}" is a view, which cannot be read directly` });
    const parsed = parseCreateTable(e.sql);
    if (parsed.withoutRowid) throw new SqliteError('unsupported', { zh: `表 “${e.name}” 是 WITHOUT ROWID 表，不能读取`, en: `table "${e.name}" is a WITHOUT ROWID table, which is not read` });
    return { name: e.name, rootPage: e.rootPage, sql: e.sql, columns: parsed.columns, types: parsed.types, rowidColumn: parsed.rowidColumn };
  }

  /** Like {@link table} but throws a {@link SqliteError} naming the table when it is missing. */
  requireTable(name: string): SqliteTable {
    const t = this.table(name);
    if (!t) throw new SqliteError('no-table', { zh: `缺少表 “${name}”`, en: `table "${name}" is missing` });
    return t;
  }

  /**
   * Every row of a table in rowid order, values in column order (the INTEGER PRIMARY KEY column
   * carries the rowid; columns added later by ALTER TABLE and absent from old rows are null).
   * @param maxColumns - decode only the first n columns (the rest are null): skips overflow pages a
   *   scan does not need
   */
  *rows(t: SqliteTable, maxColumns = t.columns.length): Generator<SqliteRow> {
    const n = Math.min(maxColumns, t.columns.length);
    for (const r of this.scan(t.rootPage, n)) {
      const values = r.values;
      while (values.length < t.columns.length) values.push(null);
      if (t.rowidColumn >= 0 && values[t.rowidColumn] === null) values[t.rowidColumn] = r.rowid;
      yield r;
    }
  }

  /** The row with that rowid, or null (a b-tree search: reads one page per level). */
  rowById(t: SqliteTable, rowid: number): SqliteRow | null {
    let page = t.rootPage;
    const seen = new Set<number>();
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      if (seen.has(page)) throw corrupt(`第 ${page} 页在 B 树中出现两次`, `page ${page} occurs twice in a b-tree`);
      seen.add(page);
      const p = this.btreePage(page);
      if (p.leaf) {
        for (let i = 0; i < p.cells; i++) {
          const c = this.leafCell(p, i, t.columns.length);
          if (c.rowid === rowid) {
            while (c.values.length < t.columns.length) c.values.push(null);
            if (t.rowidColumn >= 0 && c.values[t.rowidColumn] === null) c.values[t.rowidColumn] = c.rowid;
            return c;
          }
        }
        return null;
      }
      let next = p.right;
      // interior keys are sorted: the first key ≥ rowid holds it in its left child
      let lo = 0;
      let hi = p.cells;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.interiorCell(p, mid).key < rowid) lo = mid + 1;
        else hi = mid;
      }
      if (lo < p.cells) next = this.interiorCell(p, lo).child;
      page = next;
    }
    throw corrupt(`B 树深度超过 ${MAX_DEPTH} 层`, `the b-tree is deeper than ${MAX_DEPTH} levels`);
  }

  private btreePage(n: number): { n: number; at: number; hdr: number; leaf: boolean; cells: number; right: number } {
    const start = this.pageStart(n);
    const hdr = n === 1 ? start + 100 : start;
    const type = this.bytes[hdr];
    if (type === 2 || type === 10) throw new SqliteError('unsupported', { zh: '遇到索引 B 树页（WITHOUT ROWID 表不能读取）', en: 'met an index b-tree page (WITHOUT ROWID tables are not read)' });
    if (type !== 5 && type !== 13) throw corrupt(`第 ${n} 页不是表 B 树页（类型 ${type}）`, `page ${n} is not a table b-tree page (type ${type})`);
    const leaf = type === 13;
    const cells = (this.bytes[hdr + 3] << 8) | this.bytes[hdr + 4];
    const ptrs = hdr + (leaf ? 8 : 12);
    if (ptrs + cells * 2 > start + this.usable) throw corrupt(`第 ${n} 页的单元数 ${cells} 超出页面`, `page ${n} claims ${cells} cells, more than fit`);
    const right = leaf ? 0 : this.u32(hdr + 8);
    return { n, at: start, hdr, leaf, cells, right };
  }

  private u32(pos: number): number {
    const b = this.bytes;
    return ((b[pos] << 24) >>> 0) + (b[pos + 1] << 16) + (b[pos + 2] << 8) + b[pos + 3];
  }

  private cellOffset(p: { n: number; at: number; hdr: number; leaf: boolean }, i: number): number {
    const ptr = p.hdr + (p.leaf ? 8 : 12) + i * 2;
    const off = (this.bytes[ptr] << 8) | this.bytes[ptr + 1];
    if (off < (p.hdr - p.at) + (p.leaf ? 8 : 12) || off >= this.usable) throw corrupt(`第 ${p.n} 页第 ${i + 1} 个单元的位置不对`, `cell ${i + 1} of page ${p.n} points outside the page`);
    return p.at + off;
  }

  private interiorCell(p: { n: number; at: number; hdr: number; leaf: boolean }, i: number): { child: number; key: number } {
    const pos = this.cellOffset(p, i);
    const end = p.at + this.usable;
    if (pos + 4 > end) throw corrupt(`第 ${p.n} 页的单元越过页尾`, `a cell of page ${p.n} runs past the page`);
    return { child: this.u32(pos), key: varint(this.bytes, pos + 4, end)[0] };
  }

  private leafCell(p: { n: number; at: number; hdr: number; leaf: boolean }, i: number, maxColumns: number): SqliteRow {
    const end = p.at + this.usable;
    let pos = this.cellOffset(p, i);
    const [size, a] = varint(this.bytes, pos, end);
    pos += a;
    const [rowid, b] = varint(this.bytes, pos, end);
    pos += b;
    if (size > this.bytes.length) throw corrupt(`第 ${p.n} 页一条记录声称 ${size} 字节，比文件还大`, `a record on page ${p.n} claims ${size} bytes, more than the file`);
    const u = this.usable;
    const x = u - 35;
    let local = size;
    if (size > x) {
      const m = Math.floor(((u - 12) * 32) / 255) - 23;
      const k = m + ((size - m) % (u - 4));
      local = k <= x ? k : m;
    }
    if (pos + local + (local < size ? 4 : 0) > end) throw corrupt(`第 ${p.n} 页的记录越过页尾`, `a record on page ${p.n} runs past the page`);
    const payload = { bytes: this.bytes, local: this.bytes.subarray(pos, pos + local), size, overflow: local < size ? this.u32(pos + local) : 0, page: p.n };
    return { rowid, values: this.record(payload, maxColumns) };
  }

  /** The payload bytes [0, need) of a record, following its overflow chain only as far as needed. */
  private payloadPrefix(pl: { local: Uint8Array; size: number; overflow: number; page: number }, need: number): Uint8Array {
    if (need <= pl.local.length) return pl.local;
    const want = Math.min(need, pl.size);
    const out = new Uint8Array(want);
    out.set(pl.local, 0);
    let got = pl.local.length;
    let next = pl.overflow;
    const seen = new Set<number>();
    const per = this.usable - 4;
    while (got < want) {
      if (next === 0) throw corrupt(`第 ${pl.page} 页一条记录的溢出页链提前结束`, `the overflow chain of a record on page ${pl.page} ends early`);
      if (seen.has(next)) throw corrupt(`溢出页链成环（第 ${next} 页）`, `an overflow chain loops (page ${next})`);
      seen.add(next);
      const at = this.pageStart(next);
      const take = Math.min(per, want - got);
      out.set(this.bytes.subarray(at + 4, at + 4 + take), got);
      got += take;
      next = this.u32(at);
    }
    return out;
  }

  private record(pl: { local: Uint8Array; size: number; overflow: number; page: number }, maxColumns: number): SqlValue[] {
    let head = this.payloadPrefix(pl, Math.min(pl.size, 9));
    const [hsize] = varint(head, 0, head.length);
    if (hsize > pl.size || hsize < 1) throw corrupt(`第 ${pl.page} 页一条记录的头长度不对`, `a record header on page ${pl.page} has an impossible length`);
    head = this.payloadPrefix(pl, hsize);
    let hp = varint(head, 0, hsize)[1];
    const types: number[] = [];
    while (hp < hsize && types.length < maxColumns) {
      const [t, n] = varint(head, hp, hsize);
      types.push(t);
      hp += n;
    }
    let bodyEnd = hsize;
    for (const t of types) bodyEnd += serialSize(t);
    if (bodyEnd > pl.size) throw corrupt(`第 ${pl.page} 页一条记录的字段长度之和超过记录`, `the fields of a record on page ${pl.page} are longer than the record`);
    const body = this.payloadPrefix(pl, bodyEnd);
    const values: SqlValue[] = [];
    let p = hsize;
    for (const t of types) {
      const n = serialSize(t);
      values.push(this.value(body, p, t, n));
      p += n;
    }
    return values;
  }

  private value(b: Uint8Array, p: number, t: number, n: number): SqlValue {
    switch (t) {
      case 0:
        return null;
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
      case 6:
        return signedInt(b, p, n);
      case 7:
        return new DataView(b.buffer, b.byteOffset + p, 8).getFloat64(0, false);
      case 8:
        return 0;
      case 9:
        return 1;
      case 10:
      case 11:
        throw corrupt(`保留的字段类型 ${t}`, `reserved serial type ${t}`);
      default:
        return t % 2 === 0 ? b.subarray(p, p + n) : this.decoder.decode(b.subarray(p, p + n));
    }
  }

  /** Depth-first walk of a table b-tree from its root, leaves in key order. */
  private *scan(root: number, maxColumns: number): Generator<SqliteRow> {
    const seen = new Set<number>();
    const stack: { page: number; depth: number }[] = [{ page: root, depth: 0 }];
    while (stack.length > 0) {
      const { page, depth } = stack.pop()!;
      if (depth > MAX_DEPTH) throw corrupt(`B 树深度超过 ${MAX_DEPTH} 层`, `the b-tree is deeper than ${MAX_DEPTH} levels`);
      if (seen.has(page)) throw corrupt(`第 ${page} 页在 B 树中出现两次`, `page ${page} occurs twice in a b-tree`);
      seen.add(page);
      const p = this.btreePage(page);
      if (p.leaf) {
        for (let i = 0; i < p.cells; i++) yield this.leafCell(p, i, maxColumns);
        continue;
      }
      stack.push({ page: p.right, depth: depth + 1 });
      for (let i = p.cells - 1; i >= 0; i--) stack.push({ page: this.interiorCell(p, i).child, depth: depth + 1 });
    }
  }
}

function serialSize(t: number): number {
  if (t <= 4) return t;
  if (t === 5) return 6;
  if (t === 6 || t === 7) return 8;
  if (t < 12) return 0;
  return Math.floor((t - 12) / 2);
}
