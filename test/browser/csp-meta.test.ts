import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CSP } from '../../scripts/csp.mjs';
import { openApp, startApp, waitForMapIdle, type AppServer } from './harness';

const SLOW = 300_000;
const DIST = resolve(import.meta.dirname, '../../dist');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

/** The plainest static server: files and MIME types, no security headers at all (no CSP, no nosniff). */
function plainServer(): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(DIST, path));
    try {
      if (!file.startsWith(DIST + sep) || !statSync(file).isFile()) throw new Error('no');
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      ok({ server, port, url: `http://localhost:${port}/` });
    }),
  );
}

describe('the CSP is in the built index.html itself (dist/ behind any static server)', () => {
  let app: AppServer;
  let plain: Awaited<ReturnType<typeof plainServer>>;

  beforeAll(async () => {
    app = await startApp();
    plain = await plainServer();
  }, SLOW);

  afterAll(async () => {
    await new Promise<void>((done) => {
      plain?.server.closeAllConnections();
      plain ? plain.server.close(() => done()) : done();
    });
    await app?.close();
  }, SLOW);

  test('the meta policy is the server policy minus frame-ancestors, before any script or style', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const m = /<head>\s*<meta charset="UTF-8" \/>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(m?.[1]).toBe(CSP.meta);
    expect(CSP.meta).not.toContain('frame-ancestors');
    expect(CSP.production.split('; ').filter((d) => !d.startsWith('frame-ancestors'))).toEqual(CSP.meta.split('; '));
    expect(CSP.meta).toMatch(/connect-src 'self' blob:( https:\/\/\*\.tianditu\.gov\.cn)?;/);
  });

  test('served without any CSP header, the app works and a fetch to another origin is refused by the page’s own policy', async () => {
    const head = await fetch(plain.url);
    expect(head.headers.get('content-security-policy')).toBeNull();
    const x = await openApp({ ...app, url: plain.url, close: async () => {} });
    const p = x.page;
    await waitForMapIdle(p);
    expect(x.errors).toEqual([]);
    // another origin: the same plain server under 127.0.0.1 (a real server that would answer)
    const other = `http://127.0.0.1:${plain.port}/data/demo/index.json`;
    const r = await p.evaluate(async (url) => {
      const violation = new Promise<{ directive: string; blocked: string }>((ok) =>
        document.addEventListener('securitypolicyviolation', (e) => ok({ directive: e.effectiveDirective, blocked: e.blockedURI }), { once: true }),
      );
      let fetched: string;
      try {
        const res = await fetch(url, { method: 'POST', body: 'household rows' });
        fetched = `status ${res.status}`;
      } catch (e) {
        fetched = (e as Error).name;
      }
      return { fetched, violation: await violation };
    }, other);
    expect(r.fetched).toBe('TypeError');
    expect(r.violation.directive).toBe('connect-src');
    expect(r.violation.blocked).toContain('127.0.0.1');
    // the page itself, its workers and DuckDB's files are same-origin: nothing else was refused
    expect(x.errors.filter((e) => !e.includes(other))).toEqual([]);
    // nothing left the page: the refused fetch never reached the network
    expect(x.externalRequests.filter((u) => u !== other)).toEqual([]);
    await x.context.close();
  }, SLOW);
});
