import { extractFacts } from '../../../knowledge/eligibility/extract';

/** Sentences written for these rules (not taken from any labelled set). */
describe('closing the group question', () => {
  it.each(['없어요 해당하는 거', '없는데요 해당되는 게'])('%s → none of the groups', (text) => {
    expect(extractFacts(text).noGroup).toBe(true);
  });

  it('keeps a denial and a group said in one breath apart', () => {
    const facts = extractFacts('한부모는 아니에요 근데 다문화예요');
    expect(facts.groups).toEqual(['multicultural']);
    expect(facts.notGroups).toEqual(['single_parent']);
  });
});
