import type { Page } from 'playwright-core';

/**
 * The page's clock (ms since navigation start) at the first poll where every one of `layers` has a
 * rendered feature on the main map (and, with `all`, every tile of their sources is in): what the
 * first-screen probes (first-screen-ab.mts, first-screen-marks.mts) call "drawn".
 */
export function drawnAt(page: Page, layers: string[], all = false, polling = 50): Promise<number> {
  return page
    .waitForFunction(
      ({ layers, all }) => {
        const m = window.__coverageMap;
        if (!m) return false;
        const ok = layers.every((id) => {
          if (!m.getSource(`data:${id}`)) return false;
          if (all && !m.isSourceLoaded(`data:${id}`)) return false;
          const ls = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `${id}-${i}`).filter((l) => m.getLayer(l));
          return ls.length > 0 && m.queryRenderedFeatures({ layers: ls }).length > 0;
        });
        return ok ? performance.now() : false;
      },
      { layers, all },
      { timeout: 120_000, polling },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}
