import { numberedList } from '../../bot/choices';
import type { OutboundMessage, QuickReply, Reply } from '../../bot/messages';
import type { Texts } from '../../bot/texts';
import type { QuizItem } from '../../knowledge/quiz/bank';
import { answerPostback, circled, rightAnswerLabel } from './grading';

/** Messages of the quiz: one question, the verdict with its explanation. */

export const DONT_KNOW = 0;

/** One question: header, prompt, numbered choices (PC clients hide buttons), choice buttons. */
export function questionReply(
  texts: Texts,
  item: QuizItem,
  position: number,
  total: number,
  review: boolean,
): Reply {
  const header = texts.t('quiz.questionHeader', {
    n: position + 1,
    total,
    subject: item.subject,
    grade: item.grade,
  });
  const tag = review ? ` · ${texts.t('quiz.reviewTag')}` : '';
  const lines = [`${header}${tag}`, item.prompt];
  const quickReplies: QuickReply[] = [];
  if (item.choices) {
    const options = item.choices.map((choice, i) => ({
      label: `${circled(i + 1)} ${choice}`,
      postback: answerPostback(item.id, i + 1),
    }));
    lines.push(numberedList(item.choices.map((label) => ({ label }))), texts.t('quiz.hintChoice'));
    quickReplies.push(...options);
  } else {
    lines.push(texts.t('quiz.hintNumeric'));
  }
  quickReplies.push({ label: texts.t('quiz.dontKnow'), postback: answerPostback(item.id, DONT_KNOW) });
  return { messages: [{ type: 'text', text: lines.join('\n') }], quickReplies };
}

/** Right or wrong, the right answer and the explanation. */
export function verdictMessage(
  texts: Texts,
  item: QuizItem,
  correct: boolean,
  dontKnow: boolean,
): OutboundMessage {
  const head = correct
    ? texts.t('quiz.right')
    : texts.t(dontKnow ? 'quiz.dontKnowReply' : 'quiz.wrong', { answer: rightAnswerLabel(item) });
  return { type: 'text', text: `${head}\n${texts.t('quiz.explanation', { text: item.explanation })}` };
}

export { joinReplies } from '../../bot/dialog/reply';

/** A reply of plain text lines (one message). */
export const textReply = (text: string, quickReplies: QuickReply[] = []): Reply => ({
  messages: [{ type: 'text', text }],
  quickReplies,
});
