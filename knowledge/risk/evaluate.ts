import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { HarmKind, RiskAssessment, RiskLevel, RiskScreen, Speaker } from '../../bot/risk';
import { needsCrisisReply } from '../../bot/risk';
import type { Contacts } from '../../bot/contacts';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { askLines, createCrisisReplyBuilder } from './crisis-reply';
import {
  ACUTE,
  ASK,
  DATA_CATEGORIES,
  HARD_NEGATIVE,
  isHarm,
  isNegative,
  type DataCategory,
  type LabelledRiskMessage,
} from './dataset';

/**
 * Figures of the risk screen over labelled messages (`npm run eval:risk`, and the accuracy floors of the
 * tests): per category, how often the crisis reply, any response (crisis or the direct question), the
 * subtype's lines or a person were given, with Wilson 95 % lower bounds; false alarms on negatives.
 */

/** Wilson score interval lower bound (95 %). */
export function wilsonLower(successes: number, total: number, z95 = 1.96): number {
  if (total === 0) return 0;
  const p = successes / total;
  const z2 = z95 * z95;
  const centre = p + z2 / (2 * total);
  const margin = z95 * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total));
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}

/** Numbers a harm subtype's first reply must carry (issue 12, "Harm by others by subtype"). */
export const HARM_LINES: Readonly<Record<HarmKind, readonly string[]>> = {
  home: ['112', '1366', '1388'],
  sexual: ['112', '1366', '1388'],
  school: ['117'],
  cyber: ['117', '1388'],
  extortion: ['117', '112'],
  neglect: ['112', '1388'],
  friend: ['109', '112'],
};

/** The reply text a screened message gets (the crisis reply builder, flattened), or '' for none. */
export type ReplyText = (assessment: RiskAssessment, speaker: Speaker) => string;

/** What a screened message is answered with at step 0, as plain text: the crisis reply or the direct question. */
export function replyTextOf(contacts: Contacts, texts: TextsByLanguage): ReplyText {
  const build = createCrisisReplyBuilder(contacts, texts);
  return (assessment, speaker) => {
    if (assessment.level === 'ask') return askLines(contacts, texts[assessment.language ?? 'ko']).join('\n');
    if (!needsCrisisReply(assessment.level)) return '';
    const reply = build(assessment, { speaker, language: assessment.language ?? 'ko', personOnDuty: true });
    return reply.messages
      .map((m) =>
        m.type === 'text' ? m.text : `${m.title} ${m.text} ${m.buttons.map((b) => b.phone ?? '').join(' ')}`,
      )
      .join('\n');
  };
}

export interface Outcome {
  message: LabelledRiskMessage;
  assessment: RiskAssessment;
  replyText: string;
}

/** What one message got, in the terms of the goals. */
export function judge(outcome: Outcome) {
  const { level } = outcome.assessment;
  const text = outcome.replyText;
  const harmKind = outcome.message.category.startsWith('harm_')
    ? (outcome.message.category.slice(5) as HarmKind)
    : undefined;
  return {
    crisis: level === 'high',
    crisisOrHarmReply: needsCrisisReply(level),
    any: level === 'high' || level === 'ask',
    person: level !== 'none',
    emergencyNumber: /\b(119|112)\b/.test(text),
    harmLines: harmKind ? HARM_LINES[harmKind].every((n) => new RegExp(`\\b${n}\\b`).test(text)) : false,
    asked: level === 'ask',
  };
}

export interface Rate {
  n: number;
  hits: number;
  rate: number;
  lower: number;
}
const rate = (hits: number, n: number): Rate => ({
  n,
  hits,
  rate: n ? hits / n : 0,
  lower: wilsonLower(hits, n),
});

/** The figure the goals read for each category. */
export interface CategoryFigures {
  category: DataCategory;
  /** Crisis reply (self categories), the subtype's lines (harm), a person (concern), false crisis (negatives). */
  primary: Rate;
  /** Crisis or the direct question (self categories), the direct question (negatives). */
  secondary: Rate;
  /** In progress: 119 or 112 in the reply. */
  emergency?: Rate;
}

/** Figures per category for one set of outcomes. */
export function figuresByCategory(outcomes: readonly Outcome[]): CategoryFigures[] {
  return DATA_CATEGORIES.map((category) => {
    const mine = outcomes.filter((o) => o.message.category === category).map((o) => judge(o));
    const count = (f: (j: ReturnType<typeof judge>) => boolean) => mine.filter(f).length;
    if (isNegative(category)) {
      return {
        category,
        primary: rate(
          count((j) => j.crisisOrHarmReply),
          mine.length,
        ),
        secondary: rate(
          count((j) => j.asked),
          mine.length,
        ),
      };
    }
    if (isHarm(category)) {
      return {
        category,
        primary: rate(
          count((j) => j.harmLines),
          mine.length,
        ),
        secondary: rate(
          count((j) => j.person),
          mine.length,
        ),
      };
    }
    if (category === 'concern') {
      return {
        category,
        primary: rate(
          count((j) => j.person),
          mine.length,
        ),
        secondary: rate(
          count((j) => j.crisis),
          mine.length,
        ),
      };
    }
    const figures: CategoryFigures = {
      category,
      primary: rate(
        count((j) => j.crisis),
        mine.length,
      ),
      secondary: rate(
        count((j) => j.any),
        mine.length,
      ),
    };
    if (category === 'in_progress')
      figures.emergency = rate(
        count((j) => j.emergencyNumber),
        mine.length,
      );
    return figures;
  });
}

/** Rates over groups of categories (hard negatives, ordinary chat, one language's acute messages). */
export function groupRate(
  outcomes: readonly Outcome[],
  include: (m: LabelledRiskMessage) => boolean,
  hit: (j: ReturnType<typeof judge>) => boolean,
): Rate {
  const mine = outcomes.filter((o) => include(o.message)).map((o) => judge(o));
  return rate(mine.filter(hit).length, mine.length);
}

/** Screens messages and builds their replies. */
export function screenAll(
  screen: RiskScreen,
  replyText: ReplyText,
  messages: readonly LabelledRiskMessage[],
): Outcome[] {
  return messages.map((message) => {
    const speaker: Speaker = 'unknown';
    const assessment = screen(message.text, speaker);
    return { message, assessment, replyText: replyText(assessment, speaker) };
  });
}

const pct = (r: Rate): string =>
  r.n ? `${(r.rate * 100).toFixed(1).padStart(5)}% (≥${(r.lower * 100).toFixed(1)})` : '    —        ';

/** The per-category table `npm run eval:risk` prints. */
export function formatFigures(title: string, outcomes: readonly Outcome[]): string {
  const lines = [`${title}: ${outcomes.length} messages`];
  lines.push(
    `${'category'.padEnd(18)}${'n'.padStart(5)}  ${'primary'.padEnd(16)}${'secondary'.padEnd(16)}  (primary: crisis / lines / person / false crisis; secondary: crisis or ask / person / crisis / ask)`,
  );
  for (const f of figuresByCategory(outcomes)) {
    if (f.primary.n === 0) continue;
    const extra = f.emergency ? `  119/112 ${pct(f.emergency)}` : '';
    lines.push(
      `${f.category.padEnd(18)}${String(f.primary.n).padStart(5)}  ${pct(f.primary).padEnd(16)}${pct(f.secondary).padEnd(16)}${extra}`,
    );
  }
  const hard = groupRate(
    outcomes,
    (m) => HARD_NEGATIVE.includes(m.category),
    (j) => j.crisisOrHarmReply,
  );
  const hardAsk = groupRate(
    outcomes,
    (m) => HARD_NEGATIVE.includes(m.category),
    (j) => j.asked,
  );
  const ordinary = groupRate(
    outcomes,
    (m) => m.category === 'neg_ordinary',
    (j) => j.crisisOrHarmReply,
  );
  const ordinaryAsk = groupRate(
    outcomes,
    (m) => m.category === 'neg_ordinary',
    (j) => j.asked,
  );
  lines.push(
    `false crisis: hard negatives ${pct(hard)} (n ${hard.n}), ordinary chat ${pct(ordinary)} (n ${ordinary.n}); ` +
      `direct question: hard ${pct(hardAsk)}, ordinary ${pct(ordinaryAsk)}`,
  );
  for (const lang of ['en', 'vi', 'zh'] as const) {
    const acute = groupRate(
      outcomes,
      (m) => m.lang === lang && ACUTE.includes(m.category),
      (j) => j.crisis,
    );
    const negatives = groupRate(
      outcomes,
      (m) => m.lang === lang && isNegative(m.category),
      (j) => j.crisisOrHarmReply,
    );
    if (acute.n)
      lines.push(
        `${lang}: acute crisis reply ${pct(acute)} (n ${acute.n}); false crisis on negatives ${pct(negatives)} (n ${negatives.n})`,
      );
  }
  return lines.join('\n');
}

const LEVELS: RiskLevel[] = ['none', 'concern', 'ask', 'harm_by_others', 'high'];
const GROUPS = ['acute', 'ask-level', 'concern', 'harm', 'hard negative', 'ordinary'] as const;
const groupOf = (c: DataCategory): (typeof GROUPS)[number] =>
  ACUTE.includes(c)
    ? 'acute'
    : ASK.includes(c)
      ? 'ask-level'
      : c === 'concern'
        ? 'concern'
        : isHarm(c)
          ? 'harm'
          : c === 'neg_ordinary'
            ? 'ordinary'
            : 'hard negative';

/** Rows: the writers' group; columns: the screen's level. */
export function formatConfusion(outcomes: readonly Outcome[]): string {
  const lines = [`${'written as'.padEnd(15)}${LEVELS.map((l) => l.padStart(15)).join('')}`];
  for (const group of GROUPS) {
    const row = outcomes.filter((o) => groupOf(o.message.category) === group);
    if (row.length === 0) continue;
    lines.push(
      `${group.padEnd(15)}${LEVELS.map((l) => String(row.filter((o) => o.assessment.level === l).length).padStart(15)).join('')}`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The first round's 299 hand-written messages, kept as a regression set
// ---------------------------------------------------------------------------------------------

const regressionSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      text: z.string().min(1),
      level: z.enum(['none', 'concern', 'high', 'harm_by_others']),
      speaker: z.enum(['student', 'parent', 'mentor']).default('student'),
      split: z.enum(['tune', 'heldout']),
      note: z.string().optional(),
      /** Moved from high to the direct question under the new categories (passive wish, burden, hopelessness). */
      nowAsk: z.boolean().optional(),
      moved: z.string().optional(),
    }),
  ),
});
export type RegressionMessage = z.infer<typeof regressionSchema>['messages'][number];

/** Loads knowledge/risk/labelled-messages.yaml (the earlier round's set). */
export function loadRegressionMessages(path: string): RegressionMessage[] {
  return regressionSchema.parse(parse(readFileSync(path, 'utf8'))).messages;
}

/** Whether the screen still answers an earlier message right (a moved message may be asked instead). */
export function regressionHolds(message: RegressionMessage, got: RiskLevel): boolean {
  if (message.level === 'high') return got === 'high' || (message.nowAsk === true && got === 'ask');
  if (message.level === 'harm_by_others') return got === 'harm_by_others' || got === 'high';
  if (message.level === 'concern') return got !== 'none';
  return !needsCrisisReply(got) && got !== 'ask';
}
