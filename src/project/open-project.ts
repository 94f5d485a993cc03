import { LAYER_LIST } from '../../layers/index';
import { useAppStore } from '../state/store';
import type { LayerData, LayerId } from '../../layers/types';
import { runTask } from '../workers/run-task';
import { addPreviewLayer, addPreviewLines, endPreview, startPreview, whenPreviewDrawn, withSentLayers } from './load-preview';
import { adoptLinesAhead, endLinesAhead, expectLineTiles } from '../map/line-tiles/client';
import { linesAheadPort } from '../map/line-tiles/tile-worker';
import { demoBaseUrl, takeEarlyLoad } from './early-load';
import type { TaskProgress } from '../workers/protocol';

let current: AbortController | null = null;

async function load(source: Parameters<typeof runTask<'loadProject'>>[1]['source'], transfer: Transferable[] = []): Promise<void> {
  current?.abort();
  const ac = new AbortController();
  current = ac;
  const store = useAppStore.getState();
  store.setProjectLoading(null);
  // the layer list exists before the first layer arrives, so the map can draw it at once
  store.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
  // the map draws each layer as it arrives (townships and roads before the households are parsed)
  const loadId = startPreview();
  const received: Partial<Record<LayerId, LayerData>> = {};
  // the demo's load may have started before the app's bundle ran (src/main.tsx): take it over
  const early = source.kind === 'url' ? takeEarlyLoad(source.baseUrl) : null;
  // the load worker hands big line layers to the line-tile worker itself (src/map/line-tiles/)
  const lines = early ? null : linesAheadPort();
  try {
    const onProgress = (p: TaskProgress) => {
      if (p.linesAhead) {
        const url = expectLineTiles(p.linesAhead.key, p.linesAhead.fields);
        if (!ac.signal.aborted) addPreviewLines(loadId, p.linesAhead.layer, url);
      }
      // the worker holds the households until the map has drawn what arrived (townships, roads):
      // their parse (1.5–2 s) would share the machine with the drawing
      if (p.held) void whenPreviewDrawn(loadId).then(() => early?.release());
      if (p.layer) {
        received[p.layer.id] = p.layer.data;
        if (!ac.signal.aborted) addPreviewLayer(loadId, p.layer.id, p.layer.data);
      }
      if (!ac.signal.aborted) useAppStore.getState().setProjectLoading(p.stage ?? null);
    };
    if (early) {
      ac.signal.addEventListener('abort', () => early.abort(), { once: true });
      early.follow(onProgress);
    }
    const out = await (lines ? runTask('loadProject', { source, progressive: true, lines }, { signal: ac.signal, transfer: [...transfer, lines.port], onProgress }) : early!.output);
    if (ac.signal.aborted) return;
    const { project, report } = withSentLayers(out, received);
    adoptLinesAhead(project, out.linesAhead);
    const s = useAppStore.getState();
    s.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
    s.setProject({ project, report });
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    useAppStore.getState().setProjectError((err as Error).message);
  } finally {
    endPreview(loadId);
    // the line sets cut ahead that no map draws (the map took this project's at once, if it is up)
    endLinesAhead(early?.linesPrefix ?? lines!.prefix);
  }
}

/** Loads the demo county served next to the app (data/demo/), parsing it in the worker. */
export function openDemoProject(): Promise<void> {
  return load({ kind: 'url', baseUrl: demoBaseUrl() });
}

/** Loads a project from files the user picked (a folder or single files), parsing them in the worker. */
export async function openProjectFiles(files: readonly File[]): Promise<void> {
  const items = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  return load({ kind: 'files', files: items }, items.map((i) => i.bytes.buffer));
}
