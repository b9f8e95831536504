import { isIP } from 'node:net';

/**
 * True for an IPv4 loopback address (127.0.0.0/8), IPv6 `::1`, and IPv4 loopback mapped into IPv6
 * (`::ffff:127.0.0.1`, what a dual-stack socket reports). Host names are not addresses: `localhost` is false here,
 * because what it resolves to is the resolver's choice.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}
