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
 * Reads a varint at `pos`: returns [value, bytes used]. 64-bit values become numbers (exact up to
 * 2^53 in size; negative ones, as a rowid may be, keep their sign).
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
  // nine bytes: a full 64-bit value, two's complement (a negative rowid has the top bit set)
  let big = 0n;
  for (let i = 0; i < 8; i++) big = (big << 7n) | BigInt(b[pos + i] & 0x7f);
  big = (big << 8n) | BigInt(b[pos + 8]);
  return [Number(BigInt.asIntN(64, big)), 9];
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

/** An index as described in sqlite_schema: its b-tree and the table columns it orders by. */
export interface SqliteIndex {
  name: string;
  table: string;
  rootPage: number;
  /** Indexed column names, in order (expressions are left out: such an index is not listed). */
  columns: string[];
  /** Per column: true when declared DESC (stored in descending order). */
  desc: boolean[];
}

/** Thrown by a page source that does not hold a page yet; {@link SqliteLazy} loads it and retries. */
export class PageNotLoaded extends Error {
  readonly page: number;
  constructor(page: number) {
    super(`page ${page} not loaded`);
    this.page = page;
  }
}

/** Where pages come from: the whole file in memory, or pages loaded on demand. */
export interface PageSource {
  /** Bytes of the file. */
  size: number;
  /** The first 100 bytes (the database header). */
  header: Uint8Array;
  /** The bytes of page n (1-based), or throws {@link PageNotLoaded}. */
  page(n: number, pageSize: number): Uint8Array;
}

function memoryPages(bytes: Uint8Array): PageSource {
  return { size: bytes.length, header: bytes.subarray(0, 100), page: (n, size) => bytes.subarray((n - 1) * size, n * size) };
}

interface BtreePage {
  n: number;
  buf: Uint8Array;
  /** Offset of the b-tree header in buf (100 on page 1). */
  hdr: number;
  leaf: boolean;
  index: boolean;
  cells: number;
  right: number;
}

type Payload = { local: Uint8Array; size: number; overflow: number; page: number };

/**
 * A read-only reader of the SQLite 3 file format: the header, table and index b-trees (interior
 * and leaf pages), overflow chains and the record format — enough to list sqlite_schema, scan a
 * table's rows, fetch a row by rowid and find rows through an index. Pure (no Node or DOM), so it
 * runs in a worker, the app and the CLI; over bytes in memory, or over pages loaded on demand
 * ({@link SqliteLazy}, for large files read with `File.slice`). Bounded: every page number, cell
 * offset and size is checked against the file, b-tree traversal refuses a page seen twice or a
 * depth beyond 40, and an overflow chain cannot be longer than its payload needs; a damaged file
 * throws {@link SqliteError}, never loops. WITHOUT ROWID tables, views and a write-ahead log
 * (-wal file) are not read.
 * @example
 * const db = new SqliteFile(bytes);
 * for (const row of db.rows(db.requireTable('gpkg_contents'))) console.log(row.values);
 */
export class SqliteFile {
  readonly pageSize: number;
  /** Usable bytes per page (page size minus the reserved bytes at the end of each page). */
  readonly usable: number;
  readonly pageCount: number;
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  private readonly src: PageSource;
  private readonly decoder: TextDecoder;
  private schemaCache: { type: string; name: string; tblName: string; rootPage: number; sql: string }[] | null = null;

  constructor(source: Uint8Array | PageSource) {
    const src = source instanceof Uint8Array ? memoryPages(source) : source;
    const h = src.header;
    if (h.length < 100 || src.size < 100 || String.fromCharCode(...h.subarray(0, 16)) !== HEADER) {
      throw new SqliteError('not-sqlite', { zh: '不是 SQLite 数据库（文件头没有 “SQLite format 3” 标识）', en: 'not an SQLite database (no "SQLite format 3" header)' });
    }
    this.src = src;
    const raw = (h[16] << 8) | h[17];
    const pageSize = raw === 1 ? 65536 : raw;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(`页大小 ${raw} 不合理`, `page size ${raw} is impossible`);
    this.pageSize = pageSize;
    this.usable = pageSize - h[20];
    if (this.usable < 480) throw corrupt('每页保留字节过多', 'too many reserved bytes per page');
    this.pageCount = Math.floor(src.size / pageSize);
    if (this.pageCount < 1) throw corrupt('文件比一页还短', 'the file is shorter than one page');
    const enc = (h[56] << 24) | (h[57] << 16) | (h[58] << 8) | h[59];
    this.encoding = enc === 2 ? 'utf-16le' : enc === 3 ? 'utf-16be' : 'utf-8';
    this.decoder = new TextDecoder(this.encoding);
  }

  private page(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 1 || n > this.pageCount) throw corrupt(`页号 ${n} 超出文件（共 ${this.pageCount} 页，文件可能被截断）`, `page number ${n} is outside the file (${this.pageCount} pages; the file may be truncated)`);
    return this.src.page(n, this.pageSize);
  }

  /** Every entry of sqlite_schema (tables, indexes, views, triggers). */
  schema(): { type: string; name: string; tblName: string; rootPage: number; sql: string }[] {
    if (this.schemaCache) return this.schemaCache;
    const out: { type: string; name: string; tblName: string; rootPage: number; sql: string }[] = [];
    for (const r of this.scan(1, 5)) {
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

  /** True when sqlite_schema lists a view of that name. */
  isView(name: string): boolean {
    return this.schema().some((s) => s.type === 'view' && s.name.toLowerCase() === name.toLowerCase());
  }

  /** The indexes of a table whose columns are plain names (CREATE INDEX and UNIQUE constraints). */
  indexes(table: string): SqliteIndex[] {
    const out: SqliteIndex[] = [];
    const t = this.table(table);
    for (const e of this.schema()) {
      if (e.type !== 'index' || e.tblName.toLowerCase() !== table.toLowerCase() || e.rootPage < 1) continue;
      let list: string | null = null;
      if (e.sql) {
        const m = /\(([^()]*)\)\s*(where\b[\s\S]*)?$/i.exec(e.sql.trim());
        if (m && !m[2]) list = m[1];
      } else if (t) {
        // an automatic index of a UNIQUE / PRIMARY KEY constraint: its columns are in the CREATE TABLE,
        // taken only when the table has exactly one such constraint (else which is which is unknown)
        const constraints = t.sql.match(/\b(?:unique|primary\s+key)\b/gi) ?? [];
        list = constraints.length === 1 ? (/(?:unique|primary\s+key)\s*\(([^()]*)\)/i.exec(t.sql)?.[1] ?? null) : null;
      }
      if (list === null) continue;
      const parts = list.split(',').map((c) => /^\s*("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s]+)(?:\s+collate\s+\S+)?(?:\s+(asc|desc))?\s*$/i.exec(c));
      if (parts.some((m) => !m || m[1].includes('('))) continue;
      out.push({ name: e.name, table: e.tblName, rootPage: e.rootPage, columns: parts.map((m) => unquote(m![1])), desc: parts.map((m) => (m![2] ?? '').toLowerCase() === 'desc') });
    }
    return out;
  }

  /**
   * Every row of a table in rowid order, values in column order (the INTEGER PRIMARY KEY column
   * carries the rowid; columns added later by ALTER TABLE and absent from old rows are null).
   * @param maxColumns - decode only the first n columns (the rest are null): skips overflow pages a
   *   scan does not need
   */
  *rows(t: SqliteTable, maxColumns = t.columns.length): Generator<SqliteRow> {
    const n = Math.min(maxColumns, t.columns.length);
    for (const r of this.scan(t.rootPage, n)) yield this.complete(t, r);
  }

  private complete(t: SqliteTable, r: SqliteRow): SqliteRow {
    while (r.values.length < t.columns.length) r.values.push(null);
    if (t.rowidColumn >= 0 && r.values[t.rowidColumn] === null) r.values[t.rowidColumn] = r.rowid;
    return r;
  }

  /** The row with that rowid, or null (a b-tree search: reads one page per level). */
  rowById(t: SqliteTable, rowid: number): SqliteRow | null {
    let page = t.rootPage;
    const seen = new Set<number>();
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      if (seen.has(page)) throw corrupt(`第 ${page} 页在 B 树中出现两次`, `page ${page} occurs twice in a b-tree`);
      seen.add(page);
      const p = this.btreePage(page, false);
      if (p.leaf) {
        for (let i = 0; i < p.cells; i++) {
          const c = this.leafCell(p, i, t.columns.length);
          if (c.rowid === rowid) return this.complete(t, c);
        }
        return null;
      }
      // interior keys are sorted: the first key ≥ rowid holds it in its left child
      let lo = 0;
      let hi = p.cells;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.interiorCell(p, mid).key < rowid) lo = mid + 1;
        else hi = mid;
      }
      page = lo < p.cells ? this.interiorCell(p, lo).child : p.right;
    }
    throw corrupt(`B 树深度超过 ${MAX_DEPTH} 层`, `the b-tree is deeper than ${MAX_DEPTH} levels`);
  }

  /**
   * The rowid of an index entry whose leading columns equal `key` (the only one for a UNIQUE
   * index), or null. SQLite's order: NULL, numbers, text, blobs; text compared by code units, as
   * BINARY collation orders UTF-8 outside the astral planes. Reads one page per level.
   */
  findInIndex(ix: SqliteIndex, key: readonly SqlValue[]): number | null {
    let page = ix.rootPage;
    const seen = new Set<number>();
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      if (seen.has(page)) throw corrupt(`第 ${page} 页在 B 树中出现两次`, `page ${page} occurs twice in a b-tree`);
      seen.add(page);
      const p = this.btreePage(page, true);
      // the first cell whose key is ≥ the wanted key: equal → found; else every match lies in its left child
      let lo = 0;
      let hi = p.cells;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareKey(this.indexCell(p, mid).values, key, ix.desc) < 0) lo = mid + 1;
        else hi = mid;
      }
      const cell = lo < p.cells ? this.indexCell(p, lo) : null;
      if (cell && compareKey(cell.values, key, ix.desc) === 0) {
        const rowid = cell.values[cell.values.length - 1];
        return typeof rowid === 'number' ? rowid : null;
      }
      if (p.leaf) return null;
      page = cell ? cell.child : p.right;
    }
    throw corrupt(`B 树深度超过 ${MAX_DEPTH} 层`, `the b-tree is deeper than ${MAX_DEPTH} levels`);
  }

  private btreePage(n: number, index: boolean): BtreePage {
    const buf = this.page(n);
    const hdr = n === 1 ? 100 : 0;
    const type = buf[hdr];
    const isIndex = type === 2 || type === 10;
    if ((type !== 2 && type !== 5 && type !== 10 && type !== 13) || isIndex !== index) {
      throw corrupt(`第 ${n} 页不是${index ? '索引' : '表'} B 树页（类型 ${type}）`, `page ${n} is not ${index ? 'an index' : 'a table'} b-tree page (type ${type})`);
    }
    const leaf = type === 10 || type === 13;
    const cells = (buf[hdr + 3] << 8) | buf[hdr + 4];
    const ptrs = hdr + (leaf ? 8 : 12);
    if (ptrs + cells * 2 > this.usable) throw corrupt(`第 ${n} 页的单元数 ${cells} 超出页面`, `page ${n} claims ${cells} cells, more than fit`);
    const right = leaf ? 0 : u32(buf, hdr + 8);
    return { n, buf, hdr, leaf, index: isIndex, cells, right };
  }

  private cellOffset(p: BtreePage, i: number): number {
    const ptr = p.hdr + (p.leaf ? 8 : 12) + i * 2;
    const off = (p.buf[ptr] << 8) | p.buf[ptr + 1];
    if (off < p.hdr + (p.leaf ? 8 : 12) || off >= this.usable) throw corrupt(`第 ${p.n} 页第 ${i + 1} 个单元的位置不对`, `cell ${i + 1} of page ${p.n} points outside the page`);
    return off;
  }

  private interiorCell(p: BtreePage, i: number): { child: number; key: number } {
    const pos = this.cellOffset(p, i);
    if (pos + 4 > this.usable) throw corrupt(`第 ${p.n} 页的单元越过页尾`, `a cell of page ${p.n} runs past the page`);
    return { child: u32(p.buf, pos), key: varint(p.buf, pos + 4, this.usable)[0] };
  }

  /** The local part of a payload of `size` bytes starting at `pos`, and its first overflow page. */
  private payload(p: BtreePage, pos: number, size: number): Payload {
    if (size > this.src.size) throw corrupt(`第 ${p.n} 页一条记录声称 ${size} 字节，比文件还大`, `a record on page ${p.n} claims ${size} bytes, more than the file`);
    const u = this.usable;
    const x = p.index ? Math.floor(((u - 12) * 64) / 255) - 23 : u - 35;
    let local = size;
    if (size > x) {
      const m = Math.floor(((u - 12) * 32) / 255) - 23;
      const k = m + ((size - m) % (u - 4));
      local = k <= x ? k : m;
    }
    if (pos + local + (local < size ? 4 : 0) > u) throw corrupt(`第 ${p.n} 页的记录越过页尾`, `a record on page ${p.n} runs past the page`);
    return { local: p.buf.subarray(pos, pos + local), size, overflow: local < size ? u32(p.buf, pos + local) : 0, page: p.n };
  }

  private leafCell(p: BtreePage, i: number, maxColumns: number): SqliteRow {
    let pos = this.cellOffset(p, i);
    const [size, a] = varint(p.buf, pos, this.usable);
    pos += a;
    const [rowid, b] = varint(p.buf, pos, this.usable);
    pos += b;
    return { rowid, values: this.record(this.payload(p, pos, size), maxColumns) };
  }

  /** An index cell: its record (indexed columns, then the rowid) and, on interior pages, its left child. */
  private indexCell(p: BtreePage, i: number): { child: number; values: SqlValue[] } {
    let pos = this.cellOffset(p, i);
    let child = 0;
    if (!p.leaf) {
      if (pos + 4 > this.usable) throw corrupt(`第 ${p.n} 页的单元越过页尾`, `a cell of page ${p.n} runs past the page`);
      child = u32(p.buf, pos);
      pos += 4;
    }
    const [size, a] = varint(p.buf, pos, this.usable);
    return { child, values: this.record(this.payload(p, pos + a, size), Infinity) };
  }

  /** The payload bytes [0, need) of a record, following its overflow chain only as far as needed. */
  private payloadPrefix(pl: Payload, need: number): Uint8Array {
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
      const buf = this.page(next);
      const take = Math.min(per, want - got);
      out.set(buf.subarray(4, 4 + take), got);
      got += take;
      next = u32(buf, 0);
    }
    return out;
  }

  private record(pl: Payload, maxColumns: number): SqlValue[] {
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
      const p = this.btreePage(page, false);
      if (p.leaf) {
        for (let i = 0; i < p.cells; i++) yield this.leafCell(p, i, maxColumns);
        continue;
      }
      stack.push({ page: p.right, depth: depth + 1 });
      for (let i = p.cells - 1; i >= 0; i--) stack.push({ page: this.interiorCell(p, i).child, depth: depth + 1 });
    }
  }
}

/** Reads `length` bytes at `offset` of a file (e.g. `file.slice(o, o + n).arrayBuffer()`). */
export type ReadBytes = (offset: number, length: number) => Promise<Uint8Array>;

/** Most page loads one lazy operation may need before it is taken for a damaged file. */
const MAX_LOADS_PER_CALL = 10_000;

/**
 * An SQLite file read lazily: pages are loaded on demand through `read` (a `File.slice`) and kept
 * in a cache of at most `cacheBytes`, so a file of gigabytes can be searched with a few reads per
 * lookup. Each call runs the synchronous {@link SqliteFile} code and, when it needs a page not yet
 * loaded, loads it and runs again (so lookups cost a few small reads; full scans belong in memory).
 * @example
 * const lazy = await SqliteLazy.open((o, n) => file.slice(o, o + n).arrayBuffer().then((b) => new Uint8Array(b)), file.size);
 * const names = await lazy.run((db) => db.tableNames());
 */
export class SqliteLazy {
  private readonly cache = new Map<number, Uint8Array>();
  private cached = 0;
  readonly db: SqliteFile;

  private constructor(
    private readonly read: ReadBytes,
    size: number,
    header: Uint8Array,
    private readonly cacheBytes: number,
  ) {
    this.db = new SqliteFile({
      size,
      header,
      page: (n, pageSize) => {
        const hit = this.cache.get(n);
        if (!hit) throw new PageNotLoaded(n);
        // most recently used last
        this.cache.delete(n);
        this.cache.set(n, hit);
        return hit.length === pageSize ? hit : hit.subarray(0, pageSize);
      },
    });
  }

  /** Reads the header and checks it; throws {@link SqliteError} for a file that is not SQLite. */
  static async open(read: ReadBytes, size: number, cacheBytes = 64 * 1024 * 1024): Promise<SqliteLazy> {
    const header = await read(0, Math.min(100, size));
    return new SqliteLazy(read, size, header, cacheBytes);
  }

  /** Runs `f` on the file, loading the pages it needs (throws what `f` throws). */
  async run<T>(f: (db: SqliteFile) => T): Promise<T> {
    // pages loaded for this call stay until it ends (then the cache is trimmed), so a call needing more pages than the cache holds still finishes
    try {
      for (let i = 0; i < MAX_LOADS_PER_CALL; i++) {
        try {
          return f(this.db);
        } catch (e) {
          if (!(e instanceof PageNotLoaded)) throw e;
          await this.load(e.page);
        }
      }
      throw corrupt(`一次读取需要超过 ${MAX_LOADS_PER_CALL} 页`, `one lookup needed more than ${MAX_LOADS_PER_CALL} pages`);
    } finally {
      this.evict();
    }
  }

  private async load(n: number): Promise<void> {
    const size = this.db.pageSize;
    const bytes = await this.read((n - 1) * size, size);
    if (bytes.length < size) throw corrupt(`第 ${n} 页读取不完整`, `page ${n} could not be read whole`);
    if (!this.cache.has(n)) this.cached += bytes.length;
    this.cache.set(n, bytes);
  }

  /** Drops the least recently used pages beyond the cache size. */
  private evict(): void {
    for (const [k, v] of this.cache) {
      if (this.cached <= this.cacheBytes) break;
      this.cache.delete(k);
      this.cached -= v.length;
    }
  }
}

function u32(b: Uint8Array, pos: number): number {
  return ((b[pos] << 24) >>> 0) + (b[pos + 1] << 16) + (b[pos + 2] << 8) + b[pos + 3];
}

function typeRank(v: SqlValue): number {
  return v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3;
}

/** SQLite's order of an index record's leading columns against a key (BINARY collation, DESC columns reversed). */
function compareKey(rec: readonly SqlValue[], key: readonly SqlValue[], desc: readonly boolean[]): number {
  for (let i = 0; i < key.length; i++) {
    const c = compareValue(i < rec.length ? rec[i] : null, key[i]);
    if (c !== 0) return desc[i] ? -c : c;
  }
  return 0;
}

function compareValue(a: SqlValue, b: SqlValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (a === null || b === null) return 0;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    const x = a as Uint8Array;
    const y = b as Uint8Array;
    for (let j = 0; j < Math.min(x.length, y.length); j++) if (x[j] !== y[j]) return x[j] - y[j];
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialSize(t: number): number {
  if (t <= 4) return t;
  if (t === 5) return 6;
  if (t === 6 || t === 7) return 8;
  if (t < 12) return 0;
  return Math.floor((t - 12) / 2);
}
