import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parquetType, writeParquetFile } from '../../cli/batch/parquet.ts';

const dir = mkdtempSync(join(tmpdir(), 'parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Thrift compact-protocol reader (the subset Parquet metadata uses): a struct as { fieldId: value }. */
class Compact {
  constructor(
    private b: Uint8Array,
    public pos = 0,
  ) {}
  private varint(): bigint {
    let shift = 0n;
    let v = 0n;
    for (;;) {
      const byte = this.b[this.pos++];
      v |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
      shift += 7n;
    }
  }
  private zig(): number {
    const v = this.varint();
    return Number((v >> 1n) ^ -(v & 1n));
  }
  private value(type: number): unknown {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 5:
      case 6:
        return this.zig();
      case 8: {
        const n = Number(this.varint());
        const s = new TextDecoder().decode(this.b.subarray(this.pos, this.pos + n));
        this.pos += n;
        return s;
      }
      case 9: {
        const h = this.b[this.pos++];
        let size = h >> 4;
        if (size === 15) size = Number(this.varint());
        const elem = h & 0x0f;
        return Array.from({ length: size }, () => this.value(elem));
      }
      case 12:
        return this.struct();
      default:
        throw new Error(`type ${type}`);
    }
  }
  struct(): Record<number, unknown> {
    const out: Record<number, unknown> = {};
    let last = 0;
    for (;;) {
      const h = this.b[this.pos++];
      if (h === 0) return out;
      const delta = h >> 4;
      const id = delta ? last + delta : this.zig();
      out[id] = this.value(h & 0x0f);
      last = id;
    }
  }
}

type S = Record<number, unknown>;

describe('Parquet writer (cli/batch/parquet.ts)', () => {
  test('column types from the values', () => {
    expect(parquetType([1, null, 2.5])).toBe('double');
    expect(parquetType([true, undefined])).toBe('boolean');
    expect(parquetType([1, 'a'])).toBe('text');
    expect(parquetType([null, null])).toBe('text');
  });

  test('a 3-row table: magic, footer, schema, row count and every page decoded back to the values', () => {
    const path = join(dir, 't.parquet');
    const rows = [
      ['县甲', 1.5, true],
      ['县乙', null, false],
      [null, -2, true],
    ];
    writeParquetFile(path, ['county', 'x', 'ok'], rows);
    const b = new Uint8Array(readFileSync(path));
    const text = (s: number, e: number) => new TextDecoder().decode(b.subarray(s, e));
    expect(text(0, 4)).toBe('PAR1');
    expect(text(b.length - 4, b.length)).toBe('PAR1');
    const footerLen = new DataView(b.buffer, b.byteOffset).getUint32(b.length - 8, true);
    const meta = new Compact(b, b.length - 8 - footerLen).struct();
    expect(meta[3]).toBe(3); // num_rows
    const schema = meta[2] as S[];
    expect(schema.map((s) => s[4])).toEqual(['schema', 'county', 'x', 'ok']);
    expect(schema[0][5]).toBe(3); // num_children
    expect(schema.slice(1).map((s) => [s[1], s[3]])).toEqual([
      [6, 1], // BYTE_ARRAY, OPTIONAL
      [5, 1], // DOUBLE
      [0, 1], // BOOLEAN
    ]);
    expect(schema[1][6]).toBe(0); // UTF8
    const chunks = ((meta[4] as S[])[0][1] as S[]).map((c) => c[3] as S);
    const decoded = chunks.map((m) => {
      const r = new Compact(b, Number(m[9]));
      const header = r.struct();
      expect(header[1]).toBe(0); // DATA_PAGE
      expect((header[5] as S)[1]).toBe(3); // num_values
      const body = b.subarray(r.pos, r.pos + (header[2] as number));
      const view = new DataView(body.buffer, body.byteOffset);
      const levelLen = view.getUint32(0, true);
      // one bit-packed run: header (groups << 1 | 1), then the bits, LSB first
      expect(body[4]).toBe((1 << 1) | 1);
      const defined = [0, 1, 2].map((i) => (body[5] >> i) & 1);
      let p = 4 + levelLen;
      const values: unknown[] = [];
      for (const d of defined) {
        if (!d) {
          values.push(null);
          continue;
        }
        if (m[1] === 5) {
          values.push(view.getFloat64(p, true));
          p += 8;
        } else if (m[1] === 6) {
          const n = view.getUint32(p, true);
          values.push(new TextDecoder().decode(body.subarray(p + 4, p + 4 + n)));
          p += 4 + n;
        } else {
          values.push(null);
        }
      }
      if (m[1] === 0) {
        const bits = body[p];
        let k = 0;
        for (let i = 0; i < values.length; i++) if (defined[i]) values[i] = ((bits >> k++) & 1) === 1;
        p += 1;
      }
      expect(p).toBe(body.length);
      return values;
    });
    expect(decoded).toEqual([
      ['县甲', '县乙', null],
      [1.5, null, -2],
      [true, false, true],
    ]);
  });

  test('refuses a row of the wrong length and repeated names, and leaves no file behind', () => {
    const path = join(dir, 'bad.parquet');
    expect(() => writeParquetFile(path, ['a', 'b'], [[1]])).toThrow(/row 1 has 1 cells/);
    expect(() => writeParquetFile(path, ['a', 'a'], [])).toThrow(/repeated/);
    expect(() => readFileSync(path)).toThrow();
  });
});
