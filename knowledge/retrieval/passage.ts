import type { DocVersion } from './docs';
import { features, normalize } from './korean-text';

/** Characters Kakao shows before folding a bubble is 500; stay clear of it with the source line. */
export const PASSAGE_MAX_CHARS = 450;

/** Cuts text to at most `max` characters, at a sentence end when one is near, else at a space. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const sentenceEnd = Math.max(
    ...['다.', '요.', '. ', '! ', '? ', '\n'].map(
      (m) => head.lastIndexOf(m) + (m.endsWith(' ') || m === '\n' ? 1 : m.length),
    ),
  );
  if (sentenceEnd >= max * 0.5) return head.slice(0, sentenceEnd).trim();
  const space = head.lastIndexOf(' ');
  return `${(space >= max * 0.5 ? head.slice(0, space) : head).trim()}…`;
}

function overlap(paragraph: string, question: Set<string>): number {
  const f = features(normalize(paragraph));
  return [...new Set([...f.syllable, ...f.word])].filter((g) => question.has(g)).length;
}

/**
 * The part of a document that answers the question, within `max` characters: the opening
 * paragraph (docs put the answer first) plus the paragraph that best matches the question.
 */
export function bestPassage(version: DocVersion, question: string, max = PASSAGE_MAX_CHARS): string {
  const paragraphs = version.body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (version.body.length <= max || paragraphs.length <= 1) return shorten(version.body, max);
  const q = features(normalize(question));
  const wanted = new Set([...q.syllable, ...q.word]);
  const ranked = paragraphs
    .map((p, i) => ({ i, score: overlap(p, wanted) }))
    .filter(({ i }) => i > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen = [0];
  let used = paragraphs[0]!.length;
  for (const { i, score } of ranked) {
    if (score === 0) break;
    const length = paragraphs[i]!.length + 2;
    if (used + length > max) continue;
    chosen.push(i);
    used += length;
  }
  return shorten(
    chosen
      .sort((a, b) => a - b)
      .map((i) => paragraphs[i])
      .join('\n\n'),
    max,
  );
}
