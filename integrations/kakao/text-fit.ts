/**
 * Fitting text into Kakao's bubbles: Markdown stripped (KakaoTalk shows it raw), long text split on
 * paragraph, then sentence, then word boundaries, never inside a character (emoji included).
 * Lengths are UTF-16 code units, which never undercount what Kakao counts.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The largest grapheme boundary at or below `limit` (UTF-16 index); > 0 whenever text and limit are. */
export function graphemeCut(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  let cut = 0;
  for (const { index } of graphemes.segment(text)) {
    if (index > limit) break;
    cut = index;
  }
  if (cut > 0) return cut;
  // A single "character" longer than the limit (absurd combining runs): cut by code point instead.
  let byCodePoint = Math.max(1, limit);
  const code = text.charCodeAt(byCodePoint - 1);
  if (code >= 0xd800 && code <= 0xdbff && byCodePoint > 1) byCodePoint -= 1;
  return byCodePoint;
}

/** Removes the Markdown a language model tends to write; KakaoTalk would show the asterisks. */
export function stripMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^[ \t]*```[^\n]*$/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/\*\*([^*\n]+?)\*\*/g, '$1')
    .replace(/__([^_\n]+?)__/g, '$1')
    .replace(/~~([^~\n]+?)~~/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/!?\[([^\]\n]+)\]\((\S+?)\)/g, '$1 ($2)')
    .replace(/^([ \t]*)[-*+][ \t]+/gm, '$1• ')
    .replace(/\n{3,}/g, '\n\n');
}

/** One line, single spaces: for titles and labels. */
export function oneLine(text: string): string {
  return stripMarkdown(text).replace(/\s+/g, ' ').trim();
}

const SENTENCE_END = /(?:[.!?。？！…~]+["'”’)\]]*)(?=\s)|\n/g;

/** Where the first sentence (or line) of `text` ends; `text.length` when it never does. */
export function firstSentenceEnd(text: string): number {
  SENTENCE_END.lastIndex = 0;
  const match = SENTENCE_END.exec(text);
  return match ? match.index + match[0].length : text.length;
}

/** The best place at or below `limit` to end a piece of `text`: paragraph, sentence, word, character. */
export function findCut(text: string, limit: number): number {
  if (text.length <= limit) return text.length;
  const window = text.slice(0, limit + 1);
  const floor = Math.floor(limit * 0.3);

  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph > floor) return paragraph;

  let sentence = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) {
    const end = m.index + m[0].length;
    if (end <= limit) sentence = end;
  }
  if (sentence > floor) return sentence;

  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
  if (space > floor) return space;

  return graphemeCut(text, limit);
}

/**
 * Splits text into pieces of at most `max` characters. The first piece also keeps its first
 * sentence inside `visible` characters (Kakao folds a bubble after 500), cutting earlier if needed.
 */
export function splitText(text: string, max: number, visible = max): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    let cut = findCut(rest, max);
    if (pieces.length === 0 && visible < max) {
      const head = rest.slice(0, cut);
      if (head.length > visible && firstSentenceEnd(head) > visible) cut = findCut(rest, visible);
    }
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.length > 0) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  return pieces;
}

/**
 * Shortens a label to `max` characters: drops parenthesised asides first, then cuts at a word
 * boundary and ends with "…". Returns '' for a blank label (the caller numbers it instead).
 */
export function shortenLabel(label: string, max: number): string {
  const whole = oneLine(label);
  if (whole.length <= max) return whole;
  const withoutAsides = whole
    .replace(/\s*[([（【][^)\]）】]*[)\]）】]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (withoutAsides.length > 0 && withoutAsides.length <= max) return withoutAsides;
  const base = withoutAsides.length > 0 ? withoutAsides : whole;
  const room = max - 1;
  let head = base.slice(0, graphemeCut(base, room));
  const space = head.lastIndexOf(' ');
  if (space >= Math.ceil(room / 2)) head = head.slice(0, space);
  return `${head.trimEnd()}…`;
}

/** Cuts text to at most `max` characters without breaking a character (no ellipsis). */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, graphemeCut(text, max));
}
