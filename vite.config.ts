import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CSP } from './scripts/csp.mjs';

const root = resolve(import.meta.dirname);
const DEMO_DIR = join(root, 'data/demo');
const MAPLIBRE_WORKER = join(root, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs');
const DUCKDB_WASM = join(root, 'node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm');
const DUCKDB_WASM_ID = 'virtual:duckdb-wasm';

/** Files of the demo project folder (flat, data files only). */
function demoFiles(): string[] {
  if (!existsSync(DEMO_DIR)) return [];
  return readdirSync(DEMO_DIR)
    .filter((f) => /\.(geojson|json|csv)$/i.test(f) && f !== 'index.json')
    .filter((f) => statSync(join(DEMO_DIR, f)).isFile())
    .sort();
}

/**
 * Serves the demo county (data/demo/) and MapLibre's worker as same-origin static files, in dev
 * and in the production build: `/data/demo/index.json` lists the files of the project folder.
 */
function offlineAssets(): Plugin {
  return {
    name: 'coverage-offline-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0];
        if (url === '/maplibre-gl-worker.mjs') {
          res.setHeader('Content-Type', 'text/javascript');
          res.end(readFileSync(MAPLIBRE_WORKER));
          return;
        }
        if (url === '/data/demo/index.json') {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ files: demoFiles() }));
          return;
        }
        const m = /^\/data\/demo\/([^/]+)$/.exec(url);
        if (m && demoFiles().includes(decodeURIComponent(m[1]))) {
          res.end(readFileSync(join(DEMO_DIR, decodeURIComponent(m[1]))));
          return;
        }
        next();
      });
    },
    generateBundle() {
      const files = demoFiles();
      this.emitFile({ type: 'asset', fileName: 'data/demo/index.json', source: JSON.stringify({ files }) });
      for (const f of files) {
        this.emitFile({ type: 'asset', fileName: `data/demo/${f}`, source: readFileSync(join(DEMO_DIR, f)) });
      }
      this.emitFile({ type: 'asset', fileName: 'maplibre-gl-worker.mjs', source: readFileSync(MAPLIBRE_WORKER) });
    },
  };
}

/**
 * DuckDB-wasm's engine (the `eh` build from node_modules, 33 MB) goes into the production build
 * gzip-compressed (7 MB: `dist/` without the demo data shrinks from 41 to 15 MB, the size issue #15
 * asks of a county office PC), and the page inflates it (DecompressionStream) before DuckDB's worker
 * compiles it — from the app's own folder, with no server setting needed. `virtual:duckdb-wasm` is
 * `{ url, gzip }`; the dev server serves the plain file through a `?url` import.
 */
function duckdbWasmGz(): Plugin {
  let build = false;
  let base = '/';
  return {
    name: 'coverage-duckdb-wasm-gz',
    configResolved(c) {
      build = c.command === 'build';
      base = c.base;
    },
    resolveId(id) {
      return id === DUCKDB_WASM_ID ? `\0${DUCKDB_WASM_ID}` : null;
    },
    load(id) {
      if (id !== `\0${DUCKDB_WASM_ID}`) return null;
      if (!build) return `import url from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';\nexport default { url, gzip: false };`;
      const wasm = readFileSync(DUCKDB_WASM);
      const fileName = `assets/duckdb-eh-${createHash('sha256').update(wasm).digest('hex').slice(0, 10)}.wasm.gz`;
      this.emitFile({ type: 'asset', fileName, source: gzipSync(wasm, { level: 6 }) });
      return `export default { url: ${JSON.stringify(base + fileName)}, gzip: true };`;
    },
  };
}

/**
 * Puts the production CSP into the built index.html as `<meta http-equiv="Content-Security-Policy">`
 * right after `<meta charset>` (before any script or style), so dist/ served by any static server
 * keeps it. Build only: the dev server needs inline scripts and a websocket, and sends its own header.
 */
function cspMeta(): Plugin {
  const CHARSET = '<meta charset="UTF-8" />';
  return {
    name: 'coverage-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      if (!html.includes(CHARSET)) throw new Error(`index.html must start its <head> with ${CHARSET}`);
      const attr = CSP.meta.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      return html.replace(CHARSET, `${CHARSET}\n    <meta http-equiv="Content-Security-Policy" content="${attr}" />`);
    },
  };
}

export default defineConfig({
  plugins: [react(), offlineAssets(), duckdbWasmGz(), cspMeta()],
  server: { headers: { 'Content-Security-Policy': CSP.dev } },
  preview: { headers: { 'Content-Security-Policy': CSP.production } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
