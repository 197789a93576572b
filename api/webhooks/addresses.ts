/**
 * Where a webhook may be sent. An endpoint is an address on the public internet: one that resolves
 * to a private, loopback, link-local, unique-local or otherwise special range would let whoever
 * registers it reach the server's own network (server-side request forgery). Checked when it is
 * registered and again before every attempt, since a name can resolve elsewhere later.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Two lists: node's BlockList matches every IPv4 address against an IPv4-mapped IPv6 rule.
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) refusedV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) refusedV6.addSubnet(network, prefix, 'ipv6');

/** Whether an IP address is in a range a webhook must never reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return family === 4 ? refusedV4.check(address, 'ipv4') : refusedV6.check(address, 'ipv6');
}

const LOOKUP_TIMEOUT_MS = 5_000;

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** The endpoint's scheme and every address its host resolves to, checked. */
export async function checkEndpoint(url: string, { allowPrivate = false } = {}): Promise<UrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not an address' };
  }
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) return { ok: false, reason: 'must be https' };
  if (allowPrivate) return { ok: true };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      // A resolver that never answers must not hold a request (or a delivery slot) for long.
      const answer = lookup(host, { all: true, verbatim: true });
      const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error('DNS timeout')), LOOKUP_TIMEOUT_MS).unref());
      addresses = (await Promise.race([answer, late])).map((entry) => entry.address);
    } catch {
      return { ok: false, reason: `${host} does not resolve` };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: `${host} does not resolve` };
  if (addresses.some(isPrivateAddress)) return { ok: false, reason: `${host} resolves to a private, loopback or link-local address` };
  return { ok: true };
}
