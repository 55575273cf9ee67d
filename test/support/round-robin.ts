// A load balancer for tests: each request goes to the next of several app servers in turn, as a balancer without
// sticky sessions would send them. Two instances behind it must answer as one does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  close(): Promise<void>;
}

export async function startRoundRobin(targets: readonly string[]): Promise<RoundRobin> {
  let next = 0;
  const proxy = http.createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length] ?? '');
    // The path as it came, `..` and all: new URL(path, target) would resolve it (test/api/security.test.ts sends such paths).
    const options = { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers };
    const forwarded = http.request(options, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    forwarded.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
