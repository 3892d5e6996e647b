// The CLI's defaults, stated once for the code, the help and the docs.

/** Rows worked on at once: enough to fill a tenant's rate limit, few enough to stay polite. */
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 20;
