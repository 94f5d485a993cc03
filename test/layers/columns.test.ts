import { expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { ColumnBuilder, fastNumber, setCategory } from '../../layers/load/columns.ts';

function createFilled(rows: number): ColumnBuilder {
  const b = new ColumnBuilder(LAYERS.households, 1);
  for (let i = 0; i < rows; i++) {
    b.ensureRow();
    b.lon[i] = 114 + i / 100;
    b.lat[i] = 38;
    b.ids[i] = `H${i}`;
    const persons = b.columns.get('persons');
    const heating = b.columns.get('heating');
    if (persons?.type === 'number' && i % 2 === 0) persons.values[i] = i;
    if (heating?.type === 'category') setCategory(heating, i, i % 3 === 0 ? 'clean_coal' : null);
    b.count++;
  }
  return b;
}

test('ColumnBuilder grows past its first capacity (16) and keeps every row; unwritten cells stay missing', () => {
  const d = createFilled(40).finish();
  expect(d.count).toBe(40);
  expect(d.lon[39]).toBeCloseTo(114.39, 12);
  const persons = d.columns.persons as { values: Float64Array };
  // Even rows hold i, odd rows were never written: NaN.
  expect(Array.from(persons.values.slice(30, 34))).toEqual([30, NaN, 32, NaN]);
  const heating = d.columns.heating as { codes: Int32Array; dict: string[] };
  // clean_coal is code 2 of the pre-filled enum dictionary (gas, electric, clean_coal, other).
  expect(Array.from(heating.codes.slice(0, 4))).toEqual([2, -1, -1, 2]);
  expect(Array.from((d.columns.co_alarm as { values: Uint8Array }).values.slice(37))).toEqual([255, 255, 255]);
});

test('ColumnBuilder.compact keeps the marked rows in order', () => {
  const b = createFilled(5);
  b.compact(Uint8Array.from([1, 0, 1, 0, 1]));
  const d = b.finish();
  expect(d.ids).toEqual(['H0', 'H2', 'H4']);
  expect(Array.from((d.columns.persons as { values: Float64Array }).values)).toEqual([0, 2, 4]);
});

test('fastNumber reads plain decimals exactly like Number() and declines anything else', () => {
  for (const s of ['114.71824', '-0.5', '38.606665', '0', '12345678901234.5', '+7']) expect(fastNumber(s, 0, s.length)).toBe(Number(s));
  for (const s of ['1e5', '1,234', '12亩', '', '-', '.', '1.2.3', '1234567890123456']) expect(fastNumber(s, 0, s.length)).toBeNaN();
  // Inside a longer line, between offsets 4 and 11, padded with spaces.
  expect(fastNumber('abc, 114.7 ,x', 4, 11)).toBe(114.7);
});
