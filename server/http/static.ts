// Serves the built client (dist/client) with the SPA fallback to index.html.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function createStaticHandler(root: string) {
  const indexFile = path.join(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (!existsSync(indexFile)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web client is not built yet: run `npm run build` (npm start does it for you).\n');
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Bad request path\n');
      return;
    }
    const requested = path.normalize(path.join(root, decoded));
    const inside = requested.startsWith(root + path.sep);
    const file = inside && existsSync(requested) && statSync(requested).isFile() ? requested : indexFile;
    const hashedAsset = file !== indexFile && pathname.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Vite names assets by content hash, so they never change; index.html must always be fresh.
      'cache-control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}
