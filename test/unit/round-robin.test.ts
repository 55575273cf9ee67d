// The tests' balancer (test/support/round-robin.ts) must not close a connection its client still counts on:
// a request sent on it as the balancer closes it fails with ECONNRESET, and a CI run failed so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KEEP_ALIVE_MS } from '../../server/http/server.ts';
import { type RoundRobin, startRoundRobin } from '../support/round-robin.ts';

let app: http.Server;
let balancer: RoundRobin;
beforeAll(async () => {
  // Keeps idle connections as the app server does, and says so in its Keep-Alive header.
  app = http.createServer((_req, res) => res.end('ok'));
  app.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  balancer = await startRoundRobin([`http://127.0.0.1:${(app.address() as AddressInfo).port}`]);
});
afterAll(async () => {
  await balancer.close();
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

it('keeps a client’s idle connection open past Node’s default (5 s and a 1 s margin), as the app’s Keep-Alive header promises', async () => {
  const first = await fetch(balancer.url);
  expect(first.headers.get('keep-alive')).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
  expect(await first.text()).toBe('ok');
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  const second = await fetch(balancer.url);
  expect(await second.text()).toBe('ok');
  // The second request went on the first one's connection: the balancer had not closed it.
  expect(balancer.connectionsAccepted()).toBe(1);
});
