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
