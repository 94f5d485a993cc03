// Issue #12: "Shapefile re-imported by our importer and by a second reader". The second reader is
// the npm `shapefile` package (mbostock, a dev dependency used only here): the files our writer
// makes must read the same with it — geometry, attribute values, GBK Chinese text.
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
// @ts-expect-error the package has no type declarations
import * as shapefile from 'shapefile';
import { describe, expect, it } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { readForeignFiles } from '../../layers/load/foreign/index.ts';
import { writeShapefile } from '../../layers/load/foreign/shapefile-write.ts';
import { layerDocument } from '../../layers/load/layer-document.ts';
import { LAYERS } from '../../layers/index.ts';

const ROOT = resolve(__dirname, '../..');
type Doc = { features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };
type Fc = { features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);

function flat(c: unknown, out: number[] = []): number[] {
  if (typeof c === 'number') out.push(c);
  else if (Array.isArray(c)) for (const d of c) flat(d, out);
  return out;
}

describe('our Shapefiles read by a second, independent reader (npm shapefile)', () => {
  it('demo hydrants and reserve plots, WGS 84 + GBK: same positions, same values, the Chinese text intact; GK zone 38 + UTF-8: the two readers agree', async () => {
    const demo = await loadProjectDir(join(ROOT, 'data/demo'));
    const docs = (['hydrants', 'reservePlots'] as const).map((id) => ({ id, name: LAYERS[id].file, features: (JSON.parse(layerDocument(LAYERS[id], demo.project.layers[id]).text) as Doc).features }));

    const wgs = writeShapefile(docs, { crs: { kind: 'wgs84' }, encoding: 'gbk' });
    const files = unzipSync(wgs.zip);
    for (const d of docs) {
      const fc = (await shapefile.read(buf(files[`${d.name}.shp`]), buf(files[`${d.name}.dbf`]), { encoding: 'gbk' })) as Fc;
      expect(fc.features).toHaveLength(d.features.length);
      fc.features.forEach((f, i) => {
        const want = d.features[i];
        const got = flat(f.geometry.coordinates);
        const exp = flat(want.geometry.coordinates);
        expect(got.length).toBeGreaterThanOrEqual(exp.length - 2); // rings may be closed or reoriented
        // every position written is one of the feature's positions (1e-9° ≈ 0.1 mm)
        for (let k = 0; k < got.length; k += 2) {
          const near = exp.some((_, j) => j % 2 === 0 && Math.abs(exp[j] - got[k]) < 1e-9 && Math.abs(exp[j + 1] - got[k + 1]) < 1e-9);
          expect(near, `${d.name} ${i} position ${k / 2}`).toBe(true);
        }
        for (const [k, v] of Object.entries(want.properties)) {
          if (v === null || v === undefined || typeof v === 'object') continue;
          const short = wgs.fieldNames[d.name][k];
          const raw = f.properties[short];
          if (typeof v === 'number') expect(Number(raw), `${d.name} ${i} ${k}`).toBeCloseTo(v, 6);
          else if (typeof v === 'boolean') expect(raw, `${d.name} ${i} ${k}`).toBe(v);
          else expect(String(raw).trimEnd(), `${d.name} ${i} ${k}`).toBe(v);
        }
      });
    }
    // some Chinese text did go through GBK
    const plots = (await shapefile.read(buf(files['reserve_plots.shp']), buf(files['reserve_plots.dbf']), { encoding: 'gbk' })) as Fc;
    expect(Object.values(plots.features[0].properties).some((v) => typeof v === 'string' && /[\u4e00-\u9fff]/.test(v))).toBe(true);

    // GK zone 38 with the zone number, UTF-8: both readers see the same projected numbers
    const gk = writeShapefile(docs, { crs: { kind: 'gauss-kruger', centralMeridian: 114, zoneInEasting: true }, encoding: 'utf-8' });
    const gkFiles = unzipSync(gk.zip);
    const ours = readForeignFiles([{ name: 'export.zip', bytes: gk.zip }]);
    const hyd = ours.layers.find((l) => l.name === 'hydrants')!;
    const theirs = (await shapefile.read(buf(gkFiles['hydrants.shp']), buf(gkFiles['hydrants.dbf']), { encoding: 'utf-8' })) as Fc;
    expect(theirs.features).toHaveLength(hyd.features.length);
    theirs.features.forEach((f, i) => {
      const a = flat(f.geometry.coordinates);
      const b = flat(hyd.features[i].geometry!.coordinates);
      expect(a).toEqual(b);
      expect(a[0]).toBeGreaterThan(38_000_000); // eastings carry the zone number
    });
  });
});
