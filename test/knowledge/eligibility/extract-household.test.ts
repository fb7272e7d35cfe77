import { extractFacts } from '../../../knowledge/eligibility/extract';

/** Sentences written for these rules (not taken from any labelled set). */
describe('household facts', () => {
  it.each([
    ['남편이랑 저 아이 셋 살아요', 5],
    ['저랑 아이 둘이 살아요', 2],
    ['엄마랑 나 둘이서 살아요', 2],
  ])('%s → %i live together', (text, size) => {
    expect(extractFacts(text).householdSize).toBe(size);
  });

  it.each([
    ['수입은 한 250 정도요', 2_500_000],
    ['연 3600', 3_000_000],
  ])('%s → %i won a month', (text, won) => {
    expect(extractFacts(text).monthlyIncome).toBe(won);
  });

  it.each(['종로 삽니다 초1', '서을 살아요 중1'])('%s → Seoul', (text) => {
    expect(extractFacts(text).livesInSeoul).toBe(true);
  });
});
