import type { Database } from '../../bot/db/database';
import { joinReplies } from '../../bot/dialog/reply';
import type { Logger } from '../../bot/logger';
import type { Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import { languageOfIdentity } from '../../bot/people-store';
import type { TextsByLanguage } from '../../bot/texts-loader';

/**
 * What Kakao could not show when it was decided: answers held for the user's next message (the
 * 5 s deadline missed, a proactive message with no way to push it) and the "더 보기" overflow of an
 * answer too long for three bubbles. Short statements only, never across a network call.
 */

/** Stored replies and the people their content is about (deleting any of them deletes the row). */
export interface HeldReplies {
  replies: Reply[];
  subjects: string[];
}

export interface KakaoHeldStoreDeps {
  db: Database;
  log: Logger;
  texts: TextsByLanguage;
  clock: () => Date;
  /** How long a held answer waits for the user's next message. */
  heldTtlMs: number;
  /** How long a "더 보기" overflow stays available. */
  overflowTtlMs: number;
  /** The pseudonymous id logs carry for a botUserKey. */
  who: (botUserKey: string) => string;
}

export interface KakaoHeldStore {
  /** Keeps an answer for the next message; false when the user is unknown (nothing is kept). */
  hold(botUserKey: string, reply: Reply, reason: string, subjects?: readonly string[]): Promise<boolean>;
  /** Takes (and deletes) the held answers, oldest first. */
  takeHeld(botUserKey: string): Promise<HeldReplies>;
  /** The held answers after a "놓친 메시지가 있어요" line, or null when none are held. */
  missedReply(botUserKey: string, language: Language): Promise<{ reply: Reply; subjects: string[] } | null>;
  /** Keeps (or, with null, forgets) what did not fit for "더 보기". */
  storeOverflow(botUserKey: string, overflow: Reply | null, subjects?: readonly string[]): Promise<void>;
  /** Takes the stored "더 보기" page, or null. */
  takeOverflow(botUserKey: string): Promise<{ reply: Reply; subjects: string[] } | null>;
  /** The user's language, or `fallback` when they are unknown or the database fails. */
  languageOf(botUserKey: string, fallback: Language): Promise<Language>;
  /** Deletes what can no longer be shown (text is kept only that long). */
  sweep(now: Date): Promise<void>;
}

/** Puts a notice into the first bubble when it is a text: Kakao shows only three bubbles. */
export function withNotice(notice: string, reply: Reply): Reply {
  const [first, ...rest] = reply.messages;
  const messages =
    first?.type === 'text'
      ? [{ ...first, text: `${notice}\n${first.text}` }, ...rest]
      : [{ type: 'text' as const, text: notice }, ...reply.messages];
  return { messages, quickReplies: reply.quickReplies };
}

/** Creates the store of held answers and "더 보기" pages (tables kakao_held, kakao_overflow). */
export function createKakaoHeldStore(deps: KakaoHeldStoreDeps): KakaoHeldStore {
  const { db, log, clock } = deps;
  const later = (ms: number): Date => new Date(clock().getTime() + ms);

  async function hold(
    botUserKey: string,
    reply: Reply,
    reason: string,
    subjects: readonly string[] = [],
  ): Promise<boolean> {
    if (reply.messages.length === 0) return false;
    // Only for a known person: deletion cascades from people.
    const { rowCount } = await db.query(
      `INSERT INTO kakao_held (channel_user_id, person_id, reply, reason, expires_at, subject_ids)
       SELECT $1, person_id, $2, $3, $4, $5::uuid[] FROM identities WHERE channel = 'kakao' AND channel_user_id = $1`,
      [botUserKey, JSON.stringify(reply), reason, later(deps.heldTtlMs), [...new Set(subjects)]],
    );
    log.info(
      { user: deps.who(botUserKey), reason, held: rowCount > 0 },
      'kakao answer held for the next message',
    );
    return rowCount > 0;
  }

  async function takeHeld(botUserKey: string): Promise<HeldReplies> {
    const { rows } = await db.query<{ id: string | number; reply: Reply; subject_ids: string[] | null }>(
      `DELETE FROM kakao_held WHERE channel_user_id = $1 AND expires_at > $2 RETURNING id, reply, subject_ids`,
      [botUserKey, clock()],
    );
    const sorted = rows.sort((a, b) => Number(a.id) - Number(b.id));
    return { replies: sorted.map((r) => r.reply), subjects: sorted.flatMap((r) => r.subject_ids ?? []) };
  }

  async function missedReply(
    botUserKey: string,
    language: Language,
  ): Promise<{ reply: Reply; subjects: string[] } | null> {
    const { replies, subjects } = await takeHeld(botUserKey);
    if (replies.length === 0) return null;
    const reply = withNotice(deps.texts[language].t('kakao.missedMessages'), joinReplies(...replies));
    return { reply, subjects };
  }

  async function storeOverflow(
    botUserKey: string,
    overflow: Reply | null,
    subjects: readonly string[] = [],
  ): Promise<void> {
    if (!overflow) {
      await db.query('DELETE FROM kakao_overflow WHERE channel_user_id = $1', [botUserKey]);
      return;
    }
    await db.query(
      `INSERT INTO kakao_overflow (channel_user_id, person_id, reply, expires_at, subject_ids)
       SELECT $1, person_id, $2, $3, $4::uuid[] FROM identities WHERE channel = 'kakao' AND channel_user_id = $1
       ON CONFLICT (channel_user_id) DO UPDATE SET reply = EXCLUDED.reply, expires_at = EXCLUDED.expires_at,
         subject_ids = EXCLUDED.subject_ids, created_at = now()`,
      [botUserKey, JSON.stringify(overflow), later(deps.overflowTtlMs), [...new Set(subjects)]],
    );
  }

  async function takeOverflow(botUserKey: string): Promise<{ reply: Reply; subjects: string[] } | null> {
    const { rows } = await db.query<{ reply: Reply; subject_ids: string[] | null }>(
      'DELETE FROM kakao_overflow WHERE channel_user_id = $1 AND expires_at > $2 RETURNING reply, subject_ids',
      [botUserKey, clock()],
    );
    const row = rows[0];
    return row ? { reply: row.reply, subjects: row.subject_ids ?? [] } : null;
  }

  async function languageOf(botUserKey: string, fallback: Language): Promise<Language> {
    try {
      return (await languageOfIdentity(db, 'kakao', botUserKey)) ?? fallback;
    } catch {
      return fallback;
    }
  }

  async function sweep(now: Date): Promise<void> {
    await db.query('DELETE FROM kakao_held WHERE expires_at <= $1', [now]);
    await db.query('DELETE FROM kakao_overflow WHERE expires_at <= $1', [now]);
  }

  return { hold, takeHeld, missedReply, storeOverflow, takeOverflow, languageOf, sweep };
}
