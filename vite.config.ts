import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CSP } from './scripts/csp.mjs';

const root = resolve(import.meta.dirname);
const DEMO_DIR = join(root, 'data/demo');
const MAPLIBRE_WORKER = join(root, 'node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs');

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

export default defineConfig({
  plugins: [react(), offlineAssets()],
  server: { headers: { 'Content-Security-Policy': CSP.dev } },
  preview: { headers: { 'Content-Security-Policy': CSP.production } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
