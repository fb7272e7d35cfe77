import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { RiskLevel, RiskScreen, Speaker } from '../../bot/risk';

const LEVELS = ['none', 'concern', 'high', 'harm_by_others'] as const;

const labelledSchema = z.object({
  messages: z
    .array(
      z.object({
        id: z.string(),
        text: z.string().min(1),
        level: z.enum(LEVELS),
        speaker: z.enum(['student', 'parent', 'mentor']).default('student'),
        split: z.enum(['tune', 'heldout']),
        note: z.string().optional(),
      }),
    )
    .min(1),
});

/** One hand-labelled message of knowledge/risk/labelled-messages.yaml. */
export type LabelledMessage = z.infer<typeof labelledSchema>['messages'][number];

/** Loads the labelled risk messages (validated). */
export function loadLabelledMessages(path: string): LabelledMessage[] {
  return labelledSchema.parse(parse(readFileSync(path, 'utf8'))).messages;
}

/** Recall and precision of one level. */
export interface LevelFigures {
  level: RiskLevel;
  support: number;
  predicted: number;
  recall: number;
  precision: number;
}

/** What the screen did on one split. */
export interface Evaluation {
  total: number;
  /** confusion[expected][predicted] */
  confusion: Record<RiskLevel, Record<RiskLevel, number>>;
  levels: LevelFigures[];
  /** Labelled none but screened high (idioms and other everyday words). */
  falseHigh: LabelledMessage[];
  misses: Array<{ message: LabelledMessage; got: RiskLevel }>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/** Runs the screen over labelled messages and counts agreement per level. */
export function evaluate(screen: RiskScreen, messages: readonly LabelledMessage[]): Evaluation {
  const confusion = Object.fromEntries(
    LEVELS.map((e) => [e, Object.fromEntries(LEVELS.map((p) => [p, 0]))]),
  ) as Evaluation['confusion'];
  const falseHigh: LabelledMessage[] = [];
  const misses: Evaluation['misses'] = [];
  for (const message of messages) {
    const got = screen(message.text, message.speaker as Speaker).level;
    confusion[message.level][got] += 1;
    if (got !== message.level) misses.push({ message, got });
    if (message.level === 'none' && got === 'high') falseHigh.push(message);
  }
  const levels = LEVELS.map((level) => {
    const support = LEVELS.reduce((n, p) => n + confusion[level][p], 0);
    const predicted = LEVELS.reduce((n, e) => n + confusion[e][level], 0);
    return {
      level,
      support,
      predicted,
      recall: ratio(confusion[level][level], support),
      precision: ratio(confusion[level][level], predicted),
    };
  });
  return { total: messages.length, confusion, levels, falseHigh, misses };
}

/** A printable confusion table plus recall/precision lines. */
export function formatEvaluation(title: string, result: Evaluation): string {
  const pad = (s: string | number, n = 15): string => String(s).padEnd(n);
  const lines = [`${title} (${result.total} messages) — rows expected, columns screened`];
  lines.push(pad('') + LEVELS.map((l) => pad(l)).join(''));
  for (const e of LEVELS) lines.push(pad(e) + LEVELS.map((p) => pad(result.confusion[e][p])).join(''));
  for (const f of result.levels) {
    lines.push(
      `  ${pad(f.level)} recall ${(f.recall * 100).toFixed(1)}% (${f.support})  precision ${(f.precision * 100).toFixed(1)}% (${f.predicted})`,
    );
  }
  lines.push(`  false high on none-labelled messages: ${result.falseHigh.length}`);
  return lines.join('\n');
}
