import { describe, expect, test } from 'vitest';
import { DB_ENGINES, useEngineDb } from './engines.ts';

/**
 * A BLOB in a result row owns its bytes, on both engines alike (session 20). DuckDB-wasm handed it
 * as a view of the whole result's Arrow buffer (a row kept by the SQL console held all of it), the
 * native engine as a Node Buffer (a view of an 8 KB pool; its JSON `{"type":"Buffer",…}`, the wasm
 * one's `{"0":97,…}`).
 */
describe.each(DB_ENGINES)('BLOB values ($engine)', ({ open }) => {
  const held = useEngineDb(open);

  test('each is a plain Uint8Array of its own bytes; NULL is null', async () => {
    const rows = await held.db.query("SELECT 'abc'::BLOB AS b, NULL::BLOB AS n, range AS i FROM range(3000)");
    expect(rows).toHaveLength(3000);
    for (const r of [rows[0], rows[2999]]) {
      const b = r.b as Uint8Array;
      expect(Object.getPrototypeOf(b)).toBe(Uint8Array.prototype);
      expect([...b]).toEqual([97, 98, 99]);
      expect(b.buffer.byteLength).toBe(3);
      expect(r.n).toBeNull();
    }
    expect(JSON.stringify(rows[0].b)).toBe('{"0":97,"1":98,"2":99}');
  });
});
