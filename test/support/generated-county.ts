import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCounty } from '../../data/generator/county.ts';

/** The demo county's generator output (file name → text) for `households` households and `seed`. */
export function generateCountyFiles(households: number, seed?: number): Map<string, string> {
  const parts = new Map<string, string[]>();
  writeCounty({ households, seed }, (file, chunk) => {
    if (!parts.has(file)) parts.set(file, []);
    parts.get(file)!.push(chunk);
  });
  return new Map([...parts].map(([file, chunks]) => [file, chunks.join('')]));
}

/** Writes a generated county into `dir` (created if missing), each file through `edit` when given. */
export function writeCountyFolder(dir: string, households: number, seed?: number, edit?: (file: string, text: string) => string): string {
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of generateCountyFiles(households, seed)) writeFileSync(join(dir, file), edit ? edit(file, text) : text);
  return dir;
}

/**
 * Households of the browser tests' small county: the demo county's generator with its seed, so the
 * same townships, fire stations, hydrants, reserve plots and built-up areas as data/demo, but a
 * twentieth of its households and villages (2,797 road segments instead of 41,217). For tests of
 * the app's behaviour that no figure of the full demo depends on; a page load costs a fraction.
 */
export const SMALL_COUNTY_HOUSEHOLDS = 10_000;

/** A fresh temporary folder holding the small county (see {@link SMALL_COUNTY_HOUSEHOLDS}). */
export function writeSmallCounty(): string {
  return writeCountyFolder(mkdtempSync(join(tmpdir(), 'coverage-small-county-')), SMALL_COUNTY_HOUSEHOLDS);
}
