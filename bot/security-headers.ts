import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler, Response } from 'express';

/**
 * HTTP headers that keep a browser from being turned against our users: no MIME sniffing, no
 * framing (clickjacking the admin page), no referrer, and a Content-Security-Policy. JSON answers
 * get a policy that allows nothing; the two pages (the chat emulator, the admin page) get one that
 * allows exactly their own inline script and style, by hash, and calls to this server.
 */

const BASE_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/** Sets the base headers on every response. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
  next();
};

const hashOf = (content: string): string =>
  `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;

/** Hashes of every inline `<script>` and `<style>` block of an HTML file (read once at start-up). */
export function inlineHashes(htmlFile: string): { scripts: string[]; styles: string[] } {
  const html = readFileSync(htmlFile, 'utf8');
  const blocks = (tag: string): string[] => {
    const found: string[] = [];
    const open = `<${tag}>`;
    const close = `</${tag}>`;
    // A plain scan instead of a regex: linear, and the exact bytes the browser hashes.
    for (let at = html.indexOf(open); at >= 0; at = html.indexOf(open, at + 1)) {
      const end = html.indexOf(close, at);
      if (end < 0) break;
      found.push(html.slice(at + open.length, end));
    }
    return found;
  };
  return { scripts: blocks('script').map(hashOf), styles: blocks('style').map(hashOf) };
}

/** The Content-Security-Policy of one of our pages: its inline code by hash, fetch to this origin. */
export function pagePolicy(htmlFile: string): string {
  const { scripts, styles } = inlineHashes(htmlFile);
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ') || "'none'"}`,
    `style-src ${styles.join(' ') || "'none'"}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sets a page's policy (over the base one) on a response about to send that page. */
export const usePagePolicy = (res: Response, policy: string): void => {
  res.setHeader('content-security-policy', policy);
};
