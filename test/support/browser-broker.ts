import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_TEST_ARGS } from '../browser/chromium-args';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * URL of the browser broker: GET `${url}?pool=<VITEST_POOL_ID>` → `{ wsEndpoint }`; GET
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
  const servers = new Map<string, Promise<BrowserServer>>();
  const browserFor = async (pool: string): Promise<BrowserServer> => {
    const known = servers.get(pool);
    if (known) {
      const s = await known.catch(() => undefined);
      if (s && s.process().exitCode === null && s.process().signalCode === null) return s;
      servers.delete(pool);
    }
    const launching = chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_TEST_ARGS] });
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
        res.end(JSON.stringify({ wsEndpoint: s.wsEndpoint() }));
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
    const dir = await smallCounty?.catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
