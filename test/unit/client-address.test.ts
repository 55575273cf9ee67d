// Whose address a request is counted against: the socket's, or behind a trusted load balancer the
// X-Forwarded-For entry that balancer added; never an address the client wrote into the header itself.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '../../server/http/client-address.ts';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  const balancers = parseTrustedProxies('10.0.0.5, 172.28.0.0/16, fd00::/8');

  it('is the socket’s address when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress(request('203.0.113.7', '198.51.100.1'), null)).toBe('203.0.113.7');
    expect(clientAddress(request('::ffff:203.0.113.7'), null)).toBe('203.0.113.7');
  });

  it('is the entry a trusted balancer added, read from the right', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), balancers)).toBe('203.0.113.7');
    expect(clientAddress(request('::ffff:172.28.3.4', '203.0.113.7'), balancers)).toBe('203.0.113.7');
    // A client that sends its own X-Forwarded-For: the balancer appends the real address, which is what counts.
    expect(clientAddress(request('10.0.0.5', '1.2.3.4, 203.0.113.7'), balancers)).toBe('203.0.113.7');
    // Two trusted hops (a TLS proxy, then the balancer).
    expect(clientAddress(request('10.0.0.5', '2001:db8::1, 172.28.0.9'), balancers)).toBe('2001:db8::1');
  });

  it('believes no header from an address it does not trust', () => {
    expect(clientAddress(request('203.0.113.9', '10.0.0.5'), balancers)).toBe('203.0.113.9');
  });

  it('stays with the balancer when it forwarded nothing usable', () => {
    expect(clientAddress(request('10.0.0.5'), balancers)).toBe('10.0.0.5');
    expect(clientAddress(request('10.0.0.5', 'not-an-address'), balancers)).toBe('10.0.0.5');
  });
});

describe('parseTrustedProxies', () => {
  it('refuses what is neither an address nor a network, naming it', () => {
    for (const bad of ['10.0.0', '10.0.0.0/33', 'fd00::/129', 'balancer', '10.0.0.0/', '10.0.0.0/8/8'])
      expect(() => parseTrustedProxies(bad), bad).toThrow(`${bad} is not an address or a network`);
  });
});
