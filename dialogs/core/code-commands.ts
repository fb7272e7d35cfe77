import type { TurnContext, TurnResult, Intent } from '../../bot/dialog';
import { joinReplies } from '../../bot/dialog/reply';
import {
  consumeLinkCode,
  formatLinkCode,
  insertLinkCode,
  newLinkCode,
  parseCodeCommand,
  redeemLinkCode,
  SOURCE_LIMITS,
  type CodeSource,
  type LinkCodePurpose,
  type RedeemedCode,
} from '../../bot/link-codes';
import { pseudonym } from '../../bot/logger';
import { addLink, audit, updatePerson } from '../../bot/people-store';
import { command, say } from './commands';

/**
 * The one-time code commands: a mentor links their messenger ("멘토 등록 <code>"), a guardian
 * confirms consent ("동의 <code>"), a parent and child link ("연결 <code>", "자녀 연결").
 */

/** Where a code try comes from: the channel user, and (web) the client address. */
function codeSources(ctx: TurnContext, logHashSecret: string): CodeSource[] {
  const user = pseudonym(logHashSecret, `code-user:${ctx.person.channel}:${ctx.person.channelUserId}`);
  const sources: CodeSource[] = [{ key: `user:${user}`, limit: SOURCE_LIMITS.user }];
  if (ctx.event.origin) sources.push({ key: `addr:${ctx.event.origin}`, limit: SOURCE_LIMITS.address });
  return sources;
}

/**
 * A command followed by a code: "멘토 등록 K7QF-M2XP-9D", "동의 K7QF…", "연결 K7QF…". A wrong,
 * burned, used or expired code all get `invalidKey`; too many failed tries get `core.codeLocked`.
 */
function codeCommand(
  name: string,
  prefixes: string[],
  purposes: LinkCodePurpose[],
  invalidKey: string,
  logHashSecret: string,
  handle: (ctx: TurnContext, code: RedeemedCode) => Promise<TurnResult>,
  before?: (ctx: TurnContext) => TurnResult | null,
): Intent {
  const attemptOf = (ctx: TurnContext): string | null =>
    ctx.input.postback ? null : parseCodeCommand(ctx.input.text, prefixes);
  return {
    name,
    match: (ctx) => (attemptOf(ctx) !== null ? 1 : 0),
    handle: async (ctx) => {
      const refused = before?.(ctx);
      if (refused) return refused;
      const redeemed = await redeemLinkCode(ctx.db, {
        attempt: attemptOf(ctx) as string,
        purposes,
        channel: ctx.person.channel,
        channelUserId: ctx.person.channelUserId,
        sources: codeSources(ctx, logHashSecret),
        now: ctx.now,
      });
      if (!redeemed.ok)
        return { reply: say(ctx, redeemed.reason === 'locked' ? 'core.codeLocked' : invalidKey) };
      return handle(ctx, redeemed.code);
    },
  };
}

/** Creates a one-time code inside the turn (shown now, grouped; stored with the turn). */
export function pendingCode(
  ctx: TurnContext,
  purpose: 'parent_child' | 'guardian_consent',
  side: 'child' | 'parent' | null,
): string {
  const code = newLinkCode();
  ctx.defer(async (tx) => {
    // The code was already shown: a (rare) selector collision fails the turn rather than change it.
    const stored = await insertLinkCode(
      tx,
      code,
      purpose,
      ctx.person.id,
      side,
      new Date(ctx.now.getTime() + 24 * 3_600_000),
    );
    if (!stored) throw new Error('link code collision');
  });
  return formatLinkCode(code);
}

/** The code commands, in the order the core dialogs list them. */
export function createCodeCommands(logHashSecret: string): {
  mentorRegister: Intent;
  guardianConsent: Intent;
  linkByCode: Intent;
  linkStart: Intent;
} {
  const mentorRegister = codeCommand(
    'mentorRegister',
    ['멘토 등록', '선생님 등록', 'mentor link'],
    ['staff_link'],
    'core.mentorCodeInvalid',
    logHashSecret,
    async (ctx, code) => {
      const found = await ctx.db.query<{ display_name: string | null }>(
        'SELECT display_name FROM people WHERE id = $1',
        [code.personId],
      );
      const staffId = code.personId;
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now)))
          throw new Error('link code was used concurrently');
        // The staff record created by the admin API takes over this channel identity.
        await tx.query('UPDATE identities SET person_id = $1 WHERE channel = $2 AND channel_user_id = $3', [
          staffId,
          ctx.person.channel,
          ctx.person.channelUserId,
        ]);
        await tx.query(
          'DELETE FROM people p WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.id)',
          [ctx.person.id],
        );
        await tx.query('UPDATE people SET greeted = true WHERE id = $1', [staffId]);
        await audit(tx, `person:${staffId}`, 'staff_identity_linked', staffId, {
          channel: ctx.person.channel,
        });
      });
      // The identity now belongs to the staff record; nothing more is saved about the old person.
      return {
        reply: say(ctx, 'core.mentorLinked', { name: found.rows[0]?.display_name ?? '' }),
        clear: true,
        forget: true,
      };
    },
  );

  const guardianConsent = codeCommand(
    'guardianConsent',
    ['동의', '보호자 동의', 'consent'],
    ['guardian_consent'],
    'core.codeInvalid',
    logHashSecret,
    async (ctx, code) => {
      const child = code.personId;
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now))) throw new Error('consent code used concurrently');
        await addLink(tx, 'parent_child', ctx.person.id, child, `person:${ctx.person.id}`);
        await updatePerson(tx, child, { consent: 'guardian_confirmed' });
        await audit(tx, `person:${ctx.person.id}`, 'guardian_consent_confirmed', child, {
          method: 'messenger_code',
        });
        // The child's pending, expiring dialog step may now be kept.
        await tx.query('UPDATE dialog_states SET expires_at = NULL WHERE person_id = $1', [child]);
      });
      // A parent who opens with the code has not said who they are: the code itself says it.
      if (ctx.person.audience === null) {
        ctx.defer((tx) => updatePerson(tx, ctx.person.id, { audience: 'parent', greeted: true }));
        return {
          reply: joinReplies(say(ctx, 'core.guardianAsParent'), say(ctx, 'core.guardianConfirmedParent')),
          clear: true,
        };
      }
      return { reply: say(ctx, 'core.guardianConfirmedParent') };
    },
    // A student's own account cannot confirm; checked before the code, so it tells nothing about it.
    (ctx) =>
      ctx.person.audience === 'student'
        ? {
            reply: {
              ...say(ctx, 'core.guardianNotParent'),
              quickReplies: [{ label: ctx.texts.t('core.audienceParent'), postback: 'core:audience:parent' }],
            },
          }
        : null,
  );

  const linkByCode = codeCommand(
    'linkByCode',
    ['연결', 'link'],
    ['parent_child'],
    'core.codeInvalid',
    logHashSecret,
    async (ctx, code) => {
      if (code.personId === ctx.person.id) return { reply: say(ctx, 'core.linkSelf') };
      const [parent, child] =
        code.side === 'parent' ? [code.personId, ctx.person.id] : [ctx.person.id, code.personId];
      ctx.defer(async (tx) => {
        if (!(await consumeLinkCode(tx, code.id, ctx.now))) throw new Error('link code used concurrently');
        await addLink(tx, 'parent_child', parent, child, `person:${ctx.person.id}`);
        await audit(tx, `person:${ctx.person.id}`, 'parent_child_linked', child, {});
      });
      return { reply: say(ctx, 'core.linked') };
    },
  );

  const linkStart = command(
    'linkStart',
    ['자녀 연결', '자녀연결', '아이 연결', '보호자 연결', '부모님 연결', 'link my child', 'link my parent'],
    ['core:link'],
    (ctx) => {
      const side = ctx.person.audience === 'parent' ? 'parent' : 'child';
      const code = pendingCode(ctx, 'parent_child', side);
      return {
        reply: say(ctx, side === 'parent' ? 'core.linkChildStart' : 'core.linkParentStart', { code }),
      };
    },
  );

  return { mentorRegister, guardianConsent, linkByCode, linkStart };
}
