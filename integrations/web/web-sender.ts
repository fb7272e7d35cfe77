import type { Database } from '../../bot/db/database';
import type { ChannelSender } from '../../bot/outbox-worker';

/** Web "delivery": the message waits in web_inbox until the browser polls with its cursor. */
export function createWebSender(db: Database): ChannelSender {
  return {
    async send(row) {
      const { rows } = await db.query<{ id: string }>(
        'INSERT INTO web_inbox (channel_user_id, reply) VALUES ($1, $2) RETURNING id',
        [row.channelUserId, JSON.stringify(row.reply)],
      );
      return { status: 'accepted', receipt: `web_inbox:${rows[0]?.id ?? '?'}` };
    },
  };
}
