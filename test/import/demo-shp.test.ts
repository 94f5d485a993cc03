// The demo county shipped as a zipped GBK Shapefile set in CGCS2000 3° GK zone 38
// (data/demo-shp/shapefile.zip, made by `npm run demo-shp`): imported into an empty project it
// gives every layer of data/demo back with the same counts, read as GK zone 38 and GBK.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importForeign, readForeignFiles, suggestTargets } from '../../layers/load/foreign/index.ts';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { LAYER_LIST } from '../../layers/index.ts';
import type { LayerData } from '../../layers/types.ts';

const ROOT = resolve(__dirname, '../..');
const size = (d: LayerData) => (d.kind === 'columns' ? d.count : d.data.features.length);

describe('the demo county as a zipped GBK Shapefile set', () => {
  it('re-imports to the same layers and counts as data/demo', async () => {
    const zip = new Uint8Array(readFileSync(join(ROOT, 'data/demo-shp/shapefile.zip')));
    const read = readForeignFiles([{ name: 'shapefile.zip', bytes: zip }]);
    expect(read.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(read.layers).toHaveLength(LAYER_LIST.length);
    for (const l of read.layers) {
      expect(l.crs, l.source).toMatchObject({ kind: 'gauss-kruger', datum: 'CGCS2000', centralMeridian: 114, falseEasting: 38_500_000 });
      expect(l.encoding, l.source).toBe('gb18030');
    }
    const targets = suggestTargets(read.layers, null);
    // every file goes to its own layer by name
    expect(targets.map((t) => [t.source.replace('shapefile.zip/', ''), t.layer]).sort()).toEqual(LAYER_LIST.map((d) => [`${d.file}.shp`, d.id]).sort());
    const r = importForeign(null, read.layers, targets);
    const { project } = await loadProjectDir(join(ROOT, 'data/demo'));
    for (const d of LAYER_LIST) expect([d.id, size(r.project.layers[d.id])]).toEqual([d.id, size(project.layers[d.id])]);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    // the Chinese attribute text comes back (a village name of the first household)
    const h = r.project.layers.households;
    const p = project.layers.households;
    if (h.kind !== 'columns' || p.kind !== 'columns') throw new Error('columns expected');
    expect(h.ids.slice(0, 3)).toEqual(p.ids.slice(0, 3));
    const text = (d: typeof h, k: string, i: number) => {
      const c = d.columns[k];
      return c?.type === 'category' ? c.dict[c.codes[i]] : c?.type === 'string' ? c.values[i] : undefined;
    };
    expect(text(p, 'village', 0)).toMatch(/[\u4e00-\u9fff]/);
    expect(text(h, 'village', 0)).toBe(text(p, 'village', 0));
    expect(Math.abs(h.lon[0] - p.lon[0]) * 111_320 * Math.cos((p.lat[0] * Math.PI) / 180)).toBeLessThan(0.01);
    expect(Math.abs(h.lat[0] - p.lat[0]) * 111_320).toBeLessThan(0.01);
  }, 240_000);
});
