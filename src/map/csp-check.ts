/**
 * Whether a Content-Security-Policy lets the page load an image from `url` (img-src, falling back
 * to default-src): 'self' for the page's own origin, `*` for any, and host sources with or without
 * a scheme, port and a leading `*.` wildcard. Paths in sources are ignored (a looser check than
 * the browser's: it never says no where the browser says yes for the origin).
 * @param csp - the policy text, e.g. the content of the page's CSP meta
 * @param pageOrigin - the page's origin, for 'self'
 * @example cspAllowsImage("img-src 'self' http://10.1.2.3:8080", 'http://10.1.2.3:8080/t/1/2/3.png', 'http://localhost') // true
 */
export function cspAllowsImage(csp: string, url: string, pageOrigin: string): boolean {
  const directives = new Map<string, string[]>();
  for (const d of csp.split(';')) {
    const [name, ...sources] = d.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  const sources = directives.get('img-src') ?? directives.get('default-src');
  if (!sources) return true;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
  return sources.some((s) => {
    if (s === '*') return u.protocol === 'http:' || u.protocol === 'https:';
    if (s === "'self'") return u.origin === pageOrigin;
    if (s.startsWith("'")) return false;
    if (/^[a-z][a-z0-9+.-]*:$/i.test(s)) return u.protocol === s.toLowerCase();
    const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^:/]+)(?::(\d+|\*))?/i.exec(s);
    if (!m) return false;
    const [, scheme, wild, host, p] = m;
    if (scheme && `${scheme.toLowerCase()}:` !== u.protocol) return false;
    if (!scheme && u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    const h = u.hostname.toLowerCase();
    const hostOk = wild ? h.endsWith(`.${host.toLowerCase()}`) : h === host.toLowerCase();
    if (!hostOk) return false;
    if (p === '*') return true;
    const want = p ?? (scheme?.toLowerCase() === 'https' ? '443' : scheme?.toLowerCase() === 'http' ? '80' : port);
    return want === port;
  });
}
