import type { Texts } from '../../bot/texts';
import type { Grade } from '../../knowledge/quiz/bank';
import type { DailySet } from './scheduler';

/**
 * What a quiz says about where its questions come from, for pushed and pulled quizzes alike: a
 * subject finished (only when the student really answered every item of it), neighbouring grades
 * mixed in, early review, or questions still being written. Facts only — no praise for work the
 * student did not do.
 */
export function setNotes(texts: Texts, set: DailySet, grade: Grade): string[] {
  const notes: string[] = [];
  if (set.earlyReview)
    notes.push(texts.t(set.exhausted.length > 0 ? 'quiz.earlyReview' : 'quiz.reviewWhileNotReady'));
  else if (set.exhausted.length > 0) {
    const subjects = set.exhausted.join('·');
    notes.push(
      set.widenedTo.length > 0
        ? texts.t('quiz.exhausted', { subjects, grade, grades: set.widenedTo.join('·') })
        : texts.t('quiz.exhaustedNoWiden', { subjects }),
    );
  }
  if (set.notReady.length > 0)
    notes.push(texts.t('quiz.notReady', { subjects: set.notReady.join('·'), grade }));
  return notes;
}
