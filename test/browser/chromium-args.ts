/** Debian's Chromium, headless, WebGL by SwiftShader: the flags every browser test launches with. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  // The page itself is composited in software; only WebGL goes through SwiftShader. Same
  // pixels, ~15 % less CPU in the GPU process (measured on the load + fire run probe).
  '--disable-gpu-compositing',
];

/**
 * The browser tests' flags: {@link CHROMIUM_ARGS}, and two choices of when V8 compiles, made for a
 * suite that opens ~100 short-lived pages on two saturated cores (same results, only the compiling
 * differs; the benches keep the browser's defaults so their figures stay what a user's Chromium does):
 * - WebAssembly compiled lazily (each function when first called, then tiered up as usual). DuckDB's
 *   32 MB module was compiled whole at every SQL start in every fresh test context: never-lose-s16 +
 *   db took 66 + 42 s instead of 73 + 44 s (back to back); the HiGHS siting files unchanged.
 * - JavaScript optimised up to Maglev, not TurboFan (`--max-opt=2`): in pages that live seconds,
 *   less CPU in all than with TurboFan's slower compiles and faster code. Whole-machine CPU
 *   (/proc/stat) of fire + never-lose + scenarios 71.0 / 72.6 s against 85.4 / 76.2 s, of
 *   siting-panel + fire-drag + db (the demo county's fire and HiGHS runs) 89.9 s against 94.3 /
 *   99.3 s. Sparkplug only (`--max-opt=1`) was worse on the heavy files: 121.3 s.
 */
export const CHROMIUM_TEST_ARGS: readonly string[] = [
  ...CHROMIUM_ARGS,
  '--js-flags=--wasm-lazy-compilation --max-opt=2',
  // The browser's own autofill queries (content-autofill.googleapis.com, sent by Chromium itself when
  // a test fills a form): the tests' dead-end proxy (test/browser/harness.ts) sees every request a
  // context makes, the browser's too, and would count them as the app's.
  '--disable-features=AutofillServerCommunication',
];
