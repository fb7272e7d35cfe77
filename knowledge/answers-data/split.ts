import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The one split rule for the blind answer sets (routing, extraction, languages): a row is HELD-OUT
 * when the first byte of sha256(text) (UTF-8) is divisible by 3. Decided by the text alone, so it
 * cannot drift with file order, and nobody picks which rows are hard.
 */
export function isHeldOut(text: string): boolean {
  const firstByte = createHash('sha256').update(text, 'utf8').digest()[0] ?? 0;
  return firstByte % 3 === 0;
}

/** Which part of a labelled set a row belongs to. */
export type SplitPart = 'tuning' | 'heldout';

/** The part of `text`'s row. */
export const splitOf = (text: string): SplitPart => (isHeldOut(text) ? 'heldout' : 'tuning');

/** knowledge/answers-data in the checkout, from source or from dist/ (the JSONL files are not copied). */
export function answersDataDirectory(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return join(dir, 'knowledge', 'answers-data');
}

/** Reads one JSONL file of the answers data (blank lines skipped). */
export function readJsonl<T>(name: string): T[] {
  return readFileSync(join(answersDataDirectory(), name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}
