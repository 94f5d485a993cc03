/** True when dist/ is missing or older than its sources. */
export declare function isStale(): boolean;
/** Builds dist/ if stale (under a lock shared by parallel callers). */
export declare function buildIfStale(opts?: { quiet?: boolean }): { built: boolean; ms: number };
