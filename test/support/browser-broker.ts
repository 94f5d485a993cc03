import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_TEST_ARGS, TEST_CHROMIUM } from '../browser/chromium-args';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * URL of the browser broker: GET `${url}?pool=<VITEST_POOL_ID>` → `{ wsEndpoint, deadEndProxy }`
     * (`deadEndProxy`: the browser sends every request off loopback to a proxy that never answers); GET
     * `${url}/small-county` → `{ dir }`, the browser tests' small county (read-only).
     */
    browserBroker: string;
  }
}

/**
 * Vitest globalSetup: one headless Chromium per pool worker, shared by the browser test files that
 * worker runs one after another (each file still uses fresh browser contexts). Launching Chromium
 * costs about a second of CPU (browser, GPU and utility processes); 40 browser files paid it 40 times.
 *
 * Nothing is launched until a browser test asks (unit-only runs pay nothing). A worker slot's
 * browser is launched again when it has exited (a crash fails the file that was using it; the next
 * file gets a new one). Two files never run in one browser at once: vitest hands a pool id to one
 * running file at a time.
 *
 * It also hands out the browser tests' small county (test/support/generated-county.ts): written
 * once per run on first ask (≈ 1 s of CPU, which each of ~25 browser files paid for the same
 * files) and deleted at the end. The tests only read it (a test that edits a county copies it).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The browsers' proxy: a dead end. Chromium sends every request that is not for a loopback address
  // (any host name, any other IP address, http, https and WebSocket, from pages and workers alike) to
  // it, and it closes each connection without an answer, so nothing leaves the machine. The tests
  // still record every such request (harness `externalRequests`, from the request events, which
  // workers' requests raise too) and assert there are none. This replaces a Playwright route on every
  // request of every context (each request paused and continued through Node, and the HTTP cache
  // switched off while any route is set): never-lose.test.ts took ≈ 12 % less CPU without it.
  const deadEnd = createTcpServer((socket) => socket.destroy());
  await new Promise<void>((ok) => deadEnd.listen(0, '127.0.0.1', ok));
  const deadEndAddr = deadEnd.address();
  if (!deadEndAddr || typeof deadEndAddr === 'string') throw new Error('browser broker: no port for the dead-end proxy');
  const args = [...CHROMIUM_TEST_ARGS, `--proxy-server=http://127.0.0.1:${deadEndAddr.port}`];
  const servers = new Map<string, Promise<BrowserServer>>();
  const browserFor = async (pool: string): Promise<BrowserServer> => {
    const known = servers.get(pool);
    if (known) {
      const s = await known.catch(() => undefined);
      if (s && s.process().exitCode === null && s.process().signalCode === null) return s;
      servers.delete(pool);
    }
    const launching = chromium.launchServer({ executablePath: TEST_CHROMIUM, headless: true, args });
    servers.set(pool, launching);
    launching.then(
      (s) => s.on('close', () => servers.get(pool) === launching && servers.delete(pool)),
      () => servers.get(pool) === launching && servers.delete(pool),
    );
    return launching;
  };
  let smallCounty: Promise<string> | undefined;
  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.endsWith('/small-county')) {
      smallCounty ??= import('./generated-county.ts').then((m) => m.writeSmallCounty());
      smallCounty.then(
        (dir) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ dir }));
        },
        (e: unknown) => {
          res.statusCode = 500;
          res.end(String(e instanceof Error ? e.stack ?? e.message : e));
        },
      );
      return;
    }
    const pool = url.searchParams.get('pool') ?? '0';
    browserFor(pool).then(
      (s) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ wsEndpoint: s.wsEndpoint(), deadEndProxy: true }));
      },
      (e: unknown) => {
        res.statusCode = 500;
        res.end(String(e instanceof Error ? e.message : e));
      },
    );
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  const addr = http.address();
  if (!addr || typeof addr === 'string') throw new Error('browser broker: no port');
  project.provide('browserBroker', `http://127.0.0.1:${addr.port}/browser`);
  return async () => {
    await new Promise<void>((ok) => http.close(() => ok()));
    await Promise.all([...servers.values()].map((p) => p.then((s) => s.close()).catch(() => {})));
    await new Promise<void>((ok) => deadEnd.close(() => ok()));
    const dir = await smallCounty?.catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
