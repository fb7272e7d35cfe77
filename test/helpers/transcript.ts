import request from 'supertest';
import type { Express } from 'express';
import type { Reply } from '../../bot/messages';

/**
 * A channel's wire format plugged into the transcript runner: how to send a user line (or a
 * button tap) and how to read the bot's answer back as our own Reply.
 */
export interface TranscriptChannel {
  name: string;
  send(app: Express, userId: string, input: { text?: string; postback?: string }): Promise<Reply>;
}

/** The web channel: POST /api/web/messages. */
export const webChannel: TranscriptChannel = {
  name: 'web',
  async send(app, userId, input) {
    const res = await request(app).post('/api/web/messages').send({ userId, ...input });
    if (res.status !== 200) throw new Error(`web answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { messages: res.body.messages, quickReplies: res.body.quickReplies };
  },
};

/** One exchange: what the user does and fragments the answer must (or must not) contain. */
export interface Exchange {
  user?: string;
  /** Tap the quick reply or card button whose label contains this. */
  tap?: string;
  expect?: (string | RegExp)[];
  reject?: (string | RegExp)[];
  /** Runs before this exchange (move the clock, run due work). */
  before?: () => Promise<void> | void;
}

/** Flattens a reply into the text a user would see (messages, card titles and buttons, quick replies). */
export function visibleText(reply: Reply): string {
  const parts: string[] = [];
  for (const m of reply.messages) {
    if (m.type === 'text') parts.push(m.text);
    else parts.push(m.title, m.text, ...m.buttons.map((b) => `[${b.label}]${b.phone ? ` ${b.phone}` : ''}`));
  }
  parts.push(...reply.quickReplies.map((q) => `(${q.label})`));
  return parts.join('\n');
}

/** Plays a transcript through a channel; fails with the whole exchange when an expectation misses. */
export async function playTranscript(app: Express, channel: TranscriptChannel, userId: string, script: Exchange[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  let last: Reply = { messages: [], quickReplies: [] };
  for (const [i, step] of script.entries()) {
    await step.before?.();
    let input: { text?: string; postback?: string } | null = null;
    if (step.tap) {
      const buttons = [...last.quickReplies, ...last.messages.flatMap((m) => (m.type === 'card' ? m.buttons : []))];
      const hit = buttons.find((b) => b.label.includes(step.tap as string) && 'postback' in b && b.postback);
      if (!hit || !('postback' in hit) || !hit.postback) {
        throw new Error(`step ${i}: no button "${step.tap}" in:\n${visibleText(last)}`);
      }
      input = { postback: hit.postback };
    } else if (step.user !== undefined) {
      input = { text: step.user };
    }
    if (!input) continue;
    last = await channel.send(app, userId, input);
    replies.push(last);
    const seen = visibleText(last);
    for (const fragment of step.expect ?? []) {
      const ok = typeof fragment === 'string' ? seen.includes(fragment) : fragment.test(seen);
      if (!ok) throw new Error(`step ${i} (${step.user ?? step.tap}) [${channel.name}]: expected ${String(fragment)} in:\n${seen}`);
    }
    for (const fragment of step.reject ?? []) {
      const bad = typeof fragment === 'string' ? seen.includes(fragment) : fragment.test(seen);
      if (bad) throw new Error(`step ${i} (${step.user ?? step.tap}) [${channel.name}]: did not expect ${String(fragment)} in:\n${seen}`);
    }
  }
  return replies;
}
