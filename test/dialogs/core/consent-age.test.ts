import type { TurnResult } from '../../../bot/dialog';
import { answerAgeBand } from '../../../dialogs/core/consent';
import { fakeTurn } from '../../helpers/fake-turn';

const AT_AGE_QUESTION = { v: 1, flow: 'core', step: 'age', answers: { resume: 'quiz:start' } } as const;
// Thursday 3 December 2026 in Seoul.
const NOW = new Date('2026-12-03T05:00:00Z');

const bandSaved = (result: TurnResult | null): string | null => result?.then?.person?.ageBand ?? null;

describe('the age question before anything is saved: typed ages and grades', () => {
  it.each([
    ['15살', '14to18'],
    ['만 13세요', 'under14'],
    ['저 중3이에요', '14to18'],
    ['초6', 'under14'],
    ['고2', '14to18'],
    ['중1', 'under14'],
    ['20살이요', 'adult'],
    ['2010년생', '14to18'],
  ])('%s → %s', (text, band) => {
    const { ctx } = fakeTurn({
      text,
      now: NOW,
      state: { ...AT_AGE_QUESTION, answers: { ...AT_AGE_QUESTION.answers } },
    });
    expect(bandSaved(answerAgeBand(ctx))).toBe(band);
  });

  it.each(['중2', '대학생', '2012년생', '몰라요'])(
    'leaves "%s" to the buttons: it could fall on either side of 14 (or says nothing)',
    (text) => {
      const { ctx } = fakeTurn({
        text,
        now: NOW,
        state: { ...AT_AGE_QUESTION, answers: { ...AT_AGE_QUESTION.answers } },
      });
      expect(answerAgeBand(ctx)).toBeNull();
    },
  );
});
