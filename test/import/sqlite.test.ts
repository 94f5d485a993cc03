import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCreateTable, SqliteError, SqliteFile, SqliteLazy } from '../../layers/load/foreign/sqlite.ts';

const DIR = join(__dirname, '../fixtures/sqlite');

function createBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(DIR, name)));
}

function errorOf(f: () => unknown): SqliteError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqliteError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

function allRows(db: SqliteFile, name: string) {
  return [...db.rows(db.requireTable(name))];
}

describe('SQLite reader', () => {
  it('reads the header and the schema (tables, a view, a WITHOUT ROWID table)', () => {
    const db = new SqliteFile(createBytes('types.sqlite'));
    expect(db.pageSize).toBe(1024);
    expect(db.encoding).toBe('utf-8');
    expect(db.tableNames()).toEqual(['值 类型', 'wr']);
    const t = db.requireTable('值 类型');
    expect(t.columns).toEqual(['id', 'n', 'i8', 'i16', 'i24', 'i32', 'i48', 'i64', 'f', 'zero', 'one', 'txt', 'b', 'later']);
    expect(t.types.slice(0, 3)).toEqual(['INTEGER', '', 'INT']);
    expect(t.rowidColumn).toBe(0);
    expect(errorOf(() => db.table('v')).code).toBe('unsupported');
    expect(errorOf(() => db.table('wr')).reason.zh).toContain('WITHOUT ROWID');
    expect(db.table('nothing')).toBeNull();
    expect(errorOf(() => db.requireTable('nothing')).reason.zh).toBe('缺少表 “nothing”');
  });

  it('decodes every serial type, Chinese text and a blob', () => {
    const [a, b] = allRows(new SqliteFile(createBytes('types.sqlite')), '值 类型');
    expect(a.rowid).toBe(1);
    expect(a.values.slice(0, 12)).toEqual([1, null, -5, 1000, -100000, 2000000000, -100000000000, 9007199254740991, 3.25, 0, 1, '南环路（东段）']);
    expect([...(a.values[12] as Uint8Array)]).toEqual([0x00, 0xff, 0x10]);
    expect(b.values.slice(2, 9)).toEqual([127, -32768, 8388607, -2147483648, 140737488355327, -9007199254740991, -0.5]);
  });

  it('follows overflow pages: a 6000-character text on 1024-byte pages', () => {
    const rows = allRows(new SqliteFile(createBytes('types.sqlite')), '值 类型');
    const txt = rows[1].values[11] as string;
    expect(txt.length).toBe(6000);
    expect(txt).toBe('消防栓'.repeat(2000));
  });

  it('gives null for a column added by ALTER TABLE and absent from old records, and the rowid for INTEGER PRIMARY KEY', () => {
    const rows = allRows(new SqliteFile(createBytes('types.sqlite')), '值 类型');
    expect(rows.map((r) => r.values[0])).toEqual([1, 2, 7]);
    expect(rows[0].values[13]).toBeNull();
    expect(rows[2].values[13]).toBe('后加');
    expect(rows[2].values[11]).toBe('');
  });

  it('scans 3000 rows of a three-level b-tree in rowid order, and finds rows by rowid', () => {
    const db = new SqliteFile(createBytes('many.sqlite'));
    const t = db.requireTable('many');
    const rows = [...db.rows(t)];
    expect(rows).toHaveLength(3000);
    expect(rows.every((r, i) => r.rowid === i + 1 && r.values[1] === `row-${i + 1}` && r.values[2] === (i + 1) * (i + 1))).toBe(true);
    expect(rows.reduce((s, r) => s + (r.values[2] as number), 0)).toBe(9004500500);
    expect(db.rowById(t, 1234)?.values).toEqual([1234, 'row-1234', 1522756]);
    expect(db.rowById(t, 1)?.values[1]).toBe('row-1');
    expect(db.rowById(t, 3000)?.values[1]).toBe('row-3000');
    expect(db.rowById(t, 3001)).toBeNull();
    expect(db.rowById(t, 0)).toBeNull();
  });

  it('finds rows through indexes: a UNIQUE text index and a (v DESC, name) index, over several levels', () => {
    const db = new SqliteFile(createBytes('many.sqlite'));
    const ixs = db.indexes('many');
    expect(ixs.map((i) => [i.name, i.columns, i.desc])).toEqual([
      ['many_name', ['name'], [false]],
      ['many_v_name', ['v', 'name'], [true, false]],
    ]);
    const [byName, byV] = ixs;
    for (const id of [1, 2, 999, 1234, 2999, 3000]) {
      expect(db.findInIndex(byName, [`row-${id}`])).toBe(id);
      expect(db.findInIndex(byV, [id * id])).toBe(id);
      expect(db.findInIndex(byV, [id * id, `row-${id}`])).toBe(id);
    }
    expect(db.findInIndex(byName, ['row-0'])).toBeNull();
    expect(db.findInIndex(byName, ['zzz'])).toBeNull();
    expect(db.findInIndex(byName, [5])).toBeNull();
    expect(db.findInIndex(byV, [2])).toBeNull();
    expect(db.findInIndex(byV, [4, 'row-3'])).toBeNull();
  });

  it('finds rows through the automatic index of a UNIQUE (b, a) constraint', () => {
    const db = new SqliteFile(createBytes('unique.sqlite'));
    const [ix] = db.indexes('t');
    expect([ix.name, ix.columns]).toEqual(['sqlite_autoindex_t_1', ['b', 'a']]);
    const t = db.requireTable('t');
    expect(db.rowById(t, db.findInIndex(ix, ['k3', 311])!)?.values).toEqual([311, 'k3', 3110]);
    expect(db.findInIndex(ix, ['k3', 312])).toBeNull();
    expect(db.findInIndex(ix, ['k6'])).not.toBeNull();
  });

  it('reads lazily, page by page, with a few reads per lookup and a small cache', async () => {
    const bytes = createBytes('many.sqlite');
    const reads: number[] = [];
    const lazy = await SqliteLazy.open(
      async (offset, length) => {
        reads.push(offset);
        return bytes.slice(offset, offset + length);
      },
      bytes.length,
      4 * 512,
    );
    const t = await lazy.run((db) => db.requireTable('many'));
    const ix = await lazy.run((db) => db.indexes('many').find((i) => i.name === 'many_name')!);
    reads.length = 0;
    const row = await lazy.run((db) => db.rowById(t, db.findInIndex(ix, ['row-2345'])!));
    expect(row?.values).toEqual([2345, 'row-2345', 2345 * 2345]);
    // three levels of index and three of table (the root pages may still be cached)
    expect(reads.length).toBeGreaterThanOrEqual(4);
    expect(reads.length).toBeLessThanOrEqual(6);
    expect(await lazy.run((db) => db.rowById(t, 17)?.values[1])).toBe('row-17');
    expect(reads.length).toBeLessThan(bytes.length / 512 / 10);
    await expect(lazy.run((db) => db.rowById(t, 1e9))).resolves.toBeNull();
  });

  it('reads negative rowids (nine-byte varints) and finds them', () => {
    const db = new SqliteFile(createBytes('negative.sqlite'));
    const t = db.requireTable('t');
    expect([...db.rows(t)].map((r) => r.values)).toEqual([[-9007199254740991, 'min'], [-5, 'neg'], [3, 'pos']]);
    expect(db.rowById(t, -5)?.values[1]).toBe('neg');
  });

  it('decodes only the first columns when asked (the rest null)', () => {
    const db = new SqliteFile(createBytes('types.sqlite'));
    const rows = [...db.rows(db.requireTable('值 类型'), 3)];
    expect(rows[1].values.slice(0, 3)).toEqual([2, null, 127]);
    expect(rows[1].values[11]).toBeNull();
  });

  it('reads UTF-16 text', () => {
    const db = new SqliteFile(createBytes('utf16.sqlite'));
    expect(db.encoding).toBe('utf-16le');
    expect(allRows(db, 't').map((r) => r.values[0])).toEqual(['城关镇', 'Chengguan']);
  });

  it('parses column names and types from CREATE TABLE', () => {
    const p = parseCreateTable('CREATE TABLE "a b" ( "fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, [geom] POINT, `名称` TEXT(80) DEFAULT \'x,y\', n NUMERIC(10, 2), CONSTRAINT u UNIQUE (名称))');
    expect(p.columns).toEqual(['fid', 'geom', '名称', 'n']);
    expect(p.types).toEqual(['INTEGER', 'POINT', 'TEXT', 'NUMERIC']);
    expect(p.rowidColumn).toBe(0);
    expect(parseCreateTable('CREATE TABLE t (k INTEGER, v, PRIMARY KEY (k))').rowidColumn).toBe(0);
  });
});

describe('SQLite reader on bad files', () => {
  it('refuses a file that is not SQLite', () => {
    const e = errorOf(() => new SqliteFile(new TextEncoder().encode('PK\u0003\u0004 this is a zip, not a database'.padEnd(200, ' '))));
    expect(e.code).toBe('not-sqlite');
    expect(e.reason.zh).toContain('不是 SQLite 数据库');
  });

  it('refuses a truncated file with the missing page named', () => {
    const bytes = createBytes('many.sqlite').slice(0, 512 * 20);
    const db = new SqliteFile(bytes);
    const e = errorOf(() => [...db.rows(db.requireTable('many'))]);
    expect(e.code).toBe('corrupt');
    expect(e.reason.zh).toMatch(/页号 \d+ 超出文件（共 20 页，文件可能被截断）/);
  });

  it('stops at a b-tree page that points back to itself', () => {
    const bytes = createBytes('many.sqlite');
    const root = new SqliteFile(bytes).requireTable('many').rootPage;
    const at = (root - 1) * 512;
    expect(bytes[at]).toBe(5); // an interior table page
    new DataView(bytes.buffer).setUint32(at + 8, root); // its right-most child: itself
    const db = new SqliteFile(bytes);
    const t = db.requireTable('many');
    expect(errorOf(() => [...db.rows(t)]).reason.en).toBe(`The SQLite file is damaged: page ${root} occurs twice in a b-tree`);
    expect(errorOf(() => db.rowById(t, 3000)).code).toBe('corrupt');
  });

  it('stops at an overflow chain that loops', () => {
    const bytes = createBytes('types.sqlite');
    const pattern = new TextEncoder().encode('消防栓消防栓');
    const dv = new DataView(bytes.buffer);
    let looped = 0;
    // the overflow pages of the long text: a next-page number, then text
    for (let p = 2; p <= bytes.length / 1024 && !looped; p++) {
      const at = (p - 1) * 1024;
      const next = dv.getUint32(at);
      const body = bytes.subarray(at + 4, at + 1024);
      const hit = [0, 1, 2].some((s) => pattern.every((c, i) => body[s + i] === c));
      if (next > 0 && hit) {
        dv.setUint32(at, p);
        looped = p;
      }
    }
    expect(looped).toBeGreaterThan(0);
    const db = new SqliteFile(bytes);
    expect(errorOf(() => allRows(db, '值 类型')).reason.zh).toBe(`SQLite 文件已损坏：溢出页链成环（第 ${looped} 页）`);
  });

  it('refuses a page whose cell count cannot fit', () => {
    const bytes = createBytes('utf16.sqlite');
    const db0 = new SqliteFile(bytes);
    const at = (db0.requireTable('t').rootPage - 1) * 1024;
    bytes[at + 3] = 0xff;
    bytes[at + 4] = 0xff;
    const db = new SqliteFile(bytes);
    expect(errorOf(() => allRows(db, 't')).reason.en).toContain('claims 65535 cells');
  });

  it('refuses an impossible page size', () => {
    const bytes = createBytes('utf16.sqlite');
    bytes[16] = 0x03;
    bytes[17] = 0x00;
    expect(errorOf(() => new SqliteFile(bytes)).reason.en).toBe('The SQLite file is damaged: page size 768 is impossible');
  });
});

describe('SQLite reader on randomly damaged files', () => {
  /** A small deterministic generator (mulberry32), so a failing case can be replayed. */
  function createRandom(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('reads every table of 400 files with bytes overwritten at random, or throws SqliteError: no other error, no endless loop', () => {
    const originals = ['many.sqlite', 'types.sqlite', 'county.mbtiles'].map(createBytes);
    const rnd = createRandom(20261206);
    const outcomes = { read: 0, refused: 0 };
    for (let k = 0; k < 400; k++) {
      const bytes = originals[k % originals.length].slice();
      // 1–8 damaged bytes, half of them in the b-tree headers and cell pointers at the start of pages
      const n = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < n; i++) {
        const page = Math.floor(rnd() * (bytes.length / 512));
        const at = rnd() < 0.5 ? page * 512 + Math.floor(rnd() * 24) : Math.floor(rnd() * bytes.length);
        bytes[at] = Math.floor(rnd() * 256);
      }
      try {
        const db = new SqliteFile(bytes);
        let bad = 0;
        for (const name of db.tableNames()) {
          if (name === 'wr') continue; // WITHOUT ROWID: refused by design
          const t = db.table(name);
          if (t) for (const r of db.rows(t)) if (r.values.length !== t.columns.length) bad++;
        }
        expect(bad).toBe(0);
        outcomes.read++;
      } catch (e) {
        if (!(e instanceof SqliteError)) throw new Error(`case ${k}: ${String(e)}`);
        expect(e.reason.zh.length).toBeGreaterThan(0);
        outcomes.refused++;
      }
    }
    expect(outcomes.read + outcomes.refused).toBe(400);
    expect(outcomes.refused).toBeGreaterThan(50);
  });
});
