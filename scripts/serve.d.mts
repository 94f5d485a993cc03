/**
 * Serves a built app folder with the production CSP on `host` (default 127.0.0.1; '0.0.0.0' for every
 * interface); port 0 picks a free port. `opts.demoDir` serves that project folder as the demo county (`/data/demo/`).
 */
export declare function serveDist(root: string, port?: number, host?: string, opts?: { demoDir?: string }): Promise<{ url: string; port: number; host: string; close: () => Promise<void> }>;
