import { normalizeTyped, typedNumber } from '../../bot/choices';
import type { QuizItem } from '../../knowledge/quiz/bank';

/**
 * Grading: turns what the student tapped or typed into an answer for one item and says whether
 * it is right. Pure functions; the session code decides which item an answer belongs to.
 */

/** What the student answered: a choice (1-based) or a number. */
export type GivenAnswer = { kind: 'choice'; choice: number } | { kind: 'numeric'; value: number };

/** The postback of a choice button: it carries the item id so an old button grades its own item. */
export const answerPostback = (itemId: string, choice: number): string => `quiz:answer:${itemId}:${choice}`;

/** Reads `quiz:answer:<itemId>:<choice>`; null for anything else. */
export function parseAnswerPostback(postback: string | undefined): { itemId: string; choice: number } | null {
  if (!postback) return null;
  const match = /^quiz:answer:([a-z0-9-]+):(\d{1,2})$/.exec(postback);
  return match ? { itemId: match[1] as string, choice: Number(match[2]) } : null;
}

/** Reads a typed number: "17", "x = 5", "135도", "-3", "0.4", "1,000", "2/5", "정답은 5". */
export function typedNumeric(text: string): number | null {
  const cleaned = text
    .normalize('NFC')
    .replace(/(\d),(\d{3})/g, '$1$2')
    .trim();
  const fraction =
    /^(?:[a-z]\s*=\s*)?(?:정답은\s*|답은?\s*)?(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/i.exec(cleaned);
  if (fraction) {
    const denominator = Number(fraction[2]);
    return denominator === 0 ? null : Number(fraction[1]) / denominator;
  }
  const plain =
    /^(?:[a-z]\s*=\s*)?(?:정답은\s*|답은?\s*)?(-?\d+(?:\.\d+)?)\s*(?:[가-힣a-z%°]{1,3}\s*)?(?:이요|예요|이에요|입니다|요)?[.!]?$/i.exec(
      cleaned,
    );
  return plain ? Number(plain[1]) : null;
}

/** Interprets typed text as an answer to `item`, or null when it does not look like one. */
export function readTypedAnswer(item: QuizItem, text: string): GivenAnswer | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (!item.choices) {
    const value = typedNumeric(trimmed);
    return value === null ? null : { kind: 'numeric', value };
  }
  const number = typedNumber(trimmed.replace(/^(?:정답은|답은?)\s*/, ''));
  if (number !== null)
    return number >= 1 && number <= item.choices.length ? { kind: 'choice', choice: number } : null;
  const typed = normalizeTyped(trimmed);
  const index = item.choices.findIndex((c) => normalizeTyped(c) === typed);
  return index >= 0 ? { kind: 'choice', choice: index + 1 } : null;
}

/** True when the answer is right (numbers within a rounding tolerance). */
export function isCorrect(item: QuizItem, answer: GivenAnswer): boolean {
  if (item.choices) return answer.kind === 'choice' && answer.choice === item.answer;
  if (answer.kind !== 'numeric' || item.numericAnswer === undefined) return false;
  return Math.abs(answer.value - item.numericAnswer) <= 1e-6 * Math.max(1, Math.abs(item.numericAnswer));
}

const CIRCLED = '①②③④⑤';

/** The right answer as shown to the student: "② 제2사분면" or "17". */
export function rightAnswerLabel(item: QuizItem): string {
  if (item.choices && item.answer !== undefined)
    return `${CIRCLED[item.answer - 1] ?? item.answer} ${item.choices[item.answer - 1] ?? ''}`.trim();
  return String(item.numericAnswer);
}

/** "①" for choice 1. */
export const circled = (n: number): string => CIRCLED[n - 1] ?? String(n);
