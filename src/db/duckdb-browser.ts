import { AsyncDuckDB, VoidLogger } from '@duckdb/duckdb-wasm';
import duckdbWasm from 'virtual:duckdb-wasm';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { DuckDbWasmAdapter, type DuckDbConnectionLike } from './duckdb-wasm-adapter.ts';

/**
 * The engine's URL for DuckDB's worker: in the production build the wasm ships gzip-compressed
 * (vite.config.ts, `duckdbWasmGz`), so it is fetched, inflated in the page and handed over as a
 * same-origin blob: URL (typed application/wasm, so it still compiles streaming); `done` frees it.
 */
async function engineUrl(): Promise<{ url: string; done(): void }> {
  if (!duckdbWasm.gzip) return { url: duckdbWasm.url, done() {} };
  const res = await fetch(duckdbWasm.url);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${duckdbWasm.url}`);
  let wasm = await res.arrayBuffer();
  // gzip's magic 1f 8b; a server that sent the file with Content-Encoding: gzip left the browser to
  // inflate it, and the bytes are already the engine's (\0asm)
  const head = new Uint8Array(wasm, 0, Math.min(2, wasm.byteLength));
  if (head[0] === 0x1f && head[1] === 0x8b) wasm = await new Response(new Blob([wasm]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  const url = URL.createObjectURL(new Blob([wasm], { type: 'application/wasm' }));
  return { url, done: () => URL.revokeObjectURL(url) };
}

/**
 * Start DuckDB-wasm in its own Web Worker (the `eh` build, ~34 MB, bundled by Vite from
 * node_modules and served by the app itself: no CDN) and return the app's {@link TabularDb} over
 * it, with extension autoloading off and the configuration locked.
 */
export async function openBrowserDuckDb(): Promise<DuckDbWasmAdapter> {
  const worker = new Worker(duckdbWorkerUrl);
  const duck = new AsyncDuckDB(new VoidLogger(), worker);
  try {
    const engine = await engineUrl();
    performance.mark('coverage:db:engine-fetched');
    try {
      await duck.instantiate(engine.url);
    } finally {
      engine.done();
    }
    performance.mark('coverage:db:instantiated');
    await duck.open({});
    const conn = await duck.connect();
    return await DuckDbWasmAdapter.open(conn as unknown as DuckDbConnectionLike, () => duck.terminate());
  } catch (err) {
    await duck.terminate().catch(() => undefined);
    throw err;
  }
}
