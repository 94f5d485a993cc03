import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runtime module specifiers of a source file: static and dynamic imports, re-exports, worker URLs. */
function runtimeSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const re = /^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/gm;
  for (const m of source.matchAll(re)) {
    if (m[1]) continue; // import type … (erased)
    specs.push(m[2] ?? m[3] ?? m[4] ?? m[5]);
  }
  return specs;
}

function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) if (/\.(ts|tsx)$/.test(c) && existsSync(c)) return c;
  return null;
}

/** Every source file the browser app reaches from index.html's entry, and the packages they import. */
function browserGraph(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [resolve(ROOT, 'src/main.tsx')];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const spec of runtimeSpecifiers(readFileSync(f, 'utf8'))) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const next = resolveFile(f, spec);
      if (next) todo.push(next);
    }
  }
  return { files, packages };
}

describe('native DuckDB stays out of the browser app', () => {
  test('no module the app reaches from src/main.tsx (workers included) imports the native engine or the Node opener', () => {
    const { files, packages } = browserGraph();
    const rel = [...files].map((f) => relative(ROOT, f));
    // the walk sees the app, its workers and the browser's DuckDB
    expect(rel).toContain('src/db/duckdb-browser.ts');
    expect(rel).toContain('src/workers/analysis.worker.ts');
    expect(packages).toContain('@duckdb/duckdb-wasm');
    expect(rel.filter((f) => /^src\/db\/duckdb-(native|node)\.ts$/.test(f))).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('@duckdb/node-'))).toEqual([]);
  });

  test('the check sees imports of every form', () => {
    const src = "import { a } from './x.ts';\nimport type { B } from './y.ts';\nexport { c } from './z.ts';\nconst m = await import('./native.ts');\nnew Worker(new URL('./w.ts', import.meta.url));";
    expect(runtimeSpecifiers(src)).toEqual(['./x.ts', './z.ts', './native.ts', './w.ts']);
  });
});
