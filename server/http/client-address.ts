// The address a request came from, for the per-address sign-in limit (server/auth/login-throttle.ts). Behind a
// load balancer every request arrives from the balancer: without this, one office's typos would make every
// user of the app wait. TRUSTED_PROXIES names the balancers; only their X-Forwarded-For is believed, read from
// the right (the entry each trusted hop added), so a client cannot pick its own address by sending the header.

import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.5` (IPv4 on a dual-stack socket) is 10.0.0.5. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * `10.0.0.5, 10.1.0.0/16, fd00::/8`: addresses and networks, comma-separated. Throws a sentence naming the
 * first entry that is neither.
 */
export function parseTrustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const entry of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? null : Number(bits);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix)) || bits === '') {
      throw new Error(`${entry} is not an address or a network such as 10.0.0.0/8`);
    }
    if (prefix === null) list.addAddress(address, familyOf(address));
    else list.addSubnet(address, prefix, familyOf(address));
  }
  return list;
}

/** The client's address: the socket's, or, from a trusted proxy, the nearest X-Forwarded-For entry no trusted proxy holds. */
export function clientAddress(req: IncomingMessage, trusted: BlockList | null): string {
  let address = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => plain(hop.trim()))
    .filter(Boolean);
  while (isIP(address) !== 0 && trusted.check(address, familyOf(address))) {
    const next = hops.pop();
    // A trusted proxy that forwarded no valid address: the proxy is as near to the client as is known.
    if (next === undefined || isIP(next) === 0) return address;
    address = next;
  }
  return address;
}
