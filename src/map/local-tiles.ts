import * as maplibregl from 'maplibre-gl';
import { MbtilesArchive } from './mbtiles-file';
import { PmtilesArchive } from './pmtiles-file';

/** The URL scheme MapLibre reads local tile files through: `localtiles://<name>/{z}/{x}/{y}`. */
export const LOCAL_TILES_PROTOCOL = 'localtiles';

/** A tile file read in place: a PMTiles or an MBTiles archive. */
export interface TileArchive {
  header: { tileType: number; minZoom: number; maxZoom: number; bounds: [number, number, number, number] };
  tile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  metadata(): Promise<Record<string, unknown>>;
}

/** An opened local tile file: its archive and what the map needs to show it. */
export interface LocalTiles {
  name: string;
  archive: TileArchive;
  /** Vector tiles (MVT) or images. */
  vector: boolean;
  /** Layer ids of vector tiles (from the metadata), drawn in plain greys. */
  vectorLayers: string[];
  attribution: string;
}

const opened = new Map<string, LocalTiles>();
let registered = false;
let emptyPng: Promise<ArrayBuffer> | null = null;

/** A 1×1 transparent PNG, for image tiles the file does not have (drawn by the browser, not stored). */
function transparentPng(): Promise<ArrayBuffer> {
  emptyPng ??= new OffscreenCanvas(1, 1).convertToBlob({ type: 'image/png' }).then((b) => b.arrayBuffer());
  return emptyPng;
}

function registerProtocol(): void {
  if (registered) return;
  registered = true;
  maplibregl.addProtocol(LOCAL_TILES_PROTOCOL, async (params) => {
    const m = /^localtiles:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
    const t = m ? opened.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !t) throw new Error(`no local tile file for ${params.url}`);
    const bytes = await t.archive.tile(Number(m[2]), Number(m[3]), Number(m[4]));
    if (!bytes) return { data: t.vector ? new ArrayBuffer(0) : await transparentPng() };
    return { data: bytes.slice().buffer };
  });
}

/**
 * Opens a basemap file the user picked, read in place (only the parts a view needs, through
 * `File.slice`): a .pmtiles archive, or an .mbtiles file (SQLite, through its tile index). Throws
 * a PmtilesError or MbtilesError with the reason for a file it cannot show.
 * @returns the name to put in the basemap setting
 */
export async function openLocalTiles(file: File): Promise<LocalTiles> {
  const read = async (offset: number, length: number) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  const archive: TileArchive = /\.mbtiles$/i.test(file.name) ? await MbtilesArchive.open(read, file.size) : await PmtilesArchive.open(read);
  const meta = await archive.metadata().catch(() => ({}) as Record<string, unknown>);
  const layers = Array.isArray(meta.vector_layers) ? meta.vector_layers : [];
  let name = file.name;
  for (let i = 2; opened.has(name) && opened.get(name)!.archive !== archive; i++) name = `${file.name} (${i})`;
  const t: LocalTiles = {
    name,
    archive,
    vector: archive.header.tileType === 1,
    vectorLayers: layers.map((l: unknown) => String((l as { id?: unknown })?.id ?? '')).filter(Boolean),
    attribution: typeof meta.attribution === 'string' ? meta.attribution : '',
  };
  registerProtocol();
  opened.set(name, t);
  return t;
}

/** The opened file of that name, or undefined (not opened in this session). */
export function localTiles(name: string): LocalTiles | undefined {
  return opened.get(name);
}
