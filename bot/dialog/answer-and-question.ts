import { looksLikeQuestion } from './question-shape';

/** An answer to the step's question and another question, said in one message. */
export interface AnswerAndQuestion {
  answer: string;
  question: string;
}

/**
 * Words that turn to another matter in the middle of a message ("중1이요 근데 …", "네. 그리고 …").
 * Only after a space, so a word that merely starts with them ("그럼요") is not cut.
 */
const TURN_WORDS = String.raw`(?:아\s*)?(?:근데|그런데|그치만|그렇지만|그리고|그럼|그러면|혹시|아참|참고로|and|but|btw|also)`;
const AT_TURN_WORD = new RegExp(String.raw`\s+(?=${TURN_WORDS}[\s,])`, 'giu');
const LEADING_TURN_WORD = new RegExp(String.raw`^${TURN_WORDS}[\s,]+`, 'iu');
/** A sound left over when "아 그리고" is cut before its turn word. */
const FILLER = /^(아|어|음|참)$/u;
/** Sentence ends followed by a space, line breaks, and commas between clauses. */
const CLAUSE_END = /(?<=[.!?。？！~])\s+|\n+|,\s*/u;

/** The clauses of a message, without the word that opened each or the full stop that ended it. */
function clausesOf(text: string): string[] {
  return text
    .split(CLAUSE_END)
    .flatMap((part) => part.split(AT_TURN_WORD))
    .map((part) =>
      part
        .replace(LEADING_TURN_WORD, '')
        .replace(/[.。!！~]+$/u, '')
        .trim(),
    )
    .filter((part) => part.length > 0 && !FILLER.test(part));
}

/**
 * Splits "중1이요 근데 검정고시 강의도 있어요?" into the answer ("중1이요") and the question, either
 * order ("검정고시 강의도 있어요? 중1이요"). Null unless the message is exactly that: clauses that do
 * not read as a question on one side, clauses that do on the other. Which question it is (the programme's or
 * not) and whether the answer fits the step are for the engine and the step to say.
 */
export function splitAnswerAndQuestion(text: string): AnswerAndQuestion | null {
  const clauses = clausesOf(text.normalize('NFC'));
  const asks = clauses.map(looksLikeQuestion);
  for (let k = 1; k < clauses.length; k += 1) {
    const head = clauses.slice(0, k).join(' ');
    const tail = clauses.slice(k).join(' ');
    const headAsks = asks.slice(0, k);
    const tailAsks = asks.slice(k);
    if (headAsks.every((a) => !a) && tailAsks.every((a) => a)) return { answer: head, question: tail };
    if (headAsks.every((a) => a) && tailAsks.every((a) => !a)) return { answer: tail, question: head };
  }
  return null;
}
