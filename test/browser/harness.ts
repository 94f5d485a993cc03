import { mkdirSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { buildIfStale } from '../../scripts/build.mjs';
import { serveDist } from '../../scripts/serve.mjs';
import { SMALL_COUNTY_HOUSEHOLDS, writeSmallCounty } from '../support/generated-county';

export { SMALL_COUNTY_HOUSEHOLDS };

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOT_DIR = resolve(ROOT, 'test/screenshots');
import { CHROMIUM, CHROMIUM_ARGS } from './chromium-args';

export { CHROMIUM };

/** One production build served with its CSP on a free localhost port, and one headless Chromium. */
export interface AppServer {
  url: string;
  /** The project folder served as the demo county: data/demo, or the small county's temporary folder. */
  dataDir: string;
  browser: Browser;
  /**
   * The proxy every browser context made through `browser.newContext` (and {@link openApp}) sends
   * its requests to, except those for this server's own origin: a dead end that closes each
   * connection unanswered and reports each attempt (`onAttempt`: the URL for http, `https://host:port/`
   * for a tunnel). Undefined for a browser launched by a bench itself (openApp routes instead).
   */
  deadEnd?: DeadEnd;
  close(): Promise<void>;
}

/** See {@link AppServer.deadEnd}. */
export interface DeadEnd {
  server: string;
  onAttempt(listener: (url: string) => void): () => void;
}

/**
 * A TCP server on 127.0.0.1 that acts as the browser's proxy and never answers: it reads the first
 * line of each connection (`GET http://host/path HTTP/1.1`, or `CONNECT host:443 HTTP/1.1` for https
 * and WebSocket over TLS), reports it, and closes the connection, so the request fails in the browser.
 */
async function startDeadEnd(): Promise<{ deadEnd: DeadEnd; close(): Promise<void> }> {
  const listeners = new Set<(url: string) => void>();
  const server: TcpServer = createTcpServer((socket) => {
    let head = '';
    const report = () => {
      const [method, target] = head.split('\r\n')[0].split(' ');
      const url = method === 'CONNECT' ? `https://${target}/` : target || `(unreadable request: ${JSON.stringify(head.slice(0, 80))})`;
      for (const l of listeners) l(url);
      socket.destroy();
    };
    socket.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n')) report();
    });
    socket.on('end', () => head && report());
    socket.on('error', () => {});
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('dead-end proxy: no port');
  return {
    deadEnd: {
      server: `http://127.0.0.1:${addr.port}`,
      onAttempt(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** The context option that sends everything but `appUrl`'s own origin to the dead end (loopback's other ports included). */
function deadEndProxy(deadEnd: DeadEnd, appUrl: string): { server: string; bypass: string } {
  // Playwright adds `<-loopback>` (no implicit bypass of 127.0.0.1 and localhost) unless the list names a loopback host alone
  return { server: deadEnd.server, bypass: new URL(appUrl).host };
}

/** A page of the app, with everything it asked the network for and every console error. */
export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Every request URL, from navigation to now (page and its workers). */
  requests: string[];
  /** Requests to anything but this server (they are blocked, and a test should assert there are none). */
  externalRequests: string[];
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Dialogs the page opened (alert/confirm/prompt; a beforeunload question is accepted, not listed): an XSS payload would show up here. */
  dialogs: string[];
}

/** The run's broker (test/support/browser-broker.ts), or undefined outside vitest, with COVERAGE_OWN_BROWSER=1 or without the globalSetup. */
function brokerUrl(): string | undefined {
  if (process.env.COVERAGE_OWN_BROWSER === '1') return undefined;
  try {
    return inject('browserBroker') || undefined;
  } catch {
    return undefined; // not in a vitest worker
  }
}

/**
 * The shared Chromium of this vitest worker (test/support/browser-broker.ts), or undefined when
 * there is none: outside vitest (benches), with COVERAGE_OWN_BROWSER=1, or without the globalSetup.
 */
async function sharedBrowserEndpoint(): Promise<string | undefined> {
  const broker = brokerUrl();
  if (!broker) return undefined;
  const r = await fetch(`${broker}?pool=${encodeURIComponent(process.env.VITEST_POOL_ID ?? '0')}`);
  if (!r.ok) throw new Error(`shared Chromium did not start: ${await r.text()}`);
  return ((await r.json()) as { wsEndpoint: string }).wsEndpoint;
}

/**
 * The small county this vitest run shares (written once by test/support/browser-broker.ts, which
 * deletes it at the end), or undefined outside vitest, with COVERAGE_OWN_BROWSER=1 or without the
 * globalSetup. Read-only: a test that edits a county copies it first.
 */
async function sharedSmallCounty(): Promise<string | undefined> {
  const broker = brokerUrl();
  if (!broker) return undefined;
  const r = await fetch(`${broker}/small-county`);
  if (!r.ok) throw new Error(`the shared small county was not written: ${await r.text()}`);
  return ((await r.json()) as { dir: string }).dir;
}

/**
 * Which county the app opens as its demo: `demo` — data/demo, 200,000 households, as shipped;
 * `small` — the same generator and seed at {@link SMALL_COUNTY_HOUSEHOLDS} households (same townships,
 * stations, hydrants and plots; 2,797 road segments), written once per run to a temporary folder (shared
 * by every file, see test/support/browser-broker.ts) and served in
 * data/demo's place. For tests of behaviour that no figure of the full demo depends on: a load of
 * the small county costs a fraction of the demo's CPU, and the suite runs about 80 loads.
 */
export type TestCounty = 'demo' | 'small';

/**
 * Builds dist/ when stale, serves it (CSP headers as in production) and gives a headless Chromium
 * (WebGL by SwiftShader): under vitest the worker's shared one (connected; `close()` closes every
 * context this file opened and disconnects), else — or with `ownBrowser` — one launched for this
 * file. Call `close()` in afterAll: it stops both.
 */
export async function startApp(opts: { ownBrowser?: boolean; county?: TestCounty; dataDir?: string } = {}): Promise<AppServer> {
  buildIfStale({ quiet: true });
  const shared = opts.county === 'small' && !opts.dataDir ? await sharedSmallCounty() : undefined;
  // a county written here (no shared one) is this server's own, deleted by close()
  const ownDir = opts.county === 'small' && !shared && !opts.dataDir ? writeSmallCounty() : undefined;
  // `dataDir`: a project folder the test wrote (and removes) served as the demo
  const demoDir = opts.dataDir ?? shared ?? ownDir;
  const server = await serveDist(resolve(ROOT, 'dist'), 0, undefined, { demoDir });
  let browser: Browser;
  let dead: Awaited<ReturnType<typeof startDeadEnd>> | undefined;
  try {
    const ws = opts.ownBrowser ? undefined : await sharedBrowserEndpoint();
    browser = ws ? await chromium.connect(ws) : await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
    if (ws) {
      // the tests' shared browser: every context this file makes goes through the dead end
      const d = (dead = await startDeadEnd()).deadEnd;
      const newContext = browser.newContext.bind(browser);
      browser.newContext = (o = {}) => newContext({ proxy: deadEndProxy(d, server.url), ...o });
    }
  } catch (e) {
    await dead?.close();
    await server.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: server.url,
    dataDir: demoDir ?? resolve(ROOT, 'data/demo'),
    browser,
    deadEnd: dead?.deadEnd,
    async close() {
      await browser.close().catch(() => {});
      await dead?.close();
      await server.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/**
 * The browser tests' window: 1000 × 640 CSS px (the map ≈ 670 × 600 beside the 330 px side bar).
 * SwiftShader draws every map pixel on the CPU; against 1400 × 900 one load of the small county, a
 * few zooms and a fire run cost 10.0 s of Chromium CPU instead of 13.4 s (GPU process 2.4 s instead
 * of 4.5 s; paired runs). A test that needs a bigger window asks for one.
 */
export const TEST_VIEWPORT = { width: 1000, height: 640 } as const;

/** A county office's desktop window: what the benches measure in (their figures compare with earlier runs). */
export const DESKTOP_VIEWPORT = { width: 1400, height: 900 } as const;

/**
 * Opens the app in a fresh browser context (empty localStorage unless `context` is given), records
 * requests and errors, and blocks anything not served by the app server.
 *
 * Blocking, under vitest: the context's proxy is the app server's dead end ({@link AppServer.deadEnd};
 * a context a test made with `app.browser.newContext` has it too), which every request not for the
 * app's own origin reaches and fails at (pages, workers, service workers, other loopback ports). Each
 * request the page or its workers raise is listed (`requests`), those off the origin also in
 * `externalRequests`, and so is every attempt the dead end saw from any context of this server while
 * the page is open (at least as much as a route saw: a popup's or a service worker's request too).
 * A browser launched by a bench itself gets a Playwright route on every request instead, which
 * pauses each request in Node and turns the context's HTTP cache off while it is set
 * (never-lose, work and db took 5–7 % more CPU with it under vitest; docs/trust.md, session 18).
 */
export async function openApp(app: AppServer, opts: { context?: BrowserContext; viewport?: { width: number; height: number } } = {}): Promise<AppPage> {
  // reducedMotion: MapLibre honours prefers-reduced-motion, so flyTo/fitBounds jump instead of
  // rendering (and tiling) every intermediate zoom of a 600 ms flight in software WebGL.
  const context =
    opts.context ??
    (await app.browser.newContext({
      viewport: opts.viewport ?? TEST_VIEWPORT,
      locale: 'zh-CN',
      reducedMotion: 'reduce',
      // the origin of `app.url` (a test may serve the same build from another server)
      ...(app.deadEnd ? { proxy: deadEndProxy(app.deadEnd, app.url) } : {}),
    }));
  // A navigation (goto, reload) waits for the page's load event. Playwright's 30 s default was
  // exceeded once by a reload at a load average of 12 on two cores; the tests then wait for states.
  context.setDefaultNavigationTimeout(120_000);
  // Likewise every wait for an element or a state without its own timeout (click, waitFor, …).
  context.setDefaultTimeout(60_000);
  const origin = new URL(app.url).origin;
  const requests: string[] = [];
  const externalRequests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  // tsx/esbuild may wrap named functions inside page.evaluate callbacks with a `__name` helper.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  const isLocal = (u: string) => u.startsWith(origin + '/') || u.startsWith('blob:' + origin) || u.startsWith('data:');
  if (!app.deadEnd) {
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (isLocal(u)) return route.continue();
      externalRequests.push(u);
      return route.abort('blockedbyclient');
    });
  }
  const page = await context.newPage();
  if (app.deadEnd) {
    const off = app.deadEnd.onAttempt((u) => externalRequests.includes(u) || externalRequests.push(u));
    page.on('close', off);
  }
  page.on('request', (r) => {
    requests.push(r.url());
    if (!isLocal(r.url()) && !externalRequests.includes(r.url())) externalRequests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    // a reload or navigation the test asked for goes ahead: the app asks before leaving only while
    // a save is still being written (src/state/work-store.ts), and dismissing the question would
    // cancel the reload, leaving the test to time out waiting for it
    if (d.type() === 'beforeunload') {
      void d.accept();
      return;
    }
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('worker', (w) => {
    requests.push(w.url());
    if (!isLocal(w.url())) externalRequests.push(w.url());
  });
  await page.goto(app.url);
  return { page, context, requests, externalRequests, errors, dialogs };
}

/** Waits until the project is loaded and the map has drawn everything (MapLibre 'idle'). */
export async function waitForMapIdle(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="project-status"]')?.getAttribute('data-status') === 'ready', null, {
    timeout: timeoutMs,
  });
  await page.waitForFunction(() => !!window.__coverageMap, null, { timeout: timeoutMs });
  await page.evaluate(
    () =>
      new Promise<void>((ok) => {
        const m = window.__coverageMap!;
        const check = () => {
          if (m.loaded() && m.areTilesLoaded() && !m.isMoving()) ok();
          else m.once('idle', () => ok());
        };
        // let pending store → map updates run first
        requestAnimationFrame(() => requestAnimationFrame(check));
      }),
  );
}

/**
 * Waits until the page has rendered two more frames and every image in the document has settled
 * (loaded or failed): what a handler injected with attribute text (an `onerror`, an `onload`) would
 * need in order to run. For "nothing happened" checks, instead of a fixed sleep.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    const pending = Array.from(document.images).filter((img) => !img.complete);
    await Promise.all(pending.map((img) => new Promise((r) => ['load', 'error'].forEach((ev) => img.addEventListener(ev, r, { once: true })))));
  });
}

/**
 * Features MapLibre actually drew for a data layer (all its style layers `${layerId}-${i}`, and
 * `${layerId}-agg-${i}` for the low-zoom aggregate of a large point layer) in the current viewport — read from the map, not the store. Returns the count and up to `sample`
 * features' ids and properties.
 */
export async function queryRenderedFeatures(
  page: Page,
  layerId: string,
  sample = 3,
): Promise<{ count: number; styleLayers: string[]; sample: { id: unknown; properties: Record<string, unknown>; layer: string }[] }> {
  return page.evaluate(
    ({ layerId, sample }) => {
      const m = window.__coverageMap!;
      const styleLayers = m
        .getStyle()
        .layers.filter((l) => l.id.startsWith(`${layerId}-`) && /^(agg-)?\d+$/.test(l.id.slice(layerId.length + 1)))
        .map((l) => l.id);
      const fs = styleLayers.length ? m.queryRenderedFeatures({ layers: styleLayers }) : [];
      return {
        count: fs.length,
        styleLayers,
        sample: fs.slice(0, sample).map((f) => ({ id: f.id, properties: f.properties, layer: f.layer.id })),
      };
    },
    { layerId, sample },
  );
}

/** Saves a PNG of the page to test/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * For a describe block whose tests open their own pages: starts the app and Chromium once
 * (beforeAll) and closes both afterwards (afterAll). Read `server.app` inside tests.
 * @example
 * describe('saved work', () => {
 *   const server = useAppServer({ county: 'small' });
 *   test('…', async () => { const x = await openApp(server.app); });
 * });
 */
export function useAppServer(opts: { county?: TestCounty } = {}, timeoutMs = 240_000): { readonly app: AppServer } {
  const server = {} as { app: AppServer };
  beforeAll(async () => {
    server.app = await startApp({ county: opts.county });
  }, timeoutMs);
  afterAll(async () => {
    await server.app?.close();
  }, timeoutMs);
  return server;
}

/**
 * For a describe block: starts the app and Chromium once (beforeAll), opens the demo county and
 * waits for the map, and closes both afterwards (afterAll). Read `demo.app` / `demo.main` inside tests.
 * With `expectClean`, afterAll also checks the page logged no error and made no request off localhost.
 * @example
 * describe('my panel', () => {
 *   const demo = useDemoApp();
 *   test('…', async () => { await demo.main.page.getByTestId('panel-tab-fire').click(); });
 * });
 */
export function useDemoApp(timeoutMs = 300_000, opts: { expectClean?: boolean; county?: TestCounty; dataDir?: () => string } = {}): { readonly app: AppServer; readonly main: AppPage } {
  const demo = {} as { app: AppServer; main: AppPage };
  beforeAll(async () => {
    demo.app = await startApp({ county: opts.county, dataDir: opts.dataDir?.() });
    demo.main = await openApp(demo.app);
    await waitForMapIdle(demo.main.page);
  }, timeoutMs);
  afterAll(async () => {
    try {
      // expectClean: the page logged no error and asked nothing of any other host, over every test of the block
      if (opts.expectClean && demo.main) {
        expect(demo.main.errors).toEqual([]);
        expect(demo.main.externalRequests).toEqual([]);
      }
    } finally {
      await demo.app?.close();
    }
  }, timeoutMs);
  return demo;
}

/**
 * Waits until the map shows the county: features of every one of `layers` (by default the
 * township outlines and the roads) drawn in the view, the camera still. Other layers (the
 * households) may still be loading. (MapLibre's `isSourceLoaded` is not asked: it can stay false
 * for a drawn layer while its one worker tiles another source.) Reads the map, not the store; does not use `getStyle()` (it would copy every
 * source).
 */
export async function waitForCountyDrawn(page: Page, timeoutMs = 90_000, layers: readonly string[] = ['townships', 'roads']): Promise<void> {
  await page.waitForFunction(
    (layers) => {
      const m = window.__coverageMap;
      if (!m || m.isMoving()) return false;
      return layers.every((id) => {
        if (!m.getSource(`data:${id}`)) return false;
        const styleLayers = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${id}-${i}`).filter((l) => m.getLayer(l));
        return styleLayers.length > 0 && m.queryRenderedFeatures({ layers: styleLayers }).length > 0;
      });
    },
    layers,
    { timeout: timeoutMs, polling: 50 },
  );
}

/**
 * Waits until the app has its project (the saved work or the demo county) in the store — a state,
 * not the map: for tests that read or edit the project and need nothing drawn. Cheaper than
 * {@link waitForMapIdle} when the page is reloaded or closed next (its drawing is cut short).
 */
export async function waitForProject(page: Page, timeoutMs = 90_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="project-status"]')?.getAttribute('data-status') === 'ready', null, {
    timeout: timeoutMs,
  });
}

/**
 * A record of the app's saved work (IndexedDB `coverage-planner`, store `work`) under `key`, as the
 * page reads it; undefined when there is none (or no store yet). Return only what a test needs
 * from it (a path such as `data.features.length`, read in the page; empty: the whole record), so big records need not be copied to Node.
 */
export async function savedWorkRecord<T>(page: Page, key: string, pick: string): Promise<T | undefined> {
  return page.evaluate(
    ({ key, pick }) =>
      new Promise<T | undefined>((ok, fail) => {
        const r = indexedDB.open('coverage-planner');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('work')) {
            db.close();
            return ok(undefined);
          }
          const g = db.transaction('work').objectStore('work').get(key);
          g.onsuccess = () => {
            db.close();
            // `pick` is a path of property names ('data.features.length'); a missing step gives undefined
            let v: unknown = g.result;
            for (const k of pick ? pick.split('.') : []) v = v == null ? undefined : (v as Record<string, unknown>)[k];
            ok(v as T | undefined);
          };
          g.onerror = () => fail(g.error);
        };
      }),
    { key, pick },
  );
}

/**
 * The bytes of a download. Read through Playwright's stream, not `download.path()`: a browser the
 * test connected to (the worker's shared Chromium) has no local path to give.
 */
export async function downloadBytes(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The page pixel of the centre (mean of the outer ring's vertices) of the first built-up area whose
 * name starts with `name`, `dx` pixels to the right: where the fire tests click to add a station
 * (羊平镇: far from the existing stations, so a station there adds households).
 */
export function builtUpPixel(page: Page, name: string, dx = 0): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ name, dx }) => {
      const s = window.__coverageStore!.getState() as unknown as { project: { project: { layers: { builtUp: { data: { features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[] } } } } } };
      const f = s.project.project.layers.builtUp.data.features.find((g) => g.properties.name.startsWith(name))!;
      const ring = f.geometry.coordinates[0];
      const lon = ring.reduce((a, c) => a + c[0], 0) / ring.length, lat = ring.reduce((a, c) => a + c[1], 0) / ring.length;
      const m = window.__coverageMap!;
      const pt = m.project([lon, lat]);
      const r = m.getCanvas().getBoundingClientRect();
      return { x: r.left + pt.x + dx, y: r.top + pt.y };
    },
    { name, dx },
  );
}
