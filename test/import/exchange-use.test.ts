// The 坐标交换格式 names a plot's use 地块用途: the import step maps it to 规划用途 (use) by
// itself, so the file imports through the dialog, which has no field-mapping control.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { importForeign, readForeignFiles, suggestTargets } from '../../layers/load/foreign/index.ts';

it('maps 地块用途 to use and imports both plots of the exchange-format file', () => {
  const name = '界址点-交换格式.txt';
  const read = readForeignFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(__dirname, '../fixtures/import', name))) }]);
  const t = suggestTargets(read.layers, null);
  expect(t[0]).toMatchObject({ layer: 'reservePlots', fields: { use: '地块用途' } });
  const r = importForeign(null, read.layers, t);
  expect(r.layers.map((l) => [l.layer, l.counts.loaded, l.counts.rejected])).toEqual([['reservePlots', 2, 0]]);
});
