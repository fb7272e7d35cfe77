import { gradeSlug, type Grade, type QuizItem, type Subject } from '../bank';
import { createRng, type Rng } from './prng';

/**
 * Turning one generator's draft into a bank-shaped item: the right answer among distractors
 * (typical mistakes first), shuffled by the item's own seed, with a stable id.
 */

/** What a unit generator produces for one seed. */
export interface Draft {
  prompt: string;
  /** The right choice as shown. */
  answer: string;
  /** Wrong choices, the most typical mistake first; equal or repeated ones are dropped. */
  distractors: readonly string[];
  explanation: string;
  /** Math: an arithmetic expression (digits, + - * / and brackets) equal to the right answer. */
  verify?: string;
  difficulty?: 1 | 2 | 3;
}

/** One unit's generator: `make` returns null when a seed gives a degenerate question. */
export interface UnitGenerator {
  /** ASCII part of the id: `gen-math-m2-linear-eq-7`. */
  slug: string;
  /** Unit name as in curriculum.yaml. */
  unit: string;
  /** Achievement-standard wording (or code) the items practise. */
  standard: string;
  difficulty: 1 | 2 | 3;
  make(rng: Rng): Draft | null;
}

/** A generated item: the bank's shape plus, for math, the expression a test recomputes. */
export type GeneratedItem = QuizItem & { verify?: string };

const CHOICES = 4;

/** Items `gen-<subjectSlug>-<grade>-<slug>-<n>` for n = 1, 2 … until `count` distinct prompts exist. */
export function generateUnit(
  subject: Subject,
  subjectSlug: string,
  grade: Grade,
  generator: UnitGenerator,
  count: number,
): GeneratedItem[] {
  const items: GeneratedItem[] = [];
  const prompts = new Set<string>();
  // Seeds that give a duplicate or degenerate question are skipped, never renumbered: ids stay stable.
  for (let n = 1; items.length < count && n <= count * 8; n++) {
    const id = `gen-${subjectSlug}-${gradeSlug(grade)}-${generator.slug}-${n}`;
    const rng = createRng(id);
    const draft = generator.make(rng);
    if (!draft || prompts.has(draft.prompt)) continue;
    const wrong = [...new Set(draft.distractors.filter((d) => d !== draft.answer && d.trim() !== ''))];
    if (wrong.length < CHOICES - 1) continue;
    const choices = rng.shuffle([draft.answer, ...wrong.slice(0, CHOICES - 1)]);
    prompts.add(draft.prompt);
    items.push({
      id,
      subject,
      grade,
      unit: generator.unit,
      standard: generator.standard,
      difficulty: draft.difficulty ?? generator.difficulty,
      prompt: draft.prompt,
      choices,
      answer: choices.indexOf(draft.answer) + 1,
      explanation: draft.explanation,
      ...(draft.verify ? { verify: draft.verify } : {}),
    });
  }
  return items;
}

/** Greatest common divisor of two integers (positive result). */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
}

/** Least common multiple of two positive integers. */
export const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** A fraction in lowest terms as shown in a choice: "7/12", "-1/3" or "2" when whole. */
export function fraction(numerator: number, denominator: number): string {
  const sign = numerator * denominator < 0 ? '-' : '';
  const g = gcd(numerator, denominator);
  const n = Math.abs(numerator) / g;
  const d = Math.abs(denominator) / g;
  return d === 1 ? `${sign}${n}` : `${sign}${n}/${d}`;
}

/** Tenths/hundredths as text without floating-point noise: decimal(125, 2) → "1.25". */
export function decimal(scaled: number, places: number): string {
  const sign = scaled < 0 ? '-' : '';
  const digits = String(Math.abs(scaled)).padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const part = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${sign}${whole}${part ? `.${part}` : ''}`;
}

/**
 * Wrong numeric choices: the typical mistakes given, then near misses (±1, ±2, ×10…) so there are
 * always enough; `format` shows a number the way the right answer is shown.
 */
export function numericDistractors(
  answer: number,
  mistakes: readonly number[],
  format: (n: number) => string = String,
): string[] {
  const near = [answer + 1, answer - 1, answer + 2, answer - 2, answer * 10, answer + 10, answer - 10];
  const out: string[] = [];
  for (const value of [...mistakes, ...near]) {
    if (!Number.isFinite(value) || value === answer) continue;
    const shown = format(value);
    if (shown !== format(answer) && !out.includes(shown)) out.push(shown);
  }
  return out;
}

/** "(-3)" for negatives inside an expression, "3" otherwise. */
export const paren = (n: number): string => (n < 0 ? `(${n})` : String(n));

/** "+ 3" / "- 3" for a signed term after another term. */
export const signed = (n: number): string => (n < 0 ? `- ${-n}` : `+ ${n}`);
