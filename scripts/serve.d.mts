/**
 * Serves a built app folder with the production CSP on `host` (default 127.0.0.1; '0.0.0.0' for every
 * interface); port 0 picks a free port.
 */
export declare function serveDist(root: string, port?: number, host?: string): Promise<{ url: string; port: number; host: string; close: () => Promise<void> }>;
