/** Content-Security-Policy header values of the app server (production) and the Vite dev server. */
export declare const CSP: { production: string; dev: string };
