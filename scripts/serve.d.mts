/** Serves a built app folder on 127.0.0.1 with the production CSP; port 0 picks a free port. */
export declare function serveDist(root: string, port?: number): Promise<{ url: string; port: number; close: () => Promise<void> }>;
