import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { demoBaseUrl, startEarlyLoad } from './project/early-load';
import { savedWorkMayUseDemo } from './project/demo-hint';
import { openWorkDb } from './state/work-db';

// for benchmarks: when the page's first script ran (test/bench/first-screen-ab.mts)
performance.mark('coverage:main');
// public/browser-check.js has already shown its message when the browser lacks what the app needs.
if (!document.documentElement.hasAttribute('data-unsupported')) {
  // The demo county's files are fetched and parsed in the load worker while the app's bundle
  // (React, MapLibre, the panels) is fetched and run; the app takes the load over
  // (src/project/early-load.ts). The page shows the saved work instead when there is some; saved
  // work made of the user's own layers only does not start it (src/project/demo-hint.ts).
  if (savedWorkMayUseDemo()) startEarlyLoad(demoBaseUrl());
  // the saved work is read before the county is drawn: its database opens meanwhile too
  openWorkDb().catch(() => {});
  void import('./mount').then((m) => m.mount());
}
