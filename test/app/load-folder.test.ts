// A served project folder read file by file as it arrives (issue #15): the townships are read
// while the households are still downloading, the households can be held back until the map has
// drawn the county, and the project and report are the same as a load of the whole folder at once.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { FILE_HEAD_BYTES, loadProject, loadProjectFrom, SMALL_FILE_BYTES, type FileRequest } from '../../layers/load/index.ts';
import { announcedBeforeRead, loadProjectTask } from '../../src/workers/tasks/load-project.ts';
import { LAYERS } from '../../layers/index.ts';
import { flattenLines, TILED_LINES_MIN } from '../../src/map/line-tiles/line-index.ts';
import type { LinesAheadMessage } from '../../src/map/line-tiles/protocol.ts';
import { mapFields } from '../../src/map/style-fields.ts';
import type { TaskProgress } from '../../src/workers/protocol.ts';
import { linesChannel } from '../support/lines-port.ts';
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

describe('loadProject task, served folder: a big line file announced before it is read', () => {
  /** `n` road segments of `vertices` points each, along a parallel, alternating two classes. */
  const roadFile = (n: number, vertices = 2) =>
    collection(
      Array.from({ length: n }, (_, i) => ({
        type: 'Feature',
        properties: { class: i % 2 ? 'primary' : 'tertiary', name: `路${i}`, width_m: 7 },
        geometry: { type: 'LineString', coordinates: Array.from({ length: vertices }, (_, k) => [114.5 + i * 0.001 + k * 1e-5, 38.5 + k * 1e-5]) },
      })),
    );
  /** A load of `files` (roads.geojson sent slowly) with a port for the lines: the port's messages and the progress, each as it came. */
  async function loadWithLines(files: { name: string; bytes: Uint8Array }[]) {
    const server = await serveFolder(files, ['roads.geojson']);
    closeServer = server.close;
    const { channel, got, ended } = linesChannel();
    const events: string[] = [];
    const progress: TaskProgress[] = [];
    const out = loadProjectTask({ source: { kind: 'url', baseUrl: server.baseUrl }, progressive: true, lines: { port: channel.port2, prefix: 'p9-' } }, (p) => {
      progress.push(p);
      if (p.stage === 'roads.geojson') events.push('roads.geojson in');
      if (p.linesAhead) {
        events.push(`announced ${p.linesAhead.layer}`);
        // the rest of roads.geojson is sent only once the page has been told of its tiles
        server.finish('roads.geojson');
      }
    });
    return { out, ended: ended.then(() => channel.port1.close()), got, events, progress, kinds: () => got.map((m) => m.type) };
  }

  test('the roads are announced (and expected by the tile worker) before their file is in; their lines follow; the project is the plain load', async () => {
    const files = [{ name: 'townships.geojson', bytes: enc(townships) }, { name: 'roads.geojson', bytes: enc(roadFile(TILED_LINES_MIN + 2000)) }];
    expect(announcedBeforeRead(LAYERS.roads, files[1].bytes.length)).toBe(true);
    const run = await loadWithLines(files);
    const out = await run.out;
    await run.ended;
    // announced once, while the file was still downloading (the server held its rest until then)
    expect(run.events).toEqual(['announced roads', 'roads.geojson in']);
    expect(run.kinds()).toEqual(['expect', 'add', 'end']);
    expect(run.progress.filter((p) => p.linesAhead).map((p) => p.linesAhead)).toEqual([{ layer: 'roads', key: 'p9-roads', fields: mapFields(LAYERS.roads) }]);
    expect(run.got[0]).toEqual({ type: 'expect', key: 'p9-roads' });
    const plain = loadProject(files);
    const add = run.got[1] as Extract<LinesAheadMessage, { type: 'add' }>;
    const roadsLayer = plain.project.layers.roads;
    if (roadsLayer.kind !== 'geojson') throw new Error('roads are GeoJSON');
    expect(add.key).toBe('p9-roads');
    expect(add.lines).toEqual(flattenLines(roadsLayer.data, mapFields(LAYERS.roads)).lines);
    expect(out.linesAhead).toEqual({ roads: 'p9-roads' });
    expect(out.project.layers.roads).toEqual(roadsLayer);
    expect(out.report).toEqual(plain.report);
  });

  test('a big line file of fewer than TILED_LINES_MIN segments, announced: its lines still come under the key (the map then draws its GeoJSON)', async () => {
    // 300 long lines: over 1 MiB, far fewer features than the map tiles
    const files = [{ name: 'roads.geojson', bytes: enc(roadFile(300, 200)) }];
    expect(files[0].bytes.length).toBeGreaterThanOrEqual(SMALL_FILE_BYTES);
    const run = await loadWithLines(files);
    const out = await run.out;
    await run.ended;
    expect(run.events).toEqual(['announced roads', 'roads.geojson in']);
    expect(run.kinds()).toEqual(['expect', 'add', 'end']);
    expect((run.got[1] as Extract<LinesAheadMessage, { type: 'add' }>).lines.ids.length).toBe(300);
    expect(out.linesAhead).toEqual({ roads: 'p9-roads' });
    expect(run.progress.some((p) => p.layer?.id === 'roads')).toBe(false);
    expect(out.project.layers.roads).toEqual(loadProject(files).project.layers.roads);
  });

  test('a big roads file that is not JSON: announced, then an empty set under its key (no tile waits forever), and the error reported', async () => {
    const bad = enc(`${roadFile(TILED_LINES_MIN + 2000).slice(0, -5)},,]}`);
    const files = [{ name: 'roads.geojson', bytes: bad }];
    const run = await loadWithLines(files);
    const out = await run.out;
    await run.ended;
    expect(run.events).toEqual(['announced roads', 'roads.geojson in']);
    expect(run.kinds()).toEqual(['expect', 'add', 'end']);
    expect((run.got[1] as Extract<LinesAheadMessage, { type: 'add' }>).lines.ids.length).toBe(0);
    expect(out.report.issues.map((i) => i.code)).toContain('invalid-json');
    expect(out.report).toEqual(loadProject(files).report);
  });

  test('a download that breaks after the announcement fails the load, and the announced set comes empty before the end', async () => {
    const files = [{ name: 'roads.geojson', bytes: enc(roadFile(TILED_LINES_MIN + 2000)) }];
    const server = createServer((req, res) => {
      if ((req.url ?? '').endsWith('index.json')) return void res.end(JSON.stringify({ files: ['roads.geojson'] }));
      res.writeHead(200, { 'Content-Length': files[0].bytes.length });
      // the head, then the connection drops
      res.write(files[0].bytes.subarray(0, FILE_HEAD_BYTES), () => setTimeout(() => res.destroy(), 50));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    closeServer = () => new Promise<void>((ok) => server.close(() => ok()));
    const { channel, got, ended } = linesChannel();
    const { port } = server.address() as AddressInfo;
    const progress: TaskProgress[] = [];
    await expect(loadProjectTask({ source: { kind: 'url', baseUrl: `http://127.0.0.1:${port}/data/` }, progressive: true, lines: { port: channel.port2, prefix: 'p9-' } }, (p) => progress.push(p))).rejects.toThrow();
    await ended;
    channel.port1.close();
    expect(progress.some((p) => p.linesAhead?.key === 'p9-roads')).toBe(true);
    expect(got.map((m) => m.type)).toEqual(['expect', 'add', 'end']);
    expect((got[1] as Extract<LinesAheadMessage, { type: 'add' }>).lines.ids.length).toBe(0);
  });

  test('announcedBeforeRead: GeoJSON line layers from 1 MiB; not points, not columns, not smaller files', () => {
    expect(announcedBeforeRead(LAYERS.roads, SMALL_FILE_BYTES)).toBe(true);
    expect(announcedBeforeRead(LAYERS.roads, SMALL_FILE_BYTES - 1)).toBe(false);
    expect(announcedBeforeRead(LAYERS.hydrants, 10 * SMALL_FILE_BYTES)).toBe(false);
    expect(announcedBeforeRead(LAYERS.households, 10 * SMALL_FILE_BYTES)).toBe(false);
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
