import { isIP } from 'node:net';
import type { Request } from 'express';
import { pseudonym } from './logger';

/**
 * A client's network address, for per-source limits. Express finds it from the socket, or from
 * X-Forwarded-For when TRUST_PROXY says how many proxies in front of us to believe (app.ts).
 * Limits key on the address's network: an IPv6 client controls its whole /64, so the /64 counts
 * as one source. Only a keyed hash of it is ever kept or logged.
 */

/** The part of an address that identifies one source: the IPv4 address, or the IPv6 /64. */
export function addressKey(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1] as string;
  if (isIP(bare) !== 6) return bare;
  return expandIpv6(bare).slice(0, 4).join(':') + '::/64';
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((h) => h.padStart(4, '0'));
}

/** True for 127.0.0.0/8 and ::1 (also as IPv4-mapped). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (isIP(bare) === 6 && expandIpv6(bare).join(':') === '0000:0000:0000:0000:0000:0000:0000:0001')
    return true;
  return /^127\.\d+\.\d+\.\d+$/.test(addressKey(bare));
}

/** The request's address as Express resolved it (socket, or trusted X-Forwarded-For hops). */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** The opaque per-source key of a request (a keyed hash of its address network). */
export const originOf = (req: Request, secret: string): string =>
  pseudonym(secret, `addr:${addressKey(clientAddress(req))}`);
