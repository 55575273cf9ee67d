// A small closed-loop load generator: N clients, each with its own keep-alive connection (an http.Agent
// with one socket), each sending its next request as soon as the last one answered, until a fixed number
// of requests is done. Latency is timed per request, from `http.request` to the response's last byte.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadClient {
  agent: http.Agent;
  headers: Record<string, string>;
}

export function newClient(headers: Record<string, string> = {}): LoadClient {
  return { agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), headers };
}

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request on the client's connection; answers the whole response. */
export function send(client: LoadClient, url: URL, method: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent: client.agent,
        headers: { ...client.headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export interface LoadResult {
  requests: number;
  wallMs: number;
  latenciesMs: number[];
  failures: number;
  firstFailure: string | null;
}

/**
 * `requests` POSTs spread over the clients as they free up. `body(i)` makes request i's body; a request
 * counts as failed unless `ok` accepts its answer (the load goes on; the caller decides what failures mean).
 */
export async function runLoad(options: {
  clients: LoadClient[];
  url: URL;
  requests: number;
  body: (i: number) => string;
  ok: (answer: Answer) => boolean;
}): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const start = performance.now();
  await Promise.all(
    options.clients.map(async (client) => {
      for (let i = next++; i < options.requests; i = next++) {
        const body = options.body(i);
        const sent = performance.now();
        const answer = await send(client, options.url, 'POST', body);
        latenciesMs.push(performance.now() - sent);
        if (!options.ok(answer)) {
          failures++;
          firstFailure ??= `${answer.status} ${answer.body.slice(0, 300)}`;
        }
      }
    }),
  );
  return { requests: options.requests, wallMs: performance.now() - start, latenciesMs, failures, firstFailure };
}

export function closeClients(clients: LoadClient[]): void {
  for (const client of clients) client.agent.destroy();
}
