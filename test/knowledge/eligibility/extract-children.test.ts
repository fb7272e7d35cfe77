import { extractFacts } from '../../../knowledge/eligibility/extract';

/** Sentences written for these rules (not taken from any labelled set). */
const grades = (text: string) => extractFacts(text).children.map((c) => c.schoolYear ?? c.age ?? c.birthYear);

describe('children named by sex or as siblings', () => {
  it.each([
    ['아들 고1 딸 중2 딸은 중3이에요 잘못 말했어요', ['h1', 'm3']],
    ['아이 둘 중 형은 14살 동생은 9살 아니 동생은 10살', [14, 10]],
    ['딸 둘인데 큰딸 고1 작은딸 중2예요', ['h1', 'm2']],
  ])('%s → the correction stays on the child it names', (text, want) => {
    expect(grades(text)).toEqual(want);
  });

  it.each([
    ['중2 딸이랑 초5 아들 있어요', ['m2', 'e5']],
    ['14살 형이랑 10살 동생', [14, 10]],
    ['09년생 딸 10년생 아들', [2009, 2010]],
  ])('%s → a label after the facts closes its child', (text, want) => {
    expect(grades(text)).toEqual(want);
  });

  it('does not read 형편 as an older brother', () => {
    expect(grades('형편이 어려워요 중1이에요 아 중2예요')).toEqual(['m2']);
  });
});
