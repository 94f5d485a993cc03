// A served project folder read file by file as it arrives (issue #15): the townships are read
// while the households are still downloading, the households can be held back until the map has
// drawn the county, and the project and report are the same as a load of the whole folder at once.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { FILE_HEAD_BYTES, loadProject, loadProjectFrom, SMALL_FILE_BYTES, type FileRequest } from '../../layers/load/index.ts';
import { loadProjectTask } from '../../src/workers/tasks/load-project.ts';
import type { TaskProgress } from '../../src/workers/protocol.ts';
import { addPreviewLayer, addPreviewLines, endPreview, markPreviewDrawn, startPreview, useLoadPreview, whenPreviewDrawn } from '../../src/project/load-preview.ts';
import type { LayerData } from '../../layers/types.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const townships = collection([{ type: 'Feature', properties: { code: '001', name: '甲镇' }, geometry: { type: 'Polygon', coordinates: [[[114.4, 38.4], [114.7, 38.4], [114.7, 38.7], [114.4, 38.4]]] } }]);
const hydrants = collection([
  { type: 'Feature', properties: { id: 'H1', kind: '消火栓', status: '完好' }, geometry: { type: 'Point', coordinates: [114.55, 38.55] } },
  { type: 'Feature', properties: { id: 'H1', kind: '消火栓', status: '完好' }, geometry: { type: 'Point', coordinates: [114.56, 38.55] } },
]);
// two rows: A2 lies far outside the townships' box (reported against the townships read before it)
const households = 'id,lon,lat,township,village,persons\nA1,114.56,38.56,甲镇,一村,3\nA2,116.9,38.57,甲镇,一村,2\n';

/** A small folder: project.json, three layers, an unknown file and a second hydrants file (ignored, reported). */
const folder = (): { name: string; bytes: Uint8Array }[] => [
  { name: 'project.json', bytes: enc(JSON.stringify({ name: '测试县', params: { fireSpeedKmh: 30 } })) },
  { name: 'households.csv', bytes: enc(households) },
  { name: 'hydrants.geojson', bytes: enc(hydrants) },
  { name: 'hydrants.json', bytes: enc(hydrants) },
  { name: 'notes.txt', bytes: enc('hello') },
  { name: 'townships.geojson', bytes: enc(townships) },
];

describe('loadProjectFrom', () => {
  test('asks for each file only as needed — heads first, then project.json, then the layers small files first — and gives what loadProject gives', async () => {
    const files = folder();
    const asked: FileRequest[] = [];
    const layers: string[] = [];
    const out = await loadProjectFrom(
      files.map((f) => ({ name: f.name, size: f.bytes.length })),
      async (r) => {
        asked.push(r);
        await new Promise((ok) => setTimeout(ok, 1));
        return files[r.index].bytes;
      },
      { onLayer: (id) => layers.push(id) },
    );
    const plain = loadProject(files);
    expect(out.project).toEqual(plain.project);
    expect(out.report).toEqual(plain.report);
    const label = (r: FileRequest) => `${r.part} ${files[r.index].name}${r.layer ? ` as ${r.layer}` : ''}`;
    expect(asked.map(label)).toEqual([
      ...files.map((f) => `head ${f.name}`),
      'all project.json',
      'all townships.geojson as townships',
      'all households.csv as households',
      'all hydrants.geojson as hydrants',
    ]);
    expect(layers).toEqual(['townships', 'households', 'hydrants']);
    expect(out.project.name).toBe('测试县');
    // the household outside the townships' box is reported, with its row (the header is row 1) and field
    expect(out.report.issues.filter((i) => i.code === 'outside-project').map((i) => [i.file, i.row, i.field])).toEqual([['households.csv', 3, 'lon']]);
  });

  test('a big file is read after the small ones, whatever its place in the layer list', async () => {
    const big = `id,lon,lat,township,village,persons\n${'A1,114.56,38.56,甲镇,一村,3\n'.repeat(Math.ceil((1024 * 1024) / 26))}`;
    const files = [{ name: 'households.csv', bytes: enc(big) }, { name: 'hydrants.geojson', bytes: enc(hydrants) }, { name: 'townships.geojson', bytes: enc(townships) }];
    const order: string[] = [];
    await loadProjectFrom(files.map((f) => ({ name: f.name, size: f.bytes.length })), async (r) => {
      if (r.part === 'all') order.push(files[r.index].name);
      return files[r.index].bytes;
    });
    expect(order).toEqual(['townships.geojson', 'hydrants.geojson', 'households.csv']);
    expect(FILE_HEAD_BYTES).toBeLessThan(big.length);
  });
});

/**
 * A folder served over HTTP; `slow` files send their first {@link FILE_HEAD_BYTES} bytes (what the
 * loader looks at before it reads anything), then the rest only when `finish(name)` is called.
 */
async function serveFolder(files: { name: string; bytes: Uint8Array }[], slow: string[], index = files.map((f) => f.name), sendLength = true) {
  const waiting = new Map<string, ServerResponse>();
  const finished = new Set<string>();
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/data\//, ''));
    if (name === 'index.json') {
      res.end(JSON.stringify({ files: index }));
      return;
    }
    const f = files.find((x) => x.name === name);
    if (!f) {
      res.writeHead(404, 'Not Found').end();
      return;
    }
    // without Content-Length the body is sent chunked (as a compressing server sends it)
    res.writeHead(200, sendLength ? { 'Content-Length': f.bytes.length } : {});
    if (!slow.includes(name)) {
      // a write before the end: Node sends it chunked when no Content-Length was set
      res.write(f.bytes);
      res.end();
      return;
    }
    res.write(f.bytes.subarray(0, FILE_HEAD_BYTES));
    if (finished.has(name)) res.end(f.bytes.subarray(FILE_HEAD_BYTES));
    else waiting.set(name, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/data/`,
    finish(name: string) {
      finished.add(name);
      const f = files.find((x) => x.name === name)!;
      waiting.get(name)?.end(f.bytes.subarray(FILE_HEAD_BYTES));
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

let closeServer: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeServer?.();
  closeServer = null;
});

describe('loadProject task, served folder', () => {
  test('the townships are sent while households.csv is still downloading; the result is the whole folder loaded at once', async () => {
    // 4,000 households: more than the head the loader looks at first, still a small file
    const rows = Array.from({ length: 4000 }, (_, i) => `B${i},114.5${i % 10},38.5${i % 7},甲镇,一村,${1 + (i % 5)}`).join('\n');
    const files = folder().map((f) => (f.name === 'households.csv' ? { name: f.name, bytes: enc(`${households}${rows}\n`) } : f));
    expect(files[1].bytes.length).toBeGreaterThan(FILE_HEAD_BYTES);
    const server = await serveFolder(files, ['households.csv']);
    closeServer = server.close;
    const progress: TaskProgress[] = [];
    const done = loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true }, (p) => {
      progress.push(p);
      if (p.layer?.id === 'townships') server.finish('households.csv');
    });
    const out = await done;
    const sent = progress.filter((p) => p.layer).map((p) => p.layer!.id);
    expect(sent).toEqual(['townships', 'hydrants']);
    // households.csv arrived only after the townships were sent (the server was told then)
    const arrived = progress.findIndex((p) => p.stage === 'households.csv');
    expect(arrived).toBeGreaterThan(progress.findIndex((p) => p.layer?.id === 'townships'));
    const plain = loadProject(files);
    expect(out.report).toEqual(plain.report);
    expect(out.project.layers.households).toEqual(plain.project.layers.households);
  });

  test('with a release port big households wait for the release message, and say so (progress.held)', async () => {
    // 50,000 households: a big file (read after the small ones; a small one is never held)
    const rows = Array.from({ length: 50_000 }, (_, i) => `B${i},114.5${i % 10},38.5${i % 7},甲镇,一村,${1 + (i % 5)}`).join('\n');
    const files = folder().map((f) => (f.name === 'households.csv' ? { name: f.name, bytes: enc(`${households}${rows}\n`) } : f));
    expect(files[1].bytes.length).toBeGreaterThan(SMALL_FILE_BYTES);
    const server = await serveFolder(files, []);
    closeServer = server.close;
    const hold = new MessageChannel();
    const progress: TaskProgress[] = [];
    let finished = false;
    const done = Promise.resolve(loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true, release: hold.port2, holdCapMs: 60_000 }, (p) => progress.push(p))).then((o) => {
      finished = true;
      return o;
    });
    while (!progress.some((p) => p.held)) await new Promise((ok) => setTimeout(ok, 5));
    // every GeoJSON layer went out before the hold
    expect(progress.filter((p) => p.layer).map((p) => p.layer!.id)).toEqual(['townships', 'hydrants']);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(finished).toBe(false);
    hold.port1.postMessage('release');
    const out = await done;
    hold.port1.close();
    expect(out.project.layers.households.kind === 'columns' && out.project.layers.households.count).toBe(50_002);
    expect(out.report).toEqual(loadProject(files).report);
  });

  test('small households are not held (nothing to gain: hydrants and the rest would wait behind them)', async () => {
    const server = await serveFolder(folder(), []);
    closeServer = server.close;
    const hold = new MessageChannel();
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true, release: hold.port2, holdCapMs: 60_000 }, (p) => progress.push(p));
    hold.port1.close();
    expect(progress.some((p) => p.held)).toBe(false);
    expect(out.project.layers.households.kind === 'columns' && out.project.layers.households.count).toBe(2);
  });

  test('without a release big households are read after the cap', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `B${i},114.5${i % 10},38.5${i % 7},甲镇,一村,${1 + (i % 5)}`).join('\n');
    const server = await serveFolder(folder().map((f) => (f.name === 'households.csv' ? { name: f.name, bytes: enc(`${households}${rows}\n`) } : f)), []);
    closeServer = server.close;
    const hold = new MessageChannel();
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true, release: hold.port2, holdCapMs: 20 }, (p) => progress.push(p));
    hold.port1.close();
    expect(progress.some((p) => p.held)).toBe(true);
    expect(out.project.layers.households.kind === 'columns' && out.project.layers.households.count).toBe(50_002);
  });

  test('a server that sends no Content-Length (chunked): each size is known once its file is in; the same project', async () => {
    const files = folder();
    const server = await serveFolder(files, [], undefined, false);
    closeServer = server.close;
    const progress: TaskProgress[] = [];
    const out = await loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true }, (p) => progress.push(p));
    expect(progress.filter((p) => p.layer).map((p) => p.layer!.id)).toEqual(['townships', 'hydrants']);
    const plain = loadProject(files);
    expect(out.report).toEqual(plain.report);
    expect(out.project.layers.households).toEqual(plain.project.layers.households);
  });

  test('a file the index lists but the server lacks fails the load with its name and the HTTP status', async () => {
    const server = await serveFolder(folder().filter((f) => f.name !== 'hydrants.json'), [], folder().map((f) => f.name));
    closeServer = server.close;
    // the index lists every file of folder(), hydrants.json too: the server answers 404 for it
    await expect(loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true }, () => {})).rejects.toThrow('404 Not Found: hydrants.json');
  });
});

describe('whenPreviewDrawn', () => {
  const layer = (): LayerData => ({ kind: 'geojson', id: 'townships', data: { type: 'FeatureCollection', features: [] } });
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    await new Promise((ok) => setTimeout(ok, 10));
    return done;
  };

  test('resolves once the map has drawn the layers that arrived last, not earlier ones', async () => {
    const id = startPreview();
    addPreviewLayer(id, 'townships', layer());
    const first = useLoadPreview.getState();
    addPreviewLayer(id, 'hydrants', layer());
    const drawn = whenPreviewDrawn(id);
    markPreviewDrawn(id, first);
    expect(await settled(drawn)).toBe(false);
    markPreviewDrawn(id, useLoadPreview.getState());
    expect(await settled(drawn)).toBe(true);
    endPreview(id);
  });

  test('line tiles announced after the layers were drawn (the roads cut ahead) are waited for too', async () => {
    const id = startPreview();
    addPreviewLayer(id, 'townships', layer());
    const first = useLoadPreview.getState();
    addPreviewLines(id, 'roads', 'coveragelines://c/a1-roads/{z}/{x}/{y}');
    markPreviewDrawn(id, first);
    const drawn = whenPreviewDrawn(id);
    expect(await settled(drawn)).toBe(false);
    markPreviewDrawn(id, useLoadPreview.getState());
    expect(await settled(drawn)).toBe(true);
    endPreview(id);
  });

  test('resolves when its load ends or a newer one starts', async () => {
    const id = startPreview();
    addPreviewLayer(id, 'townships', layer());
    const drawn = whenPreviewDrawn(id);
    expect(await settled(drawn)).toBe(false);
    startPreview();
    expect(await settled(drawn)).toBe(true);
  });
});
