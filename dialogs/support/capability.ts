import type { Capability, HostDeps } from '../../bot/capability';
import { addDays, seoulDate } from '../../bot/calendar';
import type { Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { JobQueue } from '../../bot/jobs';
import type { Metrics } from '../../bot/metrics';
import { isHigherLevel, needsCrisisReply, type RiskLevel } from '../../bot/risk';
import { createCrisisReplyBuilder } from '../../knowledge/risk/crisis-reply';
import { supportAdminRoutes } from './admin';
import { helperTurn } from './helper';
import { closeQuestion, type CloseAnswers } from './helper-close';
import {
  crisisAgainReply,
  excerptOf,
  openCaseOf,
  openOrRaise,
  runDeadlines,
  runFailedAlerts,
  say,
  tellPerson,
  type CaseLevel,
  type LadderDeps,
} from './ladder';
import { isDenialJoke } from '../../bot/dialog/parsers/yes-no';
import { askTurn, askedStep, denialAfterDisclosure, isAsking } from './direct-question';
import { createSupportMetrics } from './metrics';
import { createDutyRoster, type DutyRoster } from './roster';
import {
  FLOW,
  STATE_VERSION,
  caseSpeaker,
  isHelper,
  squash,
  textReply,
  typedOneOf,
  type SupportContext,
} from './shared';
import { MODE, supportModeEnded, supportModeStep } from './mode';
import { deletionNotice } from './relay';
import {
  choiceQuestion,
  choose,
  chooseStep,
  concernTurn,
  highTurn,
  startTurn,
  studentRelayTurn,
} from './student';
import { THREAD_SWEEP } from './thread';

/** The moderation endpoint as a second opinion (integrations/alerts/moderation.ts implements it). */
export type ModerationCheck = (text: string) => Promise<{ level: RiskLevel; categories: string[] }>;

export interface SupportOptions {
  /** The roster whose dutyStatus() the host gives step 0; created here when absent. */
  roster?: DutyRoster;
  /** Only used with MODERATION=on. */
  moderation?: ModerationCheck;
  /** "Now" for admin pages (due work and turns get their time from the host). */
  clock?: () => Date;
}

/** The support capability, plus what the host and tests need from it. */
export interface SupportCapability extends Capability {
  roster: DutyRoster;
  /** Resolves when every second-opinion check started so far has finished (tests, shutdown). */
  settle(): Promise<void>;
}

const RETENTION_SWEEP_MS = 3_600_000;
const CONCERN_DAYS_KEPT = 14;
/** Steps where the student's messages belong to an open case (support mode); v1 names read the same. */
const CASE_STEPS = new Set([MODE, 'waiting', 'relay']);
/** Asking for a person in words (issue 14): whole messages, spacing and punctuation ignored. */
const PERSON_PHRASES = [
  '사람이랑 얘기하고 싶어요',
  '사람이랑 이야기하고 싶어요',
  '사람하고 얘기하고 싶어요',
  '사람과 이야기하고 싶어요',
  '진짜 사람이랑 얘기할래',
  '상담 선생님이요',
  '상담 선생님이랑 얘기할래요',
  '그냥 여기서 얘기하면 안돼요',
  '여기서 얘기하면 안돼요',
  '여기서 얘기하면 안 돼요',
  'can i talk to a person',
  'i want to talk to a person',
];
const PERSON_FRAGMENTS = [
  '사람이랑얘기',
  '사람이랑이야기',
  '사람하고얘기',
  '사람하고이야기',
  '사람과얘기',
  '사람과이야기',
  '상담선생님이요',
  '상담선생님이랑',
  '상담쌤',
  '여기서얘기하면안',
  '여기서이야기하면안',
  'talktoaperson',
  'talktoahuman',
];
const START_PHRASES = [
  '고민 상담',
  '고민상담',
  '상담',
  '상담하고 싶어',
  '상담하고 싶어요',
  '상담 받고 싶어',
  '선생님이랑 얘기하고 싶어',
  '선생님이랑 이야기하고 싶어',
  '선생님과 이야기하고 싶어요',
  '상담 선생님',
  'talk to someone',
  'i want to talk to someone',
];
const START_FRAGMENTS = [
  '고민상담',
  '상담하고싶',
  '상담받고싶',
  '선생님이랑얘기',
  '선생님이랑이야기',
  '선생님과얘기',
  '선생님과이야기',
  'talktosomeone',
];

/** Creates the support capability: concern choices, cases, the ladder, relays, admin pages. */
export function createSupportCapability(
  deps: HostDeps & { jobs?: JobQueue; metrics: Metrics },
  options: SupportOptions = {},
): SupportCapability {
  const metrics = createSupportMetrics(deps.metrics.registry);
  const ladder: LadderDeps = {
    config: deps.config,
    outbox: deps.outbox,
    texts: deps.texts,
    contacts: deps.contacts,
    metrics,
    log: deps.log,
  };
  const clock = options.clock ?? (() => new Date());
  const roster = options.roster ?? createDutyRoster(deps.db, clock);
  const sc: SupportContext = { deps: ladder, roster };
  const crisisReply = createCrisisReplyBuilder(deps.contacts, deps.texts);
  const pending = new Set<Promise<void>>();
  let lastSweep = 0;

  /**
   * MODERATION=on: a second opinion only between the screen's thresholds (the direct-question level),
   * asynchronous, after the reply is sent; it can only raise a level, never delay or lower one.
   */
  // Asked from the intercept, which the engine runs once a turn: one second opinion a message.
  function secondOpinion(ctx: TurnContext): void {
    if (!deps.config.moderation || !options.moderation || !ctx.input.text.trim() || isHelper(ctx.person))
      return;
    if (ctx.risk.level !== 'ask') return;
    const words = ctx.input.text;
    const work = options
      .moderation(words)
      .then(async (verdict) => {
        if (verdict.level === 'none' || verdict.level === 'ask' || !isHigherLevel(verdict.level, 'ask'))
          return;
        const level: CaseLevel = verdict.level;
        const now = clock();
        await deps.db.transaction(async (tx) => {
          const { caseId } = await openOrRaise(
            tx,
            ladder,
            {
              personId: ctx.person.id,
              level,
              source: 'moderation',
              speaker: caseSpeaker(ctx.person),
              excerpt: needsCrisisReply(level) || ctx.mayStoreHistory ? excerptOf(words) : null,
              signals: verdict.categories.map((c) => `moderation.${c}`),
              botSent: 'moderation',
              wants: null,
              startStage: 0,
              origin: ctx.event.origin ?? null,
            },
            now,
          );
          // The person did not get the crisis lines this turn (the screen saw less): send them now.
          if (needsCrisisReply(level)) {
            const c = await openCaseOf(tx, ctx.person.id);
            if (c && c.id === caseId)
              await tellPerson(
                tx,
                ladder,
                c,
                crisisAgainReply(deps.texts[ctx.person.language], deps.contacts),
                'crisis',
                `moderation-${ctx.event.channelEventId}`,
                now,
              );
          }
        });
      })
      .catch((error: unknown) =>
        ctx.log.warn({ err: error }, 'moderation second opinion failed (the screen answer stands)'),
      );
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  async function forStudent(ctx: TurnContext): Promise<TurnResult | null> {
    // "농담이야" right after a disclosure is answered here, so it never reads as the end of it.
    const denial = isDenialJoke(ctx.input.text);
    const open = await openCaseOf(ctx.db, ctx.person.id);
    if (open?.relay_active && open.assignee_id) return studentRelayTurn(ctx, sc, open);
    deletionNotice(ctx, sc, open);
    if (denial && !isAsking(ctx) && open && open.level !== 'concern') return denialAfterDisclosure(ctx, sc);
    return null;
  }

  const startIntent: Intent = {
    name: 'support.start',
    match: (ctx) => {
      if (ctx.input.postback) return ctx.input.postback === 'support:start' ? 1 : 0;
      if (typedOneOf(ctx, START_PHRASES)) return 1;
      const typed = squash(ctx.input.text);
      return typed.length <= 30 && START_FRAGMENTS.some((f) => typed.includes(f)) ? 0.9 : 0;
    },
    handle: (ctx) => startTurn(ctx, sc),
  };
  const personIntent: Intent = {
    name: 'support.person',
    match: (ctx) => {
      if (ctx.input.postback || isHelper(ctx.person)) return 0;
      if (typedOneOf(ctx, PERSON_PHRASES)) return 1;
      const typed = squash(ctx.input.text);
      return typed.length <= 40 && PERSON_FRAGMENTS.some((f) => typed.includes(f)) ? 0.9 : 0;
    },
    handle: (ctx) => startTurn(ctx, sc),
  };
  const chooseIntent: Intent = {
    name: 'support.choose',
    match: (ctx) => (ctx.input.postback?.startsWith('support:choose:') ? 1 : 0),
    handle: (ctx) =>
      choose(ctx, sc, (ctx.input.postback?.split(':')[2] ?? 'staff') as 'mentor' | 'staff' | 'line'),
  };
  // A "답장 보기" or "그만" tapped after the relay ended.
  const leftoverIntent: Intent = {
    name: 'support.leftover',
    match: (ctx) =>
      ctx.input.postback === 'support:replies' || ctx.input.postback === 'support:stop' ? 1 : 0,
    handle: async (ctx) => ({
      reply: textReply([
        say(
          ctx.texts,
          deps.contacts,
          ctx.input.postback === 'support:stop' ? 'relay.stopped' : 'relay.repliesNone',
        ),
      ]),
      state: null,
    }),
  };

  const flow: Flow = {
    name: FLOW,
    acceptsVersion: (v) => v === STATE_VERSION,
    intents: [startIntent, personIntent, chooseIntent, leftoverIntent],
    async step(ctx) {
      const step = ctx.state?.step ?? '';
      if (step === 'choose') return chooseStep(ctx, sc);
      if (step === 'asked' || step === 'askedNow') return askedStep(ctx, sc, crisisReply);
      if (!CASE_STEPS.has(step)) return null;
      // Asking for a person while a case is open: where it stands, honestly.
      if (personIntent.match(ctx) || startIntent.match(ctx)) return startTurn(ctx, sc);
      return supportModeStep(ctx, sc);
    },
    ask(ctx, frame) {
      if (frame.step === 'choose') return choiceQuestion(ctx, sc, frame.slots.hasMentor === true);
      if (frame.step === 'asked' || frame.step === 'askedNow')
        return textReply([ctx.texts.t('support.asq.openQuestion')]);
      if (CASE_STEPS.has(frame.step)) return textReply([say(ctx.texts, deps.contacts, 'mode.again')]);
      // A helper's close note resumed after another flow on top of it ended.
      if (frame.step === 'close') return closeQuestion(ctx, sc, frame.slots as unknown as CloseAnswers).reply;
      return null;
    },
    // Support mode ends when the case closes (the helper closed it, or the sweep did).
    ended: (ctx, frame) => (CASE_STEPS.has(frame.step) ? supportModeEnded(ctx) : Promise.resolve(false)),
  };

  return {
    name: 'support',
    roster,
    flows: [flow],
    // A case is kept for its whole retention, even for someone who wrote only once.
    retainsPeople: ['EXISTS (SELECT 1 FROM support_cases c WHERE c.person_id = p.id)'],
    retentionSweeps: [THREAD_SWEEP],
    // The engine offers a flagged turn to the intercept below first (a relay to the helper, a
    // helper's own turn, the second opinion): what is left here is the answer to the risk itself.
    async onRisk(ctx) {
      // A mentor's words about a student are not their own disclosure: guidance, no case.
      if (isHelper(ctx.person))
        return needsCrisisReply(ctx.risk.level)
          ? { reply: textReply([say(ctx.texts, deps.contacts, 'mentorWords')]) }
          : null;
      // In support mode, a lower level than the crisis is part of the conversation with the case.
      if (
        CASE_STEPS.has(ctx.state?.flow === FLOW ? ctx.state.step : '') &&
        !needsCrisisReply(ctx.risk.level)
      ) {
        const kept = await supportModeStep(ctx, sc);
        if (kept) return kept;
      }
      if (isAsking(ctx)) {
        const answered = await askedStep(ctx, sc, crisisReply);
        if (answered) return answered;
      }
      if (ctx.state?.flow === FLOW && ctx.state.step === 'choose') {
        const chosen = await chooseStep(ctx, sc);
        if (chosen) return chosen;
      }
      if (needsCrisisReply(ctx.risk.level)) return highTurn(ctx, sc);
      // The direct question for a student; a parent's worry gets the parent's offer.
      if (ctx.risk.level === 'ask' && ctx.person.audience !== 'parent') return askTurn(ctx, sc);
      return concernTurn(ctx, sc);
    },
    async intercept(ctx) {
      if (isHelper(ctx.person)) return helperTurn(ctx, sc);
      secondOpinion(ctx);
      return forStudent(ctx);
    },
    async runDue(now) {
      await roster.refresh();
      await runDeadlines(deps.db, ladder, now);
      await runFailedAlerts(deps.db, ladder, now);
      await updateGauges(now);
      if (now.getTime() - lastSweep >= RETENTION_SWEEP_MS) {
        lastSweep = now.getTime();
        await sweep(now);
      }
    },
    adminRoutes(router) {
      supportAdminRoutes(router, { db: deps.db, roster, clock });
    },
    settle: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      await Promise.allSettled([...pending]);
    },
  };

  async function updateGauges(now: Date): Promise<void> {
    const open = await deps.db.query<{ level: CaseLevel; n: number }>(
      `SELECT level, count(*)::int AS n FROM support_cases WHERE status = 'open' AND first_acked_at IS NULL GROUP BY level`,
    );
    for (const level of ['concern', 'high', 'harm_by_others'] as const)
      metrics.unacknowledged.set({ level }, open.rows.find((r) => r.level === level)?.n ?? 0);
    const { high, concern } = {
      high: deps.config.escalation.ackHighS,
      concern: deps.config.escalation.ackConcernS,
    };
    const share = await deps.db.query<{ due: number; in_time: number }>(
      `WITH c AS (
         SELECT opened_at, first_acked_at,
                opened_at + make_interval(secs => CASE WHEN level = 'concern' THEN $2::int ELSE $3::int END) AS deadline
           FROM support_cases WHERE opened_at >= $1)
       SELECT count(*) FILTER (WHERE first_acked_at IS NOT NULL OR deadline < $4)::int AS due,
              count(*) FILTER (WHERE first_acked_at IS NOT NULL AND first_acked_at <= deadline)::int AS in_time FROM c`,
      [new Date(now.getTime() - 30 * 86_400_000), concern, high, now],
    );
    const row = share.rows[0];
    if (row && row.due > 0) metrics.ackInTimeRatio.set(row.in_time / row.due);
  }

  /** Excerpts are sensitive: cleared after RETENTION_DAYS; closed cases go too; concern days after 14. */
  async function sweep(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - deps.config.retentionDays * 86_400_000);
    await deps.db.query(
      'UPDATE support_cases SET excerpt = NULL WHERE excerpt IS NOT NULL AND opened_at < $1',
      [cutoff],
    );
    await deps.db.query(`DELETE FROM support_cases WHERE status = 'closed' AND closed_at < $1`, [cutoff]);
    await deps.db.query('DELETE FROM support_concern_days WHERE day < $1', [
      addDays(seoulDate(now), -CONCERN_DAYS_KEPT),
    ]);
  }
}
