import type { TurnContext, TurnResult } from '../../bot/dialog';
import { parseYesNo } from '../../bot/dialog/parsers/yes-no';
import type { QuickReply } from '../../bot/messages';
import {
  addEvent,
  excerptOf,
  finishDeadlines,
  openOrRaise,
  planDeadline,
  say,
  tellHelper,
  HELPER_SILENCE_MS,
  type CaseLevel,
  type CaseRow,
} from './ladder';
import { crisisSent } from './harm';
import { MODE } from './mode';
import { caseSpeaker, supportState, textReply, typedOneOf, type SupportContext } from './shared';
import { appendThread } from './thread';

/** Words that end a relay (the student's side). */
/** Typed words that end a relay; the stop button's own label in every language counts (a student types what they see). */
export const STOP_WORDS = [
  '그만',
  '그만할래',
  '그만하기',
  '그만해',
  '멈춰',
  '대화 그만',
  'stop',
  'quit',
  'dừng',
  'dừng lại',
  '停止',
  '不聊了',
];
/** Commands that leave the relay for the menu: the host answers, the helper is told. */
const LEAVE_WORDS = ['처음으로', '처음', '메뉴', '메인메뉴', '홈', 'menu', 'home'];
/** Help runs for the student; the relay stays (they have not left). */
const HELP_WORDS = ['도움말', '도움', '사용법', 'help'];
/** Another flow: the student leaves the relay for it; the helper is told. */
const QUIZ_WORDS = ['퀴즈', '오늘의 퀴즈', '오늘 퀴즈', '퀴즈 풀래', '퀴즈 풀기', '퀴즈 할래', 'quiz'];
/**
 * "내 정보 삭제" and its confirmation belong to the host even in a relay: they must reach the
 * deletion, never the helper.
 */
const DELETE_WORDS = [
  '내 정보 삭제',
  '내정보삭제',
  '정보 삭제',
  '개인정보 삭제',
  '내 정보 지워줘',
  'delete my data',
];
const confirmingDeletion = (ctx: TurnContext): boolean =>
  ctx.state?.flow === 'core' && ctx.state.step === 'deleteConfirm';
/** The deletion confirmed this turn (the core flow's button, or a typed yes). */
const deletionConfirmed = (ctx: TurnContext): boolean =>
  confirmingDeletion(ctx) &&
  (ctx.input.postback === 'core:delete:yes' ||
    (!ctx.input.postback && (parseYesNo(ctx.input.text) === 'yes' || ctx.input.text.trim() === '1')));

/** Quick replies under every relayed message: see replies, stop. */
export const relayQuickReplies = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('support.relay.showReplies'), postback: 'support:replies' },
  { label: ctx.texts.t('support.relay.stop'), postback: 'support:stop' },
];

/** Tells the helper who has the case that the student left (or deleted their data); nothing of theirs is quoted. */
export function tellHelperLeft(
  ctx: TurnContext,
  sc: SupportContext,
  c: CaseRow,
  why: 'left' | 'deleted',
  relayOff: boolean,
): void {
  const helperId = c.assignee_id;
  if (!helperId) return;
  ctx.defer(async (tx) => {
    if (relayOff) {
      await tx.query('UPDATE support_cases SET relay_active = false WHERE id = $1', [c.id]);
      await finishDeadlines(tx, c.id, ctx.now, ['silence']);
    }
    await addEvent(
      tx,
      c.id,
      ctx.now,
      why === 'left' ? 'student_left' : 'student_deleted',
      `person:${ctx.person.id}`,
    );
    // Deleted: the notice must outlive the student's rows, so it is not tied to them (no subject, no words).
    await tellHelper(
      tx,
      sc.deps,
      helperId,
      textReply([
        sc.deps.texts.ko.t(`support.relay.${why === 'left' ? 'leftHelper' : 'deletedHelper'}`, {
          case: c.id,
        }),
      ]),
      'notice',
      `${why}-${c.id}`,
      ctx.now,
      why === 'left' ? ctx.person.id : null,
    );
  });
}

/**
 * Global commands during a relay or with a helper on the case (issue 14): 내 정보 삭제, 도움말,
 * 퀴즈, 처음으로 run instead of being forwarded; the helper is told when the student left or
 * deleted their data. Null: let the host run the command.
 */
function globalCommand(ctx: TurnContext, sc: SupportContext, c: CaseRow): 'run' | null {
  if (deletionConfirmed(ctx)) {
    tellHelperLeft(ctx, sc, c, 'deleted', false);
    return 'run';
  }
  if (typedOneOf(ctx, DELETE_WORDS) || ctx.input.postback === 'core:delete' || confirmingDeletion(ctx))
    return 'run';
  if (typedOneOf(ctx, HELP_WORDS) || ctx.input.postback === 'core:help') return 'run';
  if (typedOneOf(ctx, LEAVE_WORDS) || typedOneOf(ctx, QUIZ_WORDS) || ctx.input.postback === 'menu:open') {
    if (c.relay_active) tellHelperLeft(ctx, sc, c, 'left', true);
    return 'run';
  }
  return null;
}

/** A student with a helper on their case who confirms deletion: the helper is told (any step). */
export function deletionNotice(ctx: TurnContext, sc: SupportContext, c: CaseRow | null): void {
  if (c?.assignee_id && !c.relay_active && deletionConfirmed(ctx))
    tellHelperLeft(ctx, sc, c, 'deleted', false);
}

/**
 * A student in a relay: their words go to the helper (labelled) and into the case thread, the bot
 * stays quiet except "선생님께 전달했어요" and "답장 보기" — which reads fine on every channel
 * (Kakao shows queued replies at the next turn, the web polls, LINE pushes).
 */
export async function studentRelayTurn(
  ctx: TurnContext,
  sc: SupportContext,
  c: CaseRow,
): Promise<TurnResult | null> {
  const contacts = sc.deps.contacts;
  const helperId = c.assignee_id as string;
  const stay = ctx.state?.flow === 'support' ? ctx.state : supportState(MODE, {});
  if (ctx.input.postback === 'support:replies') return { reply: await repliesReply(ctx, sc, c), state: stay };
  if (ctx.input.postback === 'support:stop' || typedOneOf(ctx, STOP_WORDS)) {
    ctx.defer(async (tx) => {
      await tx.query('UPDATE support_cases SET relay_active = false WHERE id = $1', [c.id]);
      await finishDeadlines(tx, c.id, ctx.now, ['silence']);
      await addEvent(tx, c.id, ctx.now, 'student_stopped_relay', `person:${ctx.person.id}`);
      await tellHelper(
        tx,
        sc.deps,
        helperId,
        textReply([ctx.texts.t('support.relay.stoppedHelper', { case: c.id })]),
        'notice',
        `stopped-${c.id}`,
        ctx.now,
        ctx.person.id,
      );
    });
    // The student left support mode: the frame ends (the flow beneath, if any, resumes).
    return { reply: textReply([say(ctx.texts, contacts, 'relay.stopped')]), state: null };
  }
  if (globalCommand(ctx, sc, c)) return null;
  if (ctx.input.postback || !ctx.input.text.trim()) return null;

  const flagged = ctx.risk.level === 'high' || ctx.risk.level === 'harm_by_others';
  const helperTexts = sc.deps.texts.ko;
  const lines = [helperTexts.t('support.relay.fromStudent', { case: c.id, text: ctx.input.text })];
  if (flagged) lines.push(helperTexts.t('support.relay.flagHigh'));
  ctx.defer(async (tx) => {
    await appendThread(tx, {
      caseId: c.id,
      personId: ctx.person.id,
      author: 'student',
      text: ctx.input.text,
      level: ctx.risk.level,
      at: ctx.now,
    });
    const key = await tellHelper(
      tx,
      sc.deps,
      helperId,
      textReply(lines),
      'relay',
      `from-${c.id}-${ctx.event.channelEventId}`,
      ctx.now,
      ctx.person.id,
    );
    if (key) {
      await tx.query(
        `INSERT INTO support_relays (case_id, direction, helper_id, outbox_key, created_at) VALUES ($1, 'to_helper', $2, $3, $4)`,
        [c.id, helperId, key, ctx.now],
      );
    }
    await tx.query('UPDATE support_cases SET last_student_at = $2 WHERE id = $1', [c.id, ctx.now]);
    await addEvent(tx, c.id, ctx.now, 'student_message', `person:${ctx.person.id}`, {
      level: ctx.risk.level,
    });
    await planDeadline(
      tx,
      c.id,
      'silence',
      new Date(ctx.now.getTime() + HELPER_SILENCE_MS),
      { helper: helperId, since: ctx.now.toISOString() },
      `${helperId}:${ctx.now.getTime()}`,
    );
    if (flagged) {
      await openOrRaise(
        tx,
        sc.deps,
        {
          personId: ctx.person.id,
          level: ctx.risk.level as CaseLevel,
          source: 'screen',
          speaker: caseSpeaker(ctx.person),
          excerpt: excerptOf(ctx.input.text),
          signals: ctx.risk.signals,
          botSent: crisisSent(ctx.risk),
          wants: null,
          startStage: 0,
          origin: ctx.event.origin ?? null,
        },
        ctx.now,
      );
    }
  });
  return {
    reply: textReply([ctx.texts.t('support.relay.sentToHelper')], relayQuickReplies(ctx)),
    state: stay,
  };
}

/** "답장 보기": how many replies came since the student last wrote, and whether some are still on their way. */
async function repliesReply(ctx: TurnContext, sc: SupportContext, c: CaseRow) {
  const { rows } = await ctx.db.query<{ status: string; n: number }>(
    `SELECT o.status, count(*)::int AS n FROM support_relays r JOIN outbox o ON o.idempotency_key = r.outbox_key
      WHERE r.case_id = $1 AND r.direction = 'to_student' AND r.created_at >= $2 GROUP BY o.status`,
    [c.id, c.last_student_at ?? c.acked_at ?? c.opened_at],
  );
  const count = (statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.n, 0);
  const pending = count(['pending', 'sending']);
  const sent = count(['sent']);
  const key = pending > 0 ? 'relay.repliesPending' : sent > 0 ? 'relay.repliesSome' : 'relay.repliesNone';
  return textReply([say(ctx.texts, sc.deps.contacts, key, { count: sent })], relayQuickReplies(ctx));
}
