import { routeQuestion, statedFacts } from '../../../knowledge/answers/route-question';
import { mergeFacts, type CheckAnswers } from '../../../knowledge/eligibility/merge-facts';
import { askedMedianIncomeSize, medianIncomeAnswer } from '../../../knowledge/eligibility/median-answer';
import { medianIncomeFile, rulesFile } from '../../../knowledge/eligibility/paths';
import { loadRuleSet } from '../../../knowledge/eligibility/rules';
import { detectLanguage, stickyLanguage } from '../../../knowledge/language/detect';

/** The examples of issue 15, as tables. */

describe('routing: a question about a rule gets the rule, a check starts the check', () => {
  it.each([
    ['서울런은 몇 살까지 이용할 수 있어요?', 'fact'],
    ['다문화 가정은 어떤 서류를 내야 돼요?', 'fact'],
    ['만 14세 미만 아이는 가입할 때 뭐가 필요해요?', 'fact'],
    ['서울런 회원은 몇 명이나 돼요?', 'fact'],
    ['자격 확인은 1년마다 다시 해야 하나요?', 'fact'],
    ['검정고시 강의도 있어요?', 'fact'],
    ['우리 애도 되나요? 중2고 한부모예요', 'check'],
    ['상담원이랑 직접 통화하고 싶어요', 'other'],
    ['My son is in 8th grade, can he apply?', 'check'],
    ['Is Seoul Run free?', 'fact'],
    ['Con tôi 10 tuổi có đăng ký được không?', 'check'],
    ['需要什么材料？', 'fact'],
  ])('%s → %s', (text, kind) => {
    expect(routeQuestion(text).kind).toBe(kind);
  });

  it('starts a check with the facts the message already gives', () => {
    const route = routeQuestion('우리 애도 되나요? 중2고 한부모예요');
    expect(route.facts?.groups).toEqual(['single_parent']);
    expect(route.facts?.children).toEqual([{ schoolYear: 'm2' }]);
  });

  it('gives no facts for a fact question, even one naming a group or an age', () => {
    expect(statedFacts('다문화 가정은 어떤 서류를 내야 돼요?').groups).toEqual([]);
    expect(statedFacts('만 14세 미만 아이는 가입할 때 뭐가 필요해요?').children).toEqual([{}]);
  });
});

describe('eligibility details read right', () => {
  it('reads a coordinated negation as no group, and closes the group question', () => {
    const facts = statedFacts('서울 사는 초등학생인데 수급자도 한부모도 아니고 특별히 해당되는 건 없어요');
    expect(facts.groups).toEqual([]);
    expect([...facts.notGroups].sort()).toEqual(['basic_livelihood', 'single_parent']);
    expect(facts.noGroup).toBe(true);
    expect(facts.livesInSeoul).toBe(true);
    const merged = mergeFacts(blank(), facts);
    expect(merged.groupsClosed).toBe(true);
    expect(merged.answers.household.groups).toEqual([]);
  });

  it('takes income and "다른 해당 사항은 없어요" together', () => {
    const facts = statedFacts('월 소득은 800만원이에요 4인 가구고 다른 해당 사항은 없어요');
    expect(facts.monthlyIncome).toBe(8_000_000);
    expect(facts.householdSize).toBe(4);
    expect(facts.noGroup).toBe(true);
  });

  it.each([
    ['300만원', 3_000_000],
    ['월 300', 3_000_000],
    ['세전 900 정도', 9_000_000],
    ['연봉 4800', 4_000_000],
    ['한 달에 이백오십 정도 벌어요', 2_500_000],
  ])('reads money "%s" as %i won a month', (text, won) => {
    expect(statedFacts(text).monthlyIncome).toBe(won);
  });

  it.each([
    '서울 송파 살고',
    '서울 은평구고요',
    '서울 사라요',
    '마포구',
    '중랑구 면목동이요~',
    '강서 살아요',
  ])('takes "%s" as Seoul', (text) => {
    expect(statedFacts(text).livesInSeoul).toBe(true);
  });

  it.each([
    '부산 강서구 살아요',
    '인천 중구요',
    '지금 용인인데 다음 달에 서초구로 이사 가요',
    '김포에 살고 직장만 서울이에요',
  ])('takes "%s" as outside Seoul', (text) => {
    expect(statedFacts(text).livesInSeoul).toBe(false);
  });

  it('aims a correction at the child it names and keeps the other', () => {
    let answers = blank();
    answers = mergeFacts(answers, statedFacts('큰애 10살 작은애 8살이요')).answers;
    const corrected = mergeFacts(answers, statedFacts('아 잠깐 작은애 7살이에요 만으로는 6살'));
    expect(corrected.childChanged).toBe(1);
    expect(corrected.answers.children).toHaveLength(2);
    expect(corrected.answers.children[0]).toMatchObject({ age: 10, ageKind: 'plain' });
    expect(corrected.answers.children[1]).toMatchObject({ age: 6, ageKind: 'man' });
  });

  it.each([
    ['둘째 중1이에요', 1],
    ['첫째가 고2예요', 0],
    ['초4 아니고 초5예요', 1],
  ])('"%s" lands on child %i', (text, index) => {
    const answers: CheckAnswers = {
      household: {},
      children: [{ schoolYear: 'h1' }, { schoolYear: 'e4' }],
      childIndex: 0,
    };
    expect(mergeFacts(answers, statedFacts(text)).childChanged).toBe(index);
  });

  it('answers the median income for a household size from the rules table', () => {
    const set = loadRuleSet(rulesFile(), medianIncomeFile());
    expect(askedMedianIncomeSize('4인가구면 소득 얼마 이하여야 돼요?')).toBe(4);
    const answer = medianIncomeAnswer(4, set, '2026-12-03');
    expect(answer?.medianWon).toBe(6_494_738);
    expect(answer?.lines.map((l) => [l.percent, l.verification])).toEqual([
      [60, 'confirmed'],
      [80, 'announced'],
    ]);
    expect(answer?.lines[0]?.monthlyWon).toBe(3_896_843);
    expect(medianIncomeAnswer(9, set, '2026-12-03')).toBeUndefined();
  });
});

describe('languages', () => {
  it.each([
    ['Con tôi 10 tuổi có đăng ký được không?', 'vi'],
    ['con toi hoc lop 8', 'vi'],
    ['我孩子12岁，可以参加吗？', 'zh'],
    ['低保是指수급자吗？', 'zh'],
    ['What is 차상위?', 'en'],
    ['mentor 선생님 언제 배정돼요?', 'ko'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each([
    ['vi', '네'],
    ['vi', '4'],
    ['zh', 'ok'],
    ['en', '감사합니다'],
  ] as const)('keeps %s for "%s"', (previous, text) => {
    expect(stickyLanguage(previous, detectLanguage(text), text)).toBe(previous);
  });

  it('switches when a real sentence comes in another language', () => {
    const text = 'Tôi muốn kiểm tra con tôi có đủ điều kiện không';
    expect(stickyLanguage('ko', detectLanguage(text), text)).toBe('vi');
    expect(stickyLanguage(undefined, 'en', 'hello')).toBe('en');
  });
});

function blank(): CheckAnswers {
  return { household: {}, children: [{}], childIndex: 0 };
}
