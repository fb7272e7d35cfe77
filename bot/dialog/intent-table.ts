/**
 * Every intent of every flow, in one table: where it may run (scope) and which wins (priority,
 * lower first). An intent a flow registers without a row here stops the bot at start-up, so no
 * score hidden in a flow can decide the routing again.
 *
 * - `command`: runs before the active step, in any flow and in support mode (처음으로, 도움말, 그만…).
 * - `global`: runs when the active step did not take the message, or when no flow is in progress.
 * - `idle`: runs only when no flow is in progress.
 * - `fallback`: the last resort; inside a flow only for a message that reads as a question.
 */
export type IntentScope = 'command' | 'global' | 'idle' | 'fallback';

export interface IntentRow {
  scope: IntentScope;
  priority: number;
}

/** Keys are intent names; a key ending in `*` covers every name with that prefix. */
export const INTENT_TABLE: Readonly<Record<string, IntentRow>> = {
  // Global commands: the way out and the person's rights come first.
  menu: { scope: 'command', priority: 10 },
  cancel: { scope: 'command', priority: 11 },
  help: { scope: 'command', priority: 12 },
  delete: { scope: 'command', priority: 13 },
  guardianConsent: { scope: 'command', priority: 14 },
  mentorRegister: { scope: 'command', priority: 15 },
  linkByCode: { scope: 'command', priority: 16 },
  linkStart: { scope: 'command', priority: 17 },
  english: { scope: 'command', priority: 18 },
  korean: { scope: 'command', priority: 19 },
  mentorClaim: { scope: 'command', priority: 20 },

  // Our own buttons: a tapped button names exactly what it means.
  'quiz.answer': { scope: 'global', priority: 30 },
  'quiz.problemReason': { scope: 'global', priority: 31 },
  'quiz.gradeUp': { scope: 'global', priority: 32 },
  'support.choose': { scope: 'global', priority: 33 },
  'support.leftover': { scope: 'global', priority: 34 },
  'knowledge.doc': { scope: 'global', priority: 35 },
  'knowledge.about': { scope: 'global', priority: 36 },
  'core.audience': { scope: 'global', priority: 37 },
  // A student's own mentor: their code, who it is, and declining the link (issue 14).
  'support-helpers.code': { scope: 'global', priority: 29 },
  'support-helpers.decline': { scope: 'global', priority: 38 },
  'support-helpers.myMentor': { scope: 'global', priority: 39 },

  // Asking for a person outranks everything typed below it.
  'support.start': { scope: 'global', priority: 40 },
  // "사람이랑 얘기하고 싶어요", "상담 선생님이요", "여기서 얘기하면 안돼요?": a case with the choice of who.
  'support.person': { scope: 'global', priority: 41 },
  // Hello, thanks, bye, ㅇㅋ, "사람이야?": short and whole-message, so they never hide a question.
  'core.social': { scope: 'global', priority: 42 },
  'quiz.*': { scope: 'global', priority: 45 },
  // Steering the quiz in words ("퀴즈 풀고 싶어", "힌트 줘", "중3으로 낮춰줘"): after the quiz's exact
  // phrases and before a programme question; bare values ("저녁 7시쯤?", "3개만") only with a quiz on the stack.
  'quiz.steer': { scope: 'global', priority: 46 },
  'eligibility.question': { scope: 'global', priority: 50 },
  // Setup buttons tapped after the set-up moved on.
  'quiz.staleSetup': { scope: 'global', priority: 60 },
  // The test suite's probe capabilities.
  'test.*': { scope: 'global', priority: 70 },
  // Menu items of capabilities that are not installed.
  'comingSoon:*': { scope: 'idle', priority: 90 },

  'knowledge.answer': { scope: 'fallback', priority: 99 },
};

/** The row of an intent: an exact name first, then the longest prefix row. */
export function rowOf(name: string): IntentRow | undefined {
  const exact = INTENT_TABLE[name];
  if (exact && !name.endsWith('*')) return exact;
  let best: { prefix: string; row: IntentRow } | undefined;
  for (const [key, row] of Object.entries(INTENT_TABLE)) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    if (name.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, row };
  }
  return best?.row;
}
