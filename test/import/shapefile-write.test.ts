import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { importForeign, readForeignFiles, suggestTargets } from '../../layers/load/foreign/index.ts';
import { encodeGbk, writeShapefile, type ShapefileWriteOptions } from '../../layers/load/foreign/shapefile-write.ts';
import { layerDocument } from '../../layers/load/layer-document.ts';
import { LAYERS } from '../../layers/index.ts';

const ROOT = resolve(__dirname, '../..');

function metres(a: number[], b: number[]): number {
  return Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((b[1] * Math.PI) / 180), (a[1] - b[1]) * 111_320);
}

function positions(c: unknown, out: number[][] = []): number[][] {
  if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]);
  else if (Array.isArray(c)) for (const d of c) positions(d, out);
  return out;
}

describe('Shapefile writer', () => {
  it('encodes GBK by inverting the decoder', () => {
    expect([...encodeGbk('消火栓A')]).toEqual([0xcf, 0xfb, 0xbb, 0xf0, 0xcb, 0xa8, 0x41]);
    expect(new TextDecoder('gbk').decode(encodeGbk('太行路（北段）·东'))).toBe('太行路（北段）·东');
  });

  it('re-imports the demo hydrants and reserve plots to the same data, in GK zone 38 + GBK and in WGS 84 + UTF-8', async () => {
    const demo = await loadProjectDir(join(ROOT, 'data/demo'));
    const docs = (['hydrants', 'reservePlots'] as const).map((id) => {
      const doc = JSON.parse(layerDocument(LAYERS[id], demo.project.layers[id]).text) as { features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };
      return { id, name: LAYERS[id].file, features: doc.features };
    });
    const settings: ShapefileWriteOptions[] = [
      { crs: { kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: true }, encoding: 'gbk' },
      { crs: { kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: false }, encoding: 'utf-8' },
      { crs: { kind: 'wgs84' }, encoding: 'utf-8' },
    ];
    for (const opts of settings) {
      const { zip, fieldNames } = writeShapefile(docs, opts);
      const read = readForeignFiles([{ name: 'export.zip', bytes: zip }]);
      expect(read.issues.filter((i) => i.severity !== 'info')).toEqual([]);
      const targets = suggestTargets(read.layers, null);
      expect(targets.map((t) => t.layer)).toEqual(['hydrants', 'reservePlots']);
      const back = importForeign(null, read.layers, targets);
      for (const d of docs) {
        const l = back.project.layers[d.id];
        if (l.kind !== 'geojson') throw new Error('geojson expected');
        expect(l.data.features).toHaveLength(d.features.length);
        l.data.features.forEach((f, i) => {
          const want = d.features[i];
          const got = positions((f.geometry as { coordinates: unknown }).coordinates);
          const exp = positions(want.geometry.coordinates);
          expect(got).toHaveLength(exp.length);
          for (const p of got) expect(Math.min(...exp.map((w) => metres(p, w)))).toBeLessThan(0.01);
          for (const [k, v] of Object.entries(want.properties)) {
            const short = fieldNames[d.name][k];
            const raw = read.layers.find((x) => x.name === d.name)!.features[i].properties[short];
            expect(raw, `${d.name} ${i} ${k}`).toEqual(v);
          }
        });
      }
    }
  });

  it('shortens field names to 10 bytes, unique, and says how', () => {
    const features = [{ geometry: { type: 'Point', coordinates: [114.7, 38.6] }, properties: { 消火栓所在道路名称: '南环路', 消火栓所在道路编号: 'R1', id: 'A' } }];
    const { zip, fieldNames } = writeShapefile([{ name: 'h', features }], { crs: { kind: 'cgcs2000' }, encoding: 'gbk' });
    expect(fieldNames.h).toEqual({ 消火栓所在道路名称: '消火栓所在', 消火栓所在道路编号: '消火栓所_1', id: 'id' });
    const l = readForeignFiles([{ name: 'h.zip', bytes: zip }]).layers[0];
    expect(l.features[0].properties).toEqual({ 消火栓所在: '南环路', 消火栓所_1: 'R1', id: 'A' });
    expect(l.crs).toEqual({ kind: 'lonlat', datum: 'CGCS2000' });
  });
});
