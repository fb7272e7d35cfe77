import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The channel secret of LINE's published signature test vector. */
export const TEST_LINE_CHANNEL_SECRET = '8c570fa6dd201bb328f1c1eac23a96d8';

/** Signs a webhook body the way LINE does (base64 HMAC-SHA256 of the exact bytes). */
export function signLineBody(body: string | Buffer, secret: string = TEST_LINE_CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** The raw bytes of `test/fixtures/line/<name>.json`, as LINE would send them (not re-serialised). */
export function lineFixture(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'line', `${name}.json`), 'utf8');
}

/** A ready-to-send webhook request: the raw body plus the headers LINE sets. */
export function signedLineRequest(
  body: string,
  secret: string = TEST_LINE_CHANNEL_SECRET,
): { body: string; headers: Record<string, string> } {
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-line-signature': signLineBody(body, secret),
      'user-agent': 'LineBotWebhook/2.0',
    },
  };
}

/** Every fixture name under test/fixtures/line. */
export const LINE_FIXTURES = [
  'text',
  'two-users',
  'sticker',
  'image',
  'postback',
  'follow',
  'unfollow',
  'unsend',
  'group-message',
  'redelivery',
  'verify',
  'ignored',
  'emoji-text',
] as const;
