// The Content-Security-Policy of the app. Production: no 'unsafe-eval'; 'wasm-unsafe-eval' only because
// DuckDB-wasm compiles WebAssembly; workers same-origin (blob: is not allowed). connect-src allows
// blob: only for the DuckDB engine the page itself inflated from the app's gzip file (a blob: URL is
// made by this page's own script; nothing leaves the machine). The only other host is 天地图, for the
// optional online basemap the user must switch on with their own key.
const TIANDITU = 'https://*.tianditu.gov.cn';

/**
 * Intranet tile servers a deployment allows for the basemap's URL template (天地图政务版 …):
 * `BASEMAP_ORIGINS="http://10.1.2.3:8080 https://map.gov.local" npm run build`. Empty by default,
 * so the built app may contact no other host. Anything but a bare http(s) origin stops the build.
 * @param {string | undefined} text
 * @returns {string[]}
 */
export function basemapOrigins(text) {
  const list = (text ?? '').split(/[\s,]+/).filter(Boolean);
  for (const o of list) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(o)) throw new Error(`BASEMAP_ORIGINS: "${o}" is not an origin like http://10.1.2.3:8080`);
  }
  return list;
}
const INTRANET = basemapOrigins(process.env.BASEMAP_ORIGINS).map((o) => ` ${o}`).join('');
const production = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' data: blob: ${TIANDITU}${INTRANET}`,
  "font-src 'self' data:",
  `connect-src 'self' blob: ${TIANDITU}${INTRANET}`,
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
  `img-src 'self' data: blob: ${TIANDITU}${INTRANET}`,
  "font-src 'self' data:",
  `connect-src 'self' ws://localhost:* ws://127.0.0.1:* ${TIANDITU}${INTRANET}`,
].join('; ');

// The same policy as a <meta http-equiv> in the built index.html, so dist/ is protected behind any static
// server. A meta cannot carry frame-ancestors (nor report-uri/sandbox); those stay header-only.
const meta = production
  .split('; ')
  .filter((d) => !/^(frame-ancestors|report-uri|report-to|sandbox)\b/.test(d))
  .join('; ');

export const CSP = { production, dev, meta };
