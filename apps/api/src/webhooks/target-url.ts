import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where webhooks may go. `public`: https only, and never to an address of this network (loopback,
 * private, link-local, carrier-grade NAT, unique-local, multicast, unspecified…): the service must not be
 * made to call its own metadata endpoint or database. `any`: http allowed and every address (development).
 * Names are resolved when an endpoint is registered and again at each connection, and the connection goes
 * to the address that was checked (DNS rebinding cannot swap it in between).
 */
export type TargetPolicy = 'public' | 'any';

// Two lists: a BlockList also matches IPv4 addresses against IPv4-mapped IPv6 ranges.
const BLOCKED = new BlockList();
const BLOCKED6 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) BLOCKED6.addSubnet(net, prefix, 'ipv6');

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // An IPv4-mapped address is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
    return BLOCKED6.check(address, 'ipv6');
  }
  return BLOCKED.check(address, 'ipv4');
}

/** The problem with a URL's form under the policy, or undefined. */
export function urlProblem(raw: string, policy: TargetPolicy): string | undefined {
  if (!URL.canParse(raw)) return 'url must be an absolute URL';
  const url = new URL(raw);
  if (url.protocol !== 'https:' && !(policy === 'any' && url.protocol === 'http:')) {
    return policy === 'public' ? 'url must use https' : 'url must use http or https';
  }
  if (url.username || url.password) return 'url must not carry credentials';
  if (url.hash) return 'url must not have a fragment';
  if (raw.length > 2_000) return 'url must be at most 2000 characters';
  return undefined;
}

/** Resolves the host and refuses it when any of its addresses is not public (public policy). */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<void> {
  const problem = urlProblem(raw, policy);
  if (problem) throw new TargetRefusedError(problem);
  if (policy === 'any') return;
  const host = hostOf(new URL(raw));
  const addresses = isIP(host) ? [{ address: host }] : await dnsLookup(host, { all: true }).catch(() => {
    throw new TargetRefusedError(`url's host ${host} does not resolve`);
  });
  const blocked = addresses.find((a) => isBlockedAddress(a.address));
  if (blocked) throw new TargetRefusedError(`url's host resolves to ${blocked.address}, which is not a public address`);
}

export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * A `lookup` for node:http that resolves, checks every address and connects to a checked one, so the
 * address connected to is the address judged. Under the `any` policy it is the system's lookup.
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction | undefined {
  if (policy === 'any') return undefined;
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family as number | undefined }).then(
      (addresses) => {
        const blocked = addresses.find((a) => isBlockedAddress(a.address));
        if (blocked || addresses.length === 0) {
          callback(new TargetRefusedError(`${hostname} resolves to ${blocked?.address ?? 'nothing'}, which is not a public address`), '', 4);
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}
