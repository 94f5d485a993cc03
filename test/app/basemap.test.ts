import { describe, expect, test } from 'vitest';
import { basemapTemplateProblem, restorableBasemap, sanitizeBasemap } from '../../src/state/ui-slice';
import { cspAllowsImage } from '../../src/map/csp-check';
import { basemapOrigins } from '../../scripts/csp.mjs';

const PAGE = 'http://127.0.0.1:5173';

describe('basemap choice', () => {
  test('an intranet XYZ or WMTS template needs http(s) and the {z} {x} {y} placeholders', () => {
    expect(basemapTemplateProblem('http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png')).toBeNull();
    expect(basemapTemplateProblem('https://map.gov.local/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}')).toBeNull();
    expect(basemapTemplateProblem('  ')).toBe('empty');
    expect(basemapTemplateProblem('file:///c:/tiles/{z}/{x}/{y}.png')).toBe('not-http');
    expect(basemapTemplateProblem('javascript:alert(1)//{z}{x}{y}')).toBe('not-http');
    expect(basemapTemplateProblem('http://10.1.2.3/tiles/{z}/{x}.png')).toBe('no-placeholders');
  });

  test('a malformed setting falls back to none; a local file is not restored after a reload', () => {
    expect(sanitizeBasemap({ kind: 'template', url: 'http://10.1.2.3/{z}/{x}/{y}.png ' })).toEqual({ kind: 'template', url: 'http://10.1.2.3/{z}/{x}/{y}.png' });
    expect(sanitizeBasemap({ kind: 'template', url: 'ftp://x/{z}/{x}/{y}' })).toEqual({ kind: 'none' });
    expect(sanitizeBasemap({ kind: 'file', name: 'county.pmtiles' })).toEqual({ kind: 'file', name: 'county.pmtiles' });
    expect(restorableBasemap({ kind: 'file', name: 'county.pmtiles' })).toEqual({ kind: 'none' });
    expect(restorableBasemap({ kind: 'template', url: 'http://10.1.2.3/{z}/{x}/{y}.png' })).toEqual({ kind: 'template', url: 'http://10.1.2.3/{z}/{x}/{y}.png' });
  });

  test('the CSP check allows only the origins the policy lists', () => {
    const csp = "default-src 'self'; img-src 'self' data: blob: https://*.tianditu.gov.cn http://10.1.2.3:8080; connect-src 'self'";
    expect(cspAllowsImage(csp, 'http://10.1.2.3:8080/t/1/2/3.png', PAGE)).toBe(true);
    expect(cspAllowsImage(csp, 'http://10.1.2.3:9090/t/1/2/3.png', PAGE)).toBe(false);
    expect(cspAllowsImage(csp, 'http://10.1.2.4:8080/t/1/2/3.png', PAGE)).toBe(false);
    expect(cspAllowsImage(csp, 'https://t0.tianditu.gov.cn/vec_w/wmts', PAGE)).toBe(true);
    expect(cspAllowsImage(csp, 'http://t0.tianditu.gov.cn/vec_w/wmts', PAGE)).toBe(false);
    expect(cspAllowsImage(csp, `${PAGE}/tiles/1/2/3.png`, PAGE)).toBe(true);
    // no img-src: default-src decides
    expect(cspAllowsImage("default-src 'self'", 'http://10.1.2.3:8080/a.png', PAGE)).toBe(false);
  });

  test('the build takes intranet origins from BASEMAP_ORIGINS and refuses anything else', () => {
    expect(basemapOrigins(undefined)).toEqual([]);
    expect(basemapOrigins('http://10.1.2.3:8080, https://map.gov.local')).toEqual(['http://10.1.2.3:8080', 'https://map.gov.local']);
    expect(() => basemapOrigins('http://10.1.2.3/tiles')).toThrow(/not an origin/);
    expect(() => basemapOrigins("http://x; script-src 'unsafe-inline'")).toThrow(/not an origin/);
  });
});
