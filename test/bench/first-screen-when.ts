import type { BrowserContext, Page } from 'playwright-core';

/**
 * When the first screen is drawn, observed frame by frame: an init script (installed by
 * {@link watchFirstScreen} before the page loads) checks, at each map frame (`render` event), whether
 * the township outlines and the roads have a rendered feature, and records the page's clock (ms
 * since navigation start) once the first frame where they do is committed to the screen — and the
 * first where every road tile of the view is in. One `queryRenderedFeatures` per frame until found,
 * nothing after.
 *
 * It replaced a probe that polled `queryRenderedFeatures` from Node every 20–50 ms (session 16), and
 * agrees with it: the same build, loads observed alternately at load 12–14, roads drawn 3.61 s per
 * frame against 3.80 s polled, and 4.13 against 4.17 s (6 loads each) — the polled figures of
 * sessions 5–15 stand. Timed at the render event itself (before the commit) it read 0.5 s sooner
 * (2.60 against 3.11 s at load 8–10): that is how long a frame takes from MapLibre's draw calls to
 * the screen under software compositing, not time the user has the map sooner.
 */
export interface FirstScreen {
  /** First frame with a township outline drawn. */
  outline: number;
  /** First frame with townships and roads drawn ("map usable"). */
  roads: number;
  /** First frame with townships and roads drawn and every tile of the roads' source in. */
  roadsIn: number;
}

const OBSERVER = `(() => {
  const found = (window.__firstScreen = {});
  const styleLayers = (m, id) => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => id + '-' + i).filter((l) => m.getLayer(l));
  const drawn = (m, id) => {
    if (!m.getSource('data:' + id)) return false;
    const ls = styleLayers(m, id);
    return ls.length > 0 && m.queryRenderedFeatures({ layers: ls }).length > 0;
  };
  // the time once the frame is on the screen: MapLibre's render event comes inside the animation
  // frame, before the page commits it (with software compositing the commit reads the WebGL frame
  // back and waits for it to be drawn); a task posted now runs after that commit
  const committed = (key) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      found[key] = performance.now();
      ch.port1.close();
      if (found.townshipsAt !== undefined && found.roadsAt !== undefined && found.roadsInAt !== undefined) {
        found.outline = found.townshipsAt;
        found.roads = Math.max(found.townshipsAt, found.roadsAt);
        found.roadsIn = Math.max(found.roads, found.roadsInAt);
      }
    };
    ch.port2.postMessage(0);
  };
  const seen = {};
  const poll = setInterval(() => {
    const m = window.__coverageMap;
    if (!m) return;
    clearInterval(poll);
    const onRender = () => {
      if (!seen.townships && drawn(m, 'townships')) committed('townshipsAt', (seen.townships = true));
      if (!seen.roads && drawn(m, 'roads')) committed('roadsAt', (seen.roads = true));
      if (seen.roads && !seen.roadsIn && m.isSourceLoaded('data:roads')) committed('roadsInAt', (seen.roadsIn = true));
      if (seen.townships && seen.roadsIn) m.off('render', onRender);
    };
    m.on('render', onRender);
  }, 5);
})()`;

/** Installs the frame-by-frame observer on every page of `context` (call before the page is opened). */
export async function watchFirstScreen(context: BrowserContext): Promise<void> {
  await context.addInitScript(OBSERVER);
}

/** The first screen's times (ms since navigation start), once the roads' tiles are all in; the page's context must have {@link watchFirstScreen}. */
export async function firstScreen(page: Page, timeoutMs = 120_000): Promise<FirstScreen> {
  const h = await page.waitForFunction(
    () => {
      const f = (window as unknown as { __firstScreen?: Partial<FirstScreen> }).__firstScreen;
      return f && f.roadsIn !== undefined ? { outline: f.outline, roads: f.roads, roadsIn: f.roadsIn } : false;
    },
    null,
    { timeout: timeoutMs, polling: 250 },
  );
  return (await h.jsonValue()) as FirstScreen;
}
