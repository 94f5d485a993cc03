// Progressive project loading (issue #15): the worker sends each GeoJSON layer as soon as it is
// read, small files first, so the map draws the county before the households are parsed; the
// final message leaves those layers out and the page puts the very same objects back.
import { describe, expect, test } from 'vitest';
import { LAYER_LIST } from '../../layers/index.ts';
import { loadProject, SMALL_FILE_BYTES } from '../../layers/load/index.ts';
import type { GeoJsonLayerData, LayerData, LayerId } from '../../layers/types.ts';
import { loadProjectTask } from '../../src/workers/tasks/load-project.ts';
import { withSentLayers } from '../../src/project/load-preview.ts';
import type { TaskProgress } from '../../src/workers/protocol.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features });

/** A roads file just over the small-file size: three long roads (many vertices each). */
function bigRoads(): { name: string; bytes: Uint8Array } {
  const n = Math.ceil(SMALL_FILE_BYTES / 3 / 18);
  const features = [0, 1, 2].map((r) => ({
    type: 'Feature',
    properties: { id: `R${r}`, name: `路${r}`, class: 'tertiary' },
    geometry: { type: 'LineString', coordinates: Array.from({ length: n }, (_, i) => [+(114.5 + i * 0.00001).toFixed(6), +(38.5 + r * 0.01 + (i % 2) * 0.00001).toFixed(6)]) },
  }));
  const bytes = enc(JSON.stringify(collection(features)));
  if (bytes.length < SMALL_FILE_BYTES) throw new Error(`test roads too small: ${bytes.length}`);
  return { name: 'roads.geojson', bytes };
}

const files = () => [
  bigRoads(),
  { name: 'townships.geojson', bytes: enc(JSON.stringify(collection([{ type: 'Feature', properties: { code: '001', name: '甲镇' }, geometry: { type: 'Polygon', coordinates: [[[114.4, 38.4], [114.7, 38.4], [114.7, 38.7], [114.4, 38.4]]] } }]))) },
  { name: 'hydrants.geojson', bytes: enc(JSON.stringify(collection([{ type: 'Feature', properties: { id: 'H1', kind: '消火栓', status: '完好' }, geometry: { type: 'Point', coordinates: [114.55, 38.55] } }]))) },
  { name: 'households.csv', bytes: enc('id,lon,lat,township,village,persons\nA1,114.56,38.56,甲镇,一村,3\nA2,114.57,38.57,甲镇,一村,2\n') },
];

describe('loadProject onLayer', () => {
  test('every layer is handed over once, as the object the project holds, small files before big ones', () => {
    const seen: [LayerId, LayerData][] = [];
    const { project } = loadProject(files(), { onLayer: (id, data) => seen.push([id, data]) });
    const order = seen.map(([id]) => id);
    // roads come before hydrants and households in the layer list, but their file is big: read last
    expect(LAYER_LIST.findIndex((d) => d.id === 'roads')).toBeLessThan(LAYER_LIST.findIndex((d) => d.id === 'hydrants'));
    expect(order).toEqual(['townships', 'households', 'hydrants', 'roads']);
    for (const [id, data] of seen) expect(data).toBe(project.layers[id]);
    expect((project.layers.roads as GeoJsonLayerData).data.features.length).toBe(3);
  });
});

describe('loadProject task, progressive', () => {
  test('GeoJSON layers go out as progress and are left out of the result; withSentLayers puts the same objects back', async () => {
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'files', files: files() }, progressive: true }, (p) => progress.push(p));
    const sent = progress.filter((p) => p.layer).map((p) => p.layer!);
    expect(sent.map((l) => l.id)).toEqual(['townships', 'hydrants', 'roads']);
    expect(out.sent).toEqual(['townships', 'hydrants', 'roads']);
    // the households (typed columns) come with the result, transferred, never ahead
    expect(out.project.layers.households.kind).toBe('columns');
    expect(out.project.layers.households.kind === 'columns' && out.project.layers.households.count).toBe(2);
    // what was sent ahead is not sent twice
    expect((out.project.layers.roads as GeoJsonLayerData).data.features).toEqual([]);
    const received = Object.fromEntries(sent.map((l) => [l.id, l.data]));
    const { project, report } = withSentLayers(out, received);
    for (const l of sent) expect(project.layers[l.id]).toBe(l.data);
    expect(report).toBe(out.report);
    // the same project as a plain load
    const plain = await loadProjectTask({ source: { kind: 'files', files: files() } }, () => {});
    expect(plain.sent).toBeUndefined();
    expect(project.layers).toEqual(plain.project.layers);
  });

  test('a layer announced as sent but never received is an error, not an empty layer', async () => {
    const out = await loadProjectTask({ source: { kind: 'files', files: files() }, progressive: true }, () => {});
    expect(() => withSentLayers(out, {})).toThrow(/townships/);
  });
});
