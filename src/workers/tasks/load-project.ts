import { emptyLayer, FILE_HEAD_BYTES, loadProject, loadProjectFrom, SMALL_FILE_BYTES, type LoadProjectOptions, type PendingFile } from '../../../layers/load/index';
import { LAYERS } from '../../../layers/index';
import type { LayerDefinition, LayerId } from '../../../layers/types';
import type { TaskFn, TaskProgress } from '../protocol';
import { flattenLines, isTiledLineLayer, lineTileOptions } from '../../map/line-tiles/line-index';
import type { LinesAhead, LinesAheadMessage } from '../../map/line-tiles/protocol';
import { mapFields } from '../../map/style-fields';

/** Where a project's files come from: a served folder (with an index.json listing) or files the user picked. */
export type ProjectSource =
  | { kind: 'url'; baseUrl: string }
  | { kind: 'files'; files: { name: string; bytes: Uint8Array }[] };

/**
 * Longest a held load waits for its release before it reads the households anyway (ms): the map
 * may never say it has drawn the county (no map on screen, a hidden tab).
 */
export const HOLD_CAP_MS = 3000;

/** For benchmarks: a step of the load worker (`coverage:load:<step>`, read by test/bench/first-screen-ab.mts). */
function mark(step: string): void {
  performance.mark(`coverage:load:${step}`);
}

/** One file of a served folder: fetched at once, its bytes kept as they arrive. */
class FetchedFile {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private ended = false;
  private waiters: (() => void)[] = [];
  /** Resolves with the response once its headers are in (rejects on an HTTP error). */
  readonly response: Promise<Response>;
  /** Resolves when every byte is in (rejects when the download fails). */
  readonly complete: Promise<void>;

  constructor(url: URL, readonly name: string) {
    this.response = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}: ${name}`);
      return r;
    });
    this.complete = this.response.then(async (r) => {
      const reader = r.body?.getReader();
      try {
        for (;;) {
          const part = reader ? await reader.read() : { done: true as const, value: undefined };
          if (part.done) break;
          this.chunks.push(part.value);
          this.have += part.value.length;
          this.wake();
        }
      } finally {
        this.ended = true;
        this.wake();
      }
    });
    // a failure is reported where the file is read (or its size asked)
    this.complete.catch(() => {});
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private bytes(): Uint8Array {
    if (this.chunks.length !== 1) {
      const all = new Uint8Array(this.have);
      let at = 0;
      for (const c of this.chunks) {
        all.set(c, at);
        at += c.length;
      }
      this.chunks = [all];
    }
    return this.chunks[0] ?? new Uint8Array(0);
  }

  /** The file's size: its Content-Length when the body is sent as is, else (compressed, chunked) once it is all in. */
  async size(): Promise<number> {
    const r = await this.response;
    const length = r.headers.get('content-length');
    if (length !== null && !r.headers.get('content-encoding') && /^\d+$/.test(length)) return Number(length);
    return (await this.all()).length;
  }

  /** At least the first `n` bytes (all of a shorter file). */
  async head(n: number): Promise<Uint8Array> {
    await this.response;
    while (this.have < n && !this.ended) await new Promise<void>((ok) => this.waiters.push(ok));
    await (this.ended ? this.complete : undefined);
    return this.bytes();
  }

  /** Every byte of the file. */
  async all(): Promise<Uint8Array> {
    await this.complete;
    return this.bytes();
  }
}

/**
 * A served folder (its index.json lists the files), every file fetched at once and read as it
 * arrives (layers/load loadProjectFrom): the townships are read while the households are still
 * downloading. With `hold`, a big columnar layer (households: the big parse) is read only once
 * `hold` resolves, so their parse does not share the machine with the map drawing the county.
 */
async function loadFolder(
  baseUrl: string,
  options: LoadProjectOptions,
  progress: (p: TaskProgress) => void,
  hold: (() => Promise<void>) | null,
  beforeRead: (layer: LayerId, size: number) => void = () => {},
) {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  mark('start');
  const res = await fetch(new URL('index.json', base));
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${base}index.json`);
  const index = (await res.json()) as { files?: unknown };
  const names = Array.isArray(index.files) ? index.files.filter((f): f is string => typeof f === 'string') : [];
  const fetched = names.map((name) => new FetchedFile(new URL(encodeURIComponent(name), base), name));
  mark('index');
  for (const f of fetched) {
    void f.response.then(() => mark(`head:${f.name}`), () => {});
    void f.complete.then(() => mark(`in:${f.name}`), () => {});
  }
  let arrived = 0;
  for (const f of fetched) void f.complete.then(() => progress({ fraction: ++arrived / names.length / 2, stage: f.name }), () => {});
  const files: PendingFile[] = await Promise.all(fetched.map(async (f) => ({ name: f.name, size: await f.size() })));
  return loadProjectFrom(
    files,
    async (r) => {
      const f = fetched[r.index];
      if (r.part === 'head') return f.head(FILE_HEAD_BYTES);
      if (r.layer) beforeRead(r.layer, files[r.index].size);
      if (hold && r.layer && LAYERS[r.layer].storage === 'columns' && files[r.index].size >= SMALL_FILE_BYTES) {
        progress({ stage: 'validate', held: true });
        await hold();
      }
      const all = await f.all();
      if (r.layer) mark(`read:${r.layer}`);
      return all;
    },
    options,
  );
}

/**
 * A line layer whose file is at least this big is announced to the page before it is read
 * (`progress.linesAhead`): the map adds its tile source and MapLibre asks for the view's tiles
 * while the file downloads and is parsed; the line-tile worker answers them as soon as the lines
 * arrive. (The demo's roads: 6.7 MB, 41,217 segments; at the demo's ~160 bytes a segment, 1 MiB
 * is about the 5,000 segments from which the map draws a line layer from tiles, `TILED_LINES_MIN`.)
 */
export const LINES_ANNOUNCED_MIN_BYTES = SMALL_FILE_BYTES;

/** True for a layer file {@link loadProjectTask} announces before reading it ({@link LINES_ANNOUNCED_MIN_BYTES}). */
export function announcedBeforeRead(def: LayerDefinition, size: number): boolean {
  return def.storage === 'geojson' && def.geometry === 'LineString' && size >= LINES_ANNOUNCED_MIN_BYTES;
}

/**
 * Tells the page that line layer `id`'s tiles are cut from lines sent under its key; returns the
 * key. With `before`, the lines are still to be read: the tile worker is told to expect them first.
 */
function announceLines(ahead: LinesAhead, id: LayerId, progress: (p: TaskProgress) => void, before = false): string {
  const key = `${ahead.prefix}${id}`;
  if (before) ahead.port.postMessage({ type: 'expect', key } satisfies LinesAheadMessage);
  progress({ stage: 'validate', linesAhead: { layer: id, key, fields: mapFields(LAYERS[id]) } });
  return key;
}

/** Hands a line layer's lines (only the fields the map reads) to the line-tile worker under `key`. */
function sendLines(ahead: LinesAhead, key: string, id: LayerId, data: Parameters<typeof flattenLines>[0]): void {
  const { lines, transfer } = flattenLines(data, mapFields(LAYERS[id]));
  ahead.port.postMessage({ type: 'add', key, lines, options: lineTileOptions(LAYERS[id]) } satisfies LinesAheadMessage, transfer);
  mark(`lines:${id}`);
}

/** What {@link loadProjectTask} returns: the loaded project, and the layers it already sent as progress. */
export type LoadProjectOutput = ReturnType<typeof loadProject> & {
  /**
   * Layers sent ahead in progress messages (`progress.layer`) and left out of `project.layers`
   * here (an empty layer stands in), so the big GeoJSON is copied to the page once: the caller
   * puts the sent layers back (`withSentLayers`, src/project/load-preview.ts).
   */
  sent?: LayerId[];
  /**
   * Layers whose lines went to the line-tile worker ahead (`input.lines`; `progress.linesAhead`),
   * with their key: their GeoJSON is not sent ahead but comes here, in `project.layers`, so the
   * page takes it in only with the whole project, after the map has drawn their tiles
   * (`adoptLinesAhead`, src/map/line-tiles/client.ts).
   */
  linesAhead?: Partial<Record<LayerId, string>>;
};

/** Input of {@link loadProjectTask}. */
export interface LoadProjectInput {
  source: ProjectSource;
  options?: LoadProjectOptions;
  /** Post every GeoJSON layer as soon as it is read (`progress.layer`); they are left out of the output. */
  progressive?: boolean;
  /**
   * A served folder's households (a columnar layer of a big file) are read only after a message on this port
   * (the map has drawn the county) or {@link HOLD_CAP_MS} (`holdCapMs`) after the load reached
   * them; the load says so with `progress.held`.
   */
  release?: MessagePort;
  holdCapMs?: number;
  /**
   * With `progressive`: a port to the page's line-tile worker (src/map/line-tiles/tile-worker.ts).
   * A layer the map draws from line tiles (`isTiledLineLayer`: the demo's roads) has its lines sent
   * there as soon as it is parsed, under the key `prefix` + layer id, and announced
   * (`progress.linesAhead`): the map draws its tiles while the load goes on; its GeoJSON comes with
   * the output (`linesAhead`), not ahead.
   */
  lines?: LinesAhead;
}

/**
 * Worker task: fetch (or take) a project folder's files and run the layer loader on them, off the
 * main thread. The households' typed columns are transferred back. With `progressive`, every
 * GeoJSON layer is posted as soon as it is read (small files first), so the map can draw the
 * townships and roads while the households are still being parsed.
 */
export const loadProjectTask: TaskFn<LoadProjectInput, LoadProjectOutput> = async (input, progress) => {
  const sent: LayerId[] = [];
  const linesAhead: Partial<Record<LayerId, string>> = {};
  /** Line layers announced before they were read, whose lines are not sent yet. */
  const announced = new Map<LayerId, string>();
  const ahead = input.progressive ? input.lines : undefined;
  const options: LoadProjectOptions = !input.progressive
    ? (input.options ?? {})
    : {
        ...input.options,
        onLayer: (id, data) => {
          mark(`parsed:${id}`);
          if (data.kind !== 'geojson') return;
          // announced: its lines go to the tile worker whatever they turned out to be (the map
          // takes the layer's GeoJSON source instead once the project is in, if it is small)
          const key = announced.get(id) ?? (ahead && isTiledLineLayer(LAYERS[id], data) ? announceLines(ahead, id, progress) : undefined);
          if (ahead && key) {
            announced.delete(id);
            sendLines(ahead, key, id, data.data);
            linesAhead[id] = key;
            return;
          }
          sent.push(id);
          progress({ stage: 'validate', layer: { id, data } });
        },
      };
  const port = input.release;
  const released = port ? new Promise<void>((ok) => (port.onmessage = () => ok())) : null;
  const hold = released
    ? () =>
        new Promise<void>((ok) => {
          const timer = setTimeout(ok, input.holdCapMs ?? HOLD_CAP_MS);
          void released.then(() => {
            clearTimeout(timer);
            ok();
          });
        })
    : null;
  let out: ReturnType<typeof loadProject>;
  try {
    const beforeRead = (id: LayerId, size: number) => {
      if (ahead && !announced.has(id) && announcedBeforeRead(LAYERS[id], size)) announced.set(id, announceLines(ahead, id, progress, true));
    };
    if (input.source.kind === 'url') out = await loadFolder(input.source.baseUrl, options, progress, hold, beforeRead);
    else {
      progress({ fraction: 0.5, stage: 'validate' });
      out = loadProject(input.source.files, options);
    }
  } finally {
    port?.close();
    // a line set announced but never read (the load failed) comes empty: no tile waits for it
    for (const [id, key] of announced) sendLines(input.lines!, key, id, { type: 'FeatureCollection', features: [] });
    input.lines?.port.postMessage({ type: 'end' } satisfies LinesAheadMessage);
    input.lines?.port.close();
  }
  if (!input.progressive) return out;
  for (const id of sent) out.project.layers[id] = emptyLayer(LAYERS[id]);
  return { ...out, sent, ...(Object.keys(linesAhead).length > 0 ? { linesAhead } : {}) };
};
