// A small static server for the production build (dist/), sending the app's Content-Security-Policy.
// Binds to 127.0.0.1 unless another address is asked for (`npm start -- --host …`). Used by `npm start`
// and the browser tests.
import { createServer } from 'node:http';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CSP } from './csp.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.pbf': 'application/x-protobuf',
  '.pmtiles': 'application/octet-stream',
  '.sql': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** A project folder's data files, as the build lists them in data/demo/index.json (vite.config.ts). */
function projectFiles(dir) {
  return readdirSync(dir)
    .filter((f) => /\.(geojson|json|csv)$/i.test(f) && f !== 'index.json')
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/**
 * Serve `root` on `host`:`port` (0 = any free port). `host` is 127.0.0.1 by default (this machine
 * only); an intranet address, or '0.0.0.0' / '::' for every interface, opens it to the network.
 * `opts.demoDir`: a project folder served as the app's demo county (`/data/demo/`, with its
 * `index.json` listing) instead of the one built into `root` — the browser tests' small county.
 * @returns {Promise<{ url: string, port: number, host: string, close: () => Promise<void> }>}
 */
export function serveDist(root, port = 0, host = '127.0.0.1', opts = {}) {
  const base = resolve(root);
  const demoDir = opts.demoDir ? resolve(opts.demoDir) : undefined;
  const demoIndex = demoDir ? JSON.stringify({ files: projectFiles(demoDir) }) : undefined;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    let file = normalize(join(base, path));
    if (demoDir && path.startsWith('/data/demo/')) {
      const name = path.slice('/data/demo/'.length);
      if (name === 'index.json') {
        res.writeHead(200, { 'Content-Type': TYPES['.json'], 'Content-Security-Policy': CSP.production, 'Cache-Control': 'no-cache' }).end(req.method === 'HEAD' ? undefined : demoIndex);
        return;
      }
      file = name.includes('/') || name.includes('\\') ? '' : join(demoDir, name);
      if (!file) {
        res.writeHead(403).end();
        return;
      }
    } else if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    let st;
    try {
      st = statSync(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    if (!st.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': CSP.production,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const addr = server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '0.0.0.0' || host === '::';
      const urlHost = loopback ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      ok({
        url: `http://${urlHost}:${p}/`,
        port: p,
        host,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
