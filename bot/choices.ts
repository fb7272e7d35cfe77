import type { QuickReply } from './messages';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';

/** Normalises typed input for comparison: no spaces or punctuation, lower case. */
export const normalizeTyped = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s.,!?~'"“”‘’()[\]{}·:;-]+/g, '');

/** Reads "1", "1번", "①", "첫번째"-style answers as a 1-based number, or null. */
export function typedNumber(text: string): number | null {
  const t = normalizeTyped(text);
  const circled = CIRCLED.indexOf(t);
  if (t.length === 1 && circled >= 0) return circled + 1;
  const match = /^(\d{1,2})(?:번|번째|번이요|번요|번입니다|번이에요)?$/.exec(t);
  if (match) return Number(match[1]);
  const ordinals = ['첫', '두', '세', '네', '다섯'];
  const ordinal = ordinals.findIndex((o) => t === `${o}번째` || t === `${o}번째요`);
  return ordinal >= 0 ? ordinal + 1 : null;
}

/**
 * Every choice offered as a button can also be typed: returns the chosen option when the
 * input is its postback, its number in the list, or its label (spacing and case ignored).
 */
export function matchChoice<T extends QuickReply>(
  input: { text: string; postback?: string },
  options: readonly T[],
): T | null {
  if (input.postback) {
    const byPostback = options.find((o) => o.postback === input.postback);
    if (byPostback) return byPostback;
  }
  if (!input.text) return null;
  const n = typedNumber(input.text);
  if (n !== null) return options[n - 1] ?? null;
  const typed = normalizeTyped(input.text);
  return options.find((o) => normalizeTyped(o.label) === typed) ?? null;
}

/** "1. 자격 확인\n2. 오늘의 퀴즈" — the typed fallback shown with buttons (PC clients hide quick replies). */
export const numberedList = (options: readonly { label: string }[]): string =>
  options.map((o, i) => `${i + 1}. ${o.label}`).join('\n');
