// Whose address a request comes from. Behind a load balancer or reverse proxy every connection comes
// from the proxy, which names the client in X-Forwarded-For; anyone else can write that header too.
// So it is believed only on a connection from an address in TRUSTED_PROXIES (addresses or CIDR
// ranges; none by default), and then only back to the first address that is not one of the proxies.
// The result feeds the per-address limits of the public grants pages and the log lines that name a
// caller.
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** One TRUSTED_PROXIES entry's problem, or undefined when it is a usable address or range. */
export function trustedProxyProblem(entry: string): string | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return `${entry} is not an IP address or CIDR range (such as 10.0.0.4, 10.0.0.0/24 or fd00::/64)`;
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `${entry}: the prefix after / must be a whole number from 0 to ${max}`;
  if (Number(prefix) === 0) return `${entry} would trust every address, so anyone could claim to be anyone: name your proxies' addresses or subnet`;
  return undefined;
}

/** The proxies whose X-Forwarded-For is believed. */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const problem = trustedProxyProblem(entry);
      if (problem) throw new Error(`TRUSTED_PROXIES: ${problem}`);
      const [address = '', prefix] = entry.split('/');
      const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const family = isIP(address);
    if (family === 0 || this.size === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The address a request comes from: X-Forwarded-For is read only when the connection is from a trusted proxy. */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies): string {
  const peer = normaliseAddress(req.socket.remoteAddress ?? 'unknown');
  if (!trusted.has(peer)) return peer;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((a) => normaliseAddress(a.trim()))
    .filter((a) => isIP(a) !== 0);
  // The nearest address not a proxy of ours is the client (earlier entries are the client's own claims).
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    const address = forwarded[i];
    if (address && !trusted.has(address)) return address;
  }
  return forwarded[0] ?? peer;
}

/** An IPv4 client reached over an IPv6 socket shows as ::ffff:a.b.c.d: the same client. */
const normaliseAddress = (address: string): string => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
