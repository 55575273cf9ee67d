// Starts the reading thread (reading-thread.ts) under tsx. Node 20 cannot start a worker from a .ts file,
// even with `--import tsx` in its execArgv, so this plain module loads the TypeScript through tsx's API:
// the same whether the server runs as `node --import tsx server/main.ts` or inside vitest. The built
// server (dist/server) has the thread compiled under this same name instead, and no tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./reading-thread.ts', import.meta.url);
