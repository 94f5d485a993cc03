// The Content-Security-Policy of the app. Production: no 'unsafe-eval'; 'wasm-unsafe-eval' only because
// DuckDB-wasm compiles WebAssembly; workers same-origin (blob: is not allowed). The only other host
// is 天地图, for the optional online basemap the user must switch on with their own key.
const TIANDITU = 'https://*.tianditu.gov.cn';
const production = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${TIANDITU}`,
  "font-src 'self' data:",
  `connect-src 'self' ${TIANDITU}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Vite's dev server injects inline scripts for React refresh and talks over a websocket.
const dev = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${TIANDITU}`,
  "font-src 'self' data:",
  `connect-src 'self' ws://localhost:* ws://127.0.0.1:* ${TIANDITU}`,
].join('; ');

// The same policy as a <meta http-equiv> in the built index.html, so dist/ is protected behind any static
// server. A meta cannot carry frame-ancestors (nor report-uri/sandbox); those stay header-only.
const meta = production
  .split('; ')
  .filter((d) => !/^(frame-ancestors|report-uri|report-to|sandbox)\b/.test(d))
  .join('; ');

export const CSP = { production, dev, meta };
