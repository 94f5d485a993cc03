import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Imports go one way (shared/ARCHITECTURE.md): layers/ → analysis/ → src/ and cli/, never back.
 * Session 18: layers/load imported the ledger reader from src/db/ledger (the only import from src/
 * in layers/); the pure part moved to layers/load/ledger/. This lists every import of a file in
 * layers/ or analysis/ that lands in src/ or cli/.
 */
const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe('import direction', () => {
  test('nothing in layers/ or analysis/ imports from src/ or cli/', () => {
    const back: string[] = [];
    for (const f of [...sources(join(ROOT, 'layers')), ...sources(join(ROOT, 'analysis'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const to = relative(ROOT, resolve(join(f, '..'), m[1]));
        if (/^(src|cli)\//.test(to)) back.push(`${relative(ROOT, f)} → ${to}`);
      }
    }
    expect(back).toEqual([]);
  });
});
