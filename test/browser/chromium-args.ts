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
 * The browser tests' flags: {@link CHROMIUM_ARGS} and WebAssembly compiled lazily (each function
 * when it is first called, then tiered up as usual). The DuckDB module is 32 MB of wasm, compiled
 * whole at every SQL start in every fresh test context; lazily, never-lose-s16 + db took 66 + 42 s
 * instead of 73 + 44 s (same machine, back to back). Same results, only when V8 compiles; the
 * benches keep the browser's defaults so their figures stay what a user's Chromium does.
 */
export const CHROMIUM_TEST_ARGS: readonly string[] = [...CHROMIUM_ARGS, '--js-flags=--wasm-lazy-compilation'];
