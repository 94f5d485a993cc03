import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

// analysis/ must run unchanged in a Web Worker, in Node and in tests (ARCHITECTURE.md): no DOM, React,
// MapLibre, zustand, DuckDB or Node built-ins at run time. Type-only imports are erased and allowed.
const DIR = resolve(import.meta.dirname, '../../analysis');
const ALLOWED = [/^\.\.?\//, /^@turf\//, /^kdbush$/, /^flatbush$/, /^fflate$/];

function runtimeImports(source: string): string[] {
  const specs: string[] = [];
  const re = /^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of source.matchAll(re)) {
    if (m[1]) continue; // import type … (erased)
    specs.push(m[2] ?? m[3] ?? m[4]);
  }
  return specs;
}

describe('analysis/ is pure TypeScript', () => {
  // top-level analyses and the rulebook folder (analysis/rules/)
  const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  test('the check sees the analysis files and their imports', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(runtimeImports("import { x } from 'maplibre-gl';\nimport type { Y } from 'react';")).toEqual(['maplibre-gl']);
  });

  test.each(files)('%s imports only pure computational modules and touches no DOM, network or file system', (f) => {
    const src = readFileSync(resolve(DIR, f), 'utf8');
    const bad = runtimeImports(src).filter((s) => !ALLOWED.some((a) => a.test(s)));
    expect(bad).toEqual([]);
    // a relative import must stay inside analysis/ or be the shared contract types (type-only above)
    const outside = runtimeImports(src).filter((s) => s.startsWith('.') && relative(DIR, resolve(DIR, dirname(f), s)).startsWith('..'));
    expect(outside).toEqual([]);
    const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(window|document|localStorage|indexedDB)\s*\.|\bfetch\s*\(|\bXMLHttpRequest\b|\brequire\s*\(/);
  });
});
