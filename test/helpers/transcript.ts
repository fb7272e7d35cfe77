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
  /**
   * What reached the user unprompted since the last look (quiz pushes, a mentor's relayed words):
   * the web inbox, Kakao's Event API block, LINE push calls. Optional: a channel without it cannot
   * play `pushed` steps.
   */
  pushed?(app: Express, userId: string): Promise<Reply>;
}

const webCursors = new WeakMap<Express, Map<string, string>>();

/** The web channel: POST /api/web/messages; pushed messages from GET /api/web/messages?after=. */
export const webChannel: TranscriptChannel = {
  name: 'web',
  async send(app, userId, input) {
    const res = await request(app)
      .post('/api/web/messages')
      .send({ userId, ...input });
    if (res.status !== 200) throw new Error(`web answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { messages: res.body.messages, quickReplies: res.body.quickReplies };
  },
  async pushed(app, userId) {
    const cursors = webCursors.get(app) ?? new Map<string, string>();
    webCursors.set(app, cursors);
    const res = await request(app)
      .get('/api/web/messages')
      .query({ userId, after: cursors.get(userId) ?? '0' });
    if (res.status !== 200) throw new Error(`web inbox answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.cursor) cursors.set(userId, res.body.cursor);
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
  /** Computes what the user sends from the last thing they saw (e.g. the right quiz answer). */
  respond?: (last: Reply) => { text?: string; postback?: string };
  /** Sends nothing: looks at what arrived unprompted since the last look (`expect` applies to it). */
  pushed?: boolean;
  /** Who acts, in a conversation of several people (`playConversation`); the first one by default. */
  as?: string;
}

/** One person in a conversation: the channel they use and their user id there. */
export interface CastMember {
  channel: TranscriptChannel;
  userId: string;
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
export async function playTranscript(
  app: Express,
  channel: TranscriptChannel,
  userId: string,
  script: Exchange[],
): Promise<Reply[]> {
  return playConversation(app, { user: { channel, userId } }, script);
}

function buttonFor(last: Reply, label: string, i: number): { postback: string } {
  const buttons = [
    ...last.quickReplies,
    ...last.messages.flatMap((m) => (m.type === 'card' ? m.buttons : [])),
  ];
  const hit = buttons.find((b) => b.label.includes(label) && 'postback' in b && b.postback);
  if (!hit || !('postback' in hit) || !hit.postback) {
    throw new Error(`step ${i}: no button "${label}" in:\n${visibleText(last)}`);
  }
  return { postback: hit.postback };
}

/**
 * Plays a conversation of several people (a student on Kakao, a mentor on the web …) through one
 * app: each step acts as `step.as` (the first cast member by default). Taps and `respond` read
 * that person's last reply; `pushed` steps read what reached them unprompted.
 */
export async function playConversation(
  app: Express,
  cast: Record<string, CastMember>,
  script: Exchange[],
): Promise<Reply[]> {
  const names = Object.keys(cast);
  const replies: Reply[] = [];
  const lastOf = new Map<string, Reply>();
  for (const [i, step] of script.entries()) {
    await step.before?.();
    const who = step.as ?? names[0];
    const member = who === undefined ? undefined : cast[who];
    if (!member || who === undefined)
      throw new Error(`step ${i}: nobody called "${String(who)}" in the cast`);
    const { channel, userId } = member;
    const last = lastOf.get(who) ?? { messages: [], quickReplies: [] };
    let input: { text?: string; postback?: string } | null = null;
    if (step.tap) input = buttonFor(last, step.tap, i);
    else if (step.respond) input = step.respond(last);
    else if (step.user !== undefined) input = { text: step.user };
    let reply: Reply;
    if (step.pushed) {
      if (!channel.pushed) throw new Error(`step ${i}: channel ${channel.name} cannot read pushed messages`);
      reply = await channel.pushed(app, userId);
      // Buttons of a pushed message (a quiz question) are what the user taps next.
      if (reply.messages.length > 0) lastOf.set(who, reply);
    } else if (input) {
      reply = await channel.send(app, userId, input);
      lastOf.set(who, reply);
    } else {
      continue;
    }
    replies.push(reply);
    const seen = visibleText(reply);
    const label = `step ${i} (${names.length > 1 ? `${who}: ` : ''}${step.pushed ? '[pushed]' : (step.user ?? step.tap ?? JSON.stringify(input))}) [${channel.name}]`;
    for (const fragment of step.expect ?? []) {
      const ok = typeof fragment === 'string' ? seen.includes(fragment) : fragment.test(seen);
      if (!ok) throw new Error(`${label}: expected ${String(fragment)} in:\n${seen}`);
    }
    for (const fragment of step.reject ?? []) {
      const bad = typeof fragment === 'string' ? seen.includes(fragment) : fragment.test(seen);
      if (bad) throw new Error(`${label}: did not expect ${String(fragment)} in:\n${seen}`);
    }
  }
  return replies;
}
