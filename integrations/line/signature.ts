import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header LINE signs every webhook with (Node lower-cases header names). */
export const LINE_SIGNATURE_HEADER = 'x-line-signature';

// Strict base64 of a 32-byte digest: Buffer.from(…, 'base64') silently skips junk characters,
// so without this check "<valid signature>!!" would still compare equal.
const SIGNATURE_SHAPE = /^[A-Za-z0-9+/]{43}=$/;

/** The base64 HMAC-SHA256 of the raw body bytes under the channel secret (what LINE sends). */
export function computeLineSignature(rawBody: Buffer | string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

/**
 * True when `signature` is LINE's signature of exactly these bytes. Compares in constant time.
 * Takes the raw body: a parse/stringify round trip changes the bytes (LINE escapes non-BMP
 * characters as `\uD83E\uDD28`), so it must run before any JSON parser touches the request.
 */
export function verifyLineSignature(
  rawBody: Buffer | string,
  channelSecret: string,
  signature: string | string[] | undefined,
): boolean {
  if (typeof signature !== 'string' || channelSecret === '') return false;
  const given = signature.trim();
  if (!SIGNATURE_SHAPE.test(given)) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const received = Buffer.from(given, 'base64');
  return received.length === expected.length && timingSafeEqual(received, expected);
}
