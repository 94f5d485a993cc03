import { LAYER_LIST } from '../../layers/index';
import { useAppStore } from '../state/store';
import { runTask } from '../workers/run-task';

let current: AbortController | null = null;

async function load(source: Parameters<typeof runTask<'loadProject'>>[1]['source'], transfer: Transferable[] = []): Promise<void> {
  current?.abort();
  const ac = new AbortController();
  current = ac;
  const store = useAppStore.getState();
  store.setProjectLoading(null);
  try {
    const { project, report } = await runTask('loadProject', { source }, {
      signal: ac.signal,
      transfer,
      onProgress: (p) => useAppStore.getState().setProjectLoading(p.stage ?? null),
    });
    if (ac.signal.aborted) return;
    const s = useAppStore.getState();
    s.initLayers(LAYER_LIST.map((d) => ({ id: d.id, order: d.order, defaultVisible: d.defaultVisible })));
    s.setProject({ project, report });
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    useAppStore.getState().setProjectError((err as Error).message);
  }
}

/** Loads the demo county served next to the app (data/demo/), parsing it in the worker. */
export function openDemoProject(): Promise<void> {
  return load({ kind: 'url', baseUrl: new URL('data/demo/', document.baseURI).href });
}

/** Loads a project from files the user picked (a folder or single files), parsing them in the worker. */
export async function openProjectFiles(files: readonly File[]): Promise<void> {
  const items = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  return load({ kind: 'files', files: items }, items.map((i) => i.bytes.buffer));
}
