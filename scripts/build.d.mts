// Types of scripts/build.mjs for the TypeScript that imports it (the tests' global setup, the build test).
export type Part = 'client' | 'server';
/** Builds the parts asked for (only the stale ones with `ifStale`); answers the parts it built. */
export function build(parts?: Part[], options?: { ifStale?: boolean }): Promise<Part[]>;
