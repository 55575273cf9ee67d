// A load balancer for tests: each request goes to the next of several app servers in turn, as a balancer without
// sticky sessions would send them. Two instances behind it must answer as one does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepIdleConnections } from '../../server/http/server.ts';

export interface RoundRobin {
  url: string;
  /** How many client connections the balancer has accepted so far. */
  connectionsAccepted(): number;
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
  // The answers carry the app's `Keep-Alive: timeout=65` hint, so fetch keeps an idle connection for about
  // that long. With Node's default here (5 s, closing at about 6 s), the balancer closed connections the
  // client still counted on: a request sent as one closed got ECONNRESET, and a CI run failed so.
  keepIdleConnections(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  let accepted = 0;
  proxy.on('connection', () => (accepted += 1));
  return {
    connectionsAccepted: () => accepted,
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
