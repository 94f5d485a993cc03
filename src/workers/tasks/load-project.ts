import { loadProject, type LoadProjectOptions } from '../../../layers/load/index';
import { emptyLayer } from '../../../layers/load/index';
import { LAYERS } from '../../../layers/index';
import type { LayerId } from '../../../layers/types';
import type { TaskFn } from '../protocol';

/** Where a project's files come from: a served folder (with an index.json listing) or files the user picked. */
export type ProjectSource =
  | { kind: 'url'; baseUrl: string }
  | { kind: 'files'; files: { name: string; bytes: Uint8Array }[] };

async function fetchFolder(baseUrl: string, progress: (p: { fraction?: number; stage?: string }) => void) {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const res = await fetch(new URL('index.json', base));
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${base}index.json`);
  const index = (await res.json()) as { files?: unknown };
  const names = Array.isArray(index.files) ? index.files.filter((f): f is string => typeof f === 'string') : [];
  let done = 0;
  return Promise.all(
    names.map(async (name) => {
      const r = await fetch(new URL(encodeURIComponent(name), base));
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}: ${name}`);
      const bytes = new Uint8Array(await r.arrayBuffer());
      progress({ fraction: ++done / names.length / 2, stage: name });
      return { name, bytes };
    }),
  );
}

/** What {@link loadProjectTask} returns: the loaded project, and the layers it already sent as progress. */
export type LoadProjectOutput = ReturnType<typeof loadProject> & {
  /**
   * Layers sent ahead in progress messages (`progress.layer`) and left out of `project.layers`
   * here (an empty layer stands in), so the big GeoJSON is copied to the page once: the caller
   * puts the sent layers back (`withSentLayers`, src/project/load-preview.ts).
   */
  sent?: LayerId[];
};

/**
 * Worker task: fetch (or take) a project folder's files and run the layer loader on them, off the
 * main thread. The households' typed columns are transferred back. With `progressive`, every
 * GeoJSON layer is posted as soon as it is read (small files first), so the map can draw the
 * townships and roads while the households are still being parsed.
 */
export const loadProjectTask: TaskFn<{ source: ProjectSource; options?: LoadProjectOptions; progressive?: boolean }, LoadProjectOutput> = async (input, progress) => {
  const files = input.source.kind === 'url' ? await fetchFolder(input.source.baseUrl, progress) : input.source.files;
  progress({ fraction: 0.5, stage: 'validate' });
  if (!input.progressive) return loadProject(files, input.options ?? {});
  const sent: LayerId[] = [];
  const out = loadProject(files, {
    ...input.options,
    onLayer: (id, data) => {
      if (data.kind !== 'geojson') return;
      sent.push(id);
      progress({ stage: 'validate', layer: { id, data } });
    },
  });
  for (const id of sent) out.project.layers[id] = emptyLayer(LAYERS[id]);
  return { ...out, sent };
};
