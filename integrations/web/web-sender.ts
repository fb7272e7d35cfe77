import type { Database } from '../../bot/db/database';
import type { ChannelSender } from '../../bot/outbox-worker';

/** Web "delivery": the message waits in web_inbox until the browser polls with its cursor. */
export function createWebSender(db: Database): ChannelSender {
  return {
    async send(row) {
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO web_inbox (channel_user_id, reply, subject_id) VALUES ($1, $2, $3) RETURNING id',
        [row.channelUserId, JSON.stringify(row.reply), row.subjectId ?? null],
      );
      return { status: 'accepted', receipt: `web_inbox:${rows[0]?.id ?? '?'}` };
    },
  };
}
