/**
 * Content-Security-Policy values: the app server's header (production), the Vite dev server's header
 * (dev), and the production policy minus what a `<meta http-equiv>` cannot carry (meta, put into the
 * built index.html).
 */
export declare const CSP: { production: string; dev: string; meta: string };

/** Intranet tile-server origins from BASEMAP_ORIGINS text (space- or comma-separated); throws for anything but a bare http(s) origin. */
export declare function basemapOrigins(text: string | undefined): string[];
