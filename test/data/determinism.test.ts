import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEMO_FILES, generateCounty } from '../../data/generator/county.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'data', 'demo');
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describe('demo generator: determinism', () => {
  test('two in-memory runs with the same small scale and seed give identical bytes', () => {
    const a = generateCounty({ households: 3000, seed: 11 });
    const b = generateCounty({ households: 3000, seed: 11 });
    expect(Object.keys(a)).toEqual([...DEMO_FILES]);
    for (const f of DEMO_FILES) expect(sha256(a[f])).toBe(sha256(b[f]));
  });

  test('a different seed gives a different county', () => {
    const a = generateCounty({ households: 3000, seed: 11 });
    const b = generateCounty({ households: 3000, seed: 12 });
    expect(a['households.csv']).not.toBe(b['households.csv']);
    expect(a['roads.geojson']).not.toBe(b['roads.geojson']);
  });

  test('a small run still carries the fixed facts: 18 townships, 107 hydrants + 4 cranes, 5 plots, 3,000 households', () => {
    const files = generateCounty({ households: 3000, seed: 5 });
    expect(JSON.parse(files['townships.geojson']).features).toHaveLength(18);
    expect(JSON.parse(files['hydrants.geojson']).features).toHaveLength(111);
    expect(JSON.parse(files['reserve_plots.geojson']).features).toHaveLength(5);
    expect(files['households.csv'].trimEnd().split('\n')).toHaveLength(3001);
  });

  test('rejects a scale below 1,000 households and a non-integer seed', () => {
    expect(() => generateCounty({ households: 10 })).toThrow(/households/);
    expect(() => generateCounty({ seed: 0.5 })).toThrow(/seed/);
  });

  test('regenerating the default demo reproduces the committed data/demo files byte for byte', () => {
    const files = generateCounty();
    for (const f of DEMO_FILES) {
      expect({ file: f, sha: sha256(files[f]) }).toEqual({ file: f, sha: sha256(readFileSync(join(DEMO, f))) });
    }
  });
});
