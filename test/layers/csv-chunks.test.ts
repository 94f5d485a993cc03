import { expect, test } from 'vitest';
import { LAYERS } from '../../layers/index.ts';
import { loadCsvColumns } from '../../layers/load/columnar-layer.ts';
import { IssueSink } from '../../layers/load/issues.ts';
import { loadLayerFile } from '../../layers/load/index.ts';
import type { ColumnLayerData } from '../../layers/types.ts';

function createCsv(): string {
  const rows = ['id,lon,lat,village,township,persons'];
  for (let i = 0; i < 40; i++) {
    const village = i % 3 === 0 ? `"村,${i}\n第二行 ""引"""` : i % 3 === 1 ? `东旺村${i}` : `"简单"`;
    rows.push(`H${i},114.${String(i).padStart(2, '0')},38.6,${village},羊平镇,${i % 5}`);
  }
  return `${rows.join('\r\n')}\r\n`;
}

function load(bytes: Uint8Array, chunkBytes?: number) {
  const sink = new IssueSink();
  const r = loadCsvColumns(LAYERS.households, 'households.csv', bytes, sink, undefined, chunkBytes);
  return { ...r, issues: sink.finish() };
}

test('CSV read in tiny chunks (every 1–40 bytes, cutting inside quoted fields and CRLFs) equals one read', () => {
  const bytes = new TextEncoder().encode(createCsv());
  const whole = load(bytes);
  expect(whole.issues).toEqual([]);
  expect(whole.data.count).toBe(40);
  const village = whole.data.columns.village as { codes: Int32Array; dict: string[] };
  expect(village.dict[village.codes[0]]).toBe('村,0\n第二行 "引"');
  for (const size of [1, 2, 3, 7, 13, 40]) expect(load(bytes, size), `chunk ${size}`).toEqual(whole);
});

test('GBK CSV read in tiny chunks equals one read (GBK trail bytes never look like a newline or quote)', () => {
  const text = 'id,lon,lat,village\nA1,114.70,38.60,"东旺\n村"\nA2,114.71,38.61,羊平村\n';
  // Node cannot encode GBK; build the bytes from the code table: 东 B6AB 旺 CDFA 村 B4E5 羊 D1F2 平 C6BD.
  const table: Record<string, number[]> = { 东: [0xb6, 0xab], 旺: [0xcd, 0xfa], 村: [0xb4, 0xe5], 羊: [0xd1, 0xf2], 平: [0xc6, 0xbd] };
  const bytes = Uint8Array.from([...text].flatMap((c) => table[c] ?? [c.charCodeAt(0)]));
  const whole = load(bytes);
  expect(whole.issues.map((i) => i.code)).toEqual(['encoding-gb18030']);
  const village = whole.data.columns.village as { codes: Int32Array; dict: string[] };
  expect(Array.from(village.codes, (c) => village.dict[c])).toEqual(['东旺\n村', '羊平村']);
  for (const size of [1, 5, 11]) expect(load(bytes, size), `chunk ${size}`).toEqual(whole);
});

test('UTF-16LE tab-separated text with a BOM (Excel "Unicode text") is read', () => {
  const text = '\ufeffid\tlon\tlat\tvillage\r\nA\t114.7\t38.6\t东旺村\r\n';
  const r = loadLayerFile(LAYERS.households, 'households.csv', Uint8Array.from(Buffer.from(text, 'utf16le')));
  const d = r.data as ColumnLayerData;
  expect(r.issues).toEqual([]);
  expect([d.ids[0], d.lon[0], d.lat[0]]).toEqual(['A', 114.7, 38.6]);
  const village = d.columns.village as { codes: Int32Array; dict: string[] };
  expect(village.dict[village.codes[0]]).toBe('东旺村');
});
