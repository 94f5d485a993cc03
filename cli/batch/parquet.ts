import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * A small Parquet writer for flat tables (the province table): one row group, one PLAIN-encoded,
 * uncompressed data page (v1) per column, every column OPTIONAL (nulls as definition levels).
 * Column types from the values: numbers → DOUBLE, booleans → BOOLEAN, anything else → BYTE_ARRAY
 * annotated as UTF-8 text (STRING); a column of nulls only is text. Written from the file format
 * specification (apache/parquet-format: the file layout, the Thrift compact protocol of the footer
 * and page headers, PLAIN and the RLE/bit-packing hybrid for levels); no dependency.
 */

/** A cell: null/undefined/NaN are missing. */
export type ParquetValue = string | number | boolean | null | undefined;

// Parquet physical types and enums (parquet.thrift)
const TYPE_BOOLEAN = 0;
const TYPE_DOUBLE = 5;
const TYPE_BYTE_ARRAY = 6;
const REPETITION_OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const CODEC_UNCOMPRESSED = 0;
const PAGE_DATA = 0;

// Thrift compact protocol field types
const CT_I32 = 5;
const CT_I64 = 6;
const CT_BINARY = 8;
const CT_LIST = 9;
const CT_STRUCT = 12;

/** Bytes built piece by piece. */
class Bytes {
  private parts: Uint8Array[] = [];
  length = 0;
  push(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  byte(v: number): void {
    this.push(Uint8Array.of(v & 0xff));
  }
  varint(v: number | bigint): void {
    let x = BigInt(v);
    const out: number[] = [];
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      out.push(b);
    } while (x > 0n);
    this.push(Uint8Array.from(out));
  }
  u32le(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.push(b);
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

const zigzag = (v: number | bigint): bigint => {
  const x = BigInt(v);
  return x >= 0n ? x << 1n : ((-x) << 1n) - 1n;
};

/** A Thrift compact-protocol struct writer (fields in increasing id order). */
class ThriftStruct {
  private last = 0;
  constructor(readonly out: Bytes) {}
  private header(id: number, type: number): void {
    const delta = id - this.last;
    if (delta > 0 && delta <= 15) this.out.byte((delta << 4) | type);
    else {
      this.out.byte(type);
      this.out.varint(zigzag(id));
    }
    this.last = id;
  }
  i32(id: number, v: number): this {
    this.header(id, CT_I32);
    this.out.varint(zigzag(v));
    return this;
  }
  i64(id: number, v: number): this {
    this.header(id, CT_I64);
    this.out.varint(zigzag(v));
    return this;
  }
  binary(id: number, s: string): this {
    this.header(id, CT_BINARY);
    const b = new TextEncoder().encode(s);
    this.out.varint(b.length);
    this.out.push(b);
    return this;
  }
  struct(id: number, body: (s: ThriftStruct) => void): this {
    this.header(id, CT_STRUCT);
    const s = new ThriftStruct(this.out);
    body(s);
    s.end();
    return this;
  }
  private listHeader(id: number, size: number, elem: number): void {
    this.header(id, CT_LIST);
    if (size < 15) this.out.byte((size << 4) | elem);
    else {
      this.out.byte(0xf0 | elem);
      this.out.varint(size);
    }
  }
  listI32(id: number, values: number[]): this {
    this.listHeader(id, values.length, CT_I32);
    for (const v of values) this.out.varint(zigzag(v));
    return this;
  }
  listBinary(id: number, values: string[]): this {
    this.listHeader(id, values.length, CT_BINARY);
    for (const v of values) {
      const b = new TextEncoder().encode(v);
      this.out.varint(b.length);
      this.out.push(b);
    }
    return this;
  }
  listStruct<T>(id: number, items: T[], body: (s: ThriftStruct, item: T) => void): this {
    this.listHeader(id, items.length, CT_STRUCT);
    for (const it of items) {
      const s = new ThriftStruct(this.out);
      body(s, it);
      s.end();
    }
    return this;
  }
  end(): void {
    this.out.byte(0);
  }
}

const missing = (v: ParquetValue): v is null | undefined => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));

/** The physical type of a column from its values. */
export function parquetType(values: readonly ParquetValue[]): 'double' | 'boolean' | 'text' {
  const present = values.filter((v) => !missing(v));
  if (present.length > 0 && present.every((v) => typeof v === 'number')) return 'double';
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'text';
}

/** Bits of `flags` (0/1) packed LSB first, 8 to a byte. */
function packBits(flags: readonly number[]): Uint8Array {
  const b = new Uint8Array(Math.ceil(flags.length / 8));
  flags.forEach((f, i) => {
    if (f) b[i >> 3] |= 1 << (i & 7);
  });
  return b;
}

/** One column's data page body: definition levels (4-byte length + bit-packed run) and the PLAIN values. */
function pageBody(kind: 'double' | 'boolean' | 'text', values: readonly ParquetValue[]): { body: Uint8Array; nulls: number } {
  const b = new Bytes();
  const defined = values.map((v) => (missing(v) ? 0 : 1));
  const levels = new Bytes();
  const groups = Math.ceil(values.length / 8);
  levels.varint((groups << 1) | 1); // one bit-packed run of `groups` groups of 8, bit width 1
  levels.push(packBits(defined));
  b.u32le(levels.length);
  b.push(levels.concat());
  const present = values.filter((v) => !missing(v));
  if (kind === 'double') {
    const d = new Uint8Array(8 * present.length);
    const view = new DataView(d.buffer);
    present.forEach((v, i) => view.setFloat64(8 * i, v as number, true));
    b.push(d);
  } else if (kind === 'boolean') {
    b.push(packBits(present.map((v) => (v ? 1 : 0))));
  } else {
    for (const v of present) {
      const t = new TextEncoder().encode(typeof v === 'string' ? v : String(v));
      b.u32le(t.length);
      b.push(t);
    }
  }
  return { body: b.concat(), nulls: values.length - present.length };
}

/**
 * Write a table as a Parquet file (under `.<name>.partial`, renamed when complete). Each column is
 * encoded and written in turn, so the largest piece in memory is one column.
 * @param columns - column names (unique, non-empty)
 * @param rows - rows in column order
 */
export function writeParquetFile(path: string, columns: readonly string[], rows: readonly (readonly ParquetValue[])[]): void {
  if (columns.length === 0) throw new Error('writeParquetFile: no columns');
  if (new Set(columns).size !== columns.length) throw new Error('writeParquetFile: repeated column name');
  rows.forEach((r, i) => {
    if (r.length !== columns.length) throw new Error(`writeParquetFile: row ${i + 1} has ${r.length} cells, there are ${columns.length} columns`);
  });
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.partial`);
  const fd = openSync(tmp, 'w');
  try {
    let offset = 0;
    const put = (b: Uint8Array) => {
      writeSync(fd, b);
      offset += b.length;
    };
    put(new TextEncoder().encode('PAR1'));
    const chunks: { name: string; kind: 'double' | 'boolean' | 'text'; offset: number; size: number }[] = [];
    columns.forEach((name, c) => {
      const values = rows.map((r) => r[c]);
      const kind = parquetType(values);
      const { body } = pageBody(kind, values);
      const header = new Bytes();
      new ThriftStruct(header)
        .i32(1, PAGE_DATA)
        .i32(2, body.length)
        .i32(3, body.length)
        .struct(5, (s) => s.i32(1, values.length).i32(2, ENCODING_PLAIN).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE))
        .end();
      const start = offset;
      put(header.concat());
      put(body);
      chunks.push({ name, kind, offset: start, size: offset - start });
    });
    const physical = (k: 'double' | 'boolean' | 'text') => (k === 'double' ? TYPE_DOUBLE : k === 'boolean' ? TYPE_BOOLEAN : TYPE_BYTE_ARRAY);
    const meta = new Bytes();
    new ThriftStruct(meta)
      .i32(1, 1)
      .listStruct(2, [null, ...chunks], (s, ch) => {
        if (ch === null) {
          s.binary(4, 'schema').i32(5, chunks.length);
          return;
        }
        s.i32(1, physical(ch.kind)).i32(3, REPETITION_OPTIONAL).binary(4, ch.name);
        if (ch.kind === 'text') s.i32(6, CONVERTED_UTF8).struct(10, (l) => l.struct(1, () => {}));
      })
      .i64(3, rows.length)
      .listStruct(4, [chunks], (s, cs) => {
        s.listStruct(1, cs, (cc, ch) => {
          cc.i64(2, ch.offset).struct(3, (m) =>
            m
              .i32(1, physical(ch.kind))
              .listI32(2, [ENCODING_PLAIN, ENCODING_RLE])
              .listBinary(3, [ch.name])
              .i32(4, CODEC_UNCOMPRESSED)
              .i64(5, rows.length)
              .i64(6, ch.size)
              .i64(7, ch.size)
              .i64(9, ch.offset),
          );
        });
        s.i64(2, cs.reduce((t, ch) => t + ch.size, 0)).i64(3, rows.length);
      })
      .binary(6, 'coverage-planner batch')
      .end();
    const footer = meta.concat();
    put(footer);
    const len = new Bytes();
    len.u32le(footer.length);
    put(len.concat());
    put(new TextEncoder().encode('PAR1'));
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}
