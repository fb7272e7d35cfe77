import { createHash } from 'node:crypto';

/**
 * The held-out rule shared by every labelled set in knowledge/answers-data: a row is held out when
 * the first byte of sha256(text) (utf8) is divisible by 3. It depends on the text alone, so a row
 * keeps its side when rows are added, reordered or relabelled.
 */
export function isHeldOut(text: string): boolean {
  return (createHash('sha256').update(text, 'utf8').digest()[0] ?? 0) % 3 === 0;
}

export type Split = 'tune' | 'heldout';

export const splitOf = (text: string): Split => (isHeldOut(text) ? 'heldout' : 'tune');
