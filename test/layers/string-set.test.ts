import { expect, test } from 'vitest';
import { StringSet } from '../../layers/load/string-set.ts';

test('StringSet: add reports whether the string was new; has finds only added strings', () => {
  const s = new StringSet(2);
  expect(s.add('H1')).toBe(true);
  expect(s.add('H2')).toBe(true);
  expect(s.add('H1')).toBe(false);
  expect(s.has('H1')).toBe(true);
  expect(s.has('H3')).toBe(false);
  expect(s.has('')).toBe(false);
  expect(s.size).toBe(2);
});

test('StringSet: keeps every string through many doublings (16 slots → 65 536)', () => {
  const s = new StringSet(1);
  for (let i = 0; i < 20_000; i++) expect(s.add(`H${i}`)).toBe(true);
  for (let i = 0; i < 20_000; i++) expect(s.add(`H${i}`)).toBe(false);
  expect(s.size).toBe(20_000);
  expect(s.has('H20000')).toBe(false);
  expect(s.has('H19999')).toBe(true);
});
