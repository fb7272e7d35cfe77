import { numberedList } from '../choices';
import { emptyReply, type QuickReply, type Reply } from '../messages';
import type { Texts } from '../texts';

/**
 * The reply toolkit every flow uses: a text, several replies joined, nothing, a question with
 * choices (buttons plus the same choices numbered in the text, because PC clients hide buttons),
 * and a yes/no question.
 */
export { emptyReply };

export const textReply = (body: string | readonly string[], quickReplies: QuickReply[] = []): Reply => ({
  messages: (typeof body === 'string' ? [body] : body)
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'text' as const, text: line })),
  quickReplies,
});

/** Messages in order; the buttons of the last reply that has any (the question asked last). */
export function joinReplies(...replies: Reply[]): Reply {
  const withButtons = replies.filter((r) => r.quickReplies.length > 0).at(-1);
  return { messages: replies.flatMap((r) => r.messages), quickReplies: withButtons?.quickReplies ?? [] };
}

export const choicesReply = (question: string, options: QuickReply[]): Reply => ({
  messages: [{ type: 'text', text: `${question}\n${numberedList(options)}` }],
  quickReplies: options,
});

/** The yes/no buttons of a question; `prefix` makes the postbacks `<prefix>:yes` and `<prefix>:no`. */
export const yesNoOptions = (texts: Texts, prefix: string): QuickReply[] => [
  { label: texts.t('common.yes'), postback: `${prefix}:yes` },
  { label: texts.t('common.no'), postback: `${prefix}:no` },
];

export const yesNoReply = (texts: Texts, question: string, prefix: string): Reply =>
  choicesReply(question, yesNoOptions(texts, prefix));
